//! The add/edit tenant form of the Credentials tab: its state and how focus and choices move
//! (`state`), its fields (`field`), its keys (`keys`), and the validation that turns it into a
//! `TenantConfig` (`build`). Pure: whether an OS keyring runs is told to it (`keyring`), from a
//! probe the runtime performs when a form opens.

mod build;
mod field;
mod keys;
mod state;

pub use build::Built;
pub use field::{AuthKind, COLORS, DEFAULT_SCOPES, Field, KEPT_KEYRING, SecretInput, SourceKind};
pub use keys::FormRequest;
pub use state::TenantForm;

#[cfg(test)]
mod tests;
