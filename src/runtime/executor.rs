//! Runs effects as tokio tasks. Each task answers with `Msg`s carrying the request id it was
//! given; the reducer drops answers that are no longer wanted. One task per slot: a new load
//! for a slot aborts the previous one, `Effect::Cancel` aborts it, and a failed stream parks
//! until `Effect::Retry` tells it to ask for the same page again.

use std::collections::HashMap;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use super::tasks::{Scope, Tasks};
use crate::app::{DetailPart, Msg, PageItems, ReqId, Slot, TenantInfo};
use crate::okta::{Client, OktaError, Pages};

struct Running {
    abort: AbortHandle,
    retry: Option<mpsc::Sender<()>>,
}

/// A tenant's client, opened, or why it could not be.
pub type Connected = Result<(Client, TenantInfo), String>;

/// A connection opened off the loop, numbered so only the latest one asked for is used.
pub type Connection = (u64, Connected);

pub struct Executor {
    client: Option<Client>,
    tx: mpsc::Sender<Msg>,
    tasks: HashMap<Slot, Running>,
    /// Everything else that runs (writes, lookups, credential work, connections).
    others: Tasks,
    connections: mpsc::Sender<Connection>,
    /// The number of the latest connection asked for.
    connecting: u64,
}

impl Executor {
    /// `connections` is where `connect` reports; the loop hands each report to `connected`.
    pub fn new(
        client: Option<Client>,
        tx: mpsc::Sender<Msg>,
        connections: mpsc::Sender<Connection>,
    ) -> Self {
        Executor {
            client,
            tx,
            tasks: HashMap::new(),
            others: Tasks::default(),
            connections,
            connecting: 0,
        }
    }

    /// Opens a tenant off the loop: its secret may come from a command or the OS keyring,
    /// which can take seconds (a locked keyring waits for its unlock prompt), and the console
    /// must keep drawing and taking keys meanwhile. A later call supersedes an earlier one.
    pub fn connect(&mut self, open: impl FnOnce() -> Connected + Send + 'static) {
        self.connecting += 1;
        let number = self.connecting;
        let tx = self.connections.clone();
        tracing::debug!(number, "opening a tenant");
        self.others.spawn(Scope::Session, async move {
            let result = tokio::task::spawn_blocking(open)
                .await
                .unwrap_or_else(|_| Err("opening the tenant stopped unexpectedly".to_owned()));
            let _ = tx.send((number, result)).await;
        });
    }

    /// Takes a finished connection: the latest one switches the client over and becomes the
    /// message for the reducer; an older one (superseded by another switch) is dropped.
    pub fn connected(&mut self, (number, result): Connection) -> Option<Msg> {
        tracing::debug!(
            number,
            latest = self.connecting,
            ok = result.is_ok(),
            "tenant opened"
        );
        if number != self.connecting {
            return None;
        }
        Some(match result {
            Ok((client, info)) => {
                self.set_client(client);
                Msg::TenantReady(info)
            }
            Err(e) => Msg::TenantFailed(e),
        })
    }

    /// Uses another tenant's client; everything in flight for the old one stops (a write
    /// already sent finishes, so its journal line is written).
    pub fn set_client(&mut self, client: Client) {
        self.cancel_loads();
        self.others.stop(Scope::Tenant);
        self.client = Some(client);
    }

    /// Starts a task that is not a slot load, kept so quitting (and for `Scope::Tenant`, a
    /// tenant switch) stops it.
    pub fn spawn<F>(&mut self, scope: Scope, task: F)
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        self.others.spawn(scope, task);
    }

    /// Runs a task in a slot: a new task for the slot aborts the previous one, and
    /// `Effect::Cancel`, a tenant switch and quitting stop it.
    pub fn spawn_slot<F>(&mut self, slot: Slot, task: F)
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        self.cancel(slot);
        let handle = tokio::spawn(task);
        self.track(slot, handle.abort_handle(), None);
    }

    /// Stops everything: the console is quitting.
    pub fn stop_all(&mut self) {
        self.cancel_loads();
        self.others.stop_all();
    }

    pub fn client(&self) -> Option<&Client> {
        self.client.as_ref()
    }

    /// The loop's channel, for tasks started elsewhere (writes, `runtime/writes.rs`; they
    /// start through `spawn`).
    pub fn sender(&self) -> mpsc::Sender<Msg> {
        self.tx.clone()
    }

    pub fn cancel(&mut self, slot: Slot) {
        if let Some(r) = self.tasks.remove(&slot) {
            r.abort.abort();
        }
    }

    fn cancel_loads(&mut self) {
        for (_, r) in self.tasks.drain() {
            r.abort.abort();
        }
    }

    pub fn retry(&mut self, slot: Slot) {
        if let Some(tx) = self.tasks.get(&slot).and_then(|r| r.retry.as_ref()) {
            let _ = tx.try_send(());
        }
    }

    fn track(&mut self, slot: Slot, abort: AbortHandle, retry: Option<mpsc::Sender<()>>) {
        if let Some(old) = self.tasks.insert(slot, Running { abort, retry }) {
            old.abort.abort();
        }
    }

    /// Runs `task` as the one task of `slot`, stopping the one before it (the detail pane's
    /// timer and fetch, the local index's open and sync); a tenant switch and quitting stop
    /// it too.
    pub(super) fn spawn_in_slot<F>(&mut self, slot: Slot, task: F)
    where
        F: std::future::Future<Output = ()> + Send + 'static,
    {
        self.cancel(slot);
        let handle = tokio::spawn(task);
        self.track(slot, handle.abort_handle(), None);
    }

    pub fn load_users(&mut self, req: ReqId, query: crate::okta::UserQuery) {
        let Some(client) = self.client.clone() else {
            return;
        };
        let pages = client.list_users(query);
        self.stream(Slot::Users, req, client, pages, PageItems::Users);
    }

    pub fn load_groups(&mut self, req: ReqId, query: crate::okta::GroupQuery) {
        let Some(client) = self.client.clone() else {
            return;
        };
        let pages = client.list_groups(query);
        self.stream(Slot::Groups, req, client, pages, PageItems::Groups);
    }

    pub fn load_members(&mut self, req: ReqId, group_id: &str) {
        let Some(client) = self.client.clone() else {
            return;
        };
        let pages = client.group_members(group_id);
        self.stream(Slot::Members, req, client, pages, PageItems::Users);
    }

    fn stream<T: Send + 'static>(
        &mut self,
        slot: Slot,
        req: ReqId,
        client: Client,
        pages: Pages<T>,
        wrap: fn(Vec<T>) -> PageItems,
    ) {
        // Cancel first so the old stream's request is dropped before the new one starts.
        self.cancel(slot);
        let (retry_tx, retry_rx) = mpsc::channel(1);
        let tx = self.tx.clone();
        let handle = tokio::spawn(stream_pages(slot, req, client, pages, wrap, tx, retry_rx));
        self.track(slot, handle.abort_handle(), Some(retry_tx));
    }

    pub fn load_user_detail(&mut self, req: ReqId, user_id: String) {
        let Some(client) = self.client.clone() else {
            return;
        };
        let tx = self.tx.clone();
        let handle = tokio::spawn(async move {
            // Four calls in parallel (the client caps requests in flight); each part shows as
            // soon as it arrives.
            let send = |part| {
                let tx = tx.clone();
                async move {
                    let _ = tx.send(Msg::Detail { req, part }).await;
                }
            };
            // The user shows first; the sign-in card then reads factors, blocks and the
            // System Log about it (cancelled with the rest when the detail closes).
            let user = async {
                let got = client.get_user(&user_id).await;
                let input = match &got {
                    Ok(f) => Err(f.value.clone()),
                    Err(e) => Ok(unreadable_user(&user_id, e.to_string())),
                };
                send(DetailPart::User(got)).await;
                let input = match input {
                    Ok(i) => i,
                    Err(u) => crate::triage::fetch_about(&client, &user_id, u).await,
                };
                send(DetailPart::SignIn(Box::new(input))).await
            };
            let groups =
                async { send(DetailPart::Groups(client.user_groups(&user_id).await)).await };
            let roles = async { send(DetailPart::Roles(client.user_roles(&user_id).await)).await };
            let apps =
                async { send(DetailPart::Apps(client.user_app_links(&user_id).await)).await };
            futures::join!(user, groups, roles, apps);
            if let Some(b) = client.rate_budget() {
                let _ = tx.send(Msg::Rate(b)).await;
            }
        });
        self.track(Slot::UserDetail, handle.abort_handle(), None);
    }

    pub fn load_group(&mut self, req: ReqId, group_id: String) {
        let Some(client) = self.client.clone() else {
            return;
        };
        let tx = self.tx.clone();
        let handle = tokio::spawn(async move {
            let result = client.get_group(&group_id).await;
            let _ = tx.send(Msg::GroupFetched { req, result }).await;
        });
        self.track(Slot::GroupDetail, handle.abort_handle(), None);
    }
}

/// Follows a list page by page into the loop's channel. Sending awaits when the channel is
/// full, which paces loading to what the console can take in.
async fn stream_pages<T>(
    slot: Slot,
    req: ReqId,
    client: Client,
    mut pages: Pages<T>,
    wrap: fn(Vec<T>) -> PageItems,
    tx: mpsc::Sender<Msg>,
    mut retry: mpsc::Receiver<()>,
) where
    T: Send + 'static,
{
    let mut sent = false;
    let mut page_retry = crate::okta::page_retry::PageRetry::default();
    loop {
        match pages.next_page().await {
            None => {
                if !sent {
                    let _ = tx
                        .send(Msg::Page {
                            req,
                            slot,
                            items: wrap(Vec::new()),
                            more: false,
                        })
                        .await;
                }
                return;
            }
            Some(Ok(page)) => {
                sent = true;
                page_retry.succeeded();
                let more = page.has_more;
                let msg = Msg::Page {
                    req,
                    slot,
                    items: wrap(page.items),
                    more,
                };
                if tx.send(msg).await.is_err() {
                    return;
                }
                if let Some(b) = client.rate_budget() {
                    let _ = tx.send(Msg::Rate(b)).await;
                }
                if !more {
                    return;
                }
            }
            Some(Err(OktaError::RateLimited { wait, .. })) => {
                // The client already waited out a few 429s; show the wait and resume alone.
                let wait = wait.max(Duration::from_secs(1));
                tracing::info!(?slot, secs = wait.as_secs(), "rate limited; waiting");
                client.note_rate_wait(std::time::Instant::now() + wait);
                if tx.send(Msg::RateWait { req, slot, wait }).await.is_err() {
                    return;
                }
                tokio::time::sleep(wait).await;
            }
            Some(Err(error)) => {
                tracing::warn!(?slot, "page failed: {error}");
                // A passing failure: the same page again by itself, waiting longer each time.
                if let Some(wait) = page_retry.after_failure(&error) {
                    let attempt = page_retry.failures();
                    let msg = Msg::PageRetry {
                        req,
                        slot,
                        wait,
                        attempt,
                        error,
                    };
                    if tx.send(msg).await.is_err() {
                        return;
                    }
                    tokio::time::sleep(wait).await;
                    continue;
                }
                // The tries are used up (or the failure is not passing): `r` starts afresh.
                page_retry.succeeded();
                if tx.send(Msg::PageFailed { req, slot, error }).await.is_err() {
                    return;
                }
                // Parked until the user asks for a retry (or the slot is cancelled).
                if retry.recv().await.is_none() {
                    return;
                }
            }
        }
    }
}

/// The sign-in card's input when the user itself could not be read: every part unknown, for
/// the same reason.
fn unreadable_user(asked: &str, why: String) -> crate::triage::TriageInput {
    crate::triage::TriageInput {
        asked: asked.to_owned(),
        user: Err(why.clone()),
        factors: Err(why.clone()),
        blocks: Err(why.clone()),
        events: Err(why),
        now: chrono::Utc::now().timestamp_millis(),
    }
}
