//! How requests are authorised. SSWS API tokens today; OAuth 2.0 service apps (private key JWT
//! + DPoP) slot in behind the same type without touching callers.

use secrecy::SecretString;

#[derive(Clone)]
pub enum Auth {
    /// `Authorization: SSWS <token>`.
    Ssws(SecretString),
}
