//! `oktui index status|sync|clear [TENANT]`, and the two listings the index makes possible:
//! `users list --offline` (from the index) and `users list --parallel` (parts side by side).

use std::io::Write as _;

use serde_json::{Value, json};

use super::Ctx;
use super::args::GlobalOpts;
use super::exit::CliError;
use super::output::RowWriter;
use super::progress::Progress;
use super::records::{Record, cells};
use super::script_args::{IndexCommand, OutputFormat, UsersListArgs};
use crate::index::partition::{Listed, ParallelOptions, list_parallel, user_rows, whole_users};
use crate::index::{Index, IndexError, Opened, SyncOptions};
use crate::okta::models::format_okta_timestamp;
use crate::okta::{User, UserRow, UserStatus};

impl From<IndexError> for CliError {
    fn from(e: IndexError) -> Self {
        CliError::Failed {
            message: e.to_string(),
            exit: super::exit::Exit::Api,
        }
    }
}

impl From<crate::index::sync::SyncError> for CliError {
    fn from(e: crate::index::sync::SyncError) -> Self {
        match e {
            crate::index::sync::SyncError::Okta(e) => e.into(),
            crate::index::sync::SyncError::Index(e) => e.into(),
        }
    }
}

pub async fn run(
    global: &GlobalOpts,
    format: OutputFormat,
    command: IndexCommand,
) -> Result<(), CliError> {
    let (tenant, full) = match &command {
        IndexCommand::Status(t) | IndexCommand::Clear(t) => (t.tenant.clone(), false),
        IndexCommand::Sync(a) => (a.tenant.tenant.clone(), a.full),
    };
    let mut global = global.clone();
    if tenant.is_some() {
        global.tenant = tenant;
    }
    let ctx = Ctx::connect(&global, format)?;
    if !ctx.use_index {
        return Err(CliError::Usage(format!(
            "tenant {:?} keeps no index (index = false in the config, or --no-index)",
            ctx.tenant
        )));
    }
    let dir = crate::index::store::default_dir()?;
    let (mut index, opened) = Index::open_tenant(&dir, &ctx.tenant)?;
    report_opened(&opened);
    match command {
        IndexCommand::Status(_) => print_status(&ctx, &index),
        IndexCommand::Clear(_) => {
            index.clear()?;
            crate::notice::note(&format!("oktui: index of {} cleared", ctx.tenant));
            Ok(())
        }
        IndexCommand::Sync(_) => {
            let opts = SyncOptions {
                full,
                parallel: ctx.parallel_options(),
                ..Default::default()
            };
            let mut progress = Progress::new("users");
            let mut changed = 0usize;
            let report = crate::index::sync(&ctx.client, &mut index, &opts, &mut |e| {
                if let crate::index::SyncEvent::UsersChanged(rows) = &e {
                    changed += rows.len();
                    progress.count(changed);
                }
            })
            .await?;
            progress.finish();
            let deletions = match &report.deletions {
                crate::index::DeletionSource::Log => "system log".to_owned(),
                crate::index::DeletionSource::Reconciled(None) => "ids compared".to_owned(),
                crate::index::DeletionSource::Reconciled(Some(why)) => {
                    format!("ids compared ({why})")
                }
            };
            let v = json!({
                "tenant": ctx.tenant,
                "full": report.full,
                "usersChanged": report.users_changed,
                "usersDeleted": report.users_deleted,
                "groupsChanged": report.groups_changed,
                "groupsDeleted": report.groups_deleted,
                "deletionsFrom": deletions,
                "requests": report.requests,
                "syncedAt": format_okta_timestamp(report.mark),
            });
            print_object(format, &v)
        }
    }
}

fn report_opened(opened: &Opened) {
    if let Opened::Rebuilt(aside) = opened {
        crate::notice::note(&format!(
            "oktui: the index was unusable ({}); moved to {} and started afresh",
            crate::okta::sanitize::visible(&aside.reason),
            aside.moved_to.display()
        ));
    }
}

fn print_status(ctx: &Ctx, index: &Index) -> Result<(), CliError> {
    let synced = index.synced_at()?;
    let v = json!({
        "tenant": ctx.tenant,
        "path": index.path().map(|p| p.display().to_string()),
        "users": index.user_count()?,
        "groups": index.group_count()?,
        "syncedAt": synced.map(format_okta_timestamp),
        "ageSeconds": index.age()?.map(|a| a.as_secs()),
    });
    print_object(ctx.format, &v)
}

fn print_object(format: OutputFormat, v: &Value) -> Result<(), CliError> {
    let mut out = super::stdout();
    match format {
        OutputFormat::Json | OutputFormat::Jsonl => {
            crate::json_out::write(&mut out, v)?;
            out.write_all(b"\n")?;
        }
        _ => {
            if let Value::Object(m) = v {
                for (k, v) in m {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        Value::Null => "-".to_owned(),
                        other => other.to_string(),
                    };
                    writeln!(out, "{k}: {text}")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// How long ago, in words: "3m", "2h", "5d".
pub fn age_words(secs: u64) -> String {
    match secs {
        s if s < 120 => format!("{s}s"),
        s if s < 7200 => format!("{}m", s / 60),
        s if s < 172_800 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    }
}

fn status_filter(a: &UsersListArgs) -> Result<Option<UserStatus>, CliError> {
    a.status
        .as_deref()
        .map(|s| {
            let st = UserStatus::parse(&s.trim().to_ascii_uppercase());
            match st {
                UserStatus::Other(_) => Err(CliError::Usage(format!("unknown status {s:?}"))),
                st => Ok(st),
            }
        })
        .transpose()
}

/// `users list --offline`: rows from the index, its age on stderr.
pub fn list_offline(ctx: &Ctx, a: &UsersListArgs, columns: Vec<String>) -> Result<(), CliError> {
    if a.search.is_some() || a.filter.is_some() {
        return Err(CliError::Usage(
            "--offline reads the local index: --search and --filter need Okta (use --q TEXT)"
                .into(),
        ));
    }
    if !ctx.use_index {
        return Err(CliError::Usage(format!(
            "tenant {:?} keeps no index (index = false, or --no-index)",
            ctx.tenant
        )));
    }
    let dir = crate::index::store::default_dir()?;
    let path = dir.join(crate::index::store::file_name(&ctx.tenant));
    if !path.exists() {
        return Err(CliError::NotFound(format!(
            "no index for tenant {:?} yet: run `oktui index sync`",
            ctx.tenant
        )));
    }
    let (index, opened) = Index::open(&path)?;
    report_opened(&opened);
    match (index.synced_at()?, index.age()?) {
        (Some(at), Some(age)) => crate::notice::note(&format!(
            "oktui: from the local index of {}, synced {} ago ({})",
            ctx.tenant,
            age_words(age.as_secs()),
            format_okta_timestamp(at)
        )),
        _ => crate::notice::note(&format!(
            "oktui: the local index of {} has never completed a sync",
            ctx.tenant
        )),
    }
    let status = status_filter(a)?;
    let keep = |u: &UserRow| status.as_ref().is_none_or(|s| &u.status() == s);
    let mut writer = RowWriter::new(ctx.format, columns.clone(), super::stdout());
    let mut left = a.limit.unwrap_or(usize::MAX);
    let mut batch = Vec::new();
    let mut failed = None;
    let write = |rows: &mut Vec<UserRow>, writer: &mut RowWriter<_>| {
        let cellrows: Vec<Vec<Value>> = rows.drain(..).map(|r| cells(&r, &columns)).collect();
        writer.write_rows(&cellrows)
    };
    let each = |u: UserRow| {
        if left == 0 || failed.is_some() || !keep(&u) {
            return;
        }
        left -= 1;
        batch.push(u);
        if batch.len() >= 500
            && let Err(e) = write(&mut batch, &mut writer)
        {
            failed = Some(e);
        }
    };
    match &a.q {
        Some(q) => index
            .users_matching(
                q,
                a.limit.unwrap_or(usize::MAX).min(i64::MAX as usize) as u64,
            )?
            .into_iter()
            .for_each(each),
        None => index.for_each_user(each)?,
    }
    if let Some(e) = failed {
        return Err(e.into());
    }
    write(&mut batch, &mut writer)?;
    writer.finish()?;
    Ok(())
}

/// `users list --parallel`: parts side by side, each page printed as it arrives.
pub async fn list_parallel_cli(
    ctx: &Ctx,
    a: &UsersListArgs,
    columns: Vec<String>,
    whole: bool,
) -> Result<(), CliError> {
    if a.search.is_some() || a.filter.is_some() || a.q.is_some() {
        return Err(CliError::Usage(
            "--parallel lists every user; it does not combine with --search, --filter or --q"
                .into(),
        ));
    }
    if ctx.include_headers {
        return Err(CliError::Usage(
            "--parallel does not combine with --include-headers".into(),
        ));
    }
    crate::notice::note("oktui: --parallel prints users as pages arrive, in no particular order");
    let status = status_filter(a)?;
    let opts = ctx.parallel_options();
    if whole {
        let fetch = whole_users(&ctx.client, ctx.page_size);
        print_parallel(ctx, a.limit, columns, fetch, &opts, move |u: &User| {
            keep_status(&status, &u.row.status())
        })
        .await
    } else {
        let fetch = user_rows(&ctx.client, ctx.page_size);
        print_parallel(ctx, a.limit, columns, fetch, &opts, move |u: &UserRow| {
            keep_status(&status, &u.status())
        })
        .await
    }
}

/// Without `--status`, what `users list` shows: everyone but DEPROVISIONED (a filter on
/// `lastUpdated` returns every status).
fn keep_status(wanted: &Option<UserStatus>, status: &UserStatus) -> bool {
    match wanted {
        Some(w) => w == status,
        None => *status != UserStatus::Deprovisioned,
    }
}

async fn print_parallel<R: Record + Listed>(
    ctx: &Ctx,
    limit: Option<usize>,
    columns: Vec<String>,
    fetch: crate::index::partition::FetchFn<R>,
    opts: &ParallelOptions,
    keep: impl Fn(&R) -> bool,
) -> Result<(), CliError> {
    let mut writer = RowWriter::new(ctx.format, columns.clone(), super::stdout());
    let mut progress = Progress::new("users");
    let mut left = limit.unwrap_or(usize::MAX);
    let mut failed = None;
    list_parallel(&ctx.client, "/api/v1/users", fetch, opts, |items| {
        let rows: Vec<Vec<Value>> = items
            .iter()
            .filter(|r| keep(r))
            .take(left)
            .map(|r| cells(r, &columns))
            .collect();
        left -= rows.len();
        if let Err(e) = writer.write_rows(&rows) {
            failed = Some(e);
            return false;
        }
        progress.count(writer.rows_written());
        left > 0
    })
    .await?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    progress.finish();
    writer.finish()?;
    Ok(())
}
