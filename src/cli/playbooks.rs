//! `oktui users offboard`, `oktui playbook list|run`: the plan as one JSON document, the run
//! as JSON Lines (one per step, then a summary with the residue report).

use std::io::{self, BufRead, Write as _};
use std::path::Path;

use serde_json::json;

use super::Ctx;
use super::exit::{CliError, Exit};
use super::playbook_args::{OffboardArgs, PlaybookArgs, PlaybookCommand, PlaybookRunOpts};
use crate::config::playbooks::load_playbooks;
use crate::journal::Source;
use crate::perform::Origin;
use crate::playbook::plan::{Plan, plan};
use crate::playbook::residue::residue;
use crate::playbook::run::{Run, RunRefused};
use crate::playbook::{Playbook, StepKind};

pub async fn offboard(ctx: &Ctx, args: OffboardArgs) -> Result<(), CliError> {
    let pb = Playbook::offboard().with_deactivate(args.deactivate);
    run_playbook(ctx, pb, &args.run).await
}

pub async fn playbook(
    ctx: Option<&Ctx>,
    args: PlaybookArgs,
    config: &Path,
) -> Result<(), CliError> {
    let defs = load_playbooks(config).map_err(CliError::Usage)?;
    match args.command {
        PlaybookCommand::List => {
            let mut all = Playbook::builtins();
            for d in &defs {
                let p = Playbook::from_def(d).map_err(CliError::Usage)?;
                all.retain(|b| b.name != p.name);
                all.push(p);
            }
            let mut out = super::stdout();
            crate::json_out::write(&mut out, &json!(all))?;
            out.write_all(b"\n")?;
            out.flush()?;
            Ok(())
        }
        PlaybookCommand::Run(a) => {
            let ctx = ctx.ok_or_else(|| CliError::Usage("no tenant to act on".into()))?;
            let mut pb = Playbook::find(&a.name, &defs).map_err(CliError::Usage)?;
            if a.like.is_some() {
                pb.options.like = a.like.clone();
            }
            if a.deactivate {
                pb = pb.with_deactivate(true);
            }
            run_playbook(ctx, pb, &a.run).await
        }
    }
}

fn users_of(opts: &PlaybookRunOpts) -> Result<Vec<String>, CliError> {
    let mut users = opts.users.clone();
    if let Some(from) = &opts.from {
        users.extend(super::inputs::read(from)?.into_iter().map(|i| i.text));
    }
    if users.is_empty() {
        return Err(CliError::Usage(
            "no users: name them or pass --from FILE".into(),
        ));
    }
    Ok(users)
}

/// Plans, and unless `--plan` (or `--dry-run`) confirms, runs and reports.
pub async fn run_playbook(
    ctx: &Ctx,
    mut pb: Playbook,
    opts: &PlaybookRunOpts,
) -> Result<(), CliError> {
    let users = users_of(opts)?;
    pb.options.forget_devices |= opts.forget_devices;
    if opts.keep_oauth_tokens {
        pb.options.oauth_tokens = false;
    }
    let mut p = plan(&ctx.client, &users, &pb).await?;
    for s in &opts.skip {
        let kind = StepKind::parse(s)
            .ok_or_else(|| CliError::Usage(format!("--skip {s}: no such step")))?;
        p.skip_step(kind, true);
    }
    let missing = p.users.iter().filter(|u| u.error.is_some()).count();
    if opts.plan || ctx.dry_run || ctx.read_only {
        print_plan(ctx, &p)?;
        if ctx.read_only && !opts.plan && !ctx.dry_run {
            ctx.check_writable(&format!("run the {} playbook", pb.name))?;
        }
        return if missing > 0 {
            Err(CliError::Failed {
                message: format!("{missing} user(s) could not be planned (see \"error\")"),
                exit: Exit::NotFound,
            })
        } else {
            Ok(())
        };
    }
    confirm(&p, &ctx.tenant, opts.yes)?;
    let origin = Origin {
        tenant: ctx.tenant.clone(),
        source: Source::Cli,
        run: None,
    };
    let mut run =
        Run::start(&ctx.client, &p, &ctx.journal, opts.resume.as_deref()).map_err(|e| match e {
            RunRefused::ReadOnly => CliError::Refused(e.to_string()),
        })?;
    crate::notice::note(&format!(
        "oktui: run {} ({} writes); continue it with --resume {}",
        run.id,
        run.total(),
        run.id
    ));
    let stop = super::stop::on_signal();
    let mut out = super::stdout();
    while let Some(r) = run.next(&ctx.client, &ctx.journal, &origin).await {
        let mut line = r.to_json();
        line["type"] = json!("step");
        crate::json_out::write(&mut out, &line)?;
        out.write_all(b"\n")?;
        out.flush()?;
        if let Some(exit) = stop.signalled() {
            crate::notice::note(&format!(
                "oktui: stopped; {} writes not run; continue with --resume {}",
                run.remaining(),
                run.id
            ));
            return Err(CliError::Failed {
                message: "stopped by a signal".into(),
                exit,
            });
        }
    }
    let ids: Vec<String> = p
        .users
        .iter()
        .filter(|u| u.error.is_none() && !run.summary.users_gone.contains(&u.user.login))
        .map(|u| u.user.id.clone())
        .collect();
    let left = residue(&ctx.client, &ids).await?;
    let s = &run.summary;
    crate::json_out::write(
        &mut out,
        &json!({"type": "summary", "run": run.id, "summary": s, "residue": left}),
    )?;
    out.write_all(b"\n")?;
    out.flush()?;
    let failed = s.failed + s.unknown;
    if failed > 0 {
        return Err(CliError::Partial {
            failed,
            total: run.total(),
            exit: Exit::Api,
        });
    }
    if missing > 0 || !s.users_gone.is_empty() {
        return Err(CliError::Failed {
            message: format!(
                "{} user(s) not found or deleted meanwhile",
                missing + s.users_gone.len()
            ),
            exit: Exit::NotFound,
        });
    }
    Ok(())
}

fn print_plan(ctx: &Ctx, p: &Plan) -> Result<(), CliError> {
    let mut out = super::stdout();
    crate::json_out::write(&mut out, &p.to_json(&ctx.client))?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// Names the tenant, the users and the counts, and asks for the login (one user) or the
/// number of users (several) to be typed back.
fn confirm(p: &Plan, tenant: &str, yes: bool) -> Result<(), CliError> {
    let users: Vec<&str> = p
        .users
        .iter()
        .filter(|u| u.error.is_none())
        .map(|u| u.user.login.as_str())
        .collect();
    let counts: Vec<String> = p
        .counts()
        .into_iter()
        .map(|(k, n)| format!("{} {n}", k.name()))
        .collect();
    let summary = format!(
        "{} on tenant {:?}: {} user(s), {} writes ({})",
        crate::okta::sanitize::visible(&p.playbook.name),
        crate::okta::sanitize::visible(tenant),
        users.len(),
        p.enabled_steps().count(),
        counts.join(", ")
    );
    if yes {
        crate::notice::note(&format!("oktui: {summary}"));
        return Ok(());
    }
    if !super::terminal::stdin_is_terminal() {
        return Err(CliError::Usage(format!(
            "{summary} — refusing without --yes because stdin is not a terminal"
        )));
    }
    let expected = match users.as_slice() {
        [one] => crate::okta::sanitize::visible(one).into_owned(),
        many => many.len().to_string(),
    };
    let what = if users.len() == 1 {
        "the login"
    } else {
        "the number of users"
    };
    let _ = write!(
        io::stderr(),
        "{summary}\nType {what} ({expected}) to go on: "
    );
    let _ = io::stderr().flush();
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    if answer.trim() == expected {
        Ok(())
    } else {
        Err(CliError::Usage("cancelled; nothing was sent".into()))
    }
}
