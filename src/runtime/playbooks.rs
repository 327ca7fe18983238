//! Performs the profile form's and the playbooks' effects as tracked tasks. Writes go through
//! `perform` (journaled intent and outcome); a playbook step goes through `Run::next`, which
//! the client's rate limiter paces and which waits out 429s, exactly as the CLI runs it.

use super::executor::Executor;
use super::tasks::Scope;
use crate::app::Msg;
use crate::app::playbooks::{PbEffect, PbMsg, Planned, RunCell};
use crate::app::profile::{ProfileEffect, ProfileMsg};
use crate::config::Selection;
use crate::config::playbooks::load_playbooks;
use crate::journal::{Journal, Source};
use crate::okta::{OktaError, UserRef, Write};
use crate::perform::{Origin, perform as perform_write, short_error};
use crate::playbook::Playbook;
use crate::playbook::plan::plan;
use crate::playbook::residue::residue;
use crate::playbook::run::{Run, unfinished_run};

fn not_connected() -> OktaError {
    OktaError::Other("not connected to a tenant".into())
}

pub fn perform_profile(effect: ProfileEffect, executor: &mut Executor) {
    let tx = executor.sender();
    let client = executor.client().cloned();
    // An update already sent must finish (and be journaled) even if the tenant is switched.
    let scope = match effect {
        ProfileEffect::Update { .. } | ProfileEffect::AppWrite { .. } => Scope::Session,
        _ => Scope::Tenant,
    };
    executor.spawn(scope, async move {
        let msg = match effect {
            ProfileEffect::Load { req, user_id } => {
                let result = match &client {
                    None => Err(not_connected()),
                    Some(c) => match (c.user_schema().await, c.get_user(&user_id).await) {
                        (Ok(s), Ok(u)) => Ok((s.value, Box::new(u.value))),
                        (Err(e), _) | (_, Err(e)) => Err(e),
                    },
                };
                ProfileMsg::Loaded { req, result }
            }
            ProfileEffect::Update {
                req,
                tenant,
                target,
                changes,
                before,
            } => {
                let result = match &client {
                    None => Err(not_connected()),
                    Some(c) => {
                        let write = Write::UpdateProfile {
                            user: UserRef::new(target.id.clone(), target.login.clone()),
                            changes,
                            before,
                        };
                        match console_write(c, tenant, &write).await {
                            Ok(f) => match f.value.user {
                                Some(u) => Ok(Box::new(u)),
                                None => c.get_user(&target.id).await.map(|f| Box::new(f.value)),
                            },
                            Err(e) => Err(e),
                        }
                    }
                };
                ProfileMsg::Updated { req, result }
            }
            ProfileEffect::LoadAssignments { req, user_id } => {
                let result = match &client {
                    None => Err("not connected to a tenant".to_owned()),
                    Some(c) => match c.user_groups(&user_id).await {
                        Ok(groups) => c
                            .user_app_assignments(&user_id, &groups.value)
                            .await
                            .map_err(|e| short_error(&e)),
                        Err(e) => Err(short_error(&e)),
                    },
                };
                ProfileMsg::Assignments { req, result }
            }
            ProfileEffect::LoadOrgApps { req } => {
                let result = match &client {
                    None => Err("not connected to a tenant".to_owned()),
                    Some(c) => c
                        .list_apps(None)
                        .await
                        .map(|f| f.value)
                        .map_err(|e| short_error(&e)),
                };
                ProfileMsg::OrgApps { req, result }
            }
            ProfileEffect::AppWrite {
                req,
                tenant,
                target,
                app,
                assign,
            } => {
                let result = match &client {
                    None => Err("not connected to a tenant".to_owned()),
                    Some(c) => {
                        let user = UserRef::new(target.id.clone(), target.login.clone());
                        let write = if assign {
                            Write::AssignApp { app, user }
                        } else {
                            Write::UnassignApp { app, user }
                        };
                        console_write(c, tenant, &write)
                            .await
                            .map(|_| ())
                            .map_err(|e| short_error(&e))
                    }
                };
                ProfileMsg::AppWritten { req, result }
            }
        };
        let _ = tx.send(Msg::Profile(msg)).await;
        if let Some(b) = client.as_ref().and_then(|c| c.rate_budget()) {
            let _ = tx.send(Msg::Rate(b)).await;
        }
    });
}

/// The built-ins and the config's playbooks (a damaged `[[playbooks]]` table is reported and
/// the built-ins stay usable).
fn configured(global: &Selection) -> (Vec<Playbook>, Option<String>) {
    let Ok(path) = crate::config::config_path(global) else {
        return (Vec::new(), None);
    };
    if !path.exists() {
        return (Vec::new(), None);
    }
    match load_playbooks(&path) {
        Ok(defs) => {
            let mut out = Vec::new();
            let mut problems = Vec::new();
            for d in &defs {
                match Playbook::from_def(d) {
                    Ok(p) => out.push(p),
                    Err(e) => problems.push(e),
                }
            }
            (out, (!problems.is_empty()).then(|| problems.join("; ")))
        }
        Err(e) => (Vec::new(), Some(e)),
    }
}

pub fn perform(effect: PbEffect, global: &Selection, executor: &mut Executor) {
    let tx = executor.sender();
    let client = executor.client().cloned();
    let send = move |msg: PbMsg| {
        let tx = tx.clone();
        async move {
            let _ = tx.send(Msg::Playbook(msg)).await;
        }
    };
    match effect {
        PbEffect::LoadMenu { req } => {
            let global = global.clone();
            executor.spawn(Scope::Tenant, async move {
                let (playbooks, warning) = tokio::task::spawn_blocking(move || configured(&global))
                    .await
                    .unwrap_or_default();
                send(PbMsg::Menu {
                    req,
                    playbooks,
                    warning,
                })
                .await;
            });
        }
        PbEffect::FindUnfinished { req, tenant } => {
            let global = global.clone();
            executor.spawn(Scope::Tenant, async move {
                let found = tokio::task::spawn_blocking(move || {
                    let record = unfinished_run(&Journal::open_default(), &tenant)?;
                    let (configured, _) = configured(&global);
                    let playbook = configured
                        .into_iter()
                        .find(|p| p.name == record.playbook)
                        .or_else(|| {
                            Playbook::builtins()
                                .into_iter()
                                .find(|p| p.name == record.playbook)
                        })
                        .ok_or_else(|| format!("no playbook named {:?} any more", record.playbook));
                    Some((record, playbook))
                })
                .await
                .ok()
                .flatten();
                send(PbMsg::Unfinished { req, found }).await;
            });
        }
        PbEffect::Plan {
            req,
            users,
            playbook,
        } => {
            executor.spawn(Scope::Tenant, async move {
                let result = match &client {
                    None => Err("not connected to a tenant".to_owned()),
                    Some(c) => match plan(c, &users, &playbook).await {
                        Ok(p) => {
                            let budgets = p.budgets(c);
                            Ok(Box::new(Planned {
                                plan: p,
                                budgets,
                                now: chrono::Utc::now().timestamp(),
                            }))
                        }
                        Err(e) => Err(short_error(&e)),
                    },
                };
                send(PbMsg::Planned { req, result }).await;
            });
        }
        PbEffect::Start {
            req,
            plan,
            resume,
            tenant,
        } => {
            executor.spawn(Scope::Session, async move {
                let result = match &client {
                    None => Err("not connected to a tenant".to_owned()),
                    Some(c) => {
                        let journal = Journal::open_default();
                        match Run::start(c, &plan.0, &journal, resume.as_deref()) {
                            Ok(run) => {
                                let id = run.id.clone();
                                Ok((RunCell::handle(run, c.clone(), tenant), id))
                            }
                            Err(e) => Err(e.to_string()),
                        }
                    }
                };
                send(PbMsg::Started { req, result }).await;
            });
        }
        PbEffect::Step { req, run } => {
            let tx = executor.sender();
            // A step already sent finishes and is journaled even if the tenant is switched.
            executor.spawn(Scope::Session, async move {
                let (result, c) = {
                    let mut cell = run.0.lock().await;
                    let RunCell {
                        run,
                        client: c,
                        tenant,
                    } = &mut *cell;
                    let origin = Origin {
                        tenant: tenant.clone(),
                        source: Source::Console,
                        run: None,
                    };
                    let result = run.next(c, &Journal::open_default(), &origin).await;
                    (result, c.clone())
                };
                send(PbMsg::Step {
                    req,
                    result: result.map(Box::new),
                })
                .await;
                if let Some(b) = c.rate_budget() {
                    let _ = tx.send(Msg::Rate(b)).await;
                }
            });
        }
        PbEffect::Residue { req, user_ids, run } => {
            executor.spawn(Scope::Session, async move {
                let client = match run {
                    Some(cell) => Some(cell.0.lock().await.client.clone()),
                    None => client,
                };
                let result = match &client {
                    None => Err("not connected to a tenant".to_owned()),
                    Some(c) => residue(c, &user_ids).await.map_err(|e| short_error(&e)),
                };
                send(PbMsg::Residue { req, result }).await;
            });
        }
    }
}

/// One write from a console dialog, performed and journaled as the console's; a journal that
/// could not be written goes to the log (the dialog shows the write's own result).
async fn console_write(
    client: &crate::okta::Client,
    tenant: String,
    write: &Write,
) -> Result<crate::okta::Fetched<crate::okta::Written>, OktaError> {
    let origin = Origin {
        tenant,
        source: Source::Console,
        run: None,
    };
    let done = perform_write(client, &Journal::open_default(), &origin, write).await;
    if let Some(w) = &done.journal_warning {
        tracing::warn!("{w}");
    }
    done.result
}
