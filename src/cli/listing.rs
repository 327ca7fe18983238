//! Printing lists: page streams (written as each page arrives, never held whole) and small
//! complete lists (a user's groups, roles, apps; the tenants).

use serde_json::Value;

use super::Ctx;
use super::exit::CliError;
use super::output::{RowWriter, choose_columns, write_json};
use super::progress::Progress;
use super::records::{Record, cells};
use super::script_args::OutputFormat;
use crate::okta::page_retry::PageRetry;
use crate::okta::{ApiResponse, OktaError, Page, Pages};

/// Which rows to print from a stream.
pub struct ListSpec<'a, R> {
    pub fields: Option<&'a str>,
    /// Columns already chosen by the caller (fields `R::FIELDS` does not list, such as a
    /// user's `profile.*`); `fields` is then not looked at.
    pub columns: Option<Vec<String>>,
    /// Stop after this many printed rows.
    pub limit: Option<usize>,
    /// Rows to keep (a local filter where the server cannot filter).
    pub keep: &'a dyn Fn(&R) -> bool,
    /// "users", "groups": for the progress line.
    pub noun: &'a str,
}

pub fn columns<R: Record>(
    fields: Option<&str>,
    format: OutputFormat,
) -> Result<Vec<String>, CliError> {
    choose_columns(fields, R::FIELDS, R::TABLE, format).map_err(CliError::Usage)
}

/// Writes every page of `pages` as it arrives. With `--include-headers` each page becomes one
/// `{"status", "headers", "body": [rows]}` line instead.
pub async fn stream<R: Record + Send + 'static>(
    ctx: &Ctx,
    mut pages: Pages<R>,
    spec: ListSpec<'_, R>,
) -> Result<(), CliError> {
    let columns = match spec.columns {
        Some(c) => c,
        None => columns::<R>(spec.fields, ctx.format)?,
    };
    let mut progress = Progress::new(spec.noun);
    let mut left = spec.limit.unwrap_or(usize::MAX);
    let mut retry = PageRetry::default();
    if ctx.include_headers {
        let mut out = super::stdout();
        let mut lines = 0usize;
        while left > 0 {
            let Some(page) = next_page(&mut pages, &mut retry, spec.noun, lines).await else {
                break;
            };
            let page = page?;
            lines += 1;
            let rows: Vec<Value> = page
                .items
                .iter()
                .filter(|r| (spec.keep)(r))
                .take(left)
                .map(|r| object(r, &columns))
                .collect();
            left -= rows.len();
            let v = super::response_json(&page.response, Value::Array(rows));
            write_json(&mut out, &v, OutputFormat::Jsonl)?;
        }
        return Ok(());
    }
    let mut writer = RowWriter::new(ctx.format, columns.clone(), super::stdout());
    while left > 0 {
        let Some(page) = next_page(&mut pages, &mut retry, spec.noun, writer.rows_written()).await
        else {
            break;
        };
        let page = match page {
            Ok(page) => page,
            Err(e) => {
                // What was printed stays valid output (a JSON array is closed) and the exit
                // code says the listing is incomplete.
                progress.finish();
                writer.finish()?;
                return Err(e.into());
            }
        };
        let rows: Vec<Vec<Value>> = page
            .items
            .iter()
            .filter(|r| (spec.keep)(r))
            .take(left)
            .map(|r| cells(r, &columns))
            .collect();
        left -= rows.len();
        writer.write_rows(&rows)?;
        progress.count(writer.rows_written());
    }
    progress.finish();
    writer.finish()?;
    Ok(())
}

/// The next page, trying the same page again (same cursor) after a transient failure with
/// longer and longer waits, each said on stderr. The error once the tries are used up.
async fn next_page<R: Send + 'static>(
    pages: &mut Pages<R>,
    retry: &mut PageRetry,
    noun: &str,
    done: usize,
) -> Option<Result<Page<R>, OktaError>> {
    loop {
        match pages.next_page().await? {
            Ok(page) => {
                retry.succeeded();
                return Some(Ok(page));
            }
            Err(e) => {
                let Some(wait) = retry.after_failure(&e) else {
                    return Some(Err(e));
                };
                eprintln!(
                    "{noun}: a page failed after {done} row(s) ({}); trying the same page again in {}s (try {} of {})",
                    crate::okta::sanitize::clean(&e.to_string()),
                    wait.as_secs(),
                    retry.failures(),
                    crate::okta::page_retry::PAGE_RETRIES,
                );
                tokio::time::sleep(wait).await;
            }
        }
    }
}

/// Prints a complete list (or, with `--include-headers`, the response around it).
pub fn print_all<R: Record>(
    ctx: &Ctx,
    items: &[R],
    fields: Option<&str>,
    response: Option<&ApiResponse>,
) -> Result<(), CliError> {
    let columns = columns::<R>(fields, ctx.format)?;
    if ctx.include_headers
        && let Some(r) = response
    {
        let body = Value::Array(items.iter().map(|i| object(i, &columns)).collect());
        let mut out = super::stdout();
        write_json(&mut out, &super::response_json(r, body), ctx.format)?;
        return Ok(());
    }
    write_rows(ctx.format, columns, items)
}

pub fn write_rows<R: Record>(
    format: OutputFormat,
    columns: Vec<String>,
    items: &[R],
) -> Result<(), CliError> {
    let rows: Vec<Vec<Value>> = items.iter().map(|i| cells(i, &columns)).collect();
    let mut w = RowWriter::new(format, columns, super::stdout());
    w.write_rows(&rows)?;
    w.finish()?;
    Ok(())
}

/// A row as a JSON object in column order (serde_json's map sorts keys; order matters less
/// inside a response envelope, so the map is fine here).
fn object<R: Record>(r: &R, columns: &[String]) -> Value {
    let map = columns
        .iter()
        .map(|c| (c.clone(), r.field(c)))
        .collect::<serde_json::Map<String, Value>>();
    Value::Object(map)
}
