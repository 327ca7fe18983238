//! Okta's per-minute rate-limit buckets, with the figures the sandbox uses by default.
//!
//! The figures are the "Workforce Identity" column of Okta's management rate-limit table
//! (developer.okta.com/docs/reference/rl-global-mgmt/, okta-developer-docs
//! `docs/reference/rl-global-mgmt/index.md`). Recorded orgs answered with the same figures:
//! `X-Rate-Limit-Limit` 600 on user writes and deletes, 2,000 on single-user reads, 500 on
//! groups. `--rate-limit N` (or `Faults::rate_limit_per_min`) sets every bucket to N instead.

use axum::http::Method;

/// One of Okta's buckets: which requests count against it and its per-minute figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    pub name: &'static str,
    pub per_minute: u32,
}

/// Every bucket the sandbox's routes fall in.
pub const BUCKETS: [Bucket; 9] = [
    Bucket {
        name: "GET/POST /api/v1/users (list, create)",
        per_minute: 600,
    },
    Bucket {
        name: "GET /api/v1/users/{idOrLogin}",
        per_minute: 2000,
    },
    Bucket {
        name: "POST/PUT/DELETE /api/v1/users/{id} (and its lifecycle and credentials)",
        per_minute: 600,
    },
    Bucket {
        name: "/api/v1/groups (list, create)",
        per_minute: 500,
    },
    Bucket {
        name: "/api/v1/groups/{id}",
        per_minute: 1000,
    },
    Bucket {
        name: "/api/v1/apps",
        per_minute: 100,
    },
    Bucket {
        name: "/oauth2/v1",
        per_minute: 2000,
    },
    Bucket {
        name: "/api/v1 (everything else)",
        per_minute: 1200,
    },
    // The System Log has its own bucket: 120 a minute in the same table.
    Bucket {
        name: "GET /api/v1/logs",
        per_minute: 120,
    },
];

/// The per-bucket figure tests, benchmarks and the demo use when they need speed: the
/// sandbox's former default, high enough that streaming 100,000 users is never paced.
pub const RAISED_RATE_LIMIT: u32 = 10_000;

/// The index in [`BUCKETS`] of a request.
pub fn bucket_of(method: &Method, path: &str) -> usize {
    let path = path.trim_end_matches('/');
    // Segments after `/api/v1/<resource>`.
    let rest = |prefix: &str| -> Option<Vec<&str>> {
        let tail = path.strip_prefix(prefix)?;
        if tail.is_empty() {
            return Some(Vec::new());
        }
        tail.strip_prefix('/').map(|t| t.split('/').collect())
    };
    if let Some(segments) = rest("/api/v1/users") {
        return match segments.len() {
            0 => 0,
            1 if *method == Method::GET => 1,
            // Recorded orgs answer lifecycle and credential writes with the user-write figure.
            _ if *method != Method::GET => 2,
            _ => 7,
        };
    }
    if let Some(segments) = rest("/api/v1/groups") {
        return match segments.as_slice() {
            [] => 3,
            // Rules and other named collections count with the groups list.
            ["rules", ..] => 3,
            [_] => 4,
            _ => 7,
        };
    }
    if rest("/api/v1/apps").is_some() {
        return 5;
    }
    if path.starts_with("/oauth2/v1") {
        return 6;
    }
    if rest("/api/v1/logs").is_some() {
        return 8;
    }
    7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_fall_in_okta_buckets() {
        let figure = |m: Method, p: &str| BUCKETS[bucket_of(&m, p)].per_minute;
        assert_eq!(figure(Method::GET, "/api/v1/users"), 600);
        assert_eq!(figure(Method::POST, "/api/v1/users"), 600);
        assert_eq!(figure(Method::GET, "/api/v1/users/00u1"), 2000);
        assert_eq!(figure(Method::GET, "/api/v1/users/me"), 2000);
        assert_eq!(figure(Method::POST, "/api/v1/users/00u1"), 600);
        assert_eq!(figure(Method::DELETE, "/api/v1/users/00u1"), 600);
        assert_eq!(figure(Method::GET, "/api/v1/groups"), 500);
        assert_eq!(figure(Method::GET, "/api/v1/groups/00g1"), 1000);
        assert_eq!(figure(Method::GET, "/api/v1/groups/rules"), 500);
        assert_eq!(figure(Method::POST, "/oauth2/v1/token"), 2000);
        assert_eq!(
            figure(Method::POST, "/api/v1/users/00u1/lifecycle/suspend"),
            600
        );
        assert_eq!(figure(Method::GET, "/api/v1/users/00u1/groups"), 1200);
        assert_eq!(figure(Method::GET, "/api/v1/usersx"), 1200);
        assert_eq!(figure(Method::GET, "/api/v1/logs"), 120);
    }
}
