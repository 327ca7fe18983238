//! The local index of the connected tenant, opened and synced off the loop: the database is
//! read on a blocking thread (its rows go to the console in parts, the first within a moment
//! even for a million users), then the sync runs as a task tracked in the index slot, so a
//! newer sync, a tenant switch and quitting stop it. Its answers carry the request id they
//! were started with; the reducer drops those of an earlier one.

use tokio::sync::mpsc;

use super::executor::Executor;
use crate::app::index_view::{IndexEffect, IndexMsg, IndexPolicy, SyncSummary};
use crate::app::{Msg, ReqId, Slot};
use crate::index::{Index, Opened, ParallelOptions, SyncOptions};
use crate::okta::Client;

/// Users per message while reading the index: small enough that the first screen shows at
/// once, large enough that a million rows are a hundred messages.
const PART: usize = 10_000;

/// Which tenants of the config open from their index: all but `index = false` ones, none
/// under `--no-index`. Tenants not in the file (the demo, OKTA_CLIENT_*) are never listed.
pub fn policy(settings: &crate::config::Settings, no_index: bool) -> IndexPolicy {
    IndexPolicy {
        tenants: settings
            .tenants
            .iter()
            .filter(|t| !no_index && !t.no_index)
            .map(|t| t.name.clone())
            .collect(),
        max_in_flight: settings.max_in_flight.max(1),
        bucket_share: settings.bucket_share,
    }
}

pub fn perform(effect: IndexEffect, executor: &mut Executor) {
    let IndexEffect::Open {
        req,
        users,
        groups,
        tenant,
        full,
        read,
        max_in_flight,
        bucket_share,
    } = effect;
    let Some(client) = executor.client().cloned() else {
        return;
    };
    let tx = executor.sender();
    let opts = SyncOptions {
        full,
        parallel: ParallelOptions {
            max_in_flight: max_in_flight.max(1),
            bucket_share,
            ..Default::default()
        },
        ..Default::default()
    };
    let reqs = Reqs { req, users, groups };
    executor.spawn_in_slot(Slot::Index, async move {
        let open_tx = tx.clone();
        let opened =
            tokio::task::spawn_blocking(move || open_and_read(&tenant, read, reqs, &open_tx)).await;
        let index = match opened {
            Ok(Ok(index)) => index,
            Ok(Err(error)) => {
                let _ = tx
                    .send(Msg::Index(IndexMsg::Unavailable { req, error }))
                    .await;
                return;
            }
            Err(_) => {
                let error = "reading the index stopped unexpectedly".to_owned();
                let _ = tx
                    .send(Msg::Index(IndexMsg::Unavailable { req, error }))
                    .await;
                return;
            }
        };
        sync_into(client, index, opts, req, tx).await;
    });
}

#[derive(Clone, Copy)]
struct Reqs {
    req: ReqId,
    users: ReqId,
    groups: ReqId,
}

/// Opens the index (setting a damaged or locked file aside) and sends what it holds.
fn open_and_read(
    tenant: &str,
    read: bool,
    reqs: Reqs,
    tx: &mpsc::Sender<Msg>,
) -> Result<Index, String> {
    let (index, opened) = crate::index::open_tenant(tenant, true).map_err(|e| e.to_string())?;
    let set_aside = match &opened {
        Opened::Rebuilt(aside) => Some(format!(
            "{} ({})",
            aside
                .moved_to
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            aside.reason
        )),
        _ => None,
    };
    let count = index.user_count().map_err(|e| e.to_string())?;
    let age = index.age().map_err(|e| e.to_string())?;
    let send = |msg: IndexMsg| tx.blocking_send(Msg::Index(msg)).is_ok();
    if !send(IndexMsg::Opened {
        req: reqs.req,
        age,
        users: count,
        set_aside,
    }) {
        return Err("the console is gone".to_owned());
    }
    if !read {
        return Ok(index);
    }
    let mut part = Vec::with_capacity(PART.min(count as usize));
    let mut open = true;
    index
        .for_each_user(|row| {
            if !open {
                return;
            }
            part.push(row);
            if part.len() == PART {
                let rows = std::mem::replace(&mut part, Vec::with_capacity(PART));
                open = send(IndexMsg::Users {
                    req: reqs.users,
                    rows,
                    more: true,
                });
            }
        })
        .map_err(|e| e.to_string())?;
    send(IndexMsg::Users {
        req: reqs.users,
        rows: part,
        more: false,
    });
    let groups = index.groups().map_err(|e| e.to_string())?;
    send(IndexMsg::Groups {
        req: reqs.groups,
        groups,
    });
    Ok(index)
}

/// Syncs the index, sending each change as it is written and the outcome at the end.
async fn sync_into(
    client: Client,
    mut index: Index,
    opts: SyncOptions,
    req: ReqId,
    tx: mpsc::Sender<Msg>,
) {
    // The sync reports changes from inside its own loop (no await there): they queue here
    // and go to the console at its pace.
    let (events_tx, mut events) = mpsc::unbounded_channel();
    let work = async {
        let mut on_event = move |e| {
            let _ = events_tx.send(e);
        };
        let result = crate::index::sync(&client, &mut index, &opts, &mut on_event).await;
        drop(on_event);
        result
    };
    let forward = async {
        while let Some(event) = events.recv().await {
            if tx
                .send(Msg::Index(IndexMsg::Changed { req, event }))
                .await
                .is_err()
            {
                return;
            }
        }
    };
    let (result, ()) = futures::join!(work, forward);
    let result = result
        .map(|r| SyncSummary {
            full: r.full,
            changed: r.users_changed + r.groups_changed,
            deleted: r.users_deleted + r.groups_deleted,
            requests: r.requests,
        })
        .map_err(|e| e.to_string());
    if let Err(e) = &result {
        tracing::warn!("index sync failed: {e}");
    }
    let _ = tx.send(Msg::Index(IndexMsg::Synced { req, result })).await;
    if let Some(b) = client.rate_budget() {
        let _ = tx.send(Msg::Rate(b)).await;
    }
    // Kept until here so a slow console never sees a closed index.
    drop(index);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenants_keep_an_index_unless_the_config_or_the_run_says_no() {
        let text = "max_in_flight = 6\nbucket_share = 0.25\n[[tenants]]\nname = \"a\"\ndomain = \"a.okta.com\"\ntoken = \"x\"\n[[tenants]]\nname = \"b\"\ndomain = \"b.okta.com\"\ntoken = \"y\"\nindex = false\n";
        let (settings, _) = crate::config::file::parse(text, "c.toml").unwrap();
        let p = policy(&settings, false);
        assert_eq!(p.tenants.iter().collect::<Vec<_>>(), ["a"]);
        assert_eq!((p.max_in_flight, p.bucket_share), (6, 0.25));
        assert!(policy(&settings, true).tenants.is_empty(), "--no-index");
    }
}
