//! Answers for the pushed screens: a user's detail (four parts, in any order) and a group.

use crate::app::*;
use crate::okta::{Fetched, Group, OktaError};

impl App {
    pub(in crate::app) fn on_detail(&mut self, req: ReqId, part: DetailPart) -> Reply {
        let Some(d) = self.stack.iter_mut().find_map(|s| match s {
            Screen::User(d) if d.req == req => Some(d),
            _ => None,
        }) else {
            return Reply::Unchanged;
        };
        let mut failure = None;
        let mut effects = Vec::new();
        match part {
            DetailPart::User(Ok(f)) => {
                let row = f.value.row.clone();
                let fresh = f.clone();
                d.user = Load::Loaded(f);
                if d.raw_pending {
                    d.raw_pending = false;
                    d.raw = d.raw_view();
                }
                self.update_user_row(row);
                self.pane.remember_user(fresh);
            }
            DetailPart::User(Err(e)) => {
                let info = ErrorInfo::from_okta("loading user", &e);
                d.user = Load::Failed(info.clone());
                failure = Some(info);
            }
            DetailPart::Groups(r) => d.groups = arrived(r, "loading groups", true, &mut failure),
            // Reading roles needs a super admin; a 403 here is common and no reason to alarm:
            // it shows in place only.
            DetailPart::Roles(r) => {
                d.roles = arrived(r, "loading admin roles", false, &mut failure)
            }
            DetailPart::Apps(r) => {
                // Then how each came (direct or through which group), for the Apps section.
                if r.is_ok() {
                    effects.push(Effect::Profile(
                        crate::app::profile::ProfileEffect::LoadAssignments {
                            req,
                            user_id: d.user_id.clone(),
                        },
                    ));
                }
                d.apps = arrived(r, "loading apps", true, &mut failure)
            }
            DetailPart::SignIn(input) => {
                d.signin = Some(Box::new(crate::app::signin::SignInView::new(
                    *input,
                    &self.keymap,
                )))
            }
        }
        if let Some(info) = failure {
            self.error(&info);
        }
        Reply::Changed(effects)
    }

    pub(in crate::app) fn on_group_fetched(
        &mut self,
        req: ReqId,
        result: Result<Fetched<Group>, OktaError>,
    ) -> Reply {
        let Some(g) = self.stack.iter_mut().find_map(|s| match s {
            Screen::Group(g) if g.req == req => Some(g),
            _ => None,
        }) else {
            return Reply::Unchanged;
        };
        match result {
            Ok(mut f) => {
                // A single GET has no `expand=stats`: keep the count already known.
                if f.value.users_count.is_none() {
                    f.value.users_count = g.group().and_then(|k| k.users_count).or_else(|| {
                        self.groups
                            .list
                            .find(&f.value.id)
                            .and_then(|r| r.users_count)
                    });
                }
                // Field by field: `g` still borrows the stack.
                if let Some(full) = &mut self.groups.full {
                    full.update_row(f.value.clone());
                }
                self.groups.list.update_row(f.value.clone());
                self.pane.remember_group(f.clone());
                g.fetched = Load::Loaded(f);
                if g.raw_pending {
                    g.raw_pending = false;
                    g.raw = g.raw_view();
                }
            }
            Err(e) => {
                let info = ErrorInfo::from_okta("loading group", &e);
                g.fetched = Load::Failed(info.clone());
                self.error(&info);
            }
        }
        Reply::done()
    }
}

/// One part of a user's detail as it arrived. A failure is also reported (the status line),
/// unless it is a 403 and `alarm_on_403` is false.
fn arrived<T>(
    result: Result<T, OktaError>,
    what: &str,
    alarm_on_403: bool,
    failure: &mut Option<ErrorInfo>,
) -> Load<T> {
    match result {
        Ok(f) => Load::Loaded(f),
        Err(e) => {
            let info = ErrorInfo::from_okta(what, &e);
            if alarm_on_403 || e.status() != Some(403) {
                *failure = Some(info.clone());
            }
            Load::Failed(info)
        }
    }
}

/// Columns one sideways key moves the raw view.
pub(in crate::app) const RAW_SIDE_STEP: isize = 8;

impl App {
    /// `h`/`l` in the raw view: lines wider than the screen scroll sideways.
    pub(in crate::app) fn scroll_raw_sideways(&mut self, delta: isize) -> Vec<Effect> {
        let width = usize::from(self.width);
        let raw = match self.stack.last_mut() {
            Some(Screen::User(d)) => d.raw.as_mut(),
            Some(Screen::Group(g)) => g.raw.as_mut(),
            None => None,
        };
        if let Some(raw) = raw {
            raw.scroll_sideways(delta, width);
        }
        Vec::new()
    }
}
