//! Performs the write actions' effects (issue 4): one write, a journal line, then a fresh
//! GET of the user so the console shows what Okta now says; plus pickers' lookups and the
//! journal view. Links that Okta returns travel only to the dialog that shows them: they are
//! never logged and never journaled.

use super::executor::Executor;
use super::tasks::Scope;
use crate::app::Msg;
use crate::app::actions::{ActionEffect, ActionMsg, WriteOp, WriteOutcome};
use crate::journal::{Journal, JournalEntry, Source};
use crate::okta::{Client, Expr, Group, GroupQuery, OktaError, UserQuery, UserRow};

/// The most groups a picker loads (10 pages of 200).
const PICKER_GROUP_PAGES: usize = 10;
/// Users a picker search shows.
const PICKER_USERS: u32 = 20;
/// Entries `:journal` shows.
const JOURNAL_ENTRIES: usize = 500;

/// Starts the task for one effect. Without a client (not connected) nothing can run; the
/// answer says so instead of leaving a dialog waiting.
pub fn perform(effect: ActionEffect, executor: &mut Executor) {
    let tx = executor.sender();
    // A write already sent must finish (and be journaled) even if the tenant is switched.
    let scope = match effect {
        ActionEffect::Write { .. } => Scope::Session,
        _ => Scope::Tenant,
    };
    let Some(client) = executor.client().cloned() else {
        let msg = not_connected(effect);
        executor.spawn(scope, async move {
            if let Some(m) = msg {
                let _ = tx.send(Msg::Action(m)).await;
            }
        });
        return;
    };
    executor.spawn(scope, async move {
        let msg = match effect {
            ActionEffect::FetchUser { req, user_id } => ActionMsg::UserFetched {
                req,
                result: client.get_user(&user_id).await,
            },
            ActionEffect::Write { req, tenant, op } => ActionMsg::WriteDone {
                req,
                result: write_and_journal(&client, &tenant, &op, &Journal::open_default()).await,
            },
            ActionEffect::LoadPickerGroups { req, user_id } => ActionMsg::PickerGroups {
                req,
                result: picker_groups(&client, user_id.as_deref()).await,
            },
            ActionEffect::SearchUsers { req, text } => ActionMsg::PickerUsers {
                req,
                result: search_users(&client, &text).await,
            },
            ActionEffect::ReadJournal { req } => {
                let entries = tokio::task::spawn_blocking(|| {
                    Journal::open_default().read_recent(JOURNAL_ENTRIES)
                })
                .await
                .unwrap_or_default();
                ActionMsg::Journal { req, entries }
            }
        };
        let _ = tx.send(Msg::Action(msg)).await;
        if let Some(b) = client.rate_budget() {
            let _ = tx.send(Msg::Rate(b)).await;
        }
    });
}

fn not_connected(effect: ActionEffect) -> Option<ActionMsg> {
    let err = || OktaError::Other("not connected to a tenant".into());
    Some(match effect {
        ActionEffect::FetchUser { req, .. } => ActionMsg::UserFetched {
            req,
            result: Err(err()),
        },
        ActionEffect::Write { req, .. } => ActionMsg::WriteDone {
            req,
            result: Err(err()),
        },
        ActionEffect::LoadPickerGroups { req, .. } => ActionMsg::PickerGroups {
            req,
            result: Err(err()),
        },
        ActionEffect::SearchUsers { req, .. } => ActionMsg::PickerUsers {
            req,
            result: Err(err()),
        },
        ActionEffect::ReadJournal { req } => ActionMsg::Journal {
            req,
            entries: Journal::open_default().read_recent(JOURNAL_ENTRIES),
        },
    })
}

/// One write as the console does it: the write, the journal line, the fresh GET.
pub async fn write_and_journal(
    client: &Client,
    tenant: &str,
    op: &WriteOp,
    journal: &Journal,
) -> Result<WriteOutcome, OktaError> {
    let result = write(client, op).await;
    record(journal, tenant, op, &result);
    result
}

/// One write, then the user as Okta now has it.
pub async fn write(client: &Client, op: &WriteOp) -> Result<WriteOutcome, OktaError> {
    let mut out = WriteOutcome::default();
    match op {
        WriteOp::Lifecycle { target, op } => {
            let done = client.lifecycle(&target.id, op).await?;
            out.request_id = done.response.request_id.clone();
            out.link = done.value.reset_password_url.or(done.value.activation_url);
            out.user = done.value.user;
        }
        WriteOp::Delete { target, .. } => {
            let r = client.delete_user(&target.id, false).await?;
            out.request_id = r.request_id;
        }
        WriteOp::ClearSessions {
            target,
            oauth_tokens,
        } => {
            let r = client.clear_sessions(&target.id, *oauth_tokens).await?;
            out.request_id = r.request_id;
        }
        WriteOp::Create(spec) => {
            let done = client.create_user(&spec.0).await?;
            out.request_id = done.response.request_id.clone();
            out.user = Some(done.value);
            return Ok(out);
        }
        WriteOp::AddMember { group, target } => {
            let r = client.add_member(&group.id, &target.id).await?;
            out.request_id = r.request_id;
            return Ok(out);
        }
        WriteOp::RemoveMember { group, target } => {
            let r = client.remove_member(&group.id, &target.id).await?;
            out.request_id = r.request_id;
            return Ok(out);
        }
    }
    // The write happened; a failed refresh must not turn it into an error.
    if let Some(target) = op.target() {
        match client.get_user(&target.id).await {
            Ok(f) => out.user = Some(f.value),
            Err(e) if e.is_not_found() => out.gone = true,
            Err(e) => tracing::warn!(action = %op.action(), "refresh after write failed: {e}"),
        }
    }
    Ok(out)
}

/// Appends the journal line: who, what, flags, result, request id. Never the link, a
/// password or an answer (`WriteOp::options` carries flags and ids only).
fn record(journal: &Journal, tenant: &str, op: &WriteOp, result: &Result<WriteOutcome, OktaError>) {
    let mut e = JournalEntry::new(Source::Console, tenant, &op.action());
    e.target_id = op.target().map(|t| t.id.clone());
    e.target_login = Some(op.login().to_owned()).filter(|l| !l.is_empty());
    e.options = op.options();
    match result {
        Ok(out) => {
            e.request_id = out.request_id.clone();
            if let (WriteOp::Create(_), Some(u)) = (op, &out.user) {
                e.target_id = Some(u.row.id.to_string());
            }
        }
        Err(err) => {
            e.result = short_error(err);
            e.request_id = err.request_id().map(str::to_owned);
        }
    }
    tracing::info!(action = %e.action, result = %e.result, "write");
    if let Err(err) = journal.append(&e) {
        tracing::warn!("could not write the journal: {err}");
    }
}

/// "E0000001: Api validation failed: login" (code, else status, then the summary).
fn short_error(err: &OktaError) -> String {
    let head = err
        .code()
        .map(str::to_owned)
        .or_else(|| err.status().map(|s| format!("HTTP {s}")));
    let summary = match err {
        OktaError::Api { summary, .. } => summary.clone(),
        other => other.to_string(),
    };
    match head {
        Some(h) => format!("{h}: {summary}"),
        None => summary,
    }
}

async fn picker_groups(client: &Client, user_id: Option<&str>) -> Result<Vec<Group>, OktaError> {
    if let Some(id) = user_id {
        return client.user_groups(id).await.map(|f| f.value);
    }
    // Only OKTA_GROUP membership can change, so only those are offered.
    let mut pages = client.list_groups(GroupQuery::filter(&Expr::eq("type", "OKTA_GROUP")));
    let mut out = Vec::new();
    for _ in 0..PICKER_GROUP_PAGES {
        match pages.next_page().await {
            Some(Ok(page)) => {
                out.extend(page.items);
                if !page.has_more {
                    break;
                }
            }
            Some(Err(e)) if out.is_empty() => return Err(e),
            // Some pages arrived: show them rather than nothing.
            Some(Err(_)) | None => break,
        }
    }
    Ok(out)
}

async fn search_users(client: &Client, text: &str) -> Result<Vec<UserRow>, OktaError> {
    let mut q = UserQuery::prefix_search(text);
    q.limit = Some(PICKER_USERS);
    match client.list_users(q).next_page().await {
        Some(Ok(page)) => Ok(page.items),
        Some(Err(e)) => Err(e),
        None => Ok(Vec::new()),
    }
}
