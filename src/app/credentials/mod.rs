//! The Credentials tab: the configured tenants, switching between them, and the add / edit /
//! delete dialogs with Test Connect and Connect & Create. Everything here is state and
//! components; the reducer (`update/credentials`) turns their outcomes into effects, which
//! the runtime performs (`runtime/tenants.rs`, `runtime/keyring.rs`) and answers with
//! `CredMsg`s. Nothing here imports `App`, `Modal`, `Msg` or `Effect`.

pub mod delete;
pub mod form;
mod messages;
mod save;
pub mod tab;
pub mod test_result;

pub use delete::{DeleteRequest, DeleteTenant};
pub use form::{Built, Field, FormRequest, TenantForm};
pub use messages::{CredEffect, CredMsg, ProbeKeyring};
pub use save::{SaveOp, same_tenant};
pub use tab::{CredentialsTab, Notice, TenantRow, Tone};
pub use test_result::{FormTest, TestOutcome};

/// The Credentials tab's dialogs.
#[derive(Debug, Clone, PartialEq)]
pub enum CredModal {
    Form(Box<TenantForm>),
    /// Delete asks first, naming the tenant.
    ConfirmDelete(DeleteTenant),
}
