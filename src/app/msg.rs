//! Everything that can happen to the console: input events and answers to effects.
//! Every API answer carries the `ReqId` of the effect that asked for it, so the reducer can drop
//! answers that arrive after the user moved on (stale answers).

use std::time::Duration;

use crossterm::event::{KeyEvent, MouseEvent};

use crate::okta::{AppLink, Fetched, Group, OktaError, RateBudget, Role, User, UserRow};

pub use super::ids::{ReqId, Slot, TenantInfo};

/// One page of a streamed list.
#[derive(Debug, Clone)]
pub enum PageItems {
    Users(Vec<UserRow>),
    Groups(Vec<Group>),
}

/// One part of the user detail (they are fetched in parallel and arrive in any order).
// A handful of these exist per opened user, moved once: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum DetailPart {
    User(Result<Fetched<User>, OktaError>),
    Groups(Result<Fetched<Vec<Group>>, OktaError>),
    Roles(Result<Fetched<Vec<Role>>, OktaError>),
    Apps(Result<Fetched<Vec<AppLink>>, OktaError>),
    /// Factors, blocks and recent System Log events for the sign-in card (each part's
    /// failure kept inside).
    SignIn(Box<crate::triage::TriageInput>),
}

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Paste(String),
    Resize(u16, u16),
    /// Animation tick; the runtime only sends it while `App::wants_tick` is true.
    Tick,
    /// A page of a list stream. `more` is false on the last page.
    Page {
        req: ReqId,
        slot: Slot,
        items: PageItems,
        more: bool,
    },
    /// A list stream failed; it is paused and `Effect::Retry` resumes it at the same page.
    PageFailed {
        req: ReqId,
        slot: Slot,
        error: OktaError,
    },
    /// The stream hit the rate limit and waits `wait` before resuming by itself.
    RateWait {
        req: ReqId,
        slot: Slot,
        wait: Duration,
    },
    Detail {
        req: ReqId,
        part: DetailPart,
    },
    GroupFetched {
        req: ReqId,
        result: Result<Fetched<Group>, OktaError>,
    },
    /// Latest rate-limit figures from the client.
    Rate(RateBudget),
    /// The client is waiting out a 429 for this much longer (None: not waiting). The runtime
    /// polls the client on ticks and sends this when it changes.
    ClientWait(Option<Duration>),
    /// The console is connected to a (new) tenant: lists reload.
    TenantReady(TenantInfo),
    /// Switching tenant failed (unknown name, damaged config, bad URL).
    TenantFailed(String),
    /// The clipboard write happened (OSC 52); `what` says what was copied.
    Copied(String),
    /// The clock, as `Effect::ReadClock` asked (seconds since the Unix epoch): the reducer
    /// never reads it itself.
    Clock {
        req: ReqId,
        now_epoch: i64,
    },
    /// Answers to `Effect::Action` (see `app/actions/`).
    Action(super::actions::ActionMsg),
    /// Answers to `Effect::Credentials` and `Effect::ProbeKeyring` (`app/credentials/`).
    Credentials(super::credentials::CredMsg),
    /// A page failed for a passing reason (5xx, lost connection) after the client's own
    /// retries: the stream asks for the same page again by itself after `wait` (try `attempt`
    /// of `okta::page_retry::PAGE_RETRIES`).
    PageRetry {
        req: ReqId,
        slot: Slot,
        wait: Duration,
        attempt: u32,
        error: OktaError,
    },
    /// Answers to `Effect::Pane` (the detail beside the list, `app/pane/`).
    Pane(super::pane::PaneMsg),
    /// Answers of the local index task (`app/index_view.rs`).
    Index(super::index_view::IndexMsg),
    /// Answers to `Effect::Logs` (the Logs tab, `app/logs/`).
    Logs(super::logs::LogsMsg),
    /// Answers to `Effect::Profile` (`app/profile/`).
    Profile(super::profile::ProfileMsg),
    /// Answers to `Effect::Playbook` (`app/playbooks/`).
    Playbook(super::playbooks::PbMsg),
}
