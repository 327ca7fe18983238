//! Group membership: from a user, add to groups (a picker over the org's groups) or remove
//! from one of theirs; from a group's members, add users (a server-search picker) or remove
//! the selected/marked members. Only `OKTA_GROUP` membership can change; for the other types
//! the console says why instead of sending a request Okta would refuse.

use crate::app::actions::bulk::BulkItem;
use crate::app::actions::member_menu::{MemberMenu, MemberPick, MembersOf};
use crate::app::actions::picker::{PickerPurpose, PickerRequest};
use crate::app::actions::{
    ActionEffect, ActionModal, CreateForm, GroupRef, Picker, Target, WriteOp,
};
use crate::app::ids::ReqId;
use crate::app::status::ErrorInfo;
use crate::app::{App, Effect, Load, Modal, Reply, Screen};
use crate::okta::{Group, OktaError, UserRow};

impl App {
    fn picker_mut(&mut self) -> Option<&mut Picker> {
        match self.action_modal_mut() {
            Some(ActionModal::Picker { picker, .. }) => Some(picker),
            _ => None,
        }
    }

    fn open_picker(&mut self, picker: Picker) {
        self.open_action(ActionModal::Picker { picker, form: None });
    }

    /// `M`: membership of the focused user, or of the open group.
    pub(in crate::app) fn membership_key(&mut self) -> Vec<Effect> {
        if let Some(Screen::Group(g)) = self.stack.last() {
            let Some(group) = g.group().cloned() else {
                self.warn("the group is still loading");
                return Vec::new();
            };
            if let Some(reason) = group.group_type.membership_locked_reason() {
                self.warn(format!(
                    "{}: membership cannot change here: {reason}",
                    group.name
                ));
                return Vec::new();
            }
            let marked: Vec<Target> = g
                .members
                .rows
                .iter()
                .filter(|r| g.members.marks.contains(r.id()))
                .map(Target::of_row)
                .collect();
            let remove = if marked.is_empty() {
                g.members
                    .selected_row()
                    .map(Target::of_row)
                    .into_iter()
                    .collect()
            } else {
                marked
            };
            self.open_action(ActionModal::MemberMenu(MemberMenu::new(MembersOf::Group {
                group: GroupRef::of(&group),
                remove,
            })));
            return Vec::new();
        }
        match self.focused_user() {
            Some((target, _)) => {
                self.open_action(ActionModal::MemberMenu(MemberMenu::new(MembersOf::User {
                    target,
                })));
            }
            None => self.warn("no user selected"),
        }
        Vec::new()
    }

    /// Which way the membership menu went.
    pub(in crate::app) fn on_member_pick(
        &mut self,
        of: MembersOf,
        pick: MemberPick,
    ) -> Vec<Effect> {
        match (pick, of) {
            (MemberPick::Add, MembersOf::User { target }) => {
                self.open_group_picker_for_user(target)
            }
            (MemberPick::Remove, MembersOf::User { target }) => {
                self.open_user_groups_picker(target)
            }
            (MemberPick::Add, MembersOf::Group { group, .. }) => {
                self.open_picker(Picker::new(PickerPurpose::AddUsersToGroup { group }, None));
                Vec::new()
            }
            (MemberPick::Remove, MembersOf::Group { group, remove }) => {
                let items = remove
                    .into_iter()
                    .map(|target| {
                        BulkItem::waiting(WriteOp::RemoveMember {
                            group: group.clone(),
                            target,
                        })
                    })
                    .collect();
                self.start_plan(format!("Remove members from {}", group.name), items)
            }
        }
    }

    pub(in crate::app) fn open_group_picker_for_user(&mut self, target: Target) -> Vec<Effect> {
        let req = self.req();
        self.open_picker(Picker::new(
            PickerPurpose::AddUserToGroups { target },
            Some(req),
        ));
        vec![Effect::Action(ActionEffect::LoadPickerGroups {
            req,
            user_id: None,
        })]
    }

    pub(in crate::app) fn open_user_groups_picker(&mut self, target: Target) -> Vec<Effect> {
        let req = self.req();
        let user_id = target.id.clone();
        self.open_picker(Picker::new(
            PickerPurpose::RemoveUserFromGroups { target },
            Some(req),
        ));
        vec![Effect::Action(ActionEffect::LoadPickerGroups {
            req,
            user_id: Some(user_id),
        })]
    }

    /// The create form's groups: the form waits under the picker and comes back with them.
    pub(in crate::app) fn open_form_group_picker(&mut self, form: CreateForm) -> Vec<Effect> {
        let req = self.req();
        let mut picker = Picker::new(PickerPurpose::FormGroups, Some(req));
        picker.chosen = form.groups.clone();
        self.open_action(ActionModal::Picker {
            picker,
            form: Some(Box::new(form)),
        });
        vec![Effect::Action(ActionEffect::LoadPickerGroups {
            req,
            user_id: None,
        })]
    }

    pub(in crate::app) fn on_picker_groups(
        &mut self,
        req: ReqId,
        result: Result<Vec<Group>, OktaError>,
    ) -> Reply {
        let Some(p) = self.picker_mut().filter(|p| p.req == Some(req)) else {
            return Reply::Unchanged;
        };
        p.req = None;
        match result {
            Ok(groups) => p.set_groups(groups),
            Err(e) => p.note = Some(ErrorInfo::from_okta("loading groups", &e).one_line()),
        }
        Reply::done()
    }

    pub(in crate::app) fn on_picker_users(
        &mut self,
        req: ReqId,
        result: Result<Vec<UserRow>, OktaError>,
    ) -> Reply {
        let Some(p) = self.picker_mut().filter(|p| p.req == Some(req)) else {
            return Reply::Unchanged;
        };
        p.req = None;
        match result {
            Ok(users) => p.set_users(users),
            Err(e) => {
                p.selected = 0;
                p.note = Some(ErrorInfo::from_okta("searching users", &e).one_line());
            }
        }
        Reply::done()
    }

    /// What a picker asked for.
    pub(in crate::app) fn on_picker_request(&mut self, request: PickerRequest) -> Vec<Effect> {
        match request {
            PickerRequest::Search(text) => {
                let req = self.req();
                if let Some(p) = self.picker_mut() {
                    p.req = Some(req);
                }
                vec![Effect::Action(ActionEffect::SearchUsers { req, text })]
            }
            PickerRequest::Done => self.picker_done(),
        }
    }

    /// Esc in a picker: it closes; the create form comes back with what was picked.
    pub(in crate::app) fn close_picker(&mut self) -> Vec<Effect> {
        if let Some(Modal::Action(m)) = self.modal.take()
            && let ActionModal::Picker {
                picker,
                form: Some(mut form),
            } = *m
        {
            form.groups = picker.chosen;
            self.open_action(ActionModal::Form(*form));
        }
        Vec::new()
    }

    /// The picks are made: plan the writes (or hand them to the form).
    fn picker_done(&mut self) -> Vec<Effect> {
        let Some(Modal::Action(m)) = self.modal.take() else {
            return Vec::new();
        };
        let ActionModal::Picker { picker, form } = *m else {
            return Vec::new();
        };
        let chosen = picker.chosen;
        // One write per pick: (id, label) is a group for a user, or a user for a group.
        let plan = |make: &dyn Fn(String, String) -> WriteOp| -> Vec<BulkItem> {
            chosen
                .iter()
                .map(|(id, label)| BulkItem::waiting(make(id.clone(), label.clone())))
                .collect()
        };
        let (title, items) = match &picker.purpose {
            PickerPurpose::FormGroups => {
                if let Some(mut form) = form {
                    form.groups = chosen;
                    self.open_action(ActionModal::Form(*form));
                }
                return Vec::new();
            }
            PickerPurpose::AddUserToGroups { target } => (
                format!("Add {} to groups", target.login),
                plan(&|id, name| WriteOp::AddMember {
                    group: GroupRef { id, name },
                    target: target.clone(),
                }),
            ),
            PickerPurpose::RemoveUserFromGroups { target } => (
                format!("Remove {} from groups", target.login),
                plan(&|id, name| WriteOp::RemoveMember {
                    group: GroupRef { id, name },
                    target: target.clone(),
                }),
            ),
            PickerPurpose::AddUsersToGroup { group } => (
                format!("Add users to {}", group.name),
                plan(&|id, login| WriteOp::AddMember {
                    group: group.clone(),
                    target: Target { id, login },
                }),
            ),
        };
        self.start_plan(title, items)
    }

    /// After a membership write: the user's groups and the group's members reload.
    pub(in crate::app) fn after_membership_change(&mut self, op: &WriteOp) -> Vec<Effect> {
        let (group_id, user_id) = match op {
            WriteOp::AddMember { group, target } | WriteOp::RemoveMember { group, target } => {
                (group.id.clone(), target.id.clone())
            }
            _ => return Vec::new(),
        };
        self.forget_member_count(&group_id);
        let mut effects = self.reload_user_detail(&user_id);
        let group_req = self.req();
        let members_req = self.req();
        for screen in &mut self.stack {
            if let Screen::Group(g) = screen
                && g.group_id == group_id
            {
                g.req = group_req;
                let sort = g.members.sort;
                g.members.restart(members_req);
                g.members.sort = sort;
                effects.push(Effect::LoadGroup {
                    req: group_req,
                    group_id: group_id.clone(),
                });
                effects.push(Effect::LoadMembers {
                    req: members_req,
                    group_id: group_id.clone(),
                });
            }
        }
        effects
    }

    /// The member count a group was listed with no longer holds after a membership write,
    /// and a single GET does not give it: the group screen counts the members as they
    /// reload, the list says "?" until it is refreshed, rather than either showing the old
    /// number.
    pub(in crate::app) fn forget_member_count(&mut self, group_id: &str) {
        if let Some(mut row) = self.groups.list.find(group_id).cloned() {
            row.users_count = None;
            self.update_group_row(row);
        }
        if let Some(mut row) = self
            .groups
            .full
            .as_ref()
            .and_then(|f| f.find(group_id))
            .cloned()
        {
            row.users_count = None;
            self.update_group_row(row);
        }
        for screen in &mut self.stack {
            if let Screen::Group(g) = screen
                && g.group_id == group_id
            {
                if let Load::Loaded(f) = &mut g.fetched {
                    f.value.users_count = None;
                }
                if let Some(s) = g.summary.as_mut() {
                    s.users_count = None;
                }
            }
        }
    }
}
