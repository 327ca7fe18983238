//! The Logs tab's reducer: listings (presets, `:logs`, reload), the open event and its jumps
//! to users, the preset menu, tail mode, and the answers of the runtime's listing and tail.

use crossterm::event::KeyEvent;

use crate::app::component::{Component, Outcome};
use crate::app::logs::{
    EventView, LogsEffect, LogsMsg, MAX_EVENTS, Preset, PresetMenu, Refused, Tail,
};
use crate::app::*;

impl App {
    /// A key the Logs tab's preset menu takes (None: not open, the key table decides).
    pub(in crate::app) fn logs_key(&mut self, key: &KeyEvent) -> Option<Reply> {
        if self.tab != Tab::Logs || !self.stack.is_empty() {
            return None;
        }
        let menu = self.logs.presets.as_mut()?;
        Some(match menu.on_key(key, &self.keymap) {
            Outcome::Ignored => Reply::Unchanged,
            Outcome::Changed => Reply::done(),
            Outcome::Close => {
                self.logs.presets = None;
                Reply::done()
            }
            Outcome::Request(preset) => {
                self.logs.presets = None;
                self.logs_query(preset.filter(), preset.label()).into()
            }
        })
    }

    /// The key table's actions that belong to the Logs tab (None: not one of them here).
    pub(in crate::app) fn logs_act(&mut self, action: Action) -> Option<Reply> {
        match action {
            Action::LogsTab => return Some(self.open_logs().into()),
            Action::UserLog => return Some(self.user_log().into()),
            _ => {}
        }
        if self.tab != Tab::Logs || !self.stack.is_empty() {
            return None;
        }
        let (_, height) = self.focused_rows();
        let page = height.max(1) as isize;
        if self.logs.event.is_some() {
            let delta = match action {
                Action::Up => Some(-1),
                Action::Down => Some(1),
                Action::PageUp => Some(-page),
                Action::PageDown => Some(page),
                Action::Top => Some(isize::MIN / 2),
                Action::Bottom => Some(isize::MAX / 2),
                _ => None,
            };
            if let Some(d) = delta {
                if let Some(view) = self.logs.event.as_mut() {
                    view.scroll(d, height);
                }
                return Some(Reply::done());
            }
            return Some(match action {
                Action::Back => {
                    self.logs.event = None;
                    Reply::done()
                }
                Action::Copy => {
                    let text = self
                        .logs
                        .event
                        .as_ref()
                        .map(EventView::raw_text)
                        .unwrap_or_default();
                    vec![Effect::Copy {
                        text,
                        what: "the event's JSON".to_owned(),
                    }]
                    .into()
                }
                Action::LogActor => self.log_jump(true).into(),
                Action::LogTarget => self.log_jump(false).into(),
                Action::Tail => self.toggle_tail().into(),
                Action::LogPresets => self.open_presets(),
                _ => return None,
            });
        }
        Some(match action {
            Action::Open => match self.logs.list.selected_row().cloned() {
                Some(e) => {
                    self.logs.event = Some(EventView::new(e));
                    Reply::done()
                }
                None => Reply::Unchanged,
            },
            Action::Back => self.logs_back().into(),
            Action::Refresh => {
                let (filter, label) = (self.logs.filter.clone(), self.logs.label.clone());
                self.logs_query(filter, label.unwrap_or_default()).into()
            }
            Action::Tail => self.toggle_tail().into(),
            Action::LogPresets => self.open_presets(),
            _ => return None,
        })
    }

    fn open_presets(&mut self) -> Reply {
        let mut menu = PresetMenu::new(self.logs.user.as_ref());
        // Start on the preset in force, so Enter keeps it.
        let now = self.logs.filter.clone();
        menu.selected = menu
            .items
            .iter()
            .position(|p| p.filter() == now)
            .unwrap_or(0);
        self.logs.presets = Some(menu);
        Reply::done()
    }

    /// `4`: the Logs tab (`switch_tab` loads the org's log the first time).
    pub(in crate::app) fn open_logs(&mut self) -> Vec<Effect> {
        self.switch_tab(Tab::Logs)
    }

    /// The first visit to the tab: every event, newest first.
    pub(in crate::app) fn logs_first_load(&mut self) -> Vec<Effect> {
        if self.logs.list.load != LoadState::Idle || self.tenant.is_none() {
            return Vec::new();
        }
        self.logs_query(None, String::new())
    }

    /// `l` on a user: that user's events, as actor or target.
    fn user_log(&mut self) -> Vec<Effect> {
        let Some((target, _)) = self.focused_user() else {
            self.warn("no user here: select one in the Users tab or open their detail");
            return Vec::new();
        };
        let preset = Preset::User(target.clone());
        self.logs.user = Some(target);
        let mut effects = self.switch_tab(Tab::Logs);
        effects.extend(self.logs_query(preset.filter(), preset.label()));
        effects
    }

    /// `:logs <filter>`: the Logs tab with Okta's answer to that expression (none: all).
    pub(in crate::app) fn logs_command(&mut self, arg: &str) -> Vec<Effect> {
        let mut effects = self.switch_tab(Tab::Logs);
        let arg = arg.trim();
        let (filter, label) = if arg.is_empty() {
            (None, String::new())
        } else {
            (Some(arg.to_owned()), format!("filter: {arg}"))
        };
        effects.extend(self.logs_query(filter, label));
        effects
    }

    /// Starts a listing of `filter`, newest first. A running tail follows the new query.
    fn logs_query(&mut self, filter: Option<String>, label: String) -> Vec<Effect> {
        if self.tenant.is_none() {
            let key = self.keymap.hint(Context::Logs, Action::CredentialsTab);
            self.warn(format!(
                "no tenant to read the System Log of: {key} opens Credentials"
            ));
            return Vec::new();
        }
        let req = self.req();
        self.logs.restart(req);
        self.logs.filter = filter.clone();
        self.logs.label = (!label.is_empty() && filter.is_some()).then_some(label);
        self.logs.presets = None;
        self.status = None;
        let mut effects = vec![Effect::Logs(LogsEffect::Load {
            req,
            filter: filter.clone(),
            max: MAX_EVENTS,
        })];
        if self.logs.tail.is_some() {
            let req = self.req();
            self.logs.tail = Some(Tail {
                req,
                waiting: None,
                arrived: 0,
            });
            // From now: the listing just started ends where this begins; repeats are dropped.
            effects.push(Effect::Logs(LogsEffect::Tail {
                req,
                filter,
                since: None,
            }));
        }
        effects
    }

    /// Esc on the list: the local filter, then a listing in progress, then the query.
    fn logs_back(&mut self) -> Vec<Effect> {
        if self.logs.list.filter().is_some() {
            self.logs.list.clear_filter();
            self.keep_selection_visible();
            return Vec::new();
        }
        if self.logs.list.is_loading() {
            self.logs.list.load = LoadState::Stopped;
            self.logs.load_wait = None;
            let n = thousands(self.logs.list.rows.len());
            let key = self.key_name(Action::Refresh);
            self.info(format!("loading stopped at {n} events ({key} reloads)"));
            return vec![Effect::Cancel { slot: Slot::Logs }];
        }
        if self.logs.filter.is_some() {
            return self.logs_query(None, String::new());
        }
        self.status = None;
        Vec::new()
    }

    /// `a` / `t` in an event: the user who acted, or the first user acted on.
    fn log_jump(&mut self, actor: bool) -> Vec<Effect> {
        let Some(view) = &self.logs.event else {
            return Vec::new();
        };
        let party = if actor {
            view.actor_user()
        } else {
            view.target_user()
        };
        let Some(p) = party else {
            let whom = if actor { "acted" } else { "was acted on" };
            self.warn(format!("no user {whom} in this event"));
            return Vec::new();
        };
        let id = p.id.clone();
        self.open_user(id, None)
    }

    /// `T`: follow new events, or stop following.
    fn toggle_tail(&mut self) -> Vec<Effect> {
        if let Some(t) = self.logs.tail.take() {
            self.info(format!(
                "tail stopped ({} new events arrived)",
                thousands(t.arrived)
            ));
            return vec![Effect::Cancel {
                slot: Slot::LogTail,
            }];
        }
        if self.tenant.is_none() {
            self.warn("no tenant to follow the System Log of");
            return Vec::new();
        }
        if let Some(r) = &self.logs.refused {
            self.warn(format!(
                "Okta refused this filter, so a tail would be refused too: {}",
                r.expression
            ));
            return Vec::new();
        }
        let req = self.req();
        self.logs.tail = Some(Tail {
            req,
            waiting: None,
            arrived: 0,
        });
        let key = self.key_name(Action::Tail);
        self.info(format!("tail: following new events ({key} stops)"));
        vec![Effect::Logs(LogsEffect::Tail {
            req,
            filter: self.logs.filter.clone(),
            since: self.logs.tail_since(),
        })]
    }

    pub(in crate::app) fn on_logs_msg(&mut self, msg: LogsMsg) -> Reply {
        match msg {
            LogsMsg::Page { req, events, more } => {
                if self.logs.list.req != Some(req) {
                    return Reply::Unchanged;
                }
                let stopped = self.logs.list.load == LoadState::Stopped;
                self.logs.add(events);
                self.logs.load_wait = None;
                if stopped {
                    return Reply::done();
                }
                let full = self.logs.list.rows.len() >= MAX_EVENTS;
                self.logs.list.load = if more && !full {
                    LoadState::Loading
                } else {
                    LoadState::Done
                };
                if more && full {
                    self.info(format!(
                        "showing the newest {} events; a preset or :logs <filter> finds older ones",
                        thousands(MAX_EVENTS)
                    ));
                    return vec![Effect::Cancel { slot: Slot::Logs }].into();
                }
                Reply::done()
            }
            LogsMsg::Bound { req, until } => {
                if self.logs.list.req != Some(req) {
                    return Reply::Unchanged;
                }
                self.logs.until = Some(until);
                Reply::Unchanged
            }
            LogsMsg::Waiting { req, seconds } => {
                if self.logs.list.req != Some(req) {
                    return Reply::Unchanged;
                }
                self.logs.list.load = LoadState::Waiting { seconds };
                self.logs.load_wait = Some(seconds);
                Reply::done()
            }
            LogsMsg::Failed { req, error } => {
                if self.logs.list.req != Some(req) {
                    return Reply::Unchanged;
                }
                let info = ErrorInfo::from_okta("reading the System Log", &error);
                self.logs.list.load = LoadState::Paused(info.clone());
                self.logs.load_wait = None;
                self.refuse_or_report(&error, info);
                // Okta would refuse the tail's polls of the same filter: stop it, and say so.
                if self.logs.refused.is_some() && self.logs.tail.take().is_some() {
                    if let Some(s) = self.status.as_mut() {
                        s.text.insert_str(0, "tail stopped: ");
                    }
                    return vec![Effect::Cancel {
                        slot: Slot::LogTail,
                    }]
                    .into();
                }
                Reply::done()
            }
            LogsMsg::TailEvents { req, events } => {
                if self.logs.tail.as_ref().map(|t| t.req) != Some(req) {
                    return Reply::Unchanged;
                }
                let (_, height) = self.focused_rows();
                let list = &self.logs.list;
                // At the top, the newest stays in view; elsewhere the admin's row stays put.
                let at_top = list.selected == 0 && list.offset == 0;
                let n = self.logs.add(events);
                if at_top {
                    self.logs.list.select(0, height);
                }
                if let Some(t) = self.logs.tail.as_mut() {
                    t.arrived += n;
                    t.waiting = None;
                }
                if n == 0 {
                    return Reply::Unchanged;
                }
                Reply::done()
            }
            LogsMsg::TailWaiting { req, wait, seconds } => {
                let Some(t) = self.logs.tail.as_mut().filter(|t| t.req == req) else {
                    return Reply::Unchanged;
                };
                t.waiting = Some((wait, seconds));
                Reply::done()
            }
            LogsMsg::TailFailed { req, error } => {
                if self.logs.tail.as_ref().map(|t| t.req) != Some(req) {
                    return Reply::Unchanged;
                }
                self.logs.tail = None;
                let info = ErrorInfo::from_okta("following the System Log", &error);
                self.refuse_or_report(&error, info);
                if let Some(s) = self.status.as_mut() {
                    s.text.insert_str(0, "tail stopped: ");
                }
                Reply::done()
            }
        }
    }

    /// A refusal of the filter shows the expression beside Okta's error; anything else is an
    /// ordinary error line.
    fn refuse_or_report(&mut self, error: &crate::okta::OktaError, info: ErrorInfo) {
        if error.status() == Some(400)
            && let Some(expression) = self.logs.filter.clone()
        {
            self.set_status(
                StatusKind::Error,
                format!(
                    "Okta refused the filter {expression:?}: {}",
                    info.one_line()
                ),
            );
            self.logs.refused = Some(Refused {
                expression,
                error: info,
            });
            return;
        }
        self.error(&info);
    }
}
