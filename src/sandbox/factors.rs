//! MFA factors: `/api/v1/users/{id}/factors` (list, enroll, get, delete) and the catalog.
//!
//! Seeded users get factors by status without storing them: a user's factors are derived from
//! its id until the first write (enroll, delete, reset), which stores the list. An org of
//! 100,000 users then costs nothing until factors are asked for.

use axum::http::StatusCode;
use serde_json::{Map, Value as Json, json};

use super::error::ErrorResponse;
use super::seed::{Ids, hash_str};
use super::shapes::fmt_time;
use super::store::{Status, Store, User};

#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    pub id: String,
    pub factor_type: &'static str,
    pub provider: &'static str,
    pub status: &'static str,
    pub created: i64,
    pub last_updated: i64,
    pub profile: Map<String, Json>,
}

/// Factor types the sandbox org's enrollment policy offers: (type, provider, id prefix).
pub const SUPPORTED: &[(&str, &str, &str)] = &[
    ("push", "OKTA", "opf"),
    ("token:software:totp", "GOOGLE", "ost"),
    ("sms", "OKTA", "sms"),
    ("email", "OKTA", "emf"),
    ("webauthn", "FIDO", "fwf"),
    ("question", "OKTA", "ufs"),
];

const QUESTION: (&str, &str) = (
    "disliked_food",
    "What is the food you least liked as a child?",
);

/// `+1 555 123 4567` as Okta shows it to an admin: `+1 XXX-XXX-4567`.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    let country: String = phone
        .trim_start()
        .strip_prefix('+')
        .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_else(|| "1".into());
    let last4: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("+{country} XXX-XXX-{last4}")
}

/// `alice.smith@example.com` as Okta shows it: the first and last character of the local
/// part, `a...h@example.com`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) if !local.is_empty() => {
            let first = local.chars().next().unwrap_or('x');
            let last = local.chars().last().unwrap_or('x');
            format!("{first}...{last}@{domain}")
        }
        _ => "...".into(),
    }
}

fn profile_for(factor_type: &str, u: &User, pick: u64, ids: &mut Ids) -> Map<String, Json> {
    let login = u.login().to_owned();
    let text = |k: &str| {
        u.profile
            .get(k)
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let mut p = Map::new();
    match factor_type {
        "push" => {
            let (device, name, platform, version) = if pick.is_multiple_of(2) {
                ("SmartPhone_IPhone", "iPhone 15", "IOS", "17.5.1")
            } else {
                ("SmartPhone_Android", "Pixel 8", "ANDROID", "14")
            };
            p.insert("credentialId".into(), json!(login));
            p.insert("deviceType".into(), json!(device));
            p.insert("name".into(), json!(name));
            p.insert("platform".into(), json!(platform));
            p.insert("version".into(), json!(version));
        }
        "token:software:totp" => {
            p.insert("credentialId".into(), json!(login));
        }
        "sms" => {
            let phone = Some(text("mobilePhone"))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| {
                    format!("+1 555 {:03} {:04}", pick % 1000, (pick >> 10) % 10000)
                });
            p.insert("phoneNumber".into(), json!(mask_phone(&phone)));
        }
        "email" => {
            p.insert("email".into(), json!(mask_email(&text("email"))));
        }
        "webauthn" => {
            let name = if pick.is_multiple_of(3) {
                "YubiKey 5 NFC"
            } else {
                "MacBook Touch ID"
            };
            p.insert("credentialId".into(), json!(ids.token(43)));
            p.insert("authenticatorName".into(), json!(name));
        }
        "question" => {
            p.insert("question".into(), json!(QUESTION.0));
            p.insert("questionText".into(), json!(QUESTION.1));
        }
        _ => {}
    }
    p
}

/// The factors a seeded user has, by status: nothing before the first sign-in (STAGED), an
/// email factor waiting for activation on PROVISIONED users, and one to four factors on users
/// who have signed in, now and then one whose enrollment was never finished.
pub fn seeded_factors(u: &User) -> Vec<Factor> {
    let h = hash_str(&u.id);
    let mut ids = Ids::new(h);
    let base = u.activated.unwrap_or(u.created + 60_000);
    let make = |i: usize, status: &'static str, ids: &mut Ids| {
        let (factor_type, provider, prefix) = SUPPORTED[i];
        let created = base + (i as i64 + 1) * 3_600_000;
        Factor {
            id: ids.id(prefix),
            factor_type,
            provider,
            status,
            created,
            last_updated: created + ((h >> (i * 4)) % 90) as i64 * 86_400_000,
            profile: profile_for(factor_type, u, h >> i, ids),
        }
    };
    match u.status {
        Status::Staged => Vec::new(),
        Status::Provisioned => {
            if h.is_multiple_of(2) {
                vec![make(3, "PENDING_ACTIVATION", &mut ids)]
            } else {
                Vec::new()
            }
        }
        _ if !u.factors_enrolled => Vec::new(),
        _ => {
            let count = 1 + (h % 4) as usize;
            let mut out = Vec::with_capacity(count + 1);
            let mut i = ((h >> 8) % SUPPORTED.len() as u64) as usize;
            for _ in 0..count {
                out.push(make(i, "ACTIVE", &mut ids));
                i = (i + 1) % SUPPORTED.len();
            }
            if (h >> 16).is_multiple_of(5) {
                out.push(make(i, "PENDING_ACTIVATION", &mut ids));
            }
            out
        }
    }
}

/// What `POST /users/{id}/factors` asks for.
pub struct Enrollment {
    pub factor_type: String,
    pub provider: Option<String>,
    pub profile: Map<String, Json>,
}

impl Store {
    /// The user's factors: stored ones after a write, else the seeded ones.
    pub fn factors_of(&self, u: &User) -> Vec<Factor> {
        match self.factors.get(&u.id) {
            Some(list) => list.clone(),
            None => seeded_factors(u),
        }
    }

    fn stored_factors(&mut self, uid: &str) -> Option<&mut Vec<Factor>> {
        if !self.factors.contains_key(uid) {
            let seeded = seeded_factors(self.users.get(uid)?);
            self.factors.insert(uid.to_owned(), seeded);
        }
        self.factors.get_mut(uid)
    }

    /// `reset_factors`: every factor goes.
    pub fn clear_factors(&mut self, uid: &str) {
        self.factors.insert(uid.to_owned(), Vec::new());
    }

    pub fn delete_factor(&mut self, uid: &str, fid: &str, now: i64) -> Result<(), ErrorResponse> {
        let list = self
            .stored_factors(uid)
            .ok_or_else(|| ErrorResponse::not_found(&format!("{uid} (User)")))?;
        let before = list.len();
        list.retain(|f| f.id != fid);
        if list.len() == before {
            return Err(ErrorResponse::not_found(&format!("{fid} (UserFactor)")));
        }
        if let Some(u) = self.users.get_mut(uid) {
            u.last_updated = now;
        }
        Ok(())
    }

    /// Enrolls a factor: PENDING_ACTIVATION until the user verifies it, except a security
    /// question, which is active at once.
    pub fn enroll_factor(
        &mut self,
        uid: &str,
        req: Enrollment,
        now: i64,
    ) -> Result<Factor, ErrorResponse> {
        let invalid =
            |cause: &str| ErrorResponse::validation("factorEnrollRequest", vec![cause.to_owned()]);
        let Some(&(factor_type, default_provider, prefix)) =
            SUPPORTED.iter().find(|(t, _, _)| *t == req.factor_type)
        else {
            return Err(invalid("factorType: The factor type is not supported."));
        };
        let provider = match req.provider.as_deref() {
            None => default_provider,
            Some(p) if p == default_provider => default_provider,
            // Okta Verify's TOTP is the same factor type under Okta's own provider.
            Some("OKTA") if factor_type == "token:software:totp" => "OKTA",
            Some(_) => {
                return Err(invalid(
                    "provider: The provider is not supported for this factor type.",
                ));
            }
        };
        let text = |k: &str| {
            req.profile
                .get(k)
                .and_then(Json::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let mut profile = Map::new();
        let mut status = "PENDING_ACTIVATION";
        match factor_type {
            "sms" => {
                let phone = text("phoneNumber")
                    .ok_or_else(|| invalid("phoneNumber: The field cannot be left blank"))?;
                profile.insert("phoneNumber".into(), json!(mask_phone(&phone)));
            }
            "email" => {
                let u = self.users.get(uid);
                let email = text("email")
                    .or_else(|| u.and_then(|u| u.profile.get("email")?.as_str().map(str::to_owned)))
                    .unwrap_or_default();
                profile.insert("email".into(), json!(mask_email(&email)));
            }
            "question" => {
                let question = text("question")
                    .ok_or_else(|| invalid("question: The field cannot be left blank"))?;
                let answer = text("answer").unwrap_or_default();
                if answer.chars().count() < 4 {
                    return Err(invalid(
                        "answer: The security question answer must be at least 4 characters in length",
                    ));
                }
                profile.insert("question".into(), json!(question));
                profile.insert("questionText".into(), json!(QUESTION.1));
                status = "ACTIVE";
            }
            _ => {
                let login = self
                    .users
                    .get(uid)
                    .map(|u| u.login().to_owned())
                    .unwrap_or_default();
                profile.insert("credentialId".into(), json!(login));
            }
        }
        let id = self.ids.id(prefix);
        let list = self
            .stored_factors(uid)
            .ok_or_else(|| ErrorResponse::not_found(&format!("{uid} (User)")))?;
        if list
            .iter()
            .any(|f| f.factor_type == factor_type && f.status == "ACTIVE")
        {
            return Err(ErrorResponse::new(
                StatusCode::BAD_REQUEST,
                "E0000001",
                "Api validation failed: factorEnrollRequest",
            )
            .with_causes(vec!["A factor of this type is already set up.".into()]));
        }
        list.retain(|f| f.factor_type != factor_type);
        let factor = Factor {
            id,
            factor_type,
            provider,
            status,
            created: now,
            last_updated: now,
            profile,
        };
        list.push(factor.clone());
        if let Some(u) = self.users.get_mut(uid) {
            u.factors_enrolled = true;
            u.last_updated = now;
        }
        Ok(factor)
    }
}

/// A factor as Okta returns it, with the `hints` its links carry.
pub fn factor_json(uid: &str, f: &Factor, base: &str) -> Json {
    let self_href = format!("{base}/api/v1/users/{uid}/factors/{}", f.id);
    let mut links = json!({
        "self": {"href": self_href, "hints": {"allow": ["GET", "DELETE"]}},
        "user": {"href": format!("{base}/api/v1/users/{uid}"), "hints": {"allow": ["GET"]}},
    });
    if f.status == "PENDING_ACTIVATION" {
        links["activate"] = json!({"href": format!("{self_href}/lifecycle/activate"), "hints": {"allow": ["POST"]}});
    } else if f.factor_type != "question" {
        links["verify"] =
            json!({"href": format!("{self_href}/verify"), "hints": {"allow": ["POST"]}});
    }
    json!({
        "id": f.id,
        "factorType": f.factor_type,
        "provider": f.provider,
        "vendorName": f.provider,
        "status": f.status,
        "created": fmt_time(f.created),
        "lastUpdated": fmt_time(f.last_updated),
        "profile": f.profile,
        "_links": links,
    })
}

/// `GET /users/{id}/factors/catalog`: what the user may enroll, `NOT_SETUP` where nothing is
/// enrolled yet.
pub fn catalog_json(uid: &str, enrolled: &[Factor], base: &str) -> Vec<Json> {
    SUPPORTED
        .iter()
        .map(|&(factor_type, provider, _)| {
            let status = enrolled
                .iter()
                .find(|f| f.factor_type == factor_type)
                .map_or("NOT_SETUP", |f| f.status);
            json!({
                "factorType": factor_type,
                "provider": provider,
                "vendorName": provider,
                "status": status,
                "enrollment": "OPTIONAL",
                "_links": {"enroll": {"href": format!("{base}/api/v1/users/{uid}/factors"), "hints": {"allow": ["POST"]}}},
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::seed::build_org;

    #[test]
    fn masks_keep_only_what_okta_shows() {
        assert_eq!(mask_phone("+1 555 123 4567"), "+1 XXX-XXX-4567");
        assert_eq!(mask_phone("+44 20 7946 0958"), "+44 XXX-XXX-0958");
        assert_eq!(mask_email("alice.smith@example.com"), "a...h@example.com");
    }

    #[test]
    fn seeded_factors_follow_the_status() {
        let org = build_org(200, 5);
        let mut kinds = std::collections::BTreeSet::new();
        let mut statuses = std::collections::BTreeSet::new();
        for u in org.users.values() {
            let fs = org.factors_of(u);
            if u.status == Status::Staged {
                assert!(fs.is_empty(), "a STAGED user never signed in");
            }
            assert_eq!(fs, org.factors_of(u), "the same every time");
            for f in fs {
                kinds.insert(f.factor_type);
                statuses.insert(f.status);
                assert!(f.created <= f.last_updated);
                if let Some(p) = f.profile.get("phoneNumber") {
                    assert!(p.as_str().unwrap().contains("XXX-XXX-"), "{p}");
                }
            }
        }
        assert_eq!(kinds.len(), SUPPORTED.len(), "{kinds:?}");
        assert!(statuses.contains("ACTIVE") && statuses.contains("PENDING_ACTIVATION"));
    }
}
