//! OSC 52: the terminal puts text on the system clipboard. It works through SSH and, with
//! `set-clipboard on` (tmux's default for OSC 52 from applications), through tmux.

use base64::Engine;

/// The escape sequence that copies `text`. The text was cleaned when it entered the client,
/// and base64 keeps it from being read as terminal control anyway.
pub fn osc52(text: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\u{1b}]52;c;{b64}\u{7}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes() {
        assert_eq!(super::osc52("hi"), "\u{1b}]52;c;aGk=\u{7}");
    }
}
