//! Every string that comes from Okta is treated as hostile: it may carry terminal escape
//! sequences, C0/C1 control characters or bidi overrides that would repaint, spoof or reorder
//! what the admin sees. Strings are cleaned once, when they enter the client, so the rest of the
//! program can draw, copy and log them without thinking about it.
//!
//! Two layers. `clean` runs on entry and removes what must never reach any output: escape
//! sequences, control characters, bidi overrides and isolates; line breaks (including U+0085,
//! U+2028 and U+2029, which terminals treat differently) become one space so a value stays on
//! one line. It keeps characters that are invisible or whose width terminals disagree on
//! (zero-width spaces and joiners, BOM, bidi marks, soft hyphen, Hangul fillers, tag
//! characters, lone variation selectors and combining marks): they are part of the real value
//! (`admin\u{200b}@example.com` is another login than `admin@example.com`), so JSON output,
//! the clipboard and writes keep them. On screen, `visible` shows each of them as `<U+200B>`,
//! so such a value neither looks like another one nor shifts the columns after it.

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
            c if is_line_break(c) && !out.ends_with(' ') => out.push(' '),
            c if is_line_break(c) => {}
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

/// Characters `clean` removes besides the whitespace a body is laid out with: escape and
/// control characters and bidi controls inside values.
pub fn is_hidden_control(c: char) -> bool {
    !matches!(c, '\n' | '\r' | '\t' | ' ') && (c.is_control() || is_bidi_control(c))
}

/// `s` with every control and bidi character (line breaks aside) written out as `\uXXXX`
/// text, so it shows what a value holds without acting on the terminal.
pub fn write_out_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c != '\n' && (c.is_control() || is_bidi_control(c)) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// True for characters `clean` keeps as they are.
fn is_plain(c: char) -> bool {
    !(c.is_control() || is_bidi_control(c) || is_line_break(c))
}

/// Tab and the characters that end a line: one value stays on one line.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Bidi embeddings, overrides and isolates (the Trojan Source class of tricks): they reorder
/// the text after them. The bidi marks (LRM, RLM, ALM) only nudge neutral characters and are
/// kept, to be shown by `visible`.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// How one character of a value is shown on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// As it is.
    Char(char),
    /// As one space (a line break or tab: one value stays on one line).
    Space,
    /// As the visible code `<U+XXXX>` (see `marker`).
    Code(char),
}

/// How `c` is shown, given how the character before it in the same value was shown (None at
/// the start). Invisible and format characters, controls that got this far, and characters
/// whose width terminals disagree on become `<U+XXXX>`: an admin sees that a login holds
/// something besides what it seems to, and the columns after it stay where the console drew
/// them.
pub fn shown(c: char, prev: Option<Shown>) -> Shown {
    if is_line_break(c) {
        return Shown::Space;
    }
    // Nothing of this value to attach to: the start, a space, or a code (a mark there would
    // sit on the code's `>`).
    let lone = match prev {
        None | Some(Shown::Space) | Some(Shown::Code(_)) => true,
        Some(Shown::Char(p)) => p.is_whitespace(),
    };
    if c.is_control() || is_bidi_control(c) || is_invisible(c) || (lone && is_attaching(c)) {
        Shown::Code(c)
    } else {
        Shown::Char(c)
    }
}

/// Characters with no glyph of their own that terminals draw inconsistently (zero columns in
/// one, one or two in another, a line break in a third).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'                         // soft hyphen
        | '\u{034f}'                       // combining grapheme joiner
        | '\u{061c}'                       // Arabic letter mark
        | '\u{115f}' | '\u{1160}'          // Hangul choseong / jungseong fillers
        | '\u{17b4}' | '\u{17b5}'          // Khmer inherent vowels
        | '\u{180b}'..='\u{180f}'          // Mongolian selectors and vowel separator
        | '\u{200b}'..='\u{200f}'          // zero-width space, ZWNJ, ZWJ, LRM, RLM
        | '\u{2060}'..='\u{206f}'          // word joiner, invisible operators, deprecated formats
        | '\u{3164}'                       // Hangul filler
        | '\u{feff}'                       // zero-width no-break space (BOM)
        | '\u{ffa0}'                       // halfwidth Hangul filler
        | '\u{fff9}'..='\u{fffb}'          // interlinear annotation
        | '\u{1bca0}'..='\u{1bca3}'        // shorthand format controls
        | '\u{1d173}'..='\u{1d17a}'        // musical symbol formats
        | '\u{e0000}'..='\u{e007f}' // tag characters
    )
}

/// Characters that draw onto the character before them (combining marks, variation
/// selectors, conjoining jamo): alone at the start of a value they would land on whatever the
/// screen holds to the left, the previous column's text.
fn is_attaching(c: char) -> bool {
    use unicode_width::UnicodeWidthChar as _;
    c.width() == Some(0)
}

/// `<U+200B>`: the code a character is shown as.
pub fn marker(c: char) -> String {
    format!("<U+{:04X}>", u32::from(c))
}

/// How each character of `s` is shown, in order (see `shown`).
pub fn shown_chars(s: &str) -> impl Iterator<Item = Shown> + '_ {
    let mut prev = None;
    s.chars().map(move |c| {
        let now = shown(c, prev);
        prev = Some(now);
        now
    })
}

/// `s` as it may be shown on a terminal: every character `shown` does not keep as it is
/// becomes a space or its visible code. Borrowed when nothing changes (the common case).
/// The console's lists, details and confirmations and the CLI's tables show Okta text this
/// way; JSON, CSV and the clipboard keep the real value.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !needs_showing(s) || shown_chars(s).all(|now| matches!(now, Shown::Char(_))) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for now in shown_chars(s) {
        match now {
            Shown::Char(c) => out.push(c),
            Shown::Space => out.push(' '),
            Shown::Code(c) => out.push_str(&marker(c)),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// True when `s` holds a character shown as its code (`<U+200B>`): something invisible, a
/// control, or a character terminals disagree on. Line breaks and tabs do not count.
pub fn has_invisible(s: &str) -> bool {
    needs_showing(s) && shown_chars(s).any(|now| matches!(now, Shown::Code(_)))
}

/// Quick test: printable ASCII never needs showing differently.
pub fn needs_showing(s: &str) -> bool {
    !s.bytes().all(|b| (0x20..0x7f).contains(&b))
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

    #[test]
    fn line_and_paragraph_separators_and_nel_become_one_space() {
        assert_eq!(clean("a\u{2028}b"), "a b");
        assert_eq!(clean("a\u{2029}b"), "a b");
        assert_eq!(clean("a\u{85}b"), "a b");
        assert_eq!(clean("a\u{2028}\u{2029}\u{85}\u{0b}\u{0c}b"), "a b");
        assert_eq!(visible("a\u{2028}b"), "a b");
        assert!(!has_invisible("a\u{2029}b"));
    }

    #[test]
    fn clean_keeps_invisible_characters_as_part_of_the_value() {
        // They tell one login from another; the screen shows them with `visible`.
        for s in [
            "admin\u{200b}@example.com",
            "admin\u{feff}@example.com",
            "admin\u{200e}@example.com",
            "ad\u{ad}min",
            "\u{3164}",
        ] {
            assert_eq!(clean(s), s, "{s:?}");
        }
    }

    #[test]
    fn zero_width_and_format_characters_are_shown_as_codes() {
        assert_eq!(
            visible("admin\u{200b}@example.com"),
            "admin<U+200B>@example.com"
        );
        for (c, code) in [
            ('\u{200b}', "<U+200B>"),
            ('\u{200c}', "<U+200C>"),
            ('\u{200d}', "<U+200D>"),
            ('\u{2060}', "<U+2060>"),
            ('\u{2064}', "<U+2064>"),
            ('\u{feff}', "<U+FEFF>"),
            ('\u{180e}', "<U+180E>"),
            ('\u{34f}', "<U+034F>"),
        ] {
            assert_eq!(visible(&format!("a{c}b")), format!("a{code}b"), "{code}");
            assert!(has_invisible(&format!("a{c}b")), "{code}");
        }
        assert_ne!(
            visible("admin\u{200b}@example.com"),
            visible("admin@example.com")
        );
    }

    #[test]
    fn tag_characters_are_shown_as_codes() {
        assert_eq!(
            visible("x\u{e0001}\u{e0041}\u{e007f}"),
            "x<U+E0001><U+E0041><U+E007F>"
        );
        assert!(has_invisible("ok\u{e0020}"));
    }

    #[test]
    fn bidi_marks_are_shown_as_codes() {
        assert_eq!(
            visible("a\u{200e}b\u{200f}c\u{61c}"),
            "a<U+200E>b<U+200F>c<U+061C>"
        );
        // Overrides never get this far (clean drops them), but are shown if they do.
        assert_eq!(visible("a\u{202e}b"), "a<U+202E>b");
    }

    #[test]
    fn interlinear_annotations_are_shown_as_codes() {
        assert_eq!(
            visible("a\u{fff9}b\u{fffa}c\u{fffb}"),
            "a<U+FFF9>b<U+FFFA>c<U+FFFB>"
        );
    }

    #[test]
    fn soft_hyphen_is_shown_as_a_code() {
        assert_eq!(visible("ad\u{ad}min"), "ad<U+00AD>min");
        assert!(has_invisible("ad\u{ad}min"));
    }

    #[test]
    fn hangul_fillers_are_shown_as_codes() {
        assert_eq!(
            visible("\u{115f}\u{1160}x\u{3164}\u{ffa0}"),
            "<U+115F><U+1160>x<U+3164><U+FFA0>"
        );
        // Hangul itself is untouched.
        assert_eq!(visible("한국어"), "한국어");
    }

    #[test]
    fn a_combining_mark_with_nothing_to_sit_on_is_shown_as_a_code() {
        assert_eq!(visible("\u{301}admin"), "<U+0301>admin");
        assert_eq!(visible("x \u{301}"), "x <U+0301>");
        // On a letter it is part of the text.
        assert_eq!(visible("e\u{301}"), "e\u{301}");
        assert_eq!(visible("a\u{302}\u{301}"), "a\u{302}\u{301}");
        assert!(!has_invisible("Ame\u{301}lie"));
    }

    #[test]
    fn a_variation_selector_standing_alone_is_shown_as_a_code() {
        assert_eq!(visible("\u{fe0f}x"), "<U+FE0F>x");
        assert_eq!(visible("a \u{fe00}"), "a <U+FE00>");
        assert_eq!(visible("\u{e0100}"), "<U+E0100>");
        // After the character it selects a form of, it is part of the text.
        assert_eq!(visible("\u{2764}\u{fe0f}"), "\u{2764}\u{fe0f}");
    }

    #[test]
    fn controls_that_reach_the_screen_are_shown_as_codes() {
        assert_eq!(visible("a\u{1b}[2Jb"), "a<U+001B>[2Jb");
        assert_eq!(visible("a\u{7}\u{9b}b"), "a<U+0007><U+009B>b");
        assert_eq!(visible("a\tb\nc"), "a b c");
    }

    #[test]
    fn plain_text_is_shown_unchanged() {
        for s in [
            "admin@example.com",
            "plain 名前 ✓",
            "Zoë Ångström",
            "नमस्ते",
            "",
        ] {
            assert!(matches!(visible(s), std::borrow::Cow::Borrowed(_)), "{s:?}");
            assert_eq!(visible(s), s);
            assert!(!has_invisible(s), "{s:?}");
        }
    }
}
