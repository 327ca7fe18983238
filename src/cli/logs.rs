//! `oktui logs list` (a bounded query, streamed page by page) and `oktui logs tail`
//! (follows new events until interrupted).
//!
//! Output: table and csv print the event's main fields; json and jsonl print whole events
//! (cleaned of terminal escapes when they arrived). A tail writes and flushes whole lines
//! only, and stops between lines, so its JSON Lines output stays valid wherever it is cut.

use std::io::{BufWriter, Stdout, Write as _};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::signal::unix::{SignalKind, signal};

use super::Ctx;
use super::exit::{CliError, Exit};
use super::output::{RowWriter, write_json};
use super::records::{Record, cells};
use super::script_args::{LogsCommand, LogsFilterOpts, LogsListArgs, LogsTailArgs, OutputFormat};
use crate::okta::sanitize::clean;
use crate::okta::{LogEvent, LogQuery, OktaError, format_okta_timestamp};

/// Okta's largest System Log page.
const MAX_PAGE: u32 = 1000;

impl Record for LogEvent {
    const FIELDS: &'static [&'static str] = &[
        "published",
        "eventType",
        "result",
        "reason",
        "severity",
        "actor",
        "actorId",
        "target",
        "targetId",
        "ip",
        "place",
        "userAgent",
        "displayMessage",
        "uuid",
    ];
    const TABLE: &'static [&'static str] = &[
        "published",
        "eventType",
        "result",
        "reason",
        "actor",
        "target",
        "ip",
        "place",
    ];

    fn field(&self, name: &str) -> Value {
        let first = self.targets.first();
        match name {
            "published" => self
                .published
                .map(format_okta_timestamp)
                .map_or(Value::Null, Value::from),
            "eventType" => json!(self.event_type),
            "result" => json!(self.result),
            "reason" => json!(self.reason),
            "severity" => json!(self.severity),
            "actor" => json!(self.actor.label()),
            "actorId" => json!(self.actor.id),
            "target" => json!(
                self.targets
                    .iter()
                    .map(|t| t.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "targetId" => json!(first.map(|t| t.id.as_str())),
            "ip" => json!(self.ip),
            "place" => json!(self.place),
            "userAgent" => json!(self.user_agent),
            "displayMessage" => json!(self.display_message),
            "uuid" => json!(self.uuid),
            _ => Value::Null,
        }
    }
}

pub async fn run(ctx: &Ctx, cmd: LogsCommand) -> Result<(), CliError> {
    match cmd {
        LogsCommand::List(a) => list(ctx, a).await,
        LogsCommand::Tail(a) => tail(ctx, a).await,
    }
}

fn query(f: &LogsFilterOpts) -> LogQuery {
    LogQuery {
        since: f.since.clone(),
        filter: f.filter.clone(),
        q: f.q.clone(),
        ..Default::default()
    }
}

/// Okta's refusal of a query, with the expression it refused.
fn explain(e: OktaError, f: &LogsFilterOpts) -> CliError {
    let refused = matches!(e, OktaError::Api { status: 400, .. });
    match (&f.filter, refused) {
        (Some(expr), true) => CliError::Failed {
            message: format!("Okta refused the filter {:?}: {e}", clean(expr)),
            exit: Exit::of_okta(&e),
        },
        _ => e.into(),
    }
}

/// Writes events in the chosen format as they come.
struct EventWriter {
    format: OutputFormat,
    rows: Option<RowWriter<BufWriter<Stdout>>>,
    out: BufWriter<Stdout>,
    /// json: whether the array was opened, and whether an item was written.
    opened: bool,
    any: bool,
    /// A tail never closes a JSON array: it writes JSON Lines even for `json`.
    lines: bool,
}

impl EventWriter {
    fn new(format: OutputFormat, lines: bool) -> Self {
        let rows = matches!(format, OutputFormat::Table | OutputFormat::Csv).then(|| {
            let cols = LogEvent::TABLE.iter().map(|s| (*s).to_owned()).collect();
            let cols = if format == OutputFormat::Csv {
                LogEvent::FIELDS.iter().map(|s| (*s).to_owned()).collect()
            } else {
                cols
            };
            RowWriter::new(format, cols, super::stdout())
        });
        EventWriter {
            format,
            rows,
            out: super::stdout(),
            opened: false,
            any: false,
            lines,
        }
    }

    fn write(&mut self, events: &[LogEvent]) -> Result<(), CliError> {
        if let Some(w) = &mut self.rows {
            let cols: Vec<String> = if self.format == OutputFormat::Csv {
                LogEvent::FIELDS.iter().map(|s| (*s).to_owned()).collect()
            } else {
                LogEvent::TABLE.iter().map(|s| (*s).to_owned()).collect()
            };
            let rows: Vec<Vec<Value>> = events.iter().map(|e| cells(e, &cols)).collect();
            w.write_rows(&rows)?;
            return Ok(());
        }
        if self.format == OutputFormat::Json && !self.lines {
            for e in events {
                self.out
                    .write_all(if !self.opened { b"[\n" } else { b",\n" })?;
                self.opened = true;
                self.any = true;
                crate::json_out::write(&mut self.out, &e.raw)?;
            }
            self.out.flush()?;
            return Ok(());
        }
        for e in events {
            write_json(&mut self.out, &e.raw, OutputFormat::Jsonl)?;
        }
        self.out.flush()?;
        Ok(())
    }

    fn finish(mut self) -> Result<(), CliError> {
        if let Some(w) = self.rows.take() {
            w.finish()?;
        } else if self.format == OutputFormat::Json && !self.lines {
            self.out
                .write_all(if self.any { b"\n]\n" } else { b"[]\n" })?;
            self.out.flush()?;
        }
        Ok(())
    }
}

async fn list(ctx: &Ctx, a: LogsListArgs) -> Result<(), CliError> {
    let mut q = query(&a.filter);
    q.until = a.until.clone();
    q.newest_first = a.newest_first;
    // The System Log's bucket is small (120 a minute): ask for Okta's largest page.
    q.limit = Some(
        a.limit
            .map_or(MAX_PAGE, |l| l.clamp(1, MAX_PAGE as usize) as u32),
    );
    if ctx.dry_run {
        return super::print_plans(&[ctx.client.plan_list_logs(&q)]);
    }
    let mut pages = ctx.client.list_logs(&q);
    let mut left = a.limit.unwrap_or(usize::MAX);
    if ctx.include_headers {
        let mut out = super::stdout();
        while left > 0 {
            let Some(page) = pages.next_page().await else {
                break;
            };
            let page = page.map_err(|e| explain(e, &a.filter))?;
            let body: Vec<Value> = page
                .items
                .iter()
                .take(left)
                .map(|e| e.raw.clone())
                .collect();
            left -= body.len();
            let v = super::response_json(&page.response, Value::Array(body));
            write_json(&mut out, &v, OutputFormat::Jsonl)?;
        }
        return Ok(());
    }
    let mut w = EventWriter::new(ctx.format, false);
    while left > 0 {
        let Some(page) = pages.next_page().await else {
            break;
        };
        let page = page.map_err(|e| explain(e, &a.filter))?;
        let n = page.items.len().min(left);
        w.write(&page.items[..n])?;
        left -= n;
    }
    w.finish()
}

async fn tail(ctx: &Ctx, a: LogsTailArgs) -> Result<(), CliError> {
    let q = query(&a.filter);
    if ctx.dry_run {
        let mut first = q.clone();
        first.since = Some(
            q.since
                .clone()
                .unwrap_or_else(|| format_okta_timestamp(chrono::Utc::now().timestamp_millis())),
        );
        let plan = ctx.client.plan(
            reqwest::Method::GET,
            crate::okta::logs::LOGS_PATH,
            &first.to_params(),
            None,
        );
        return super::print_plans(&[plan]);
    }
    let mut tail = ctx.client.tail_logs(&q)?;
    if let Some(ms) = std::env::var("OKTUI_TAIL_INTERVAL_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        // Tests and benchmarks poll faster than people need to.
        let d = Duration::from_millis(ms.max(50));
        tail = tail.with_intervals(d, d * 4);
    }
    let (mut int, mut term) = (
        signal(SignalKind::interrupt())?,
        signal(SignalKind::terminate())?,
    );
    let mut w = EventWriter::new(ctx.format, true);
    loop {
        let batch = tokio::select! {
            r = tail.next_batch() => r,
            _ = int.recv() => break,
            _ = term.recv() => break,
        };
        match batch {
            Ok(events) => w.write(&events)?,
            Err(OktaError::RateLimited { wait, .. }) => {
                crate::notice::note(&format!(
                    "oktui: System Log rate limit (E0000047): pausing {}s, then resuming from the last event seen",
                    wait.as_secs().max(1)
                ));
                tokio::select! {
                    _ = tokio::time::sleep(wait.max(Duration::from_secs(1))) => {}
                    _ = int.recv() => break,
                    _ = term.recv() => break,
                }
            }
            Err(
                e @ (OktaError::Connect { .. }
                | OktaError::Dropped { .. }
                | OktaError::Timeout { .. }),
            ) => {
                crate::notice::note(&format!(
                    "oktui: {e}; retrying in {}s from the last event seen",
                    tail.delay().as_secs().max(1)
                ));
            }
            Err(e) => return Err(explain(e, &a.filter)),
        }
    }
    w.finish()
}
