//! The key table's words: the actions a key can ask for, the contexts a binding works in, and
//! the guard that says when it does. The table, the lookups and the palette commands all
//! speak these; this file imports nothing else of the keymap.

use crate::app::ids::OpKind;

/// Everything a key can ask for. Each family adds its variants in its own section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Help,
    Quit,
    Palette,
    NextTab,
    UsersTab,
    GroupsTab,
    CredentialsTab,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    Back,
    Filter,
    Search,
    StatusFilter,
    Sort,
    SortReverse,
    Refresh,
    Copy,
    Raw,
    Suspend,
    // Writes (`app/actions/`): capitals, deliberate.
    ActionMenu,
    Activate,
    Deactivate,
    SuspendUser,
    Unsuspend,
    Unlock,
    ExpirePassword,
    ResetPassword,
    ClearSessions,
    DeleteUser,
    CreateUser,
    Membership,
    Mark,
    // The write dialogs (`app/actions/`): menus, confirm, pickers, runs, the create form.
    Confirm,
    ToggleEmail,
    ToggleRevoke,
    ToggleOauth,
    AddToGroups,
    RemoveFromGroup,
    Pick,
    Toggle,
    RemoveLast,
    // The Credentials tab, its tenant form and delete confirmation (`app/credentials/`).
    TenantSwitch,
    TenantNew,
    TenantEdit,
    TenantDelete,
    TenantTest,
    TenantImport,
    FormNext,
    FormPrev,
    FormTest,
    FormSave,
    FormCancel,
    FormChoicePrev,
    FormChoiceNext,
    FormPress,
    FormDiscard,
    TenantDeleteConfirm,
    TenantDeleteKeep,
    // Dialogs (`app/dialogs/`): the same words in every dialog that has them.
    /// Take the highlighted choice or the typed text.
    Choose,
    /// Close the dialog without doing anything.
    Close,
    /// Open the status line's message whole: summary, every cause, request id, what to do.
    WholeMessage,
    /// Reset all of a user's MFA factors (a lifecycle write, `app/actions/`).
    ResetFactors,
    // Bulk runs: run again the rows that failed.
    RetryFailed,
    // The detail beside the list (`app/pane/`): show or hide it.
    TogglePane,
    // The local index: list the whole org again (`r` syncs only what changed).
    FullSync,
    // The raw view: lines wider than the screen scroll sideways.
    ScrollLeft,
    ScrollRight,
    // The Logs tab (`app/logs/`) and resetting one factor from the user detail.
    LogsTab,
    LogPresets,
    Tail,
    /// The System Log of the focused user (the "this user's events" preset).
    UserLog,
    LogActor,
    LogTarget,
    ResetFactor,
    // Profile edit and playbooks (`app/profile/`, `app/playbooks/`).
    EditProfile,
    Playbooks,
    ToggleDeactivate,
    ToggleForgetDevices,
    UserApps,
}

impl Action {
    /// The name used in the config's `[keys]` table.
    pub fn name(self) -> &'static str {
        match self {
            Action::Help => "help",
            Action::Quit => "quit",
            Action::Palette => "palette",
            Action::NextTab => "next_tab",
            Action::UsersTab => "users",
            Action::GroupsTab => "groups",
            Action::CredentialsTab => "credentials",
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Open => "open",
            Action::Back => "back",
            Action::Filter => "filter",
            Action::Search => "search",
            Action::StatusFilter => "status_filter",
            Action::Sort => "sort",
            Action::SortReverse => "sort_reverse",
            Action::Refresh => "refresh",
            Action::Copy => "copy",
            Action::Raw => "raw",
            Action::Suspend => "suspend",
            Action::ActionMenu => "actions",
            Action::Activate => "activate",
            Action::Deactivate => "deactivate",
            Action::SuspendUser => "suspend_user",
            Action::Unsuspend => "unsuspend",
            Action::Unlock => "unlock",
            Action::ExpirePassword => "expire_password",
            Action::ResetPassword => "reset_password",
            Action::ClearSessions => "clear_sessions",
            Action::DeleteUser => "delete_user",
            Action::CreateUser => "create_user",
            Action::Membership => "membership",
            Action::Mark => "mark",
            Action::Confirm => "confirm",
            Action::ToggleEmail => "toggle_email",
            Action::ToggleRevoke => "toggle_revoke_sessions",
            Action::ToggleOauth => "toggle_oauth_tokens",
            Action::AddToGroups => "add_to_groups",
            Action::RemoveFromGroup => "remove_from_group",
            Action::Pick => "pick",
            Action::Toggle => "toggle",
            Action::RemoveLast => "remove_last",
            Action::TenantSwitch => "tenant_switch",
            Action::TenantNew => "tenant_new",
            Action::TenantEdit => "tenant_edit",
            Action::TenantDelete => "tenant_delete",
            Action::TenantTest => "tenant_test",
            Action::TenantImport => "tenant_import",
            Action::FormNext => "form_next",
            Action::FormPrev => "form_prev",
            Action::FormTest => "form_test",
            Action::FormSave => "form_save",
            Action::FormCancel => "form_cancel",
            Action::FormChoicePrev => "form_choice_prev",
            Action::FormChoiceNext => "form_choice_next",
            Action::FormPress => "form_press",
            Action::FormDiscard => "form_discard",
            Action::TenantDeleteConfirm => "tenant_delete_confirm",
            Action::TenantDeleteKeep => "tenant_delete_keep",
            Action::Choose => "choose",
            Action::Close => "close",
            Action::WholeMessage => "whole_message",
            Action::ResetFactors => "reset_factors",
            Action::RetryFailed => "retry_failed",
            Action::TogglePane => "toggle_pane",
            Action::FullSync => "full_sync",
            Action::ScrollLeft => "scroll_left",
            Action::ScrollRight => "scroll_right",
            Action::LogsTab => "logs",
            Action::LogPresets => "log_presets",
            Action::Tail => "tail",
            Action::UserLog => "user_log",
            Action::LogActor => "log_actor",
            Action::LogTarget => "log_target",
            Action::ResetFactor => "reset_factor",
            Action::EditProfile => "edit_profile",
            Action::Playbooks => "playbooks",
            Action::ToggleDeactivate => "toggle_deactivate",
            Action::ToggleForgetDevices => "toggle_forget_devices",
            Action::UserApps => "user_apps",
        }
    }
}

/// Where a binding works. The app reports the current context; the footer shows only what
/// works there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Users,
    Groups,
    Credentials,
    UserDetail,
    GroupDetail,
    Raw,
    /// The Credentials tab's add/edit tenant form (typed keys go to its fields).
    TenantForm,
    /// A text field of the tenant form (typed keys are its text).
    TenantText,
    /// A choice field of the tenant form (auth type, token source, DPoP, read-only, colour).
    TenantChoice,
    /// The tenant form's buttons.
    TenantButtons,
    /// The tenant form asking whether to discard what was typed.
    TenantDiscard,
    /// The confirmation before a tenant is deleted from the config file.
    TenantDelete,
    /// The local filter being typed on the status line.
    FilterLine,
    // Dialogs (`app/dialogs/`). Those with a text line have no plain-letter rows.
    Help,
    Palette,
    Prompt,
    StatusPick,
    Error,
    // The write dialogs (`app/actions/`).
    /// Waiting for the fresh GET that decides what a user allows.
    Checking,
    /// One write in flight.
    Running,
    ActionMenu,
    Confirm,
    /// Confirming a delete: the login is typed back, so letters are text.
    ConfirmDelete,
    Link,
    Journal,
    BulkChoose,
    BulkPlan,
    BulkRunning,
    BulkDone,
    MemberMenu,
    /// A groups or users picker: letters are typed into its filter.
    Picker,
    /// The create-user form: letters are typed into its fields.
    CreateForm,
    /// The create form asking whether to throw away what was typed.
    Discard,
    // The Logs tab (`app/logs/`): the list, one event opened, the preset menu.
    Logs,
    LogEvent,
    LogPresets,
    // Profile edit and playbooks (`app/profile/`, `app/playbooks/`).
    /// The profile form on a text attribute: letters are typed into it.
    ProfileText,
    /// The profile form on a choice (enum, boolean) or a locked attribute.
    ProfileChoice,
    /// The profile changes listed before they are sent.
    ProfileConfirm,
    PlaybookMenu,
    /// The plan: steps ticked or not, options, the estimate.
    PlaybookPlan,
    /// The plan confirmed by typing the login (or the count): letters are text.
    PlaybookConfirm,
    PlaybookRun,
    /// The run's results and the residue report.
    PlaybookDone,
    /// The offer to continue an unfinished run found in the journal.
    ResumeOffer,
    /// A user's app assignments, with how each came.
    AppsView,
    /// Picking an app of the org to assign: letters filter.
    AppsPick,
    /// Confirming an assign or unassign.
    AppsConfirm,
    /// Reading the users to build a playbook's plan.
    PlaybookPlanning,
}

impl Context {
    /// Contexts with a text line: typed characters are text there, never actions, even when
    /// the config binds a plain letter to an action these contexts share (e.g. `down`).
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Context::TenantForm
                | Context::TenantText
                | Context::Palette
                | Context::Prompt
                | Context::ConfirmDelete
                | Context::Picker
                | Context::ProfileText
                | Context::PlaybookConfirm
                | Context::AppsPick
        )
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Users => "Users",
            Context::Groups => "Groups",
            Context::Credentials => "Credentials",
            Context::UserDetail => "User detail",
            Context::GroupDetail => "Group and members",
            Context::Raw => "Raw response",
            Context::TenantForm => "Tenant form",
            Context::TenantText => "Tenant form text field",
            Context::TenantChoice => "Tenant form choice",
            Context::TenantButtons => "Tenant form buttons",
            Context::TenantDiscard => "Discard typed input",
            Context::TenantDelete => "Delete tenant",
            Context::FilterLine => "Filter line",
            Context::Help => "Help",
            Context::Palette => "Command palette",
            Context::Prompt => "Search prompt",
            Context::StatusPick => "Status filter",
            Context::Error => "Error",
            Context::Checking => "Checking the user",
            Context::Running => "Write in flight",
            Context::ActionMenu => "Actions",
            Context::Confirm => "Confirm a write",
            Context::ConfirmDelete => "Confirm a delete",
            Context::Link => "Link",
            Context::Journal => "Journal",
            Context::BulkChoose => "Act on marked rows",
            Context::BulkPlan => "Plan",
            Context::BulkRunning => "Run",
            Context::BulkDone => "Run results",
            Context::MemberMenu => "Group membership",
            Context::Picker => "Picker",
            Context::CreateForm => "Create user",
            Context::Discard => "Discard the form",
            Context::Logs => "Logs",
            Context::LogEvent => "Log event",
            Context::LogPresets => "Log presets",
            Context::ProfileText => "Profile form text field",
            Context::ProfileChoice => "Profile form choice",
            Context::ProfileConfirm => "Confirm profile changes",
            Context::PlaybookMenu => "Playbooks",
            Context::PlaybookPlan => "Playbook plan",
            Context::PlaybookConfirm => "Confirm a playbook run",
            Context::PlaybookRun => "Playbook run",
            Context::PlaybookDone => "Playbook results",
            Context::ResumeOffer => "Continue an unfinished run",
            Context::AppsView => "User's apps",
            Context::AppsPick => "Pick an app",
            Context::AppsConfirm => "Confirm an app change",
            Context::PlaybookPlanning => "Planning a playbook",
        }
    }
}

/// What must hold for a binding to do anything (and to show in the footer and help). The
/// table says which guard a row needs; the reducer evaluates guards against its state, so
/// read-only and status rules are data in the table, not code per key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    Always,
    /// A write: only on a writable tenant.
    Write,
    /// A write of this kind on the focused user (or the marked ones): a writable tenant and a
    /// user whose status allows it.
    Op(OpKind),
    /// A Credentials tab key: what it needs of the config file and the selected tenant.
    Tenant(TenantNeed),
}

impl Guard {
    pub fn is_write(self) -> bool {
        matches!(self, Guard::Write | Guard::Op(_))
    }
}

/// What a Credentials tab key needs. A damaged config file is never written, and a tenant
/// that is not in the file (the demo, the OKTA_CLIENT_* tenant) cannot be edited, deleted or
/// tested from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenantNeed {
    /// A tenant row is selected.
    Selected,
    /// The config file can be written (it parses).
    Writable,
    /// The selected tenant is in the config file.
    InFile,
    /// The selected tenant is in a config file that can be written.
    InWritableFile,
}

/// Whether a binding shows in the footer (the help screen shows every binding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Footer {
    Yes,
    No,
}
