//! Turning a raw HTTP answer into what callers get: a cleaned JSON body and the visible
//! headers, or the error Okta meant (Okta error object, OAuth error, empty body with
//! `WWW-Authenticate`, or something that is not Okta at all).

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, WWW_AUTHENTICATE};
use serde_json::Value;

use super::error::OktaError;
use super::sanitize::{clean, clean_value};

/// One raw answer: what the raw/headers view and `--include-headers` show.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    pub status: u16,
    /// Header names lower-case, in arrival order; Authorization-like headers never appear here.
    pub headers: Vec<(String, String)>,
    /// Parsed and cleaned body; `Value::Null` for an empty body (204).
    pub body: Value,
    pub request_id: Option<String>,
    /// The body pretty-printed as it came, escape and control characters written out as
    /// `\u001b` (never sent raw): only when it held any, for the raw view.
    pub raw_text: Option<String>,
}

impl ApiResponse {
    /// The first header with this (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One answer as it came off the wire (body fully read).
#[derive(Debug)]
pub struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn request_id(&self) -> Option<String> {
        header(&self.headers, "x-okta-request-id")
    }

    /// Fails with the mapped error unless the status is 2xx.
    pub fn ensure_success(&self) -> Result<(), OktaError> {
        if self.status.is_success() {
            Ok(())
        } else {
            Err(api_error(self))
        }
    }

    /// The body as cleaned JSON (`Null` when empty); non-JSON is `NotOkta`.
    pub fn json(&self) -> Result<Value, OktaError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        match serde_json::from_slice::<Value>(&self.body) {
            Ok(mut v) => {
                clean_value(&mut v);
                Ok(v)
            }
            Err(e) if looks_like_json(self) => Err(OktaError::Decode(clean(&e.to_string()))),
            Err(_) => Err(not_okta(self)),
        }
    }

    /// The error for a body that did not parse as the expected shape.
    pub fn decode_error(&self, e: &serde_json::Error) -> OktaError {
        if looks_like_json(self) {
            OktaError::Decode(clean(&e.to_string()))
        } else {
            not_okta(self)
        }
    }

    /// Status and visible headers with the given (already cleaned) body.
    pub fn to_api_response(&self, body: Value) -> ApiResponse {
        // A page's body is not kept (Null here), so neither is its text.
        let raw_text = if body.is_null() {
            None
        } else {
            shown_raw(&self.body)
        };
        ApiResponse {
            status: self.status.as_u16(),
            headers: visible_headers(&self.headers),
            body,
            request_id: self.request_id(),
            raw_text,
        }
    }
}

/// The body pretty-printed with its escape, control and bidi characters written out as
/// `\uXXXX` text, when it holds any (None for a clean body, the common case).
fn shown_raw(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    // JSON carries a control character as `\u001b` text or (C1, bidi) as itself.
    if !text.contains("\\u") && !text.chars().any(super::sanitize::is_hidden_control) {
        return None;
    }
    let value: Value = serde_json::from_str(text).ok()?;
    if !holds_control(&value) {
        return None;
    }
    // JSON writes C0 controls as `\u001b` already; C1, DEL and bidi controls are not escaped
    // by it, so they are written out here.
    let pretty = serde_json::to_string_pretty(&value).ok()?;
    Some(super::sanitize::write_out_controls(&pretty))
}

fn holds_control(v: &Value) -> bool {
    let hidden = |s: &str| s.chars().any(super::sanitize::is_hidden_control);
    match v {
        Value::String(s) => hidden(s),
        Value::Array(items) => items.iter().any(holds_control),
        Value::Object(map) => map.iter().any(|(k, v)| hidden(k) || holds_control(v)),
        _ => false,
    }
}

/// A header as cleaned text.
pub fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .map(|v| clean(&String::from_utf8_lossy(v.as_bytes())))
}

/// Headers safe to show (raw view, `--include-headers`): names lower-case, values cleaned,
/// anything that can carry a credential or a session left out.
pub fn visible_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .filter(|(name, _)| {
            !matches!(
                name.as_str(),
                "authorization" | "proxy-authorization" | "cookie" | "set-cookie" | "dpop"
            )
        })
        .map(|(name, v)| {
            (
                name.as_str().to_owned(),
                clean(&String::from_utf8_lossy(v.as_bytes())),
            )
        })
        .collect()
}

fn looks_like_json(raw: &RawResponse) -> bool {
    let ct_json = raw
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().contains("json"));
    let first = raw.body.iter().find(|b| !b.is_ascii_whitespace());
    ct_json || matches!(first, Some(b'{') | Some(b'['))
}

/// The error for a non-2xx answer.
pub fn api_error(raw: &RawResponse) -> OktaError {
    let status = raw.status.as_u16();
    let request_id = raw.request_id();
    let www_authenticate = header(&raw.headers, WWW_AUTHENTICATE.as_str());
    let reason = raw
        .status
        .canonical_reason()
        .unwrap_or("unexpected status")
        .to_owned();

    // Okta's API does not redirect; a redirect means the URL is a web page or another site
    // (redirects are never followed, so the credential stays here).
    if raw.status.is_redirection() {
        let to = header(&raw.headers, "location").unwrap_or_else(|| "elsewhere".into());
        return OktaError::NotOkta {
            status,
            detail: format!("redirected to {to}; check the Okta domain"),
        };
    }
    if raw.body.iter().all(u8::is_ascii_whitespace) {
        // OAuth/DPoP failures on resource endpoints: the reason is only in WWW-Authenticate.
        if let Some(w) = &www_authenticate {
            let code = auth_param(w, "error");
            let summary = auth_param(w, "error_description")
                .or_else(|| code.clone())
                .unwrap_or_else(|| reason.clone());
            let causes = auth_param(w, "scope")
                .map(|s| vec![format!("required scope: {s}")])
                .unwrap_or_default();
            return OktaError::Api {
                status,
                code,
                summary,
                causes,
                request_id,
                www_authenticate,
            };
        }
        return OktaError::Api {
            status,
            code: None,
            summary: reason,
            causes: Vec::new(),
            request_id,
            www_authenticate,
        };
    }

    let parsed = serde_json::from_slice::<Value>(&raw.body)
        .ok()
        .map(|mut v| {
            clean_value(&mut v);
            v
        });
    let Some(Value::Object(obj)) = parsed else {
        return not_okta(raw);
    };
    let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_owned);

    if obj.contains_key("errorCode") || obj.contains_key("errorSummary") {
        let causes = obj
            .get("errorCauses")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.get("errorSummary").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        return OktaError::Api {
            status,
            code: text("errorCode"),
            summary: text("errorSummary").unwrap_or(reason),
            causes,
            request_id,
            www_authenticate,
        };
    }
    if let Some(code) = text("error") {
        // OAuth shape {error, error_description}.
        return OktaError::Api {
            status,
            summary: text("error_description").unwrap_or_else(|| code.clone()),
            code: Some(code),
            causes: Vec::new(),
            request_id,
            www_authenticate,
        };
    }
    OktaError::Api {
        status,
        code: None,
        summary: reason,
        causes: Vec::new(),
        request_id,
        www_authenticate,
    }
}

/// The answer is not from an Okta API: say what it was instead.
pub fn not_okta(raw: &RawResponse) -> OktaError {
    let ct =
        header(&raw.headers, CONTENT_TYPE.as_str()).unwrap_or_else(|| "no content type".into());
    let text = String::from_utf8_lossy(&raw.body[..raw.body.len().min(64 * 1024)]);
    let detail = match html_title(&text) {
        Some(title) => format!("expected JSON, got an HTML page ({ct}) titled {title:?}"),
        None if ct.to_ascii_lowercase().contains("html") => {
            format!("expected JSON, got an HTML page ({ct})")
        }
        None => format!("expected JSON, got {ct}"),
    };
    OktaError::NotOkta {
        status: raw.status.as_u16(),
        detail: format!("{detail}; check the Okta domain"),
    }
}

fn html_title(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title")?;
    let open_end = start + lower[start..].find('>')? + 1;
    let close = open_end + lower[open_end..].find("</title")?;
    let title = clean(text.get(open_end..close)?);
    let title = title.trim();
    Some(title.chars().take(80).collect())
}

/// One parameter of a `WWW-Authenticate` challenge (`error="…"`), quoted or not.
pub fn auth_param(header: &str, name: &str) -> Option<String> {
    let bytes = header.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Find a parameter name boundary.
        let at_boundary = i == 0 || matches!(bytes[i - 1], b' ' | b',' | b'\t');
        if at_boundary
            && bytes.len() - i > name.len()
            && bytes[i..i + name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            let mut j = i + name.len();
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                while j < bytes.len() && bytes[j] == b' ' {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == b'"' {
                    let mut out = Vec::new();
                    j += 1;
                    while j < bytes.len() && bytes[j] != b'"' {
                        if bytes[j] == b'\\' && j + 1 < bytes.len() {
                            j += 1;
                        }
                        out.push(bytes[j]);
                        j += 1;
                    }
                    return Some(clean(&String::from_utf8_lossy(&out)));
                }
                let start = j;
                while j < bytes.len() && bytes[j] != b',' && bytes[j] != b' ' {
                    j += 1;
                }
                return Some(clean(&header[start..j]));
            }
        }
        // Skip quoted strings so names inside values are not matched.
        if bytes[i] == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                if bytes[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn raw(status: u16, headers: &[(&'static str, &str)], body: &str) -> RawResponse {
        let mut h = HeaderMap::new();
        for (k, v) in headers {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        RawResponse {
            status: StatusCode::from_u16(status).unwrap(),
            headers: h,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn okta_error_object() {
        let r = raw(
            400,
            &[
                ("content-type", "application/json"),
                ("x-okta-request-id", "req-1"),
            ],
            r#"{"errorCode":"E0000001","errorSummary":"Api validation failed: login","errorLink":"E0000001","errorId":"x","errorCauses":[{"errorSummary":"login: An object with this field already exists\u001b[31m"}]}"#,
        );
        let e = api_error(&r);
        assert_eq!(
            e,
            OktaError::Api {
                status: 400,
                code: Some("E0000001".into()),
                summary: "Api validation failed: login".into(),
                causes: vec!["login: An object with this field already exists".into()],
                request_id: Some("req-1".into()),
                www_authenticate: None,
            }
        );
        assert!(e.to_string().contains("req-1"));
    }

    #[test]
    fn empty_body_with_www_authenticate() {
        let w = r#"Bearer authorization_uri="https://a/oauth2/v1/authorize", realm="IdP", scope="okta.groups.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/groups""#;
        let e = api_error(&raw(403, &[("www-authenticate", w)], ""));
        match e {
            OktaError::Api {
                status,
                code,
                summary,
                causes,
                www_authenticate,
                ..
            } => {
                assert_eq!(status, 403);
                assert_eq!(code.as_deref(), Some("insufficient_scope"));
                assert_eq!(
                    summary,
                    "The access token provided does not contain the required scopes."
                );
                assert_eq!(causes, vec!["required scope: okta.groups.read".to_string()]);
                assert!(www_authenticate.is_some());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn auth_param_edge_cases() {
        let w = r#"DPoP algs="RS256 ES256", error=invalid_dpop_proof, error_description="'htu' claim \"x\" is invalid.""#;
        assert_eq!(
            auth_param(w, "error").as_deref(),
            Some("invalid_dpop_proof")
        );
        assert_eq!(
            auth_param(w, "error_description").as_deref(),
            Some("'htu' claim \"x\" is invalid.")
        );
        assert_eq!(auth_param(r#"Bearer realm="error=nope""#, "error"), None);
        assert_eq!(auth_param("", "error"), None);
    }

    #[test]
    fn empty_body_without_challenge_uses_reason() {
        let e = api_error(&raw(411, &[], ""));
        assert_eq!(e.status(), Some(411));
        assert!(e.to_string().contains("Length Required"));
    }

    #[test]
    fn html_is_not_okta() {
        let e = api_error(&raw(
            404,
            &[("content-type", "text/html; charset=utf-8")],
            "<!doctype html><html><head><title>Page \u{1b}[2JNot Found</title></head></html>",
        ));
        match &e {
            OktaError::NotOkta { status, detail } => {
                assert_eq!(*status, 404);
                assert!(detail.contains("Page Not Found"), "{detail}");
                assert!(!detail.contains('\u{1b}'));
            }
            other => panic!("{other:?}"),
        }
        let ok_html = raw(200, &[("content-type", "text/html")], "<html>hi</html>");
        assert!(matches!(ok_html.json(), Err(OktaError::NotOkta { .. })));
    }

    #[test]
    fn redirect_is_not_okta() {
        let e = api_error(&raw(302, &[("location", "https://login.example.com/")], ""));
        match e {
            OktaError::NotOkta { status, detail } => {
                assert_eq!(status, 302);
                assert!(detail.contains("https://login.example.com/"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn oauth_error_shape() {
        let e = api_error(&raw(
            400,
            &[("content-type", "application/json")],
            r#"{"error":"invalid_dpop_proof","error_description":"The DPoP proof JWT header is missing."}"#,
        ));
        assert_eq!(e.code(), Some("invalid_dpop_proof"));
        assert!(e.to_string().contains("DPoP proof JWT header is missing"));
    }

    #[test]
    fn headers_hide_credentials_and_clean_values() {
        let r = raw(
            200,
            &[("set-cookie", "sid=secret"), ("x-okta-request-id", "abc")],
            "",
        );
        let h = r.to_api_response(Value::Null).headers;
        assert!(h.iter().all(|(k, _)| k != "set-cookie"));
        assert!(h.contains(&("x-okta-request-id".into(), "abc".into())));
    }

    #[test]
    fn json_body_is_cleaned() {
        let r = raw(200, &[], r#"{"a":"x\u001b[2Jy","b":"\u202eevil"}"#);
        assert_eq!(r.json().unwrap(), serde_json::json!({"a":"xy","b":"evil"}));
        assert_eq!(raw(204, &[], "").json().unwrap(), Value::Null);
    }

    #[test]
    fn the_raw_text_writes_out_what_cleaning_removed() {
        let r = raw(
            200,
            &[],
            r#"{"a":"x\u001b[2Jy","b":"\u202eevil","c":"\u009b1m"}"#,
        );
        let body = r.json().unwrap();
        let text = r.to_api_response(body).raw_text.expect("kept");
        assert!(text.contains(r#""x\u001b[2Jy""#), "{text}");
        assert!(text.contains(r#""\u202eevil""#), "{text}");
        assert!(text.contains(r#""\u009b1m""#), "{text}");
        // Written out, never sent: no control or bidi character is left in it.
        assert!(
            !text
                .chars()
                .any(|c| c != '\n' && (c.is_control() || c == '\u{202e}')),
            "{text:?}"
        );
        // A clean body keeps no second copy.
        let clean = raw(200, &[], r#"{"a":"plain \"quoted\" text"}"#);
        assert_eq!(clean.to_api_response(clean.json().unwrap()).raw_text, None);
    }
}
