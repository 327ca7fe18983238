//! Every string that comes from Okta is treated as hostile: it may carry terminal escape
//! sequences, C0/C1 control characters or bidi overrides that would repaint, spoof or reorder
//! what the admin sees. Strings are cleaned once, when they enter the client, so the rest of the
//! program can draw, copy and log them without thinking about it.

use serde_json::Value;

/// Returns `s` with escape sequences removed and control/bidi characters dropped.
/// Tabs and newlines become a single space so one value stays on one line.
pub fn clean(s: &str) -> String {
    if s.chars().all(is_plain) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI / OSC / DCS introducers carry a sequence body just like ESC [ / ESC ].
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9e}' | '\u{9f}' | '\u{98}' => skip_string(&mut chars),
            '\t' | '\n' | '\r' if !out.ends_with(' ') => out.push(' '),
            '\t' | '\n' | '\r' => {}
            c if is_plain(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Cleans an owned string in place only when needed (avoids a copy for the common case).
pub fn clean_owned(s: String) -> String {
    if s.chars().all(is_plain) {
        s
    } else {
        clean(&s)
    }
}

/// Cleans every string (keys included) inside a JSON value.
pub fn clean_value(v: &mut Value) {
    match v {
        Value::String(s) if !s.chars().all(is_plain) => *s = clean(s),
        Value::Array(items) => items.iter_mut().for_each(clean_value),
        Value::Object(map) => {
            let dirty_keys: Vec<String> = map
                .keys()
                .filter(|k| !k.chars().all(is_plain))
                .cloned()
                .collect();
            for k in dirty_keys {
                if let Some(val) = map.remove(&k) {
                    map.insert(clean(&k), val);
                }
            }
            map.values_mut().for_each(clean_value);
        }
        _ => {}
    }
}

/// True for characters that are safe to show as they are.
fn is_plain(c: char) -> bool {
    !(c.is_control() || is_bidi_control(c) || c == '\u{feff}')
}

/// Bidi embedding/override/isolate controls and marks (Trojan Source class of tricks).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_string(chars);
        }
        // Two-character escapes (ESC c, ESC 7, ESC ( B ...): drop the next char too.
        Some('(') | Some(')') | Some('*') | Some('+') | Some('#') | Some('%') => {
            chars.next();
            chars.next();
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

/// CSI: parameters and intermediates, ended by a byte in 0x40..=0x7e.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS/APC/PM/SOS: ended by BEL or ST (ESC \ or U+009C).
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_csi_osc_and_bidi() {
        assert_eq!(clean("a\u{1b}[31mred\u{1b}[0m"), "ared");
        assert_eq!(clean("x\u{1b}]52;c;ZXZpbA==\u{7}y"), "xy");
        assert_eq!(clean("x\u{1b}]0;title\u{1b}\\y"), "xy");
        assert_eq!(clean("evil\u{202e}gnp.exe"), "evilgnp.exe");
        assert_eq!(clean("a\u{9b}2Jb"), "ab");
        assert_eq!(clean("line1\nline2\r\n"), "line1 line2 ");
        assert_eq!(clean("plain 名前 ✓"), "plain 名前 ✓");
    }

    #[test]
    fn cleans_nested_json() {
        let mut v = serde_json::json!({"a\u{1b}[1m": ["\u{7}bell", {"k": "\u{202e}x"}]});
        clean_value(&mut v);
        assert_eq!(v, serde_json::json!({"a": ["bell", {"k": "x"}]}));
    }
}
