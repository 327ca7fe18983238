//! The default key table: one row per binding, one binding per line. Row order matters: the
//! first row of a context that holds a key wins, and the footer and help list rows in this
//! order. An action may have several rows (its keys differ per context); remapping the action
//! in the config replaces the keys of all of them.
//!
//! Each family keeps its rows in its own section, so adding a family touches only its section.

use crossterm::event::KeyCode::{
    Backspace, Delete, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

use super::action::{Action, Context, Footer, Guard, TenantNeed};
use super::spec::KeySpec;
use crate::app::ids::OpKind;
use Context::*;
use Footer::{No, Yes};
use TenantNeed::{InFile, InWritableFile, Selected, Writable};

const ALL: &[Context] = &[
    Users,
    Groups,
    Credentials,
    UserDetail,
    GroupDetail,
    Raw,
    Logs,
    LogEvent,
];
const LISTS: &[Context] = &[Users, Groups, GroupDetail];
/// The Logs tab's list and its open event.
const LOG_VIEWS: &[Context] = &[Logs, LogEvent];
/// Where a user is focused: the users list, a user's detail, a group's members.
const USER_KEYS: &[Context] = &[Users, UserDetail, GroupDetail];
const MARKABLE: &[Context] = &[Users, GroupDetail];
const OPENABLE: &[Context] = &[Users, Groups, UserDetail, GroupDetail];
const VIEWS: &[Context] = &[Users, Groups, UserDetail, GroupDetail, Raw];
/// The tenant form's fields that are not buttons: Enter moves on, Ctrl-C cancels.
const TENANT_FIELDS: &[Context] = &[TenantText, TenantChoice];
/// Where a lifecycle key asks for its write: where a user is focused, and the menus that list
/// the writes (the item's own key picks it).
const OP_KEYS: &[Context] = &[Users, UserDetail, GroupDetail, ActionMenu, BulkChoose];
/// Menus of the write dialogs: the arrows (their hint) or the list keys move.
const MENU_MOVES: &[Context] = &[ActionMenu, BulkChoose];
/// Write dialogs that scroll with the list keys.
const SCROLLS: &[Context] = &[BulkPlan, BulkRunning, BulkDone, Journal];
/// Write dialogs that scroll by pages too.
const DIALOG_PAGES: &[Context] = &[BulkDone, Journal];
/// Menus closed with Esc or q.
const DIALOG_MENUS: &[Context] = &[ActionMenu, BulkChoose, MemberMenu];
/// Dialogs where only Esc cancels (letters are text there, or mean nothing).
const ESC_CANCELS: &[Context] = &[Checking, Picker];
/// The profile form's fields.
const PROFILE_FIELDS: &[Context] = &[ProfileText, ProfileChoice];
/// Playbook views that move a selection or scroll.
const PLAYBOOK_MOVES: &[Context] = &[PlaybookMenu, PlaybookPlan, PlaybookRun, PlaybookDone];

/// One default binding.
pub(super) struct Row {
    pub action: Action,
    pub keys: &'static [KeySpec],
    pub contexts: &'static [Context],
    /// Short label for the footer and help.
    pub label: &'static str,
    pub guard: Guard,
    pub footer: Footer,
}

const fn row(
    action: Action,
    keys: &'static [KeySpec],
    contexts: &'static [Context],
    label: &'static str,
    guard: Guard,
    footer: Footer,
) -> Row {
    Row {
        action,
        keys,
        contexts,
        label,
        guard,
        footer,
    }
}

const fn ch(c: char) -> KeySpec {
    KeySpec::ch(c)
}
const fn ctrl(c: char) -> KeySpec {
    KeySpec::ctrl(c)
}
const fn plain(code: crossterm::event::KeyCode) -> KeySpec {
    KeySpec::plain(code)
}
const BACK_TAB: KeySpec = KeySpec::back_tab();

#[rustfmt::skip]
pub(super) const DEFAULTS: &[Row] = &[
    // Lists and screens
    row(Action::Open,           &[plain(Enter)],               OPENABLE,       "open",                 Guard::Always, Yes),
    // Credentials tab
    row(Action::TenantSwitch,   &[plain(Enter)],               &[Credentials], "switch",               Guard::Tenant(Selected), Yes),
    row(Action::TenantNew,      &[ch('n')],                    &[Credentials], "new",                  Guard::Tenant(Writable), Yes),
    row(Action::TenantEdit,     &[ch('e')],                    &[Credentials], "edit",                 Guard::Tenant(InWritableFile), Yes),
    row(Action::TenantDelete,   &[ch('d'), plain(Delete)],     &[Credentials], "delete",               Guard::Tenant(InWritableFile), Yes),
    row(Action::TenantTest,     &[ch('t')],                    &[Credentials], "Test Connect",         Guard::Tenant(InFile), Yes),
    row(Action::TenantImport,   &[ch('i')],                    &[Credentials], "import",               Guard::Tenant(Writable), No),
    // The tenant form: no plain letters here, they are typed into the fields.
    row(Action::FormNext,       &[plain(Tab), plain(Down)],    &[TenantForm],  "next field",           Guard::Always, Yes),
    row(Action::FormPrev,       &[BACK_TAB, plain(Up)],        &[TenantForm],  "previous",             Guard::Always, Yes),
    row(Action::FormTest,       &[ctrl('t')],                  &[TenantForm],  "Test Connect",         Guard::Always, Yes),
    row(Action::FormSave,       &[ctrl('s')],                  &[TenantForm],  "Connect & Save",       Guard::Always, Yes),
    row(Action::FormCancel,     &[plain(Esc)],                 &[TenantForm],  "cancel",               Guard::Always, Yes),
    // The form's text and choice fields, its buttons, and its "discard what you typed?"
    // question.
    row(Action::FormChoicePrev, &[plain(Left), ch('h')],       &[TenantChoice], "previous choice",     Guard::Always, No),
    row(Action::FormChoiceNext, &[plain(Right), ch('l'), ch(' ')], &[TenantChoice], "next choice",     Guard::Always, No),
    row(Action::FormNext,       &[plain(Enter)],               TENANT_FIELDS,  "next field",           Guard::Always, No),
    row(Action::FormCancel,     &[ctrl('c')],                  TENANT_FIELDS,  "cancel",               Guard::Always, No),
    row(Action::FormPress,      &[plain(Enter), ch(' ')],      &[TenantButtons], "press",              Guard::Always, No),
    row(Action::FormPrev,       &[plain(Left)],                &[TenantButtons], "previous button",    Guard::Always, No),
    row(Action::FormNext,       &[plain(Right)],               &[TenantButtons], "next button",        Guard::Always, No),
    row(Action::FormDiscard,    &[ch('y'), ch('Y')],           &[TenantDiscard], "discard",            Guard::Always, Yes),
    // Deleting a tenant asks first.
    row(Action::TenantDeleteConfirm, &[ch('y'), ch('Y'), plain(Enter)], &[TenantDelete], "delete",    Guard::Always, Yes),
    row(Action::TenantDeleteKeep, &[ch('n'), plain(Esc)],      &[TenantDelete], "keep",             Guard::Always, Yes),
    // The same, not named in the dialog's hint (which shows the row above).
    row(Action::TenantDeleteKeep, &[ch('N'), ch('q')],         &[TenantDelete], "keep",             Guard::Always, No),
    // Lists and screens
    row(Action::Back,           &[plain(Esc)],                 ALL,            "back",                 Guard::Always, Yes),
    row(Action::ActionMenu,     &[ch('a')],                    USER_KEYS,      "actions",              Guard::Write,  Yes),
    row(Action::Filter,         &[ch('/')],                    LISTS,          "filter",               Guard::Always, Yes),
    row(Action::Search,         &[ch('s')],                    &[Users, Groups], "search",             Guard::Always, Yes),
    row(Action::StatusFilter,   &[ch('f')],                    &[Users],       "status",               Guard::Always, Yes),
    row(Action::Sort,           &[ch('o')],                    LISTS,          "sort",                 Guard::Always, Yes),
    row(Action::SortReverse,    &[ch('O')],                    LISTS,          "reverse sort",         Guard::Always, No),
    row(Action::Copy,           &[ch('y')],                    VIEWS,          "copy",                 Guard::Always, Yes),
    row(Action::Raw,            &[ch('v')],                    VIEWS,          "raw",                  Guard::Always, Yes),
    row(Action::Refresh,        &[ch('r')],                    OPENABLE,       "refresh",              Guard::Always, Yes),
    row(Action::FullSync,       &[ch('R')],                    &[Users, Groups], "full sync",          Guard::Always, No),
    row(Action::Palette,        &[ch(':')],                    ALL,            "cmd",                  Guard::Always, Yes),
    row(Action::Help,           &[ch('?')],                    ALL,            "help",                 Guard::Always, Yes),
    row(Action::Quit,           &[ch('q'), ctrl('c')],         ALL,            "quit",                 Guard::Always, Yes),
    row(Action::Up,             &[ch('k'), plain(Up)],         ALL,            "up",                   Guard::Always, No),
    row(Action::Down,           &[ch('j'), plain(Down)],       ALL,            "down",                 Guard::Always, No),
    row(Action::Top,            &[ch('g'), plain(Home)],       ALL,            "first",                Guard::Always, No),
    row(Action::Bottom,         &[ch('G'), plain(End)],        ALL,            "last",                 Guard::Always, No),
    row(Action::PageUp,         &[plain(PageUp), ctrl('b')],   ALL,            "page up",              Guard::Always, No),
    row(Action::PageDown,       &[plain(PageDown), ctrl('f')], ALL,            "page down",            Guard::Always, No),
    row(Action::NextTab,        &[plain(Tab)],                 ALL,            "next tab",             Guard::Always, No),
    row(Action::UsersTab,       &[ch('1')],                    ALL,            "Users tab",            Guard::Always, No),
    row(Action::GroupsTab,      &[ch('2')],                    ALL,            "Groups tab",           Guard::Always, No),
    row(Action::CredentialsTab, &[ch('3')],                    ALL,            "Credentials tab",      Guard::Always, No),
    row(Action::Suspend,        &[ctrl('z')],                  ALL,            "suspend (fg resumes)", Guard::Always, No),
    row(Action::WholeMessage,   &[ch('!')],                    ALL,            "whole message",        Guard::Always, No),
    row(Action::ScrollLeft,     &[ch('h'), plain(Left)],       &[Raw],         "left",                 Guard::Always, Yes),
    row(Action::ScrollRight,    &[ch('l'), plain(Right)],      &[Raw],         "right",                Guard::Always, Yes),
    // Writes: shown (footer, help) only when their guard holds: a writable tenant, and for the
    // lifecycle keys a focused user whose status allows the operation.
    row(Action::Mark,           &[ch(' ')],                    MARKABLE,       "mark",                 Guard::Write,  Yes),
    row(Action::CreateUser,     &[ch('C')],                    &[Users],       "create user",          Guard::Write,  Yes),
    // A user's groups, or a group's members: add or remove either way.
    row(Action::Membership,     &[ch('M')],                    USER_KEYS,      "membership",           Guard::Write,  Yes),
    row(Action::Activate,       &[ch('A')],                    OP_KEYS,        "activate/reactivate",  Guard::Op(OpKind::Activate),       Yes),
    row(Action::Deactivate,     &[ch('D')],                    OP_KEYS,        "deactivate",           Guard::Op(OpKind::Deactivate),     Yes),
    row(Action::SuspendUser,    &[ch('S')],                    OP_KEYS,        "suspend",              Guard::Op(OpKind::Suspend),        Yes),
    row(Action::Unsuspend,      &[ch('U')],                    OP_KEYS,        "unsuspend",            Guard::Op(OpKind::Unsuspend),      Yes),
    row(Action::Unlock,         &[ch('L')],                    OP_KEYS,        "unlock",               Guard::Op(OpKind::Unlock),         Yes),
    row(Action::ExpirePassword, &[ch('E')],                    OP_KEYS,        "expire password",      Guard::Op(OpKind::ExpirePassword), Yes),
    row(Action::ResetPassword,  &[ch('P')],                    OP_KEYS,        "reset link",           Guard::Op(OpKind::ResetPassword),  Yes),
    row(Action::ClearSessions,  &[ch('X')],                    OP_KEYS,        "clear sessions",       Guard::Op(OpKind::ClearSessions),  Yes),
    row(Action::ResetFactors,   &[ch('F')],                    OP_KEYS,        "reset factors",        Guard::Op(OpKind::ResetFactors),   Yes),
    row(Action::DeleteUser,     &[plain(Delete)],              OP_KEYS,        "delete",               Guard::Op(OpKind::Delete),         Yes),
    // The local filter line (typed on the status line)
    row(Action::Choose,         &[plain(Enter)],               &[FilterLine],  "keep filter",          Guard::Always, Yes),
    row(Action::Close,          &[plain(Esc), ctrl('c')],      &[FilterLine],  "clear",                Guard::Always, Yes),
    // Dialogs: help, command palette, search prompt, status filter, error
    row(Action::Down,           &[ch('j'), plain(Down)],       &[Help, StatusPick], "down",         Guard::Always, Yes),
    row(Action::Up,             &[ch('k'), plain(Up)],         &[Help, StatusPick], "up",           Guard::Always, Yes),
    row(Action::PageDown,       &[plain(PageDown), ch(' ')],   &[Help],        "page down",            Guard::Always, Yes),
    row(Action::PageUp,         &[plain(PageUp)],              &[Help],        "page up",              Guard::Always, Yes),
    row(Action::Top,            &[ch('g'), plain(Home)],       &[Help, StatusPick], "first",          Guard::Always, No),
    row(Action::Bottom,         &[ch('G'), plain(End)],        &[Help, StatusPick], "last",           Guard::Always, No),
    row(Action::Close,          &[plain(Esc), ch('q'), ch('?')], &[Help],      "close",                Guard::Always, Yes),
    row(Action::Close,          &[plain(Esc), ch('q')],        &[StatusPick],  "close",                Guard::Always, Yes),
    row(Action::Down,           &[plain(Tab), plain(Down)],    &[Palette],     "next command",         Guard::Always, Yes),
    row(Action::Up,             &[plain(Up)],                  &[Palette],     "previous command",     Guard::Always, Yes),
    row(Action::Choose,         &[plain(Enter)],               &[Palette, Prompt, StatusPick], "run",  Guard::Always, Yes),
    row(Action::Close,          &[plain(Esc), ctrl('c')],      &[Palette, Prompt], "cancel",           Guard::Always, Yes),
    row(Action::CredentialsTab, &[ch('3')],                    &[Error],       "open Credentials",     Guard::Always, Yes),
    // Write dialogs: the check before a write, menus (the lifecycle keys above pick their item),
    // confirm, link, journal, runs on marked rows, membership, pickers, the create form.
    row(Action::Close,           &[plain(Esc)],                   ESC_CANCELS,       "cancel",                Guard::Always, Yes),
    row(Action::Close,           &[plain(Esc), ch('q')],          DIALOG_MENUS,      "close",                 Guard::Always, Yes),
    row(Action::Close,           &[ch('n'), plain(Esc), ch('q')], &[Confirm],        "cancel",                Guard::Always, Yes),
    row(Action::Close,           &[plain(Esc), ch('n'), ch('q')], &[BulkPlan],       "cancel",                Guard::Always, Yes),
    row(Action::Close,           &[plain(Esc), ctrl('c')],        &[ConfirmDelete],  "cancel",                Guard::Always, Yes),
    row(Action::Close,           &[plain(Esc)],                   &[BulkRunning],    "stop",                  Guard::Always, Yes),
    row(Action::RetryFailed,     &[ch('r')],                      &[BulkDone],       "retry the failed ones", Guard::Always, Yes),
    row(Action::Choose,          &[plain(Enter)],                 &[ActionMenu, BulkChoose], "pick",          Guard::Always, Yes),
    row(Action::Confirm,         &[ch('y'), plain(Enter)],        &[Confirm],        "confirm",               Guard::Always, Yes),
    row(Action::Confirm,         &[plain(Enter)],                 &[ConfirmDelete],  "delete",                Guard::Always, Yes),
    row(Action::Confirm,         &[plain(Enter), ch('y')],        &[BulkPlan],       "run",                   Guard::Always, Yes),
    row(Action::Choose,          &[plain(Enter)],                 &[Picker],         "done",                  Guard::Always, Yes),
    row(Action::Choose,          &[plain(Enter)],                 &[CreateForm],     "open / next",           Guard::Always, Yes),
    row(Action::Confirm,         &[ch('y')],                      &[Discard],        "discard",               Guard::Always, Yes),
    row(Action::Down,            &[plain(Down), ch('j')],         MENU_MOVES,        "down",                  Guard::Always, No),
    row(Action::Up,              &[plain(Up), ch('k')],           MENU_MOVES,        "up",                    Guard::Always, No),
    row(Action::Down,            &[ch('j'), plain(Down)],         SCROLLS,           "scroll down",           Guard::Always, No),
    row(Action::Up,              &[ch('k'), plain(Up)],           SCROLLS,           "scroll up",             Guard::Always, No),
    row(Action::PageDown,        &[plain(PageDown)],              DIALOG_PAGES,      "page down",             Guard::Always, No),
    row(Action::PageUp,          &[plain(PageUp)],                DIALOG_PAGES,      "page up",               Guard::Always, No),
    row(Action::Down,            &[plain(Down)],                  &[Picker],         "down",                  Guard::Always, No),
    row(Action::Up,              &[plain(Up)],                    &[Picker],         "up",                    Guard::Always, No),
    row(Action::Pick,            &[plain(Tab)],                   &[Picker],         "pick more",             Guard::Always, Yes),
    row(Action::ToggleEmail,     &[ch('e')],                      &[Confirm],        "send email",            Guard::Always, Yes),
    row(Action::ToggleRevoke,    &[ch('r')],                      &[Confirm],        "revoke sessions",       Guard::Always, Yes),
    row(Action::ToggleOauth,     &[ch('o')],                      &[Confirm],        "revoke OAuth tokens",   Guard::Always, Yes),
    row(Action::Copy,            &[ch('y')],                      &[Link],           "copy the link",         Guard::Always, Yes),
    row(Action::AddToGroups,     &[ch('+')],                      &[ActionMenu],     "add to groups",         Guard::Write,  Yes),
    row(Action::RemoveFromGroup, &[ch('-')],                      &[ActionMenu],     "remove from a group",   Guard::Write,  Yes),
    row(Action::AddToGroups,     &[ch('+'), ch('a')],             &[MemberMenu],     "add",                   Guard::Write,  Yes),
    row(Action::RemoveFromGroup, &[ch('-'), ch('r')],             &[MemberMenu],     "remove",                Guard::Write,  Yes),
    row(Action::FormNext,        &[plain(Tab), plain(Down)],      &[CreateForm],     "next field",            Guard::Always, Yes),
    row(Action::FormPrev,        &[BACK_TAB, plain(Up)],          &[CreateForm],     "previous",              Guard::Always, Yes),
    row(Action::FormSave,        &[ctrl('s')],                    &[CreateForm],     "create",                Guard::Always, Yes),
    row(Action::FormCancel,      &[plain(Esc)],                   &[CreateForm],     "cancel",                Guard::Always, Yes),
    row(Action::Toggle,          &[ch(' ')],                      &[CreateForm],     "toggle",                Guard::Always, No),
    row(Action::RemoveLast,      &[plain(Backspace), plain(Delete)], &[CreateForm],  "remove the last group", Guard::Always, No),
    // The detail beside the list (from 140 columns); the pane's title names the key.
    row(Action::TogglePane,      &[ch('|')],                      &[Users, Groups],  "detail pane",           Guard::Always, No),
    // The Logs tab: its list, one event opened, the preset menu; a user's log from the users
    // list or detail; one factor reset from the detail's Factors section.
    row(Action::LogsTab,         &[ch('4')],                      ALL,               "Logs tab",              Guard::Always, No),
    row(Action::Open,            &[plain(Enter)],                 &[Logs],           "open event",            Guard::Always, Yes),
    row(Action::LogPresets,      &[ch('p')],                      LOG_VIEWS,         "presets",               Guard::Always, Yes),
    row(Action::Filter,          &[ch('/')],                      &[Logs],           "filter",                Guard::Always, Yes),
    row(Action::Tail,            &[ch('T')],                      LOG_VIEWS,         "tail",                  Guard::Always, Yes),
    row(Action::Refresh,         &[ch('r')],                      &[Logs],           "reload",                Guard::Always, Yes),
    row(Action::LogActor,        &[ch('a')],                      &[LogEvent],       "go to actor",           Guard::Always, Yes),
    row(Action::LogTarget,       &[ch('t')],                      &[LogEvent],       "go to target",          Guard::Always, Yes),
    row(Action::Copy,            &[ch('y')],                      &[LogEvent],       "copy JSON",             Guard::Always, Yes),
    row(Action::UserLog,         &[ch('l')],                      USER_KEYS,         "user's log",            Guard::Always, Yes),
    row(Action::ResetFactor,     &[ch('R')],                      &[UserDetail],     "reset this factor",     Guard::Write,  Yes),
    row(Action::Down,            &[ch('j'), plain(Down)],         &[LogPresets],     "down",                  Guard::Always, No),
    row(Action::Up,              &[ch('k'), plain(Up)],           &[LogPresets],     "up",                    Guard::Always, No),
    row(Action::Top,             &[ch('g'), plain(Home)],         &[LogPresets],     "first",                 Guard::Always, No),
    row(Action::Bottom,          &[ch('G'), plain(End)],          &[LogPresets],     "last",                  Guard::Always, No),
    row(Action::Choose,          &[plain(Enter)],                 &[LogPresets],     "show",                  Guard::Always, Yes),
    row(Action::Close,           &[plain(Esc), ch('q'), ch('p')], &[LogPresets],     "close",                 Guard::Always, Yes),
    // Profile edit: `e` on a user; the form (letters are text on a text attribute).
    row(Action::EditProfile,     &[ch('e')],                      USER_KEYS,         "edit profile",          Guard::Write,  Yes),
    row(Action::FormNext,        &[plain(Tab), plain(Down)],      PROFILE_FIELDS,    "next field",            Guard::Always, Yes),
    row(Action::FormPrev,        &[BACK_TAB, plain(Up)],          PROFILE_FIELDS,    "previous",              Guard::Always, Yes),
    row(Action::FormSave,        &[ctrl('s')],                    PROFILE_FIELDS,    "review & save",         Guard::Always, Yes),
    row(Action::FormCancel,      &[plain(Esc)],                   PROFILE_FIELDS,    "cancel",                Guard::Always, Yes),
    row(Action::FormChoiceNext,  &[plain(Right), ch(' '), ch('l')], &[ProfileChoice], "next choice",         Guard::Always, Yes),
    row(Action::FormChoicePrev,  &[plain(Left), ch('h')],         &[ProfileChoice],  "previous choice",       Guard::Always, No),
    row(Action::FormNext,        &[plain(Enter)],                 PROFILE_FIELDS,    "next field",            Guard::Always, No),
    row(Action::Confirm,         &[ch('y'), plain(Enter)],        &[ProfileConfirm], "send",                  Guard::Always, Yes),
    row(Action::Close,           &[ch('n'), plain(Esc)],          &[ProfileConfirm], "back to the form",      Guard::Always, Yes),
    // Playbooks: `p` on a user or the marked ones; the menu, the plan, the run, the residue.
    // Always shown: on a read-only tenant the plan is a dry run and running refuses.
    row(Action::Playbooks,       &[ch('p')],                      USER_KEYS,         "playbooks",             Guard::Always, Yes),
    row(Action::Choose,          &[plain(Enter)],                 &[PlaybookMenu],   "plan",                  Guard::Always, Yes),
    row(Action::Down,            &[plain(Down), ch('j')],         PLAYBOOK_MOVES,    "down",                  Guard::Always, No),
    row(Action::Up,              &[plain(Up), ch('k')],           PLAYBOOK_MOVES,    "up",                    Guard::Always, No),
    row(Action::Close,           &[plain(Esc), ch('q')],          &[PlaybookMenu, PlaybookPlan, PlaybookDone], "close", Guard::Always, Yes),
    row(Action::Toggle,          &[ch(' ')],                      &[PlaybookPlan],   "tick/untick",           Guard::Always, Yes),
    row(Action::ToggleDeactivate, &[ch('d')],                     &[PlaybookPlan],   "suspend/deactivate",    Guard::Always, Yes),
    row(Action::ToggleForgetDevices, &[ch('f')],                  &[PlaybookPlan],   "forget devices",        Guard::Always, Yes),
    row(Action::Confirm,         &[plain(Enter)],                 &[PlaybookPlan],   "run…",                  Guard::Always, Yes),
    row(Action::Choose,          &[plain(Enter)],                 &[PlaybookConfirm], "run",                  Guard::Always, Yes),
    row(Action::Close,           &[plain(Esc), ctrl('c')],        &[PlaybookConfirm], "back to the plan",     Guard::Always, Yes),
    row(Action::Close,           &[plain(Esc)],                   &[PlaybookRun],    "stop after this step",  Guard::Always, Yes),
    row(Action::Close,           &[plain(Esc)],                   &[PlaybookPlanning], "stop",                Guard::Always, Yes),
    row(Action::PageDown,        &[plain(PageDown)],              PLAYBOOK_MOVES,    "page down",             Guard::Always, No),
    row(Action::PageUp,          &[plain(PageUp)],                PLAYBOOK_MOVES,    "page up",               Guard::Always, No),
    row(Action::Confirm,         &[ch('y'), plain(Enter)],        &[ResumeOffer],    "continue",              Guard::Always, Yes),
    row(Action::Close,           &[ch('n'), plain(Esc)],          &[ResumeOffer],    "dismiss",               Guard::Always, Yes),
    // A user's apps: how each came; assign one of the org's, unassign a direct one.
    row(Action::UserApps,        &[ch('w')],                      USER_KEYS,         "apps",                  Guard::Always, Yes),
    row(Action::Down,            &[ch('j'), plain(Down)],         &[AppsView],       "down",                  Guard::Always, No),
    row(Action::Up,              &[ch('k'), plain(Up)],           &[AppsView],       "up",                    Guard::Always, No),
    row(Action::AddToGroups,     &[ch('+'), ch('a')],             &[AppsView],       "assign an app",         Guard::Write,  Yes),
    row(Action::RemoveFromGroup, &[ch('-'), plain(Delete)],       &[AppsView],       "unassign (direct only)", Guard::Write, Yes),
    row(Action::Close,           &[plain(Esc), ch('q')],          &[AppsView],       "close",                 Guard::Always, Yes),
    row(Action::Down,            &[plain(Down)],                  &[AppsPick],       "down",                  Guard::Always, No),
    row(Action::Up,              &[plain(Up)],                    &[AppsPick],       "up",                    Guard::Always, No),
    row(Action::Choose,          &[plain(Enter)],                 &[AppsPick],       "assign",                Guard::Always, Yes),
    row(Action::Close,           &[plain(Esc), ctrl('c')],        &[AppsPick],       "back",                  Guard::Always, Yes),
    row(Action::Confirm,         &[ch('y'), plain(Enter)],        &[AppsConfirm],    "confirm",               Guard::Always, Yes),
    row(Action::Close,           &[ch('n'), plain(Esc)],          &[AppsConfirm],    "cancel",                Guard::Always, Yes),
];
