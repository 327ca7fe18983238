//! Group membership: from a user, add to groups (a picker over the org's groups) or remove
//! from one of theirs; from a group's members, add users (a server-search picker) or remove
//! the selected/marked members. Only `OKTA_GROUP` membership can change; for the other types
//! the console says why instead of sending a request Okta would refuse.

use crossterm::event::{KeyCode, KeyEvent};

use crate::okta::{Group, OktaError, UserRow};

use super::actions::{ActionEffect, ActionModal, GroupRef, Target, WriteOp};
use super::bulk::{BulkItem, ItemState};
use super::create_form::CreateForm;
use super::filter::Filter;
use super::input::{InputOutcome, LineInput};
use super::modal::{ErrorInfo, Modal};
use super::msg::ReqId;
use super::{App, Effect, Screen, StatusKind, StatusLine};

/// What the picker's choice is for.
#[derive(Debug, Clone, PartialEq)]
pub enum PickerPurpose {
    /// Groups picker over the org's OKTA_GROUPs.
    AddUserToGroups { target: Target },
    /// Groups picker over the user's own groups.
    RemoveUserFromGroups { target: Target },
    /// Users picker (server search) for a group.
    AddUsersToGroup { group: GroupRef },
    /// Groups picker for the create-user form; the form comes back afterwards.
    FormGroups { form: Box<CreateForm> },
    /// A small menu: add or remove (no list).
    Menu(MemberMenu),
}

#[derive(Debug, Clone, PartialEq)]
pub enum MemberMenu {
    User {
        target: Target,
    },
    Group {
        group: GroupRef,
        remove: Vec<Target>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub purpose: PickerPurpose,
    pub input: LineInput,
    /// Loading or searching.
    pub req: Option<ReqId>,
    pub groups: Vec<Group>,
    pub users: Vec<UserRow>,
    /// Indices of `groups` kept by the typed filter.
    pub view: Vec<usize>,
    pub selected: usize,
    /// (id, label) picked so far.
    pub chosen: Vec<(String, String)>,
    /// Users picker: the text the shown results are for.
    pub searched: Option<String>,
    pub note: Option<String>,
}

impl Picker {
    fn new(purpose: PickerPurpose, req: Option<ReqId>) -> Self {
        Picker {
            purpose,
            input: LineInput::default(),
            req,
            groups: Vec::new(),
            users: Vec::new(),
            view: Vec::new(),
            selected: 0,
            chosen: Vec::new(),
            searched: None,
            note: None,
        }
    }

    pub fn is_users(&self) -> bool {
        matches!(self.purpose, PickerPurpose::AddUsersToGroup { .. })
    }

    pub fn title(&self) -> String {
        match &self.purpose {
            PickerPurpose::AddUserToGroups { target } => {
                format!(" add {} to groups ", target.login)
            }
            PickerPurpose::RemoveUserFromGroups { target } => {
                format!(" remove {} from a group ", target.login)
            }
            PickerPurpose::AddUsersToGroup { group } => format!(" add users to {} ", group.name),
            PickerPurpose::FormGroups { .. } => " groups for the new user ".into(),
            PickerPurpose::Menu(MemberMenu::User { target }) => {
                format!(" group membership of {} ", target.login)
            }
            PickerPurpose::Menu(MemberMenu::Group { group, .. }) => {
                format!(" members of {} ", group.name)
            }
        }
    }

    /// Filters the loaded groups by the typed text (users are searched on Enter).
    pub fn refilter(&mut self) {
        if self.is_users() {
            return;
        }
        let f = Filter::new(&self.input.text);
        let typed = self.input.text.trim();
        self.view = self
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| {
                // An id is pasted, not typed: it matches whole or by its start, never fuzzily
                // (random id letters would match almost any short word).
                f.is_empty()
                    || (typed.len() >= 3 && g.id.starts_with(typed))
                    || f.matches(&super::filter::join_fields([&*g.name, &g.description]))
            })
            .map(|(i, _)| i)
            .collect();
        self.selected = self.selected.min(self.view.len().saturating_sub(1));
    }

    pub fn len(&self) -> usize {
        if self.is_users() {
            self.users.len()
        } else {
            self.view.len()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// (id, label, why it cannot be picked) of the highlighted entry.
    fn highlighted(&self) -> Option<(String, String, Option<&'static str>)> {
        if self.is_users() {
            self.users
                .get(self.selected)
                .map(|u| (u.id.to_string(), u.login.to_string(), None))
        } else {
            self.view
                .get(self.selected)
                .and_then(|&i| self.groups.get(i))
                .map(|g| {
                    (
                        g.id.to_string(),
                        g.name.to_string(),
                        g.group_type.membership_locked_reason(),
                    )
                })
        }
    }

    fn toggle_highlighted(&mut self) {
        let Some((id, label, locked)) = self.highlighted() else {
            return;
        };
        if let Some(reason) = locked {
            self.note = Some(format!("{label}: {reason}"));
            return;
        }
        if let Some(pos) = self.chosen.iter().position(|(i, _)| *i == id) {
            self.chosen.remove(pos);
        } else {
            self.chosen.push((id, label));
        }
    }
}

/// An id typed by hand (free entry): Okta group ids start with `00g`.
fn looks_like_group_id(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 15
        && t.len() <= 32
        && t.starts_with("00g")
        && t.chars().all(|c| c.is_ascii_alphanumeric())
}

impl App {
    fn picker_mut(&mut self) -> Option<&mut Picker> {
        match &mut self.modal {
            Some(Modal::Action(m)) => match m.as_mut() {
                ActionModal::Picker(p) => Some(p),
                _ => None,
            },
            _ => None,
        }
    }

    fn open_picker(&mut self, picker: Picker) {
        self.modal = Some(Modal::Action(Box::new(ActionModal::Picker(picker))));
    }

    /// `M`: membership of the focused user, or of the open group.
    pub(super) fn membership_key(&mut self) -> Vec<Effect> {
        if let Some(Screen::Group(g)) = self.stack.last() {
            let Some(group) = g.group().cloned() else {
                self.status = Some(StatusLine {
                    kind: StatusKind::Warn,
                    text: "the group is still loading".into(),
                });
                return Vec::new();
            };
            if let Some(reason) = group.group_type.membership_locked_reason() {
                self.status = Some(StatusLine {
                    kind: StatusKind::Warn,
                    text: format!("{}: membership cannot change here: {reason}", group.name),
                });
                return Vec::new();
            }
            let marked: Vec<Target> = g
                .members
                .rows
                .iter()
                .filter(|r| g.members.marks.contains(&r.id))
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
            self.open_picker(Picker::new(
                PickerPurpose::Menu(MemberMenu::Group {
                    group: GroupRef::of(&group),
                    remove,
                }),
                None,
            ));
            return Vec::new();
        }
        match self.focused_user() {
            Some((target, _)) => self.open_membership_for_user(target),
            None => {
                self.status = Some(StatusLine {
                    kind: StatusKind::Warn,
                    text: "no user selected".into(),
                });
                Vec::new()
            }
        }
    }

    pub(super) fn open_membership_for_user(&mut self, target: Target) -> Vec<Effect> {
        self.open_picker(Picker::new(
            PickerPurpose::Menu(MemberMenu::User { target }),
            None,
        ));
        Vec::new()
    }

    pub(super) fn open_group_picker_for_user(&mut self, target: Target) -> Vec<Effect> {
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

    pub(super) fn open_user_groups_picker(&mut self, target: Target) -> Vec<Effect> {
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

    pub(super) fn open_form_group_picker(&mut self, form: Box<CreateForm>) -> Vec<Effect> {
        let req = self.req();
        let mut p = Picker::new(PickerPurpose::FormGroups { form }, Some(req));
        if let PickerPurpose::FormGroups { form } = &p.purpose {
            p.chosen = form.groups.clone();
        }
        self.open_picker(p);
        vec![Effect::Action(ActionEffect::LoadPickerGroups {
            req,
            user_id: None,
        })]
    }

    fn open_user_search_picker(&mut self, group: GroupRef) -> Vec<Effect> {
        self.open_picker(Picker::new(PickerPurpose::AddUsersToGroup { group }, None));
        Vec::new()
    }

    pub(super) fn on_picker_groups(
        &mut self,
        req: ReqId,
        result: Result<Vec<Group>, OktaError>,
    ) -> Vec<Effect> {
        let Some(p) = self.picker_mut().filter(|p| p.req == Some(req)) else {
            self.dirty = false;
            return Vec::new();
        };
        p.req = None;
        match result {
            Ok(mut groups) => {
                // Groups whose membership can change first: the others are listed to say why not.
                groups.sort_by_key(|g| {
                    (
                        g.group_type.membership_locked_reason().is_some(),
                        g.name.to_lowercase(),
                    )
                });
                p.groups = groups;
                p.refilter();
                if p.groups.is_empty() {
                    p.note = Some("no groups".into());
                }
            }
            Err(e) => p.note = Some(ErrorInfo::from_okta("loading groups", &e).one_line()),
        }
        Vec::new()
    }

    pub(super) fn on_picker_users(
        &mut self,
        req: ReqId,
        result: Result<Vec<UserRow>, OktaError>,
    ) -> Vec<Effect> {
        let Some(p) = self.picker_mut().filter(|p| p.req == Some(req)) else {
            self.dirty = false;
            return Vec::new();
        };
        p.req = None;
        p.selected = 0;
        match result {
            Ok(users) => {
                p.note = users.is_empty().then(|| "no user matches".to_owned());
                p.users = users;
            }
            Err(e) => p.note = Some(ErrorInfo::from_okta("searching users", &e).one_line()),
        }
        Vec::new()
    }

    pub(super) fn on_picker_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(p) = self.picker_mut() else {
            return Vec::new();
        };
        if let PickerPurpose::Menu(menu) = &p.purpose {
            let menu = menu.clone();
            return self.on_member_menu_key(menu, key);
        }
        match key.code {
            KeyCode::Esc => {
                let p = self.picker_mut().map(|p| {
                    (
                        std::mem::replace(
                            &mut p.purpose,
                            PickerPurpose::Menu(MemberMenu::User {
                                target: Target {
                                    id: String::new(),
                                    login: String::new(),
                                },
                            }),
                        ),
                        p.chosen.clone(),
                    )
                });
                self.modal = None;
                // The form comes back with what was picked.
                if let Some((PickerPurpose::FormGroups { mut form }, chosen)) = p {
                    form.groups = chosen;
                    self.modal = Some(Modal::Action(Box::new(ActionModal::Form(*form))));
                }
                Vec::new()
            }
            KeyCode::Down => {
                p.selected = (p.selected + 1).min(p.len().saturating_sub(1));
                Vec::new()
            }
            KeyCode::Up => {
                p.selected = p.selected.saturating_sub(1);
                Vec::new()
            }
            KeyCode::Tab => {
                p.toggle_highlighted();
                Vec::new()
            }
            KeyCode::Enter => {
                if p.is_users() && p.searched.as_deref() != Some(p.input.text.trim()) {
                    let text = p.input.text.trim().to_owned();
                    p.searched = Some(text.clone());
                    p.note = None;
                    self.next_req += 1;
                    let req = ReqId(self.next_req);
                    if let Some(p) = self.picker_mut() {
                        p.req = Some(req);
                    }
                    return vec![Effect::Action(ActionEffect::SearchUsers { req, text })];
                }
                if !p.is_users() && p.view.is_empty() && looks_like_group_id(&p.input.text) {
                    // Free entry of an id the list does not show.
                    let id = p.input.text.trim().to_owned();
                    if !p.chosen.iter().any(|(i, _)| *i == id) {
                        p.chosen.push((id.clone(), id));
                    }
                    p.input = LineInput::default();
                    p.refilter();
                } else if let Some((id, _, locked)) = p.highlighted() {
                    if locked.is_some() {
                        p.toggle_highlighted();
                        return Vec::new();
                    }
                    if !p.chosen.iter().any(|(i, _)| *i == id) {
                        p.toggle_highlighted();
                    }
                }
                if p.chosen.is_empty() {
                    p.note = Some("nothing picked: type to filter, ↑↓ move, Enter picks".into());
                    return Vec::new();
                }
                self.picker_done()
            }
            _ => {
                if p.input.handle_key(&key) == InputOutcome::Edited {
                    p.refilter();
                    p.note = None;
                }
                Vec::new()
            }
        }
    }

    /// The picks are made: plan the writes (or hand them to the form).
    fn picker_done(&mut self) -> Vec<Effect> {
        let Some(Modal::Action(m)) = self.modal.take() else {
            return Vec::new();
        };
        let ActionModal::Picker(p) = *m else {
            return Vec::new();
        };
        match p.purpose {
            PickerPurpose::FormGroups { mut form } => {
                form.groups = p.chosen;
                self.modal = Some(Modal::Action(Box::new(ActionModal::Form(*form))));
                Vec::new()
            }
            PickerPurpose::AddUserToGroups { target } => {
                let items = p
                    .chosen
                    .into_iter()
                    .map(|(id, name)| {
                        item(WriteOp::AddMember {
                            group: GroupRef { id, name },
                            target: target.clone(),
                        })
                    })
                    .collect();
                self.start_plan(format!("Add {} to groups", target.login), items)
            }
            PickerPurpose::RemoveUserFromGroups { target } => {
                let items = p
                    .chosen
                    .into_iter()
                    .map(|(id, name)| {
                        item(WriteOp::RemoveMember {
                            group: GroupRef { id, name },
                            target: target.clone(),
                        })
                    })
                    .collect();
                self.start_plan(format!("Remove {} from groups", target.login), items)
            }
            PickerPurpose::AddUsersToGroup { group } => {
                let items = p
                    .chosen
                    .into_iter()
                    .map(|(id, login)| {
                        item(WriteOp::AddMember {
                            group: group.clone(),
                            target: Target { id, login },
                        })
                    })
                    .collect();
                self.start_plan(format!("Add users to {}", group.name), items)
            }
            PickerPurpose::Menu(_) => Vec::new(),
        }
    }

    fn on_member_menu_key(&mut self, menu: MemberMenu, key: KeyEvent) -> Vec<Effect> {
        match (key.code, menu) {
            (KeyCode::Char('+') | KeyCode::Char('a'), MemberMenu::User { target }) => {
                self.open_group_picker_for_user(target)
            }
            (KeyCode::Char('-') | KeyCode::Char('r'), MemberMenu::User { target }) => {
                self.open_user_groups_picker(target)
            }
            (KeyCode::Char('+') | KeyCode::Char('a'), MemberMenu::Group { group, .. }) => {
                self.open_user_search_picker(group)
            }
            (KeyCode::Char('-') | KeyCode::Char('r'), MemberMenu::Group { group, remove }) => {
                if remove.is_empty() {
                    if let Some(p) = self.picker_mut() {
                        p.note = Some("no member selected".into());
                    }
                    return Vec::new();
                }
                let items = remove
                    .into_iter()
                    .map(|target| {
                        item(WriteOp::RemoveMember {
                            group: group.clone(),
                            target,
                        })
                    })
                    .collect();
                self.start_plan(format!("Remove members from {}", group.name), items)
            }
            (KeyCode::Esc | KeyCode::Char('q'), _) => {
                self.modal = None;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// After a membership write: the user's groups and the group's members reload.
    pub(super) fn after_membership_change(&mut self, op: &WriteOp) -> Vec<Effect> {
        let (group_id, user_id) = match op {
            WriteOp::AddMember { group, target } | WriteOp::RemoveMember { group, target } => {
                (group.id.clone(), target.id.clone())
            }
            _ => return Vec::new(),
        };
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
}

fn item(op: WriteOp) -> BulkItem {
    BulkItem::new(op, ItemState::Waiting)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::okta::GroupType;

    fn group(id: &str, name: &str) -> Group {
        Group {
            id: id.into(),
            group_type: GroupType::OktaGroup,
            name: name.into(),
            description: "".into(),
            created: None,
            last_updated: None,
            last_membership_updated: None,
            users_count: None,
            apps_count: None,
        }
    }

    #[test]
    fn group_ids_match_by_their_start_not_fuzzily() {
        let mut p = Picker::new(
            PickerPurpose::FormGroups {
                form: Box::default(),
            },
            None,
        );
        // QA: "IT EMEA 9" picked "Human Resources EMEA 23" through letters of its id.
        p.groups = vec![
            group("00gIxT9q2", "Human Resources EMEA 23"),
            group("00gabc123", "IT EMEA 91"),
        ];
        let shown = |p: &mut Picker, text: &str| {
            p.input = LineInput::with_text(text);
            p.refilter();
            p.view
                .iter()
                .map(|&i| p.groups[i].name.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(shown(&mut p, "IT EMEA 9"), ["IT EMEA 91"]);
        assert_eq!(shown(&mut p, "00gIxT"), ["Human Resources EMEA 23"]);
        assert_eq!(shown(&mut p, "").len(), 2);
    }
}
