//! Okta's error object, `{errorCode, errorSummary, errorLink, errorId, errorCauses}`, and the
//! codes the sandbox answers with (summaries as Okta words them).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An Okta error answer. `errorId` is filled in when the response is built.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    pub status: StatusCode,
    pub code: &'static str,
    pub summary: String,
    pub causes: Vec<String>,
}

impl ErrorResponse {
    pub fn new(status: StatusCode, code: &'static str, summary: impl Into<String>) -> Self {
        ErrorResponse {
            status,
            code,
            summary: summary.into(),
            causes: Vec::new(),
        }
    }

    pub fn with_causes(mut self, causes: Vec<String>) -> Self {
        self.causes = causes;
        self
    }

    /// 400 E0000001 "Api validation failed: {field}" with one cause per problem.
    pub fn validation(field: &str, causes: Vec<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000001",
            format!("Api validation failed: {field}"),
        )
        .with_causes(causes)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "E0000007",
            format!("Not found: Resource not found: {what}"),
        )
    }

    pub fn path_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "E0000008",
            "The requested path was not found",
        )
    }

    pub fn invalid_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "E0000011",
            "Invalid token provided",
        )
    }

    pub fn access_denied() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "E0000006",
            "You do not have permission to perform the requested action",
        )
    }

    pub fn malformed_body() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000003",
            "The request body was not well-formed.",
        )
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "E0000022",
            "The endpoint does not support the provided HTTP method",
        )
    }

    pub fn invalid_search(cause: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000031",
            "Invalid search criteria.",
        )
        .with_causes(vec![cause.into()])
    }

    /// "Operation not allowed in the user's current status" (the generic lifecycle refusal).
    pub fn wrong_status() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "E0000038",
            "This operation is not allowed in the user's current status.",
        )
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "E0000009",
            "Internal Server Error",
        )
    }

    pub fn rate_limited() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "E0000047",
            "API call exceeded rate limit due to too many requests.",
        )
    }

    /// The JSON body, with the given `errorId`.
    pub fn body(&self, error_id: &str) -> serde_json::Value {
        json!({
            "errorCode": self.code,
            "errorSummary": self.summary,
            "errorLink": self.code,
            "errorId": error_id,
            "errorCauses": self.causes.iter().map(|c| json!({"errorSummary": c})).collect::<Vec<_>>(),
        })
    }
}

/// Okta's error ids look like `oaeHfmOAx1iRLa0H10DeMz5fQ`: "oae" and 22 more characters.
/// Derived from a process-wide counter so every error gets a distinct one.
fn next_error_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0x0123_4567_89AB_CDEF);
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    let mut x = super::seed::mix64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let mut id = String::from("oae");
    for i in 0..22 {
        // 10 base-64 digits use 60 of the 64 bits; then take fresh bits.
        if i > 0 && i % 10 == 0 {
            x = super::seed::mix64(x ^ i as u64);
        }
        id.push(ALPHABET[(x % 64) as usize] as char);
        x /= 64;
    }
    id
}

impl IntoResponse for ErrorResponse {
    fn into_response(self) -> Response {
        let body = self.body(&next_error_id());
        let mut resp = (self.status, axum::Json(body)).into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_every_field_and_causes() {
        let e = ErrorResponse::validation("login", vec!["login: taken".into()]);
        let b = e.body("oaeX");
        assert_eq!(b["errorCode"], "E0000001");
        assert_eq!(b["errorLink"], "E0000001");
        assert_eq!(b["errorId"], "oaeX");
        assert_eq!(b["errorSummary"], "Api validation failed: login");
        assert_eq!(b["errorCauses"][0]["errorSummary"], "login: taken");
    }

    #[test]
    fn error_ids_differ() {
        let a = next_error_id();
        let b = next_error_id();
        assert_ne!(a, b);
        assert!(a.starts_with("oae") && a.len() == 25);
        assert!(!a.ends_with("000"), "every character carries entropy: {a}");
    }
}
