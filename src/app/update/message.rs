//! The whole-message key: the status line holds one line, cut to the width; this opens what
//! it says in full (for an error: summary, every cause, request id, what to do next).

use crate::app::{Action, App, ErrorInfo, Modal};

impl App {
    pub(in crate::app) fn open_whole_message(&mut self) {
        let Some(status) = &self.status else {
            self.info("no message to show");
            return;
        };
        // The error kept with the line, while the line still says what it said (a page
        // failure adds what was kept after it).
        let info = match &self.status_error {
            Some(e) if status.text.starts_with(&e.one_line()) => {
                let mut e = e.clone();
                let extra = status.text[e.one_line().len()..]
                    .trim_start_matches(" · ")
                    .to_owned();
                if !extra.is_empty() && e.hint.is_none() && e.advice.is_none() {
                    e.hint = Some(extra);
                }
                e
            }
            _ => ErrorInfo::from_text("", &status.text),
        };
        self.modal = Some(Modal::Error(info));
    }
}

/// The most screen rows the status line grows to; a longer message ends its last row with
/// the key that shows all of it.
pub const STATUS_MAX_ROWS: usize = 3;

impl App {
    /// The status line as drawn `width` columns wide: the message wrapped at words onto at
    /// most `STATUS_MAX_ROWS` rows (one row while the filter is typed or nothing is said).
    /// The layout reserves as many rows, so the reducer pages with the rows the UI draws.
    pub fn status_rows_text(&self, width: u16) -> Vec<String> {
        let Some(status) = self.status.as_ref().filter(|_| self.filter_input.is_none()) else {
            return vec![String::new()];
        };
        let width = usize::from(width.max(1));
        let text = status.text.replace(['\n', '\r'], " ");
        let mut rows = crate::app::layout::wrap_words(&text, width);
        // The tall dialogs (journal, bulk runs, pickers) leave one status row: under one, the
        // line stays one row.
        let max = if self.tall_dialog_open() {
            1
        } else {
            STATUS_MAX_ROWS
        };
        if rows.len() > max {
            // A dialog takes the keys: `!` would not open the message there.
            let key = match self.modal {
                Some(_) => String::new(),
                None => self.keymap.hint(self.context(), Action::WholeMessage),
            };
            let more = if key.is_empty() {
                "…".to_owned()
            } else {
                format!("… {key} shows all")
            };
            let rest = rows[max - 1..].join(" ");
            rows.truncate(max - 1);
            let room = width.saturating_sub(text_width(&more));
            rows.push(format!("{}{more}", cut(&rest, room)));
        }
        rows
    }

    /// Screen rows the status line takes now.
    pub fn status_height(&self) -> u16 {
        self.status_rows_text(self.width).len() as u16
    }

    /// The terminal height the body's layout is worked out from: the rows a wrapped status
    /// line takes beyond its own are taken from the body.
    pub fn layout_height(&self) -> u16 {
        self.height
            .saturating_sub(self.status_height().saturating_sub(1))
    }
}

fn text_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The longest start of `s` no wider than `w` columns.
fn cut(s: &str, w: usize) -> String {
    let mut used = 0;
    let mut out = String::new();
    for ch in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + cw > w {
            break;
        }
        used += cw;
        out.push(ch);
    }
    out
}

impl App {
    /// Whether a dialog that fills the screen but for the header, one status row and the
    /// footer is open (`ui::chrome::tall`).
    fn tall_dialog_open(&self) -> bool {
        use crate::app::actions::ActionModal;
        matches!(
            self.action_modal(),
            Some(ActionModal::Journal(_) | ActionModal::Bulk(_) | ActionModal::Picker { .. })
        )
    }
}
