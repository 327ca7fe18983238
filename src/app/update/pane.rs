//! The detail pane's reducer: it follows the focused row after every change, waits for the
//! cursor to rest, checks the rate budget, fetches once per row and session, and drops what
//! arrives for a row the cursor has left. See `app/pane/` for the why.

use crate::app::pane::{Entry, PaneEffect, PaneMsg, PaneState, SETTLE, Target, budget_wait};
use crate::app::*;
use crate::okta::OktaError;

impl App {
    /// The pane is on screen: switched on, a wide terminal, a users or groups list with no
    /// screen over it.
    pub fn pane_visible(&self) -> bool {
        self.pane.enabled
            && self.width >= pane::MIN_WIDTH
            && self.stack.is_empty()
            && self.tenant.is_some()
            && matches!(self.tab, Tab::Users | Tab::Groups)
    }

    /// Columns the list has: the whole width, less the pane's when it shows.
    pub fn list_width(&self) -> u16 {
        if self.pane_visible() {
            self.width - pane::pane_width(self.width)
        } else {
            self.width
        }
    }

    /// The row the pane would show.
    fn pane_focus(&self) -> Option<Target> {
        match self.tab {
            Tab::Users => self
                .users
                .list
                .selected_row()
                .map(|r| Target::User(r.id().to_string())),
            Tab::Groups => self
                .groups
                .list
                .selected_row()
                .map(|g| Target::Group(g.id.to_string())),
            Tab::Credentials | Tab::Logs => None,
        }
    }

    /// Brings the pane to the focused row. Run after every message that changed something, so
    /// it must stay cheap: with the pane hidden it compares two `None`s; on a move it starts
    /// a timer and nothing else.
    pub(in crate::app) fn pane_follow(&mut self) -> Vec<Effect> {
        let target = if self.pane_visible() {
            self.pane_focus()
        } else {
            None
        };
        if target == self.pane.target {
            return Vec::new();
        }
        // Whatever was waiting or in flight was for the row the cursor left.
        let busy = self.pane.req.take().is_some();
        let stop = || {
            if busy {
                vec![Effect::Pane(PaneEffect::Stop)]
            } else {
                Vec::new()
            }
        };
        self.pane.target = target.clone();
        let Some(target) = target else {
            self.pane.state = PaneState::Empty;
            return stop();
        };
        if self.pane.cached(&target) {
            self.pane.state = PaneState::Shown;
            return stop();
        }
        let req = self.req();
        self.pane.req = Some(req);
        self.pane.state = PaneState::Settling;
        vec![Effect::Pane(PaneEffect::Settle {
            req,
            after: SETTLE,
            path: target.path(),
        })]
    }

    /// The toggle key: on or off for the session.
    pub(in crate::app) fn toggle_pane(&mut self) -> Vec<Effect> {
        self.pane.enabled = !self.pane.enabled;
        let key = self.key_name(Action::TogglePane);
        let text = match (self.pane.enabled, self.width >= pane::MIN_WIDTH) {
            (true, true) => format!("detail pane on ({key} hides it)"),
            (true, false) => format!(
                "detail pane on: it shows from {} columns (this terminal has {})",
                pane::MIN_WIDTH,
                self.width
            ),
            (false, _) => format!("detail pane off ({key} shows it)"),
        };
        self.info(text);
        // `update` follows right after: the pane picks up the focused row or lets it go.
        Vec::new()
    }

    pub(in crate::app) fn on_pane_msg(&mut self, msg: PaneMsg) -> Reply {
        match msg {
            PaneMsg::Settled {
                req,
                now_epoch,
                budget,
            } => {
                if self.pane.req != Some(req) {
                    return Reply::Unchanged;
                }
                let Some(target) = self.pane.target.clone() else {
                    return Reply::Unchanged;
                };
                // The client waiting out a 429, or a low bucket: listing and writes come
                // first; the pane asks again when the window has refilled.
                if let Some(seconds) = self
                    .rate_wait
                    .map(|s| s.max(1))
                    .or_else(|| budget_wait(budget.as_ref(), now_epoch))
                {
                    self.pane.state = PaneState::Paused { seconds };
                    return vec![Effect::Pane(PaneEffect::Settle {
                        req,
                        after: std::time::Duration::from_secs(seconds),
                        path: target.path(),
                    })]
                    .into();
                }
                self.pane.state = PaneState::Loading;
                vec![Effect::Pane(PaneEffect::Fetch { req, target })].into()
            }
            PaneMsg::User { req, result } => {
                self.pane_arrived(req, result.map(|f| Entry::User(Box::new(f))))
            }
            PaneMsg::Group { req, result } => {
                self.pane_arrived(req, result.map(|f| Entry::Group(Box::new(f))))
            }
        }
    }

    fn pane_arrived(&mut self, req: ReqId, result: Result<Entry, OktaError>) -> Reply {
        if self.pane.req != Some(req) {
            return Reply::Unchanged;
        }
        self.pane.req = None;
        let Some(target) = self.pane.target.clone() else {
            return Reply::Unchanged;
        };
        match result {
            Ok(entry) => {
                self.pane.remember(target, entry);
                self.pane.state = PaneState::Shown;
            }
            // Shown in the pane only: the pane is a preview, and the status line belongs
            // to what the admin asked for.
            Err(e) => {
                self.pane.state = PaneState::Failed(ErrorInfo::from_okta("loading the pane", &e));
            }
        }
        Reply::done()
    }
}
