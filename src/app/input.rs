//! A one-line text input (filter, search prompt, command palette). `LineInput` knows the
//! editing keys only; `edit_line` asks the key table first, so submitting and cancelling
//! follow a remap.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keymap::{Action, Context, Keymap};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
    /// Cursor position in chars.
    pub cursor: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputOutcome {
    /// The text changed.
    Edited,
    /// Only the cursor moved (or nothing happened).
    Moved,
    Submit,
    Cancel,
}

impl LineInput {
    pub fn with_text(text: &str) -> Self {
        LineInput {
            text: text.to_owned(),
            cursor: text.chars().count(),
        }
    }

    fn byte_at(&self, char_pos: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_pos)
            .map(|(b, _)| b)
            .unwrap_or(self.text.len())
    }

    pub fn insert_str(&mut self, s: &str) {
        // Pasted text may carry newlines or escapes: keep it to one clean line.
        let clean: String = s.chars().filter(|c| !c.is_control()).collect();
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> InputOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Enter => InputOutcome::Submit,
            KeyCode::Esc => InputOutcome::Cancel,
            KeyCode::Char('c') if ctrl => InputOutcome::Cancel,
            KeyCode::Char('u') if ctrl => {
                let at = self.byte_at(self.cursor);
                self.text.replace_range(..at, "");
                self.cursor = 0;
                InputOutcome::Edited
            }
            KeyCode::Char('w') if ctrl => {
                let chars: Vec<char> = self.text.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && chars[start - 1] != ' ' {
                    start -= 1;
                }
                let (a, b) = (self.byte_at(start), self.byte_at(self.cursor));
                self.text.replace_range(a..b, "");
                self.cursor = start;
                InputOutcome::Edited
            }
            KeyCode::Char('a') if ctrl => {
                self.cursor = 0;
                InputOutcome::Moved
            }
            KeyCode::Char('e') if ctrl => {
                self.cursor = self.text.chars().count();
                InputOutcome::Moved
            }
            KeyCode::Char(c) if !ctrl => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
                InputOutcome::Edited
            }
            KeyCode::Backspace => {
                if self.cursor == 0 {
                    return InputOutcome::Moved;
                }
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                InputOutcome::Edited
            }
            KeyCode::Delete => {
                if self.cursor >= self.text.chars().count() {
                    return InputOutcome::Moved;
                }
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
                InputOutcome::Edited
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                InputOutcome::Moved
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(self.text.chars().count());
                InputOutcome::Moved
            }
            KeyCode::Home => {
                self.cursor = 0;
                InputOutcome::Moved
            }
            KeyCode::End => {
                self.cursor = self.text.chars().count();
                InputOutcome::Moved
            }
            _ => InputOutcome::Moved,
        }
    }
}

/// Keys for a line input whose Enter and Esc the table decides: the table first, then the
/// editing keys (the input's own Enter/Esc answers are not used, so a remap is obeyed).
pub(crate) fn edit_line(
    input: &mut LineInput,
    ctx: Context,
    key: &KeyEvent,
    keys: &Keymap,
) -> LineKey {
    match keys.action(ctx, key) {
        Some(Action::Choose) => LineKey::Submit,
        Some(Action::Close) => LineKey::Cancel,
        _ => match input.handle_key(key) {
            InputOutcome::Edited => LineKey::Edited,
            InputOutcome::Moved => LineKey::Moved,
            InputOutcome::Submit | InputOutcome::Cancel => LineKey::Ignored,
        },
    }
}

/// A key in a line input, as `edit_line` read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKey {
    Submit,
    Cancel,
    Edited,
    Moved,
    Ignored,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn edits_with_wide_chars() {
        let mut i = LineInput::default();
        for c in "名a".chars() {
            i.handle_key(&k(KeyCode::Char(c)));
        }
        i.handle_key(&k(KeyCode::Left));
        i.handle_key(&k(KeyCode::Backspace));
        assert_eq!(i.text, "a");
        assert_eq!(i.cursor, 0);
        i.insert_str("x\ny\u{1b}");
        assert_eq!(i.text, "xya");
    }
}
