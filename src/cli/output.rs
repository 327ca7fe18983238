//! Result writers for stdout: table, JSON, JSON Lines and CSV.
//!
//! Lists are written page by page as they arrive (`RowWriter::write_rows`), in every format,
//! so a 100,000-user listing starts printing at once and memory stays flat: JSON arrays are
//! opened on the first row and closed at the end, and tables take their column widths from the
//! first page and truncate later cells to fit.

use std::io::{self, Write};

use serde_json::Value;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::script_args::OutputFormat;

/// Widest a table column may grow (hostile 1,000-character fields stay readable).
const MAX_TABLE_WIDTH: usize = 48;
/// The last column may run longer (nothing follows it), but not without end.
const MAX_LAST_WIDTH: usize = 200;

/// Writes rows of cells under fixed columns in one format.
pub struct RowWriter<W: Write> {
    format: OutputFormat,
    columns: Vec<String>,
    sink: Sink<W>,
    rows_written: usize,
    /// Table column widths, fixed by the first page.
    widths: Option<Vec<usize>>,
    csv_header_written: bool,
}

enum Sink<W: Write> {
    Plain(W),
    Csv(Box<csv::Writer<W>>),
}

impl<W: Write> RowWriter<W> {
    pub fn new(format: OutputFormat, columns: Vec<String>, out: W) -> Self {
        let sink = match format {
            OutputFormat::Csv => Sink::Csv(Box::new(
                csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(out),
            )),
            _ => Sink::Plain(out),
        };
        RowWriter {
            format,
            columns,
            sink,
            rows_written: 0,
            widths: None,
            csv_header_written: false,
        }
    }

    pub fn rows_written(&self) -> usize {
        self.rows_written
    }

    /// Writes one page of rows (each as long as `columns`) and flushes it.
    pub fn write_rows(&mut self, rows: &[Vec<Value>]) -> io::Result<()> {
        match self.format {
            OutputFormat::Table => self.table_rows(rows)?,
            OutputFormat::Csv => self.csv_rows(rows)?,
            OutputFormat::Json | OutputFormat::Jsonl => self.json_rows(rows)?,
        }
        self.rows_written += rows.len();
        self.flush()
    }

    /// Ends the output (closes a JSON array, writes the header of an empty CSV or table).
    pub fn finish(mut self) -> io::Result<()> {
        match self.format {
            OutputFormat::Json => {
                let end: &[u8] = if self.rows_written == 0 {
                    b"[]\n"
                } else {
                    b"\n]\n"
                };
                self.plain_write(end)?;
            }
            OutputFormat::Csv | OutputFormat::Table if self.rows_written == 0 => {
                self.write_rows(&[])?;
            }
            _ => {}
        }
        self.flush()
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Plain(w) => w.flush(),
            Sink::Csv(w) => w.flush(),
        }
    }

    /// Writes raw bytes (json, jsonl and table go straight to the output).
    fn plain_write(&mut self, bytes: &[u8]) -> io::Result<()> {
        match &mut self.sink {
            Sink::Plain(w) => w.write_all(bytes),
            Sink::Csv(_) => Err(io::Error::other("raw write on a CSV writer")),
        }
    }

    fn json_rows(&mut self, rows: &[Vec<Value>]) -> io::Result<()> {
        let array = self.format == OutputFormat::Json;
        let mut first = self.rows_written == 0;
        let mut buf = Vec::with_capacity(rows.len() * 256);
        for row in rows {
            if array {
                buf.extend_from_slice(if first { b"[\n" } else { b",\n" });
            }
            first = false;
            write_object(&mut buf, &self.columns, row)?;
            if !array {
                buf.push(b'\n');
            }
        }
        self.plain_write(&buf)
    }

    fn csv_rows(&mut self, rows: &[Vec<Value>]) -> io::Result<()> {
        let Sink::Csv(w) = &mut self.sink else {
            return Ok(());
        };
        if !self.csv_header_written {
            w.write_record(self.columns.iter().map(|c| csv_cell(c)))?;
            self.csv_header_written = true;
        }
        for row in rows {
            w.write_record(row.iter().map(|v| csv_cell(&cell_text(v))))?;
        }
        Ok(())
    }

    fn table_rows(&mut self, rows: &[Vec<Value>]) -> io::Result<()> {
        let mut buf = String::new();
        if self.widths.is_none() {
            let mut widths: Vec<usize> = self.columns.iter().map(|c| c.width()).collect();
            for row in rows {
                for (w, v) in widths.iter_mut().zip(row) {
                    *w = (*w).max(table_text(v).width()).min(MAX_TABLE_WIDTH);
                }
            }
            let header: Vec<Value> = self
                .columns
                .iter()
                .map(|c| Value::String(c.to_uppercase()))
                .collect();
            push_table_line(&mut buf, &widths, &header);
            self.widths = Some(widths);
        }
        if let Some(widths) = &self.widths {
            for row in rows {
                push_table_line(&mut buf, widths, row);
            }
        }
        self.plain_write(buf.as_bytes())
    }
}

fn push_table_line(buf: &mut String, widths: &[usize], row: &[Value]) {
    let mut line = String::new();
    for (i, (w, v)) in widths.iter().zip(row).enumerate() {
        let last = i + 1 == widths.len();
        // Nothing follows the last column, so it may run long (links, descriptions).
        let text = if last {
            fit(&table_text(v), MAX_LAST_WIDTH)
        } else {
            fit(&table_text(v), *w)
        };
        line.push_str(&text);
        if i + 1 < widths.len() {
            let pad = w.saturating_sub(text.width()) + 2;
            line.extend(std::iter::repeat_n(' ', pad));
        }
    }
    buf.push_str(line.trim_end());
    buf.push('\n');
}

/// Cuts `s` to `width` display columns, marking the cut with `…`.
fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > width {
            break;
        }
        used += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// A cell as text: strings as they are, null as empty, everything else as JSON.
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Table text keeps one line per row whatever the data holds, and shows what a terminal
/// would hide or draw at a disputed width as `<U+200B>` (`sanitize::visible`): a login with a
/// zero-width space in it must not read like the login without. JSON and CSV keep the value.
fn table_text(v: &Value) -> String {
    // Times read as the console shows them, in the configured zone; JSON and CSV keep Okta's.
    if let Some(t) = v.as_str().and_then(crate::time_zone::format_stamp) {
        return t;
    }
    crate::okta::sanitize::visible(&cell_text(v)).into_owned()
}

/// Escapes a value a spreadsheet would run as a formula by prefixing `'` (OWASP CSV injection
/// advice). The csv crate then quotes per RFC 4180.
pub fn csv_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

/// `{"col": value, ...}` in column order (serde_json maps would sort the keys).
fn write_object(buf: &mut Vec<u8>, columns: &[String], row: &[Value]) -> io::Result<()> {
    buf.push(b'{');
    for (i, (c, v)) in columns.iter().zip(row).enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        crate::json_out::write(&mut *buf, c)?;
        buf.push(b':');
        crate::json_out::write(&mut *buf, v)?;
    }
    buf.push(b'}');
    Ok(())
}

/// Prints one JSON value: pretty for `json`, one line for everything else.
pub fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn Write,
    v: &T,
    format: OutputFormat,
) -> io::Result<()> {
    if format == OutputFormat::Json {
        crate::json_out::write_pretty(&mut *out, v)?;
    } else {
        crate::json_out::write(&mut *out, v)?;
    }
    out.write_all(b"\n")?;
    out.flush()
}

/// Picks columns: `--fields a,b,c` (checked against `all`), else the format's default.
pub fn choose_columns(
    fields: Option<&str>,
    all: &[&str],
    table_default: &[&str],
    format: OutputFormat,
) -> Result<Vec<String>, String> {
    match fields {
        Some(list) => {
            let mut chosen = Vec::new();
            for f in list.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                let Some(known) = all.iter().find(|a| a.eq_ignore_ascii_case(f)) else {
                    return Err(format!("unknown field {f:?}; available: {}", all.join(",")));
                };
                chosen.push((*known).to_owned());
            }
            if chosen.is_empty() {
                return Err("--fields needs at least one field".into());
            }
            Ok(chosen)
        }
        None if format == OutputFormat::Table => {
            Ok(table_default.iter().map(|s| (*s).to_owned()).collect())
        }
        None => Ok(all.iter().map(|s| (*s).to_owned()).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(format: OutputFormat, pages: &[Vec<Vec<Value>>]) -> String {
        let mut out = Vec::new();
        let mut w = RowWriter::new(format, vec!["id".into(), "name".into()], &mut out);
        for p in pages {
            w.write_rows(p).unwrap();
        }
        w.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    fn pages() -> Vec<Vec<Vec<Value>>> {
        vec![
            vec![vec![json!("1"), json!("a, \"b\"\nc")]],
            vec![
                vec![json!("2"), json!("=SUM(A1)")],
                vec![json!(3), Value::Null],
            ],
        ]
    }

    #[test]
    fn csv_quotes_and_escapes_formulas() {
        let s = render(OutputFormat::Csv, &pages());
        assert_eq!(
            s,
            "id,name\r\n1,\"a, \"\"b\"\"\nc\"\r\n2,'=SUM(A1)\r\n3,\r\n"
        );
        let mut r = csv::Reader::from_reader(s.as_bytes());
        let recs: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
        assert_eq!(&recs[0][1], "a, \"b\"\nc");
    }

    #[test]
    fn formula_prefixes() {
        for s in ["=1", "+1", "-1", "@x", "\tx", "\rx"] {
            assert!(csv_cell(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(csv_cell("a=b"), "a=b");
    }

    #[test]
    fn json_array_streams_across_pages() {
        let s = render(OutputFormat::Json, &pages());
        let v: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 3);
        assert_eq!(v[0]["name"], "a, \"b\"\nc");
        assert_eq!(render(OutputFormat::Json, &[]), "[]\n");
    }

    #[test]
    fn jsonl_one_object_per_line_in_column_order() {
        let s = render(OutputFormat::Jsonl, &pages());
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[2], r#"{"id":3,"name":null}"#);
    }

    #[test]
    fn table_fixes_widths_on_first_page_and_truncates() {
        let long = "x".repeat(100);
        let s = render(
            OutputFormat::Table,
            &[
                vec![vec![json!("1"), json!("ab")]],
                vec![vec![json!("2"), json!(long)]],
            ],
        );
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "ID  NAME");
        assert_eq!(lines[1], "1   ab");
        // The last column is cut later than the others.
        assert_eq!(lines[2], format!("2   {long}"));
        let mut out = Vec::new();
        let mut w = RowWriter::new(OutputFormat::Table, vec!["a".into(), "b".into()], &mut out);
        w.write_rows(&[vec![json!("abc"), json!(1)]]).unwrap();
        w.write_rows(&[vec![json!(long), json!(2)]]).unwrap();
        w.finish().unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s.lines().nth(2), Some("xx…  2"));
    }

    #[test]
    fn fields_are_checked() {
        let all = ["id", "login", "email"];
        let cols = choose_columns(Some("login, ID"), &all, &["id"], OutputFormat::Csv).unwrap();
        assert_eq!(cols, ["login", "id"]);
        assert!(choose_columns(Some("nope"), &all, &["id"], OutputFormat::Csv).is_err());
        assert_eq!(
            choose_columns(None, &all, &["id"], OutputFormat::Table).unwrap(),
            ["id"]
        );
    }

    #[test]
    fn table_shows_invisible_characters_and_json_keeps_them() {
        let rows = vec![vec![json!("1"), json!("admin\u{200b}@example.com")]];
        let table = render(OutputFormat::Table, std::slice::from_ref(&rows));
        assert_eq!(table.lines().nth(1), Some("1   admin<U+200B>@example.com"));
        let jsonl = render(OutputFormat::Jsonl, &[rows]);
        let v: Value = serde_json::from_str(jsonl.trim()).unwrap();
        assert_eq!(v["name"], "admin\u{200b}@example.com");
    }

    #[test]
    fn table_shows_times_as_the_console_does_and_json_keeps_okta_form() {
        let rows = vec![vec![json!("1"), json!("2024-01-31T12:00:00.000Z")]];
        let table = render(OutputFormat::Table, std::slice::from_ref(&rows));
        // Tests read no config: the zone is UTC, and it is named.
        assert_eq!(table.lines().nth(1), Some("1   2024-01-31 12:00 UTC"));
        let jsonl = render(OutputFormat::Jsonl, &[rows]);
        let v: Value = serde_json::from_str(jsonl.trim()).unwrap();
        assert_eq!(v["name"], "2024-01-31T12:00:00.000Z");
    }

    #[test]
    fn table_keeps_one_line_per_row() {
        let rows = vec![vec![json!("1"), json!("a\nb\u{2028}c")]];
        let table = render(OutputFormat::Table, &[rows]);
        assert_eq!(table.lines().nth(1), Some("1   a b c"));
    }
}
