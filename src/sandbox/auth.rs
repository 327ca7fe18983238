//! Who is calling. Every `/api/v1/*` request is authenticated before its handler runs; SSWS
//! API tokens are checked by [`authorize`].
//!
//! OAuth 2.0: `routes::require_auth` first asks `oauth::authorize` (the credentials work),
//! which answers for `Bearer` / `DPoP` tokens and returns `None` for anything else; the SSWS
//! check below handles the rest. `method` and `uri` are passed so scopes can be checked per
//! operation and DPoP proofs (`htm`, `htu`) verified. OAuth state lives in
//! `SandboxState::extensions` or in oauth.rs itself.

use axum::http::{HeaderMap, Method, Uri, header};

use super::error::ErrorResponse;
use super::state::SandboxState;

/// The caller, once authenticated. Handlers read it from the request extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// An SSWS API token: it acts as the admin who created it (`users/me`).
    ApiToken { admin_id: String },
    /// An OAuth 2.0 service app (client credentials): no user behind it.
    Service {
        client_id: String,
        scopes: Vec<String>,
    },
}

/// Checks the `Authorization` header of a request to `method` `uri`.
///
/// A missing, malformed or wrong credential gives 401 E0000011 "Invalid token provided", the
/// answer the spec shares across operations (`ErrorInvalidToken401`).
pub(crate) fn authorize(
    state: &SandboxState,
    headers: &HeaderMap,
    method: &Method,
    uri: &Uri,
) -> Result<Principal, ErrorResponse> {
    let _ = (method, uri); // used by the OAuth checks (scopes per operation, DPoP htm/htu)
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Err(ErrorResponse::invalid_token());
    };
    let value = value.trim();
    // Okta's own Python SDK (3.4) sends `SSWS<token>` with no space, and Okta accepts it.
    let ssws = value
        .get(..4)
        .filter(|scheme| scheme.eq_ignore_ascii_case("SSWS"))
        .and_then(|_| value.get(4..));
    match ssws {
        Some(credential) => {
            let credential = credential.trim();
            if !credential.is_empty() && same_secret(credential, &state.token) {
                Ok(Principal::ApiToken {
                    admin_id: state.read_store().admin_id.clone(),
                })
            } else {
                Err(ErrorResponse::invalid_token())
            }
        }
        // `Bearer` / `DPoP` reach here only when oauth.rs did not take them.
        None => Err(ErrorResponse::invalid_token()),
    }
}

/// Compares without stopping at the first difference, so timing does not reveal how much of a
/// guessed token was right.
fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_comparison() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }
}
