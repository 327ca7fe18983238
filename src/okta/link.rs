//! `Link` header parsing (RFC 8288). Okta sends one header line per rel, but proxies and other
//! servers may join them into one comma-separated line, and commas may also appear inside
//! quoted parameters or inside the `<...>` target. The parser walks the text once and only
//! treats a comma as a separator outside `<...>` and outside quotes.

/// One link-value: its target and the relation types named in `rel`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkValue {
    pub target: String,
    /// Relation types, lower-cased (`rel="next last"` gives two).
    pub rels: Vec<String>,
}

impl LinkValue {
    pub fn has_rel(&self, rel: &str) -> bool {
        self.rels.iter().any(|r| r.eq_ignore_ascii_case(rel))
    }
}

/// Parses one `Link` header value into its link-values. Malformed parts are skipped, never fatal.
pub fn parse_link_header(value: &str) -> Vec<LinkValue> {
    let mut out = Vec::new();
    let mut p = Parser {
        s: value.as_bytes(),
        i: 0,
    };
    loop {
        p.skip_while(|b| b.is_ascii_whitespace() || b == b',');
        if p.at_end() {
            break;
        }
        if p.peek() != Some(b'<') {
            // Not a link-value start: skip to the next top-level comma.
            p.skip_param_value_until_comma();
            continue;
        }
        p.i += 1;
        let start = p.i;
        while let Some(b) = p.peek() {
            if b == b'>' {
                break;
            }
            p.i += 1;
        }
        if p.at_end() {
            break; // unterminated target
        }
        let target = String::from_utf8_lossy(&p.s[start..p.i]).trim().to_owned();
        p.i += 1; // '>'
        let mut rels = Vec::new();
        // Parameters: *( ";" name [ "=" value ] ) up to the next top-level comma.
        loop {
            p.skip_while(|b| b.is_ascii_whitespace());
            match p.peek() {
                Some(b';') => {
                    p.i += 1;
                    p.skip_while(|b| b.is_ascii_whitespace());
                    let name = p.token().to_ascii_lowercase();
                    p.skip_while(|b| b.is_ascii_whitespace());
                    let val = if p.peek() == Some(b'=') {
                        p.i += 1;
                        p.skip_while(|b| b.is_ascii_whitespace());
                        p.value()
                    } else {
                        String::new()
                    };
                    // RFC 8288: only the first `rel` parameter counts.
                    if name == "rel" && rels.is_empty() {
                        rels = val
                            .split_ascii_whitespace()
                            .map(str::to_ascii_lowercase)
                            .collect();
                    }
                }
                Some(b',') | None => break,
                Some(_) => {
                    // Junk after the target: skip it up to the next separator.
                    p.skip_param_value_until_comma_or_semicolon();
                }
            }
        }
        if !target.is_empty() {
            out.push(LinkValue { target, rels });
        }
    }
    out
}

/// The `rel="next"` target across all `Link` header lines, if any.
pub fn find_rel<'a>(header_values: impl IntoIterator<Item = &'a str>, rel: &str) -> Option<String> {
    header_values
        .into_iter()
        .flat_map(parse_link_header)
        .find(|l| l.has_rel(rel))
        .map(|l| l.target)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_while(&mut self, f: impl Fn(u8) -> bool) {
        while let Some(b) = self.peek() {
            if !f(b) {
                break;
            }
            self.i += 1;
        }
    }

    /// A parameter name (token characters; `*` for `title*`-style names).
    fn token(&mut self) -> String {
        let start = self.i;
        self.skip_while(|b| !matches!(b, b'=' | b';' | b',' | b'"') && !b.is_ascii_whitespace());
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }

    /// A token or a quoted-string (backslash escapes honoured).
    fn value(&mut self) -> String {
        if self.peek() == Some(b'"') {
            self.i += 1;
            let mut bytes = Vec::new();
            while let Some(b) = self.peek() {
                self.i += 1;
                match b {
                    b'\\' => {
                        if let Some(n) = self.peek() {
                            bytes.push(n);
                            self.i += 1;
                        }
                    }
                    b'"' => break,
                    _ => bytes.push(b),
                }
            }
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            let start = self.i;
            self.skip_while(|b| !matches!(b, b';' | b',') && !b.is_ascii_whitespace());
            String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
        }
    }

    fn skip_quoted(&mut self) {
        // Positioned on the opening quote.
        self.i += 1;
        while let Some(b) = self.peek() {
            self.i += 1;
            match b {
                b'\\' => self.i += 1,
                b'"' => break,
                _ => {}
            }
        }
    }

    fn skip_param_value_until_comma(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b'"' => self.skip_quoted(),
                b',' => break,
                _ => self.i += 1,
            }
        }
    }

    fn skip_param_value_until_comma_or_semicolon(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b'"' => self.skip_quoted(),
                b',' | b';' => break,
                _ => self.i += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(values: &[&str]) -> Option<String> {
        find_rel(values.iter().copied(), "next")
    }

    #[test]
    fn okta_separate_lines() {
        let self_l = r#"<https://acme.okta.com/api/v1/users?limit=200>; rel="self""#;
        let next_l = r#"<https://acme.okta.com/api/v1/users?after=00ud4tVDDXYVKPXKVLCO&limit=200>; rel="next""#;
        assert_eq!(
            next(&[self_l, next_l]).as_deref(),
            Some("https://acme.okta.com/api/v1/users?after=00ud4tVDDXYVKPXKVLCO&limit=200")
        );
        assert_eq!(next(&[self_l]), None);
    }

    #[test]
    fn comma_joined_single_line() {
        let joined = r#"<https://a.okta.com/api/v1/users?limit=2>; rel="self", <https://a.okta.com/api/v1/users?after=x&limit=2>; rel="next""#;
        assert_eq!(
            next(&[joined]).as_deref(),
            Some("https://a.okta.com/api/v1/users?after=x&limit=2")
        );
        let links = parse_link_header(joined);
        assert_eq!(links.len(), 2);
        assert!(links[0].has_rel("self"));
    }

    #[test]
    fn commas_inside_quotes_and_targets_do_not_split() {
        let v =
            r#"<https://a/x?f=a,b>; title="one, two; three"; rel="next", <https://a/y>; rel=prev"#;
        let links = parse_link_header(v);
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].target, "https://a/x?f=a,b");
        assert!(links[0].has_rel("next"));
        assert_eq!(links[1].target, "https://a/y");
        assert!(links[1].has_rel("prev"));
    }

    #[test]
    fn unquoted_multi_and_case_insensitive_rels() {
        let v = r#"<https://a/1>;REL="Next Last""#;
        let links = parse_link_header(v);
        assert!(links[0].has_rel("next"));
        assert!(links[0].has_rel("last"));
        assert_eq!(
            next(&["<https://a/2> ; rel = next"]).as_deref(),
            Some("https://a/2")
        );
        // Only the first rel parameter counts.
        assert_eq!(next(&[r#"<https://a/3>; rel="self"; rel="next""#]), None);
    }

    #[test]
    fn malformed_parts_are_skipped() {
        assert_eq!(next(&[""]), None);
        assert_eq!(next(&["garbage, more garbage"]), None);
        assert_eq!(next(&["<https://a/unterminated; rel=\"next\""]), None);
        assert_eq!(
            next(&[r#"junk "q,uoted", <https://a/ok>; rel="next""#]).as_deref(),
            Some("https://a/ok")
        );
        assert_eq!(next(&[r#"<https://a/no-rel>"#]), None);
        assert_eq!(next(&[r#"<>; rel="next""#]), None);
        assert_eq!(
            next(&[r#"<https://a/x> junk; rel="next""#]).as_deref(),
            Some("https://a/x")
        );
        assert_eq!(next(&[r#"<https://a/e>; rel="ne\"xt""#]), None);
    }
}
