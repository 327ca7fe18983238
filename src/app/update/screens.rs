//! The screens pushed over a tab (a user's detail, a group with its members) and switching
//! tabs: what opens, what closes, and which loads start or stop with them.

use crate::app::*;

impl App {
    pub(in crate::app) fn open_user(
        &mut self,
        user_id: String,
        summary: Option<crate::okta::UserRow>,
    ) -> Vec<Effect> {
        // What was said about the list stays with the list.
        self.leave_slot_status(None);
        self.status = None;
        let req = self.req();
        self.stack.push(Screen::User(Box::new(UserDetail::new(
            user_id.clone(),
            summary,
            req,
        ))));
        vec![Effect::LoadUserDetail { req, user_id }]
    }

    pub(in crate::app) fn open_group(
        &mut self,
        group_id: String,
        summary: Option<crate::okta::Group>,
    ) -> Vec<Effect> {
        self.leave_slot_status(None);
        self.status = None;
        let req = self.req();
        let members_req = self.req();
        let mut detail = GroupDetail::new(group_id.clone(), summary, req);
        detail.members.restart(members_req);
        self.stack.push(Screen::Group(Box::new(detail)));
        group_loads(req, members_req, group_id)
    }

    /// Leaves the top screen: its loads stop and its data is dropped. A screen revealed with
    /// parts still missing (its loads were superseded) asks for them again.
    pub(in crate::app) fn pop_screen(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        if matches!(self.stack.last(), Some(Screen::Group(_))) {
            self.leave_slot_status(Some(Slot::Members));
        }
        // What was said on the screen being left stays with it.
        self.status = None;
        match self.stack.pop() {
            Some(Screen::User(_)) => effects.push(Effect::Cancel {
                slot: Slot::UserDetail,
            }),
            Some(Screen::Group(_)) => {
                effects.push(Effect::Cancel {
                    slot: Slot::GroupDetail,
                });
                effects.push(Effect::Cancel {
                    slot: Slot::Members,
                });
            }
            None => {}
        }
        self.leave_slot_status(None);
        self.status = None;
        let req = self.req();
        let members_req = self.req();
        match self.stack.last_mut() {
            Some(Screen::User(d)) if d.is_loading() => {
                let user_id = d.user_id.clone();
                **d = UserDetail::new(user_id.clone(), d.summary.take(), req);
                effects.push(Effect::LoadUserDetail { req, user_id });
            }
            Some(Screen::Group(g)) => {
                if g.fetched.is_loading() {
                    g.req = req;
                    effects.push(Effect::LoadGroup {
                        req,
                        group_id: g.group_id.clone(),
                    });
                }
                if g.members.is_loading() {
                    g.members.restart(members_req);
                    effects.push(Effect::LoadMembers {
                        req: members_req,
                        group_id: g.group_id.clone(),
                    });
                }
            }
            _ => {}
        }
        effects
    }

    pub(in crate::app) fn clear_stack(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.stack.iter().any(|s| matches!(s, Screen::User(_))) {
            effects.push(Effect::Cancel {
                slot: Slot::UserDetail,
            });
        }
        if self.stack.iter().any(|s| matches!(s, Screen::Group(_))) {
            effects.push(Effect::Cancel {
                slot: Slot::GroupDetail,
            });
            effects.push(Effect::Cancel {
                slot: Slot::Members,
            });
        }
        self.stack.clear();
        effects
    }

    pub(in crate::app) fn switch_tab(&mut self, tab: Tab) -> Vec<Effect> {
        if tab != self.tab || !self.stack.is_empty() {
            self.leave_slot_status(None);
            // A message belongs to the place it arose: it does not follow the admin around.
            self.status = None;
        }
        let mut effects = self.clear_stack();
        self.tab = tab;
        self.filter_input = None;
        if tab == Tab::Groups && self.groups.list.load == LoadState::Idle {
            effects.extend(self.load_groups());
        }
        if tab == Tab::Users && self.users.list.load == LoadState::Idle {
            effects.extend(self.load_users());
        }
        if tab == Tab::Logs {
            effects.extend(self.logs_first_load());
        }
        effects
    }
}

/// A group's own GET and its members' stream, which every group screen starts together.
pub(in crate::app) fn group_loads(req: ReqId, members_req: ReqId, group_id: String) -> Vec<Effect> {
    vec![
        Effect::LoadGroup {
            req,
            group_id: group_id.clone(),
        },
        Effect::LoadMembers {
            req: members_req,
            group_id,
        },
    ]
}
