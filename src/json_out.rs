//! The one JSON writer for every file oktui writes (the journal) and every JSON / JSON Lines
//! answer it prints. serde_json escapes only U+0000–001F; this also escapes the C1 controls
//! (U+0080–009F) and the bidi controls (U+200E/F, U+061C, U+202A–202E, U+2066–2069) as
//! `\uXXXX`, so text from Okta can neither drive a terminal that shows the file nor reorder
//! what a reader sees. The JSON means the same: a parser reads back the same string.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

/// Characters written as `\uXXXX` besides the ones serde_json already escapes.
pub fn needs_escape(c: char) -> bool {
    matches!(c,
        '\u{80}'..='\u{9F}'
        | '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}')
}

/// Compact JSON (one line) into `out`.
pub fn write<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Safe(CompactFormatter));
    value.serialize(&mut ser).map_err(io::Error::other)
}

/// Indented JSON into `out`.
pub fn write_pretty<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Safe(PrettyFormatter::new()));
    value.serialize(&mut ser).map_err(io::Error::other)
}

/// Compact JSON as bytes.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    write(&mut buf, value)?;
    Ok(buf)
}

/// Compact JSON as a string.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> io::Result<String> {
    // The writer only ever emits UTF-8 (escapes are ASCII).
    String::from_utf8(to_vec(value)?).map_err(io::Error::other)
}

/// Wraps a serde_json formatter, escaping `needs_escape` characters inside strings.
struct Safe<F>(F);

impl<F: Formatter> Formatter for Safe<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if needs_escape(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                write!(writer, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn c1_and_bidi_controls_are_escaped_and_read_back_the_same() {
        let hostile = "a\u{85}b\u{9b}31mc\u{202e}d\u{2066}e\u{200f}f\u{61c}g\u{1b}h ü 日本";
        let v = json!({ "name": hostile, "list": [hostile] });
        for text in [
            to_string(&v).unwrap(),
            String::from_utf8({
                let mut b = Vec::new();
                write_pretty(&mut b, &v).unwrap();
                b
            })
            .unwrap(),
        ] {
            assert!(!text.chars().any(needs_escape), "{text:?}");
            assert!(!text.contains('\u{1b}'), "{text:?}");
            for esc in [
                "\\u0085", "\\u009b", "\\u202e", "\\u2066", "\\u200f", "\\u061c",
            ] {
                assert!(text.contains(esc), "{esc} missing in {text}");
            }
            // Ordinary non-ASCII stays as it is.
            assert!(text.contains("ü 日本"), "{text}");
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, v);
        }
    }
}
