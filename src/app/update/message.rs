//! The whole-message key: the status line holds one line, cut to the width; this opens what
//! it says in full (for an error: summary, every cause, request id, what to do next).

use crate::app::{App, ErrorInfo, Modal};

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
