//! The raw view (`v`): the response status and headers of the last call for the thing on
//! screen, then its JSON body, pretty-printed.

use serde_json::Value;

use crate::okta::ApiResponse;

#[derive(Debug, Clone, PartialEq)]
pub struct RawView {
    pub title: String,
    pub lines: Vec<String>,
    pub offset: usize,
    /// Columns scrolled to the right (lines wider than the screen).
    pub column: usize,
}

impl RawView {
    pub fn new(title: String, response: &ApiResponse, body: &Value) -> Self {
        let mut lines = vec![format!("HTTP {}", response.status)];
        for (k, v) in &response.headers {
            lines.push(format!("{k}: {v}"));
        }
        lines.push(String::new());
        // The body as it came, with escape and control characters written out (`\u001b`),
        // when it held any: the cleaned body would hide that the record carries them.
        let pretty = match &response.raw_text {
            Some(text) => text.clone(),
            None => serde_json::to_string_pretty(body).unwrap_or_default(),
        };
        lines.extend(pretty.lines().map(str::to_owned));
        RawView {
            title,
            lines,
            offset: 0,
            column: 0,
        }
    }

    /// Moves the view `delta` columns sideways, no further than the widest line allows.
    pub fn scroll_sideways(&mut self, delta: isize, width: usize) {
        let widest = self
            .lines
            .iter()
            .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()))
            .max()
            .unwrap_or(0);
        let max = widest.saturating_sub(width.max(1));
        self.column = (self.column as isize + delta).clamp(0, max as isize) as usize;
    }

    pub fn scroll(&mut self, delta: isize, height: usize) {
        let max = self.lines.len().saturating_sub(height.max(1));
        self.offset = (self.offset as isize + delta).clamp(0, max as isize) as usize;
    }

    /// The whole text, for `y`.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }
}
