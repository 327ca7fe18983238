//! Writes from the console: the action menu (`a`), the lifecycle keys, confirm dialogs,
//! reset/activation links, delete, clear sessions, membership pickers, the create-user form,
//! runs on marked rows and the `:journal` view. Each dialog is a component here; the reducer
//! (`app/update/actions.rs`, `bulk.rs`, `membership.rs`, `create.rs`) turns what they ask for
//! into state and effects.
//!
//! Every single write goes the same way: the key asks for a fresh single-user GET (its
//! `_links` say what the user's state allows, a list row may be stale) → a confirm dialog
//! naming the user, the tenant and the effect → `ActionEffect::Write` →
//! `ActionMsg::WriteDone` carrying a fresh GET of the user, which updates the row and the
//! detail in place. Nothing here does I/O.

pub mod bulk;
pub mod confirm;
pub mod create_form;
pub mod effects;
pub mod journal;
pub mod link;
pub mod member_menu;
pub mod menu;
pub mod op;
pub mod picker;
pub mod waiting;

use super::component::Component;
use super::keymap::Context;

pub use super::ids::OpKind;
pub use bulk::BulkRun;
pub use confirm::Confirm;
pub use create_form::CreateForm;
pub use effects::{ActionEffect, ActionMsg};
pub use journal::JournalView;
pub use link::LinkDialog;
pub use member_menu::MemberMenu;
pub use menu::{ActionMenu, MenuItem};
pub use op::{FactorRef, GroupRef, NewUserSpec, Target, WriteOp, WriteOutcome};
pub use picker::Picker;
pub use waiting::{Checking, Countdown, Intent, Running};

/// The open write dialog (one variant of `Modal`).
#[derive(Debug, Clone, PartialEq)]
pub enum ActionModal {
    Checking(Checking),
    Menu(ActionMenu),
    Confirm(Confirm),
    Running(Running),
    Link(LinkDialog),
    Journal(JournalView),
    Bulk(BulkRun),
    MemberMenu(MemberMenu),
    /// A picker; for the create form's groups, the form waits underneath and comes back.
    Picker {
        picker: Picker,
        form: Option<Box<CreateForm>>,
    },
    Form(CreateForm),
}

impl ActionModal {
    /// The key-table context of the open dialog (its keys, hints and help rows).
    pub fn context(&self) -> Context {
        match self {
            ActionModal::Checking(c) => c.context(),
            ActionModal::Menu(m) => m.context(),
            ActionModal::Confirm(c) => c.context(),
            ActionModal::Running(r) => r.context(),
            ActionModal::Link(l) => l.context(),
            ActionModal::Journal(j) => j.context(),
            ActionModal::Bulk(run) => run.context(),
            ActionModal::MemberMenu(m) => m.context(),
            ActionModal::Picker { picker, .. } => picker.context(),
            ActionModal::Form(f) => f.context(),
        }
    }
}
