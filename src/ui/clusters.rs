//! Lays out multi-character clusters of narrow characters one terminal column per character.
//!
//! Indic scripts join letters into one grapheme cluster (`र्मा` in "शर्मा" is ra, virama, ma,
//! vowel sign aa): ratatui stores such a cluster in ONE cell and counts it as 3 columns wide,
//! while a terminal puts each of its non-zero-width characters in a column of its own. When
//! the next frame writes narrower text there, ratatui's diff believes the columns after that
//! cell were blank all along and never rewrites them: the vowel sign stays on screen (seen in
//! tmux as "Silvaमा" after scrolling past "Søren शर्मा").
//!
//! Spreading the cluster over its columns (one character plus its zero-width marks per cell)
//! gives ratatui the same picture as the terminal; what is printed does not change. Clusters
//! that contain a wide character or emoji machinery (ZWJ, variation selectors, regional
//! indicators) are left whole: terminals draw those as one glyph.

use ratatui::buffer::{Buffer, CellDiffOption};
use unicode_width::UnicodeWidthChar;

/// Splits every such cluster in `buf` over the columns it covers.
pub fn spread_clusters(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let span = spread_at(buf, x, y);
            x += span.max(1);
        }
    }
}

/// Spreads the cluster at (x, y) if it is one to spread; returns how many columns it covers.
fn spread_at(buf: &mut Buffer, x: u16, y: u16) -> u16 {
    let symbol = buf[(x, y)].symbol();
    // Most cells hold one character: nothing to do, checked without decoding anything.
    if symbol.len() <= 1 || symbol.chars().nth(1).is_none() {
        return 1;
    }
    let Some(pieces) = pieces(symbol) else {
        return 1;
    };
    let n = pieces.len() as u16;
    // The cluster's columns must all be in this row (ratatui never writes past its edge).
    if n < 2 || x + n > buf.area.right() {
        return 1;
    }
    for (i, piece) in pieces.into_iter().enumerate() {
        let cell = &mut buf[(x + i as u16, y)];
        cell.set_symbol(&piece);
        // Each column now holds one real character: diff it like any other cell.
        cell.set_diff_option(CellDiffOption::None);
    }
    // The style of the first column carries over (ratatui styles the trailing ones alike).
    let style = buf[(x, y)].style();
    for i in 1..n {
        buf[(x + i, y)].set_style(style);
    }
    n
}

/// The cluster as one string per column (a narrow character plus the zero-width ones after
/// it), or None when it should stay whole.
fn pieces(symbol: &str) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for c in symbol.chars() {
        if is_emoji_machinery(c) {
            return None;
        }
        match c.width() {
            Some(0) => match out.last_mut() {
                Some(last) => last.push(c),
                // A leading zero-width mark has no column of its own: leave the cluster be.
                None => return None,
            },
            Some(1) => out.push(c.to_string()),
            // Wide characters and controls: the terminal draws them as ratatui expects.
            _ => return None,
        }
    }
    Some(out)
}

fn is_emoji_machinery(c: char) -> bool {
    matches!(c,
        '\u{200d}' // zero width joiner
        | '\u{fe00}'..='\u{fe0f}' // variation selectors
        | '\u{1f1e6}'..='\u{1f1ff}' // regional indicators (flags)
        | '\u{1f3fb}'..='\u{1f3ff}' // skin tones
        | '\u{e0020}'..='\u{e007f}' // tags
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::{CrosstermBackend, TestBackend};
    use ratatui::layout::Rect;
    use ratatui::widgets::Paragraph;
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    #[test]
    fn clusters_become_one_column_each() {
        assert_eq!(
            pieces("र्मा").unwrap(),
            vec!["र्".to_string(), "म".into(), "ा".into()]
        );
        assert!(pieces("👩\u{200d}💻").is_none());
        assert!(pieces("🇺🇸").is_none());
        assert!(pieces("が").is_none() || pieces("が").unwrap().len() == 1);
        assert!(pieces("e\u{301}").unwrap().len() == 1);
    }

    #[test]
    fn the_buffer_is_spread_and_text_unchanged() {
        let mut term = Terminal::new(TestBackend::new(20, 1)).unwrap();
        term.draw(|f| {
            f.render_widget(Paragraph::new("Søren शर्मा|"), f.area());
            spread_clusters(f.buffer_mut());
        })
        .unwrap();
        let buf = term.backend().buffer();
        let cells: Vec<&str> = (0..11).map(|x| buf[(x, 0)].symbol()).collect();
        assert_eq!(
            cells,
            ["S", "ø", "r", "e", "n", " ", "श", "र्", "म", "ा", "|"]
        );
    }

    #[derive(Clone, Default)]
    struct Bytes(Arc<Mutex<Vec<u8>>>);
    impl Write for Bytes {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What a terminal shows after two frames drawn by ratatui's diff.
    fn screen_after(first: &str, second: &str, spread: bool) -> String {
        let out = Bytes::default();
        let opts = ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, 20, 1)),
        };
        let mut term = Terminal::with_options(CrosstermBackend::new(out.clone()), opts).unwrap();
        for text in [first, second] {
            term.draw(|f| {
                f.render_widget(Paragraph::new(text), f.area());
                if spread {
                    spread_clusters(f.buffer_mut());
                }
            })
            .unwrap();
        }
        let nz = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut vt = vt100::Parser::new(nz(1), nz(20), 0);
        vt.process(&out.0.lock().unwrap());
        vt.screen().contents().trim_end().to_string()
    }

    #[test]
    fn scrolling_past_a_conjunct_leaves_no_ghost() {
        // Without spreading, the vowel sign of the old row stays on screen (the bug).
        assert_ne!(screen_after("Søren शर्मा|", "伟 Silva", false), "伟 Silva");
        assert_eq!(screen_after("Søren शर्मा|", "伟 Silva", true), "伟 Silva");
        assert_eq!(screen_after("伟 Silva", "Søren शर्मा|", true), "Søren शर्मा|");
    }
}
