//! What the reducer asks the runtime to do. The reducer never performs I/O itself.
//! New kinds of work (writes, journal, forms) are new variants; the runtime matches on them.

use crate::okta::{GroupQuery, UserQuery};

use super::ids::{ReqId, Slot};

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Stream users page by page, answering with `Msg::Page { slot: Users }`.
    LoadUsers {
        req: ReqId,
        query: UserQuery,
    },
    /// Stream groups (with member counts).
    LoadGroups {
        req: ReqId,
        query: GroupQuery,
    },
    /// Stream a group's members.
    LoadMembers {
        req: ReqId,
        group_id: String,
    },
    /// Fetch a user, their groups, admin roles and app links (four `Msg::Detail` answers).
    LoadUserDetail {
        req: ReqId,
        user_id: String,
    },
    /// Fetch one group (for the raw view and fresh counts).
    LoadGroup {
        req: ReqId,
        group_id: String,
    },
    /// Resume a paused stream at the page that failed.
    Retry {
        slot: Slot,
    },
    /// Stop whatever fills this slot (loading stops; what arrived stays).
    Cancel {
        slot: Slot,
    },
    /// Put text on the clipboard with OSC 52.
    Copy {
        text: String,
        what: String,
    },
    /// Turn mouse capture on or off.
    SetMouse(bool),
    /// Connect to another configured tenant.
    SwitchTenant(String),
    /// Ctrl-Z: restore the terminal, stop, and come back on `fg`.
    Suspend,
    Quit,
    /// Read the clock and answer with `Msg::Clock` (a plan's time estimate needs it).
    ReadClock {
        req: ReqId,
    },
    /// Writes, pickers and the journal (see `app/actions/`).
    Action(super::actions::ActionEffect),
    /// Test Connect and config saves from the Credentials tab (`app/credentials/`).
    Credentials(super::credentials::CredEffect),
    /// Look for an OS keyring off the loop (`runtime/keyring.rs`), answered by
    /// `CredMsg::Keyring`.
    ProbeKeyring(super::credentials::ProbeKeyring),
    /// The detail beside the list: its settle timer and its fetch (`app/pane/`).
    Pane(super::pane::PaneEffect),
    /// Open the connected tenant's local index and sync it (`runtime/index_task.rs`).
    Index(super::index_view::IndexEffect),
    /// The Logs tab's listing and tail (`app/logs/`, `runtime/logs.rs`).
    Logs(super::logs::LogsEffect),
    /// The profile form's schema and update (`app/profile/`).
    Profile(super::profile::ProfileEffect),
    /// Playbook plans, runs, residue and the unfinished-run offer (`app/playbooks/`).
    Playbook(super::playbooks::PbEffect),
}
