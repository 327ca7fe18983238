//! `oktui apps list|get|users|assign|unassign` and `oktui users update`.

use std::io::Write as _;

use serde_json::{Map, Value, json};

use super::Ctx;
use super::exit::{CliError, Exit};
use super::output::RowWriter;
use super::playbook_args::{AppsCommand, UsersUpdateArgs};
use super::script_args::OutputFormat;
use crate::journal::Source;
use crate::okta::apps::App;
use crate::okta::{ObjectRef, UserRef, Write};
use crate::perform::{Origin, perform};

fn origin(ctx: &Ctx) -> Origin {
    Origin {
        tenant: ctx.tenant.clone(),
        source: Source::Cli,
        run: None,
    }
}

/// Rows under `columns`: tables and CSV for people and spreadsheets, JSON as Okta sent it.
fn print(ctx: &Ctx, columns: &[&str], items: &[Value]) -> Result<(), CliError> {
    let mut out = super::stdout();
    match ctx.format {
        OutputFormat::Json => {
            crate::json_out::write(&mut out, &Value::Array(items.to_vec()))?;
            out.write_all(b"\n")?;
        }
        OutputFormat::Jsonl => {
            for i in items {
                crate::json_out::write(&mut out, i)?;
                out.write_all(b"\n")?;
            }
        }
        _ => {
            let rows: Vec<Vec<Value>> = items
                .iter()
                .map(|i| {
                    columns
                        .iter()
                        .map(|c| {
                            i.pointer(&format!("/{}", c.replace('.', "/")))
                                .cloned()
                                .unwrap_or(Value::Null)
                        })
                        .collect()
                })
                .collect();
            let mut w = RowWriter::new(
                ctx.format,
                columns.iter().map(|c| c.to_string()).collect(),
                out,
            );
            w.write_rows(&rows)?;
            w.finish()?;
            return Ok(());
        }
    }
    out.flush()?;
    Ok(())
}

async fn find_app(ctx: &Ctx, app: &str) -> Result<App, CliError> {
    if let Ok(a) = ctx.client.get_app(app).await {
        return Ok(a.value);
    }
    // By label or name, for people.
    let all = ctx.client.list_apps(None).await?.value;
    all.into_iter()
        .find(|a| a.label.eq_ignore_ascii_case(app) || a.name.eq_ignore_ascii_case(app))
        .ok_or_else(|| CliError::NotFound(format!("no app {app:?} (id, label or name)")))
}

pub async fn run(ctx: &Ctx, cmd: AppsCommand) -> Result<(), CliError> {
    const APP_COLUMNS: &[&str] = &["id", "label", "name", "status"];
    if ctx.dry_run
        && let AppsCommand::List { q } = &cmd
    {
        let query: Vec<(&str, String)> = q.iter().map(|q| ("q", q.clone())).collect();
        return super::print_plans(&[ctx.client.plan(
            reqwest::Method::GET,
            crate::okta::apps::APPS_PUBLIC_PATH,
            &query,
            None,
        )]);
    }
    match cmd {
        AppsCommand::List { q } => {
            let f = ctx
                .client
                .send(
                    reqwest::Method::GET,
                    crate::okta::apps::APPS_PUBLIC_PATH,
                    &q.map(|q| vec![("q", q)]).unwrap_or_default(),
                    None,
                )
                .await?;
            let items = f.body.as_array().cloned().unwrap_or_default();
            print(ctx, APP_COLUMNS, &items)
        }
        AppsCommand::Get { app } => {
            let a = find_app(ctx, &app).await?;
            let f = ctx
                .client
                .send(
                    reqwest::Method::GET,
                    &format!("{}/{}", crate::okta::apps::APPS_PUBLIC_PATH, a.id),
                    &[],
                    None,
                )
                .await?;
            print(ctx, APP_COLUMNS, &[f.body])
        }
        AppsCommand::Users { app } => {
            let a = find_app(ctx, &app).await?;
            let users = ctx.client.app_users(&a.id).await?.value;
            let items: Vec<Value> = users.iter().map(|u| json!(u)).collect();
            print(
                ctx,
                &["id", "scope", "status", "credentials.userName"],
                &items,
            )
        }
        AppsCommand::Assign { app, user } => {
            let a = find_app(ctx, &app).await?;
            let u = ctx.client.get_user(&user).await?.value;
            let w = Write::AssignApp {
                app: ObjectRef::new(a.id.clone(), a.label.clone()),
                user: UserRef::of(&u),
            };
            write_one(ctx, &w).await
        }
        AppsCommand::Unassign { app, user, yes } => {
            let a = find_app(ctx, &app).await?;
            let u = ctx.client.get_user(&user).await?.value;
            let uref = UserRef::of(&u);
            // One held through a group cannot be removed per user: say which group.
            let groups = ctx.client.user_groups(&uref.id).await?.value;
            let held = ctx.client.user_app_assignments(&uref.id, &groups).await?;
            match held.iter().find(|h| h.app.id == a.id) {
                None => {
                    return Err(CliError::NotFound(format!(
                        "{} is not assigned {}",
                        crate::okta::sanitize::visible(&uref.login),
                        crate::okta::sanitize::visible(&a.label)
                    )));
                }
                Some(h) if !h.origin.is_direct() => {
                    return Err(CliError::Failed {
                        message: format!(
                            "{} holds {} {}: change that group's assignment or membership instead",
                            crate::okta::sanitize::visible(&uref.login),
                            crate::okta::sanitize::visible(&a.label),
                            crate::okta::sanitize::visible(&h.origin.describe())
                        ),
                        exit: Exit::Api,
                    });
                }
                Some(_) => {}
            }
            let w = Write::UnassignApp {
                app: ObjectRef::new(a.id.clone(), a.label.clone()),
                user: uref,
            };
            if !ctx.dry_run {
                super::terminal::confirm(&w.describe(), yes)?;
            }
            write_one(ctx, &w).await
        }
    }
}

/// One write: planned for --dry-run, refused on a read-only tenant, else performed and
/// journaled; prints `{"ok": true, "action": ..., "description": ...}`.
async fn write_one(ctx: &Ctx, w: &Write) -> Result<(), CliError> {
    if ctx.dry_run {
        return super::print_plans(&[ctx.client.plan_write(w)]);
    }
    ctx.check_writable(&w.action())?;
    let done = perform(&ctx.client, &ctx.journal, &origin(ctx), w).await;
    done.result?;
    let mut out = super::stdout();
    crate::json_out::write(
        &mut out,
        &json!({"ok": true, "action": w.action(), "description": w.describe(), "writeId": done.write_id}),
    )?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// `oktui users update`: only the attributes that change are sent, checked first against the
/// org's profile schema; the journal keeps their values before and after.
pub async fn update(ctx: &Ctx, a: UsersUpdateArgs) -> Result<(), CliError> {
    let mut edited = Map::new();
    for s in &a.set {
        let (k, v) = s
            .split_once('=')
            .ok_or_else(|| CliError::Usage(format!("--set {s}: expected ATTR=VALUE")))?;
        edited.insert(k.trim().to_owned(), Value::String(v.to_owned()));
    }
    for k in &a.unset {
        edited.insert(k.trim().to_owned(), Value::Null);
    }
    if edited.is_empty() {
        return Err(CliError::Usage(
            "nothing to change: pass --set ATTR=VALUE or --unset ATTR".into(),
        ));
    }
    let user = ctx.client.get_user(&a.user).await?;
    let before_all = user
        .response
        .body
        .get("profile")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let changes = crate::okta::schema::profile_changes(&before_all, &edited);
    if changes.is_empty() {
        crate::notice::note("oktui: nothing to change: every attribute already has that value");
        return Ok(());
    }
    let schema = ctx.client.user_schema().await?.value;
    let problems = schema.check(&changes);
    if !problems.is_empty() {
        return Err(CliError::Failed {
            message: format!(
                "not sent: {}",
                problems
                    .iter()
                    .map(|(_, p)| crate::okta::sanitize::visible(p).into_owned())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            exit: Exit::Usage,
        });
    }
    let before: Map<String, Value> = changes
        .keys()
        .map(|k| (k.clone(), before_all.get(k).cloned().unwrap_or(Value::Null)))
        .collect();
    let w = Write::UpdateProfile {
        user: UserRef::of(&user.value),
        changes,
        before,
    };
    write_one(ctx, &w).await
}
