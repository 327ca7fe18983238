//! A user's MFA factors (SPEC `listFactors`, `getFactor`, `unenrollFactor`) and blocks
//! (SPEC `listUserBlocks`). Resetting one factor is [`Write::ResetFactor`]; resetting all is
//! the `reset_factors` lifecycle operation (`Write::Lifecycle` with `ResetFactors`).
//!
//! [`Write::ResetFactor`]: super::write::Write::ResetFactor

use reqwest::Method;
use serde_json::{Map, Value};

use super::client::{Client, Fetched, PlannedRequest};
use super::error::OktaError;
use super::models::{Millis, parse_timestamp};
pub(crate) use super::refs::{factor_path, factors_path, user_path};
use super::sanitize::clean_value;

/// One enrolled (or pending) factor.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    pub id: String,
    /// `push`, `token:software:totp`, `sms`, `email`, `webauthn`, `question`, ...
    pub factor_type: String,
    pub provider: String,
    pub vendor_name: Option<String>,
    /// `ACTIVE`, `PENDING_ACTIVATION`, `NOT_SETUP`, ...
    pub status: String,
    pub created: Option<Millis>,
    pub last_updated: Option<Millis>,
    pub profile: Map<String, Value>,
    pub raw: Value,
}

impl Factor {
    pub fn from_value(mut v: Value) -> Self {
        clean_value(&mut v);
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        Factor {
            id: s("id").unwrap_or_default(),
            factor_type: s("factorType").unwrap_or_default(),
            provider: s("provider").unwrap_or_default(),
            vendor_name: s("vendorName"),
            status: s("status").unwrap_or_default(),
            created: s("created").as_deref().and_then(parse_timestamp),
            last_updated: s("lastUpdated").as_deref().and_then(parse_timestamp),
            profile: v
                .get("profile")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            raw: v,
        }
    }

    /// "Okta Verify (push)", "Google Authenticator", "SMS", ... for people.
    pub fn label(&self) -> String {
        match (self.factor_type.as_str(), self.provider.as_str()) {
            ("push", _) => "Okta Verify (push)".into(),
            ("token:software:totp", "GOOGLE") => "Google Authenticator".into(),
            ("token:software:totp", _) => "Okta Verify (code)".into(),
            ("sms", _) => "SMS".into(),
            ("call", _) => "Voice call".into(),
            ("email", _) => "Email".into(),
            ("webauthn", _) => "Security key or biometric".into(),
            ("question", _) => "Security question".into(),
            (t, p) => format!("{t} ({p})"),
        }
    }

    /// The masked phone, masked email, device or question, whichever the factor has.
    pub fn detail(&self) -> String {
        [
            "phoneNumber",
            "email",
            "name",
            "credentialId",
            "questionText",
        ]
        .iter()
        .find_map(|k| self.profile.get(*k).and_then(Value::as_str))
        .unwrap_or_default()
        .to_owned()
    }

    pub fn is_active(&self) -> bool {
        self.status == "ACTIVE"
    }
}

pub fn factors_from_slice(body: &[u8]) -> Result<Vec<Factor>, serde_json::Error> {
    let items: Vec<Value> = serde_json::from_slice(body)?;
    Ok(items.into_iter().map(Factor::from_value).collect())
}

/// How a user is blocked from signing in (`DEVICE_BASED` on `ANY_DEVICES` or
/// `UNKNOWN_DEVICES`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Block {
    #[serde(rename = "type")]
    pub kind: String,
    pub applies_to: String,
}

fn blocks_from_slice(body: &[u8]) -> Result<Vec<Block>, serde_json::Error> {
    let items: Vec<Value> = serde_json::from_slice(body)?;
    Ok(items
        .iter()
        .map(|b| {
            let s = |k: &str| {
                let mut v = b.get(k).cloned().unwrap_or(Value::Null);
                clean_value(&mut v);
                v.as_str().unwrap_or_default().to_owned()
            };
            Block {
                kind: s("type"),
                applies_to: s("appliesTo"),
            }
        })
        .collect())
}

fn check(id: &str) -> Result<(), OktaError> {
    let t = id.trim();
    if t.is_empty() || t == "." || t == ".." {
        return Err(OktaError::Other(format!(
            "invalid id {:?}",
            super::sanitize::clean(id)
        )));
    }
    Ok(())
}

impl Client {
    /// A user's factors (by user id).
    pub async fn list_factors(&self, user_id: &str) -> Result<Fetched<Vec<Factor>>, OktaError> {
        check(user_id)?;
        self.get_all(&factors_path(user_id), &[], factors_from_slice)
            .await
    }

    pub fn plan_list_factors(&self, user_id: &str) -> PlannedRequest {
        self.plan(Method::GET, &factors_path(user_id), &[], None)
    }

    pub async fn get_factor(
        &self,
        user_id: &str,
        factor_id: &str,
    ) -> Result<Fetched<Factor>, OktaError> {
        check(user_id)?;
        check(factor_id)?;
        let response = self
            .send(Method::GET, &factor_path(user_id, factor_id), &[], None)
            .await?;
        Ok(Fetched {
            value: Factor::from_value(response.body.clone()),
            response,
        })
    }

    /// How the user is blocked, if at all (by user id).
    pub async fn user_blocks(&self, user_id: &str) -> Result<Fetched<Vec<Block>>, OktaError> {
        check(user_id)?;
        let path = format!("{}/blocks", user_path(user_id));
        self.get_all(&path, &[], blocks_from_slice).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn factors_read_and_label() {
        let f = Factor::from_value(json!({
            "id": "mbl1", "factorType": "sms", "provider": "OKTA", "status": "ACTIVE",
            "created": "2026-01-01T00:00:00.000Z",
            "profile": {"phoneNumber": "+1 XXX-XXX-1234\u{1b}[31m"},
        }));
        assert_eq!(f.label(), "SMS");
        assert!(f.detail().starts_with("+1 XXX-XXX-1234"));
        assert!(!f.detail().contains('\u{1b}'));
        assert!(f.is_active() && f.created.is_some());
        assert_eq!(
            factor_path("00u1", "a/b"),
            "/api/v1/users/00u1/factors/a%2Fb"
        );
    }
}
