//! A believable 90-day System Log for a seeded org, ending at the moment the sandbox starts:
//! sign-ins that succeed (with an MFA challenge when the user has factors) and fail
//! (INVALID_CREDENTIALS, VERIFICATION_ERROR, LOCKED_OUT), a `user.account.lock` for every
//! LOCKED_OUT user shortly before now, and the admin actions that explain the other statuses
//! (suspend, deactivate, expire password, reset password, activation) and some group changes.
//!
//! Everything is derived from each user's id and the seed, in one pass with no lookups, so
//! 5,000 users cost a few milliseconds.

use std::sync::Arc;

use serde_json::Value as Json;

use super::seed::{hash_str, mix64};
use super::store::{GroupType, Status, Store, User};
use super::syslog::{ClientInfo, NewEvent, Party, RETENTION_MS};

const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;

/// Where sign-ins come from. The last one carries a hostile user agent (a terminal escape,
/// an OSC 52 clipboard write and a bidi override), as anything may arrive in a header.
fn clients() -> Vec<Arc<ClientInfo>> {
    let c = |ip: &str, ua: &str, os, browser, city, state, country, postal, lat, lon| {
        Arc::new(ClientInfo {
            ip: ip.into(),
            user_agent: ua.into(),
            os,
            browser,
            city,
            state,
            country,
            postal,
            lat,
            lon,
        })
    };
    vec![
        c(
            "203.0.113.24",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            "Mac OS X",
            "SAFARI",
            "San Francisco",
            "California",
            "United States",
            "94107",
            37.77,
            -122.40,
        ),
        c(
            "198.51.100.7",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
            "Windows 10",
            "CHROME",
            "Chicago",
            "Illinois",
            "United States",
            "60601",
            41.88,
            -87.63,
        ),
        c(
            "192.0.2.113",
            "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
            "Linux",
            "FIREFOX",
            "Berlin",
            "Land Berlin",
            "Germany",
            "10115",
            52.52,
            13.40,
        ),
        c(
            "203.0.113.201",
            "Okta Verify/9.22.0 (iPhone; iOS 17.5.1)",
            "iOS",
            "UNKNOWN",
            "London",
            "England",
            "United Kingdom",
            "EC1A",
            51.51,
            -0.09,
        ),
        c(
            "45.33.32.156",
            "python-requests/2.31.0",
            "Unknown",
            "UNKNOWN",
            "Fremont",
            "California",
            "United States",
            "94536",
            37.55,
            -121.98,
        ),
        c(
            "198.51.100.66",
            "Mozilla/5.0 \u{1b}[2J\u{1b}]52;c;cm0gLXJmIH4=\u{7} \u{202e}gnp.exe",
            "Unknown",
            "UNKNOWN",
            "Lagos",
            "Lagos",
            "Nigeria",
            "100001",
            6.45,
            3.39,
        ),
    ]
}

/// The usual place users sign in from (for lockouts forced at run time).
pub fn sign_in_client() -> Arc<ClientInfo> {
    clients()[0].clone()
}

/// The admin console's own address, for admin actions.
fn admin_client() -> Arc<ClientInfo> {
    Arc::new(ClientInfo {
        ip: "198.51.100.10".into(),
        user_agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36".into(),
        os: "Mac OS X",
        browser: "CHROME",
        city: "New York",
        state: "New York",
        country: "United States",
        postal: "10001",
        lat: 40.71,
        lon: -74.01,
    })
}

pub fn user_party(u: &User) -> Arc<Party> {
    let text = |k: &str| u.profile.get(k).and_then(Json::as_str).unwrap_or_default();
    Arc::new(Party {
        id: u.id.clone(),
        kind: "User",
        alternate_id: u.login().to_owned(),
        display_name: format!("{} {}", text("firstName"), text("lastName"))
            .trim()
            .to_owned(),
    })
}

/// A small deterministic stream per user.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = mix64(self.0.wrapping_add(0x9E37_79B9_7F4A_7C15));
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A time in `[from, to)`.
    fn between(&mut self, from: i64, to: i64) -> i64 {
        from + self.below((to - from).max(1) as u64) as i64
    }
}

/// The seeded history, unsorted.
pub fn history(store: &Store, now: i64, seed: u64) -> Vec<(i64, NewEvent)> {
    let clients = clients();
    let admin_client = admin_client();
    let admin = store
        .users
        .get(&store.admin_id)
        .map(user_party)
        .unwrap_or_else(|| {
            Arc::new(Party {
                id: store.admin_id.clone(),
                kind: "User",
                alternate_id: super::seed::ADMIN_LOGIN.into(),
                display_name: "Admin".into(),
            })
        });
    let groups: Vec<Arc<Party>> = store
        .groups
        .values()
        .filter(|g| g.kind == GroupType::OktaGroup)
        .take(16)
        .map(|g| {
            let name = g
                .profile
                .get("name")
                .and_then(Json::as_str)
                .unwrap_or_default()
                .to_owned();
            Arc::new(Party {
                id: g.id.clone(),
                kind: "UserGroup",
                alternate_id: "unknown".into(),
                display_name: name,
            })
        })
        .collect();
    let start = now - RETENTION_MS + DAY;
    let mut out = Vec::with_capacity(store.users.len() * 8);
    let ev = |kind: &'static str,
              actor: &Arc<Party>,
              targets: Vec<Arc<Party>>,
              result: &'static str,
              reason: Option<&'static str>,
              client: &Arc<ClientInfo>| NewEvent {
        event_type: kind,
        actor: actor.clone(),
        targets,
        result,
        reason,
        client: client.clone(),
        request_id: None,
        request_uri: None,
    };
    for u in store.users.values() {
        let mut d = Dice(hash_str(&u.id) ^ seed.rotate_left(17));
        let me = user_party(u);
        // Most people sign in from one place; the hostile agent shows up rarely.
        let home = &clients[d.below(clients.len() as u64 - 1) as usize];
        let client = |d: &mut Dice| -> &Arc<ClientInfo> {
            match d.below(40) {
                0 => &clients[clients.len() - 1],
                1..=4 => &clients[d.below(clients.len() as u64 - 1) as usize],
                _ => home,
            }
        };
        let is_admin = u.id == store.admin_id;
        let signs_in = !matches!(u.status, Status::Staged | Status::Provisioned);
        // When the user's access ended (admin action or lockout), if it did.
        let cut = match u.status {
            Status::Suspended | Status::Deprovisioned => Some(d.between(now - 40 * DAY, now - DAY)),
            Status::LockedOut => Some(d.between(now - 3 * DAY, now - 30 * MINUTE)),
            _ => None,
        };
        let sign_in_end = cut.unwrap_or(now - MINUTE);
        if signs_in {
            let n = if is_admin { 40 } else { 1 + d.below(6) };
            for _ in 0..n {
                let t = d.between(start, sign_in_end);
                let c = client(&mut d);
                out.push((t, ev("user.session.start", &me, vec![], "SUCCESS", None, c)));
                if u.factors_enrolled {
                    out.push((
                        t + 4_000,
                        ev(
                            "user.authentication.auth_via_mfa",
                            &me,
                            vec![],
                            "SUCCESS",
                            None,
                            c,
                        ),
                    ));
                }
            }
            for _ in 0..d.below(3) {
                let t = d.between(start, sign_in_end);
                let c = client(&mut d);
                out.push((
                    t,
                    ev(
                        "user.session.start",
                        &me,
                        vec![],
                        "FAILURE",
                        Some("INVALID_CREDENTIALS"),
                        c,
                    ),
                ));
            }
            if u.factors_enrolled && d.below(6) == 0 {
                let t = d.between(start, sign_in_end);
                let c = client(&mut d);
                out.push((
                    t,
                    ev(
                        "user.authentication.auth_via_mfa",
                        &me,
                        vec![],
                        "FAILURE",
                        Some("VERIFICATION_ERROR"),
                        c,
                    ),
                ));
                out.push((
                    t + 1_000,
                    ev(
                        "user.session.start",
                        &me,
                        vec![],
                        "FAILURE",
                        Some("VERIFICATION_ERROR"),
                        c,
                    ),
                ));
            }
        }
        let by_admin = |kind: &'static str| {
            ev(
                kind,
                &admin,
                vec![me.clone()],
                "SUCCESS",
                None,
                &admin_client,
            )
        };
        match (u.status, cut) {
            (Status::LockedOut, Some(lock)) => {
                let c = client(&mut d);
                lockout(&mut out, &me, c, lock, now, d.below(3));
            }
            (Status::Suspended, Some(t)) => out.push((t, by_admin("user.lifecycle.suspend"))),
            (Status::Deprovisioned, Some(t)) => {
                out.push((t, by_admin("user.lifecycle.deactivate")))
            }
            (Status::PasswordExpired, _) => {
                let t = d.between(now - 30 * DAY, now - DAY);
                out.push((t, by_admin("user.account.expire_password")));
            }
            (Status::Recovery, _) => {
                let t = d.between(now - 20 * DAY, now - DAY);
                out.push((t, by_admin("user.account.reset_password")));
            }
            (Status::Provisioned, _) => {
                let t = d.between(now - 60 * DAY, now - DAY);
                out.push((t, by_admin("user.lifecycle.activate")));
            }
            _ => {}
        }
        if u.status == Status::Active && !is_admin {
            if d.below(10) == 0 {
                let t = d.between(start, now - DAY);
                out.push((t, by_admin("user.account.reset_password")));
                let c = client(&mut d);
                out.push((
                    t + 20 * MINUTE,
                    ev(
                        "user.account.update_password",
                        &me,
                        vec![me.clone()],
                        "SUCCESS",
                        None,
                        c,
                    ),
                ));
            }
            if !groups.is_empty() && d.below(12) == 0 {
                let g = &groups[d.below(groups.len() as u64) as usize];
                let t = d.between(start, now - DAY);
                let mut e = by_admin("group.user_membership.add");
                e.targets.push(g.clone());
                out.push((t, e));
            }
            if u.factors_enrolled && d.below(25) == 0 {
                let t = d.between(start, now - DAY);
                out.push((t, by_admin("user.mfa.factor.reset_all")));
            }
        }
    }
    out
}

/// Failed passwords, the lock at `lock`, then attempts refused while locked.
pub fn lockout(
    out: &mut Vec<(i64, NewEvent)>,
    user: &Arc<Party>,
    client: &Arc<ClientInfo>,
    lock: i64,
    now: i64,
    later_attempts: u64,
) {
    let ev = |kind, result, reason| NewEvent {
        event_type: kind,
        actor: user.clone(),
        targets: Vec::new(),
        result,
        reason,
        client: client.clone(),
        request_id: None,
        request_uri: None,
    };
    for k in (1..=3).rev() {
        out.push((
            lock - k * 40_000,
            ev("user.session.start", "FAILURE", Some("INVALID_CREDENTIALS")),
        ));
    }
    let mut lock_event = ev("user.account.lock", "SUCCESS", Some("LOCKED_OUT"));
    lock_event.targets.push(user.clone());
    out.push((lock, lock_event));
    for k in 0..later_attempts as i64 {
        let t = (lock + (k + 1) * 10 * MINUTE).min(now - 1);
        out.push((t, ev("user.session.start", "FAILURE", Some("LOCKED_OUT"))));
    }
}
