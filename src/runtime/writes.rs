//! Performs the write actions' effects: one write through `perform` (journaled intent, the
//! request, journaled outcome, as the CLI does it), then a fresh GET of the user so the console
//! shows what Okta now says; plus pickers' lookups and the journal view. Links that Okta
//! returns travel only to the dialog that shows them: they are never logged and never
//! journaled.

use super::executor::Executor;
use super::tasks::Scope;
use crate::app::Msg;
use crate::app::actions::{ActionEffect, ActionMsg, WriteOp, WriteOutcome};
use crate::journal::{Journal, Source};
use crate::okta::{
    self, Client, Expr, Group, GroupQuery, OktaError, UserQuery, UserRef, UserRow, Write,
};
use crate::perform::{Origin, perform as perform_write};

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
    if let ActionEffect::Wait { req, delay } = effect {
        executor.spawn(Scope::Tenant, async move {
            tokio::time::sleep(delay).await;
            let _ = tx.send(Msg::Action(ActionMsg::WaitOver { req })).await;
        });
        return;
    }
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
            ActionEffect::Wait { req, .. } => ActionMsg::WaitOver { req },
            // A failure (or an OAuth service app, which has no user) leaves it unknown.
            ActionEffect::LoadMe { tenant } => ActionMsg::Me {
                tenant,
                id: client.me().await.ok().map(|f| f.value.row.id().to_string()),
            },
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
        ActionEffect::Wait { req, .. } => ActionMsg::WaitOver { req },
        ActionEffect::LoadMe { tenant } => ActionMsg::Me { tenant, id: None },
    })
}

/// After Okta refused a lifecycle change for the user's current status: when a fresh GET
/// shows the user already where the write would take them (a re-run of rows that went
/// through, a list older than the org), the write is done with a note instead of failed.
async fn already_there(
    client: &Client,
    journal: &Journal,
    origin: &Origin,
    write: &Write,
    e: OktaError,
) -> Result<WriteOutcome, OktaError> {
    let wrong_state = matches!(e.code(), Some("E0000001" | "E0000016"));
    let Some(target) = write.user().filter(|_| wrong_state) else {
        return Err(e);
    };
    let Ok(fresh) = client.get_user(&target.id).await else {
        return Err(e);
    };
    let Some(note) = write.already_done(&fresh.value) else {
        return Err(e);
    };
    if let Err(j) = crate::perform::record_unchanged(journal, origin, write, &note) {
        tracing::warn!("could not write the journal: {j}");
    }
    Ok(WriteOutcome {
        user: Some(fresh.value),
        note: Some(note),
        ..WriteOutcome::default()
    })
}

/// One write as the console does it: the journaled write, then the fresh GET.
pub async fn write_and_journal(
    client: &Client,
    tenant: &str,
    op: &WriteOp,
    journal: &Journal,
) -> Result<WriteOutcome, OktaError> {
    let write = to_write(op);
    let origin = Origin {
        tenant: tenant.to_owned(),
        source: Source::Console,
        run: None,
    };
    let performed = perform_write(client, journal, &origin, &write).await;
    if let Some(w) = &performed.journal_warning {
        tracing::warn!("{w}");
    }
    let done = match performed.result {
        Ok(done) => done,
        Err(e) => return already_there(client, journal, &origin, &write, e).await,
    };
    let mut out = WriteOutcome {
        request_id: done.response.request_id.clone(),
        link: done.value.reset_password_url.or(done.value.activation_url),
        user: done.value.user,
        gone: false,
        note: None,
    };
    if matches!(
        write,
        Write::Create(_) | Write::AddMember { .. } | Write::RemoveMember { .. }
    ) {
        return Ok(out);
    }
    // The write happened; a failed refresh must not turn it into an error.
    if let Some(target) = write.user() {
        match client.get_user(&target.id).await {
            Ok(f) => out.user = Some(f.value),
            Err(e) if e.is_not_found() => out.gone = true,
            Err(e) => tracing::warn!(action = %op.action(), "refresh after write failed: {e}"),
        }
    }
    Ok(out)
}

/// The console's description of a write, as the one write type every write goes through.
pub fn to_write(op: &WriteOp) -> Write {
    let user = |t: &crate::app::actions::Target| UserRef::new(t.id.clone(), t.login.clone());
    let group =
        |g: &crate::app::actions::GroupRef| okta::GroupRef::new(g.id.clone(), g.name.clone());
    match op {
        WriteOp::Lifecycle { target, op } => Write::Lifecycle {
            user: user(target),
            op: op.clone(),
        },
        WriteOp::Delete {
            target,
            deprovisioned,
        } => Write::Delete {
            user: user(target),
            deprovisioned: *deprovisioned,
            send_email: false,
        },
        WriteOp::ClearSessions {
            target,
            oauth_tokens,
        } => Write::ClearSessions {
            user: user(target),
            oauth_tokens: *oauth_tokens,
        },
        WriteOp::Create(spec) => Write::Create(spec.0.clone()),
        WriteOp::AddMember { group: g, target } => Write::AddMember {
            group: group(g),
            user: user(target),
        },
        WriteOp::RemoveMember { group: g, target } => Write::RemoveMember {
            group: group(g),
            user: user(target),
        },
        WriteOp::ResetFactor { target, factor } => Write::ResetFactor {
            user: user(target),
            factor_id: factor.id.clone(),
            factor_type: factor.factor_type.clone(),
        },
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

#[cfg(test)]
mod tests {
    use tokio::sync::mpsc;

    use super::*;
    use crate::app::{App, AppInit, TenantInfo};
    use crate::okta::{Auth, ClientConfig};
    use crate::sandbox::{self, SandboxOptions};

    #[tokio::test]
    async fn the_credentials_own_user_reaches_the_app() {
        let sb = sandbox::start(SandboxOptions::new(5))
            .await
            .expect("sandbox");
        let client =
            Client::new(ClientConfig::new(sb.base_url(), Auth::ssws(sb.token()))).expect("client");
        let (tx, mut rx) = mpsc::channel(8);
        let (conn_tx, _conn_rx) = mpsc::channel(1);
        let mut executor = Executor::new(Some(client), tx, conn_tx);
        let mut app = App::new(AppInit {
            tenant: Some(TenantInfo {
                name: "sandbox".into(),
                domain: sb.base_url().to_string(),
                read_only: false,
                color: None,
            }),
            width: 80,
            height: 24,
            ..Default::default()
        });
        for effect in app.start() {
            if let crate::app::Effect::Action(a @ ActionEffect::LoadMe { .. }) = effect {
                perform(a, &mut executor);
            }
        }
        loop {
            let msg = rx.recv().await.expect("an answer");
            let is_me = matches!(msg, Msg::Action(ActionMsg::Me { .. }));
            app.update(msg);
            if is_me {
                break;
            }
        }
        assert_eq!(app.own_id, Some(sb.admin_id()));
    }
}
