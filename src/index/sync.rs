//! Keeping an index up to date: a full sync (parallel listing, then ids compared) and a delta
//! sync (only what changed since the last mark, deletions from the System Log).
//!
//! The mark is Okta's `Date` on the first answer of a sync, never this machine's clock, so a
//! skew between the two cannot lose a change; the next delta asks from the mark minus a margin
//! (Okta's `Date` has whole seconds, and its filter may lag a write a little). The mark moves
//! only when a sync completes: an interrupted one (dropped connection, 429 storm past the
//! client's retries) is simply asked again, and upserts make the repeat harmless. A full sync
//! that was interrupted is flagged and done again as a full sync.

use std::collections::HashSet;
use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use super::partition::{ParallelOptions, list_parallel, server_millis, user_rows};
use super::store::{Index, IndexError, META_FULL_PENDING, META_SYNCED_AT};
use crate::okta::models::format_okta_timestamp;
use crate::okta::{Client, Group, GroupQuery, OktaError, UserQuery, UserRow};

const USERS_PATH: &str = "/api/v1/users";
const LOGS_PATH: &str = "/api/v1/logs";

/// Okta keeps System Log events for 90 days: an older mark cannot be answered by the log.
pub const LOG_RETENTION: Duration = Duration::from_secs(90 * 24 * 3600);

/// The System Log events that mean a user or a group is gone.
const DELETE_EVENTS: [&str; 3] = [
    "user.lifecycle.delete.initiated",
    "user.lifecycle.delete.completed",
    "group.lifecycle.delete",
];

#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Ignore the mark: list everything and compare ids.
    pub full: bool,
    /// Overlap before the mark (see the module comment).
    pub margin: Duration,
    pub parallel: ParallelOptions,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            full: false,
            margin: Duration::from_secs(60),
            parallel: ParallelOptions::default(),
        }
    }
}

/// What a sync changed, as it changes it (for a list on screen to update in place).
#[derive(Debug, Clone, PartialEq)]
pub enum SyncEvent {
    UsersChanged(Vec<UserRow>),
    UsersDeleted(Vec<String>),
    GroupsChanged(Vec<Group>),
    GroupsDeleted(Vec<String>),
}

/// How deletions were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeletionSource {
    /// The System Log's delete events since the mark.
    Log,
    /// Every id listed and compared (a full sync, or the log could not tell: the reason).
    Reconciled(Option<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub full: bool,
    pub users_changed: u64,
    pub groups_changed: u64,
    pub users_deleted: u64,
    pub groups_deleted: u64,
    pub deletions: DeletionSource,
    /// The new mark (Okta's clock, ms).
    pub mark: i64,
    /// Requests sent (pages and log pages; retries included).
    pub requests: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Okta(#[from] OktaError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// Brings `index` up to date: a delta sync from its mark, or a full sync when asked, when it
/// has no mark yet, or when a full sync was interrupted. `on_event` sees every change as it
/// is written.
pub async fn sync(
    client: &Client,
    index: &mut Index,
    opts: &SyncOptions,
    on_event: &mut (dyn FnMut(SyncEvent) + Send),
) -> Result<SyncReport, SyncError> {
    let mark = index.synced_at()?;
    let pending = index.meta(META_FULL_PENDING)?.is_some();
    match mark {
        Some(mark) if !opts.full && !pending => delta(client, index, opts, mark, on_event).await,
        _ => full(client, index, opts, None, on_event).await,
    }
}

async fn full(
    client: &Client,
    index: &mut Index,
    opts: &SyncOptions,
    why: Option<String>,
    on_event: &mut (dyn FnMut(SyncEvent) + Send),
) -> Result<SyncReport, SyncError> {
    index.set_meta(META_FULL_PENDING, "1")?;
    let mut report = SyncReport {
        full: why.is_none(),
        users_changed: 0,
        groups_changed: 0,
        users_deleted: 0,
        groups_deleted: 0,
        deletions: DeletionSource::Reconciled(why),
        mark: 0,
        requests: 0,
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut failed: Option<IndexError> = None;
    let listing = list_parallel(
        client,
        USERS_PATH,
        user_rows(client, opts.parallel.page_size),
        &opts.parallel,
        |rows| {
            seen.extend(rows.iter().map(|r| r.id().to_string()));
            report.users_changed += rows.len() as u64;
            match index.upsert_users(&rows) {
                Ok(()) => {
                    on_event(SyncEvent::UsersChanged(rows));
                    true
                }
                Err(e) => {
                    failed = Some(e);
                    false
                }
            }
        },
    )
    .await?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    report.requests += listing.requests;
    report.mark = listing.mark;
    let gone: Vec<String> = index
        .user_ids()?
        .into_iter()
        .filter(|id| !seen.contains(id))
        .collect();
    drop(seen);
    report.users_deleted = index.delete_users(&gone)? as u64;
    if !gone.is_empty() {
        on_event(SyncEvent::UsersDeleted(gone));
    }

    let (groups, requests, group_mark) = all_groups(client, None).await?;
    report.requests += requests;
    report.groups_changed = groups.len() as u64;
    let ids: HashSet<&str> = groups.iter().map(|g| &*g.id).collect();
    let gone: Vec<String> = index
        .group_ids()?
        .into_iter()
        .filter(|id| !ids.contains(id.as_str()))
        .collect();
    index.upsert_groups(&groups)?;
    on_event(SyncEvent::GroupsChanged(groups));
    report.groups_deleted = index.delete_groups(&gone)? as u64;
    if !gone.is_empty() {
        on_event(SyncEvent::GroupsDeleted(gone));
    }
    if let Some(g) = group_mark {
        report.mark = if report.mark == 0 {
            g
        } else {
            report.mark.min(g)
        };
    }
    index.set_meta(META_SYNCED_AT, &report.mark.to_string())?;
    index.delete_meta(META_FULL_PENDING)?;
    Ok(report)
}

async fn delta(
    client: &Client,
    index: &mut Index,
    opts: &SyncOptions,
    mark: i64,
    on_event: &mut (dyn FnMut(SyncEvent) + Send),
) -> Result<SyncReport, SyncError> {
    let since = mark - opts.margin.as_millis() as i64;
    let since_text = format_okta_timestamp(since);
    let mut report = SyncReport {
        full: false,
        users_changed: 0,
        groups_changed: 0,
        users_deleted: 0,
        groups_deleted: 0,
        deletions: DeletionSource::Log,
        mark: 0,
        requests: 0,
    };

    // Users changed (every status: a filter on lastUpdated includes DEPROVISIONED).
    let mut pages = client.list_users(UserQuery {
        filter: Some(format!("lastUpdated gt \"{since_text}\"")),
        limit: Some(opts.parallel.page_size),
        ..Default::default()
    });
    let mut new_mark = None;
    while let Some(page) = pages.next_page().await {
        report.requests += 1;
        let page = page?;
        new_mark = new_mark.or_else(|| server_millis(page.response.header("date")));
        report.users_changed += page.items.len() as u64;
        if !page.items.is_empty() {
            index.upsert_users(&page.items)?;
            on_event(SyncEvent::UsersChanged(page.items));
        }
    }

    // Groups changed, in their profile or their members.
    let filter =
        format!("lastUpdated gt \"{since_text}\" or lastMembershipUpdated gt \"{since_text}\"");
    let (groups, requests, _) = all_groups(client, Some(filter)).await?;
    report.requests += requests;
    report.groups_changed = groups.len() as u64;
    if !groups.is_empty() {
        index.upsert_groups(&groups)?;
        on_event(SyncEvent::GroupsChanged(groups));
    }
    let new_mark = new_mark.unwrap_or(mark);
    report.mark = new_mark;

    // Deletions: from the System Log when it covers the whole span, else by comparing ids.
    let retention = LOG_RETENTION.as_millis() as i64;
    let log = if new_mark - since >= retention {
        Err("the last sync is older than the System Log keeps".to_owned())
    } else {
        deleted_from_log(client, since, new_mark, &mut report.requests).await
    };
    match log {
        Ok((users, groups)) => {
            if !users.is_empty() {
                report.users_deleted = index.delete_users(&users)? as u64;
                on_event(SyncEvent::UsersDeleted(users));
            }
            if !groups.is_empty() {
                report.groups_deleted = index.delete_groups(&groups)? as u64;
                on_event(SyncEvent::GroupsDeleted(groups));
            }
            index.set_meta(META_SYNCED_AT, &new_mark.to_string())?;
            Ok(report)
        }
        Err(why) => {
            tracing::info!(reason = %why, "index: deletions found by listing every id");
            let mut full_report = full(client, index, opts, Some(why), on_event).await?;
            full_report.requests += report.requests;
            Ok(full_report)
        }
    }
}

/// Every group (or those `filter` keeps), the requests made, and the first page's `Date`.
async fn all_groups(
    client: &Client,
    filter: Option<String>,
) -> Result<(Vec<Group>, u64, Option<i64>), OktaError> {
    let mut pages = client.list_groups(GroupQuery {
        filter,
        ..Default::default()
    });
    let mut out = Vec::new();
    let mut requests = 0;
    let mut mark = None;
    while let Some(page) = pages.next_page().await {
        requests += 1;
        let page = page?;
        mark = mark.or_else(|| server_millis(page.response.header("date")));
        out.extend(page.items);
    }
    Ok((out, requests, mark))
}

/// Ids of users and groups deleted in [since, until] by the System Log, or why it cannot tell.
async fn deleted_from_log(
    client: &Client,
    since: i64,
    until: i64,
    requests: &mut u64,
) -> Result<(Vec<String>, Vec<String>), String> {
    let filter = DELETE_EVENTS
        .iter()
        .map(|e| format!("eventType eq \"{e}\""))
        .collect::<Vec<_>>()
        .join(" or ");
    let mut query = vec![
        ("since", format_okta_timestamp(since)),
        // A bounded query: its last page has no next link.
        ("until", format_okta_timestamp(until + 1000)),
        ("filter", filter),
        ("limit", "1000".to_owned()),
    ];
    let mut path = LOGS_PATH.to_owned();
    let (mut users, mut groups) = (Vec::new(), Vec::new());
    loop {
        *requests += 1;
        let resp = client
            .send(Method::GET, &path, &query, None)
            .await
            .map_err(|e| format!("System Log: {e}"))?;
        let Value::Array(events) = &resp.body else {
            return Err("System Log: the answer is not a list of events".into());
        };
        for event in events {
            collect_deleted(event, &mut users, &mut groups);
        }
        let next = crate::okta::link::find_rel(
            resp.headers
                .iter()
                .filter(|(k, _)| k == "link")
                .map(|(_, v)| v.as_str()),
            "next",
        );
        match next {
            // Polling queries keep a next link after the last event: an empty page ends.
            Some(url) if !events.is_empty() => {
                path = url;
                query.clear();
            }
            _ => break,
        }
    }
    Ok((users, groups))
}

/// Reads one LogEvent: its `eventType` and the `target` entries of type User or UserGroup.
fn collect_deleted(event: &Value, users: &mut Vec<String>, groups: &mut Vec<String>) {
    let Some(kind) = event.get("eventType").and_then(Value::as_str) else {
        return;
    };
    let wanted = if kind.starts_with("user.lifecycle.delete") {
        "User"
    } else if kind == "group.lifecycle.delete" {
        "UserGroup"
    } else {
        return;
    };
    let targets = event.get("target").and_then(Value::as_array);
    for t in targets.into_iter().flatten() {
        if t.get("type").and_then(Value::as_str) == Some(wanted)
            && let Some(id) = t.get("id").and_then(Value::as_str)
        {
            let list = if wanted == "User" {
                &mut *users
            } else {
                &mut *groups
            };
            if !list.iter().any(|x| x == id) {
                list.push(id.to_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The console runs a sync as a background task: its future must be Send.
    #[test]
    fn a_sync_can_run_on_another_task() {
        fn send<T: Send>(_: &T) {}
        let client = Client::new(crate::okta::ClientConfig::new(
            "http://127.0.0.1:9",
            crate::okta::Auth::ssws("x"),
        ))
        .unwrap();
        let (mut index, _) = Index::in_memory().unwrap();
        let mut on_event = |_: SyncEvent| {};
        let opts = SyncOptions::default();
        let fut = sync(&client, &mut index, &opts, &mut on_event);
        send(&fut);
    }

    #[test]
    fn log_events_name_deleted_users_and_groups_by_their_targets() {
        let (mut users, mut groups) = (Vec::new(), Vec::new());
        for e in [
            json!({"eventType": "user.lifecycle.delete.initiated",
                   "target": [{"id": "00u1", "type": "User"}]}),
            json!({"eventType": "user.lifecycle.delete.completed",
                   "target": [{"id": "00u1", "type": "User"}]}),
            json!({"eventType": "group.lifecycle.delete",
                   "target": [{"id": "00g1", "type": "UserGroup"}, {"id": "x", "type": "User"}]}),
            json!({"eventType": "user.lifecycle.deactivate",
                   "target": [{"id": "00u2", "type": "User"}]}),
            json!({"target": [{"id": "00u3", "type": "User"}]}),
        ] {
            collect_deleted(&e, &mut users, &mut groups);
        }
        assert_eq!(users, vec!["00u1"]);
        assert_eq!(groups, vec!["00g1"]);
    }
}
