//! Search/filter expressions built safely: values are quoted and escaped, never pasted raw.
//!
//! CONTRACT: `UserQuery`, `GroupQuery`, `Expr`.
//!
//! Okta's expression language: `attr op "value"`, joined with `and` / `or`, grouped with
//! parentheses; `and` binds tighter than `or`. String literals are JSON-like strings, so a
//! value's `\` and `"` are escaped. URL-encoding of the whole expression happens later, when
//! the request URL is built (form encoding: space → `+`, `+` → `%2B`, `"` → `%22`).

use std::fmt;

use super::sanitize::clean;

/// Largest page Okta serves for users and (recommended) for groups.
pub const MAX_PAGE: u32 = 200;

/// Comparison operators Okta accepts in `search` (`filter` allows only `eq`, plus the
/// ordering ones on `lastUpdated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Sw,
    Co,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Sw => "sw",
            Op::Co => "co",
            Op::Gt => "gt",
            Op::Ge => "ge",
            Op::Lt => "lt",
            Op::Le => "le",
        }
    }
}

/// A literal on the right of a comparison. Strings (and dates) are quoted; numbers and
/// booleans are bare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    Str(String),
    Int(i64),
    Bool(bool),
}

impl From<&str> for Literal {
    fn from(s: &str) -> Self {
        Literal::Str(s.to_owned())
    }
}
impl From<String> for Literal {
    fn from(s: String) -> Self {
        Literal::Str(s)
    }
}
impl From<&String> for Literal {
    fn from(s: &String) -> Self {
        Literal::Str(s.clone())
    }
}
impl From<i64> for Literal {
    fn from(n: i64) -> Self {
        Literal::Int(n)
    }
}
impl From<bool> for Literal {
    fn from(b: bool) -> Self {
        Literal::Bool(b)
    }
}

/// A search/filter expression. Build with the constructors and combinators; render with
/// `to_string()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    Cmp {
        attr: String,
        op: Op,
        value: Literal,
    },
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

impl Expr {
    /// `attr op value`. The attribute keeps only `[A-Za-z0-9_.]` so it cannot smuggle syntax.
    pub fn cmp(attr: &str, op: Op, value: impl Into<Literal>) -> Expr {
        Expr::Cmp {
            attr: attr
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                .collect(),
            op,
            value: value.into(),
        }
    }
    pub fn eq(attr: &str, value: impl Into<Literal>) -> Expr {
        Self::cmp(attr, Op::Eq, value)
    }
    pub fn sw(attr: &str, value: impl Into<Literal>) -> Expr {
        Self::cmp(attr, Op::Sw, value)
    }
    pub fn co(attr: &str, value: impl Into<Literal>) -> Expr {
        Self::cmp(attr, Op::Co, value)
    }
    pub fn gt(attr: &str, value: impl Into<Literal>) -> Expr {
        Self::cmp(attr, Op::Gt, value)
    }
    pub fn ge(attr: &str, value: impl Into<Literal>) -> Expr {
        Self::cmp(attr, Op::Ge, value)
    }
    pub fn lt(attr: &str, value: impl Into<Literal>) -> Expr {
        Self::cmp(attr, Op::Lt, value)
    }
    pub fn le(attr: &str, value: impl Into<Literal>) -> Expr {
        Self::cmp(attr, Op::Le, value)
    }

    /// `self and other` (flattens chains of `and`).
    pub fn and(self, other: Expr) -> Expr {
        match self {
            Expr::And(mut v) => {
                v.push(other);
                Expr::And(v)
            }
            first => Expr::And(vec![first, other]),
        }
    }

    /// `self or other` (flattens chains of `or`).
    pub fn or(self, other: Expr) -> Expr {
        match self {
            Expr::Or(mut v) => {
                v.push(other);
                Expr::Or(v)
            }
            first => Expr::Or(vec![first, other]),
        }
    }

    /// All of `exprs` (None when empty).
    pub fn all(exprs: impl IntoIterator<Item = Expr>) -> Option<Expr> {
        exprs.into_iter().reduce(Expr::and)
    }

    /// Any of `exprs` (None when empty).
    pub fn any(exprs: impl IntoIterator<Item = Expr>) -> Option<Expr> {
        exprs.into_iter().reduce(Expr::or)
    }

    fn write_child(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Compound children are always parenthesised: correct whatever the precedence.
            Expr::And(v) | Expr::Or(v) if v.len() > 1 => write!(f, "({self})"),
            _ => write!(f, "{self}"),
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Cmp { attr, op, value } => {
                write!(f, "{attr} {} ", op.as_str())?;
                match value {
                    Literal::Str(s) => write!(f, "\"{}\"", escape(s)),
                    Literal::Int(n) => write!(f, "{n}"),
                    Literal::Bool(b) => write!(f, "{b}"),
                }
            }
            Expr::And(v) | Expr::Or(v) => {
                let word = if matches!(self, Expr::And(_)) {
                    " and "
                } else {
                    " or "
                };
                for (i, e) in v.iter().enumerate() {
                    if i > 0 {
                        f.write_str(word)?;
                    }
                    e.write_child(f)?;
                }
                Ok(())
            }
        }
    }
}

/// Escapes a string literal's content: control characters are dropped (they have no place in
/// a search), then `\` and `"` are backslash-escaped.
pub fn escape(value: &str) -> String {
    let cleaned = clean(value);
    let mut out = String::with_capacity(cleaned.len() + 2);
    for c in cleaned.chars() {
        if c == '\\' || c == '"' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// How to list users. At most one of `search`, `filter`, `q` is used (search wins).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserQuery {
    pub search: Option<String>,
    pub filter: Option<String>,
    pub q: Option<String>,
    /// Page size (default and maximum 200).
    pub limit: Option<u32>,
    pub sort_by: Option<String>,
    pub sort_order: Option<String>,
}

impl UserQuery {
    /// A `search` query from a built expression.
    pub fn search(expr: &Expr) -> Self {
        UserQuery {
            search: Some(expr.to_string()),
            ..Default::default()
        }
    }

    /// A `filter` query from a built expression.
    pub fn filter(expr: &Expr) -> Self {
        UserQuery {
            filter: Some(expr.to_string()),
            ..Default::default()
        }
    }

    /// Plain text typed by a person, as a safe prefix search over login, email and names:
    /// `profile.login sw "x" or profile.email sw "x" or profile.firstName sw "x" or
    /// profile.lastName sw "x"`. Several words also find a full name: the first name starts
    /// with the words before a split and the last name with those after, in either order
    /// (`Noah O'Brien`, `O'Brien Noah`, `Mary Ann Lee`). Empty text lists everyone.
    pub fn prefix_search(text: &str) -> Self {
        let Some(text) = typed_text(text) else {
            return UserQuery::default();
        };
        let text = text.as_str();
        let whole = [
            "profile.login",
            "profile.email",
            "profile.firstName",
            "profile.lastName",
        ]
        .map(|attr| Expr::sw(attr, text));
        let expr = Expr::any(whole.into_iter().chain(full_name_splits(text)));
        match expr {
            Some(e) => UserQuery::search(&e),
            None => UserQuery::default(),
        }
    }

    /// The query parameters for `GET /api/v1/users`.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut p: Vec<_> = one_query(&self.search, &self.filter, &self.q)
            .into_iter()
            .collect();
        // sortBy/sortOrder only apply to search.
        if p.first().is_some_and(|(k, _)| *k == "search")
            && let Some(b) = nonempty(&self.sort_by)
        {
            p.push(("sortBy", b));
            if let Some(o) = nonempty(&self.sort_order) {
                p.push(("sortOrder", o));
            }
        }
        p.push(("limit", page_size(self.limit).to_string()));
        p
    }
}

/// Most words a full-name search splits (each split is two clauses; Okta caps a query's size).
const MAX_NAME_WORDS: usize = 4;

/// `firstName sw "<words before>" and lastName sw "<words after>"` for every split of the
/// words, and the same with first and last swapped: how a person types a full name.
fn full_name_splits(text: &str) -> Vec<Expr> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 2 || words.len() > MAX_NAME_WORDS {
        return Vec::new();
    }
    let mut out = Vec::new();
    for at in 1..words.len() {
        let (head, tail) = (words[..at].join(" "), words[at..].join(" "));
        for (first, last) in [(&head, &tail), (&tail, &head)] {
            out.push(
                Expr::sw("profile.firstName", first.as_str())
                    .and(Expr::sw("profile.lastName", last.as_str())),
            );
        }
    }
    out
}

/// Text a person typed for a prefix search, cleaned and trimmed; None when nothing is left.
fn typed_text(text: &str) -> Option<String> {
    let text = clean(text);
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn nonempty(o: &Option<String>) -> Option<String> {
    o.as_ref().filter(|s| !s.trim().is_empty()).cloned()
}

/// The one list query Okta gets for users and groups alike: `search` wins over `filter`,
/// which wins over `q`; blank ones count as absent.
fn one_query(
    search: &Option<String>,
    filter: &Option<String>,
    q: &Option<String>,
) -> Option<(&'static str, String)> {
    nonempty(search)
        .map(|s| ("search", s))
        .or_else(|| nonempty(filter).map(|f| ("filter", f)))
        .or_else(|| nonempty(q).map(|q| ("q", q)))
}

fn page_size(limit: Option<u32>) -> u32 {
    limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE)
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupQuery {
    pub search: Option<String>,
    pub filter: Option<String>,
    pub q: Option<String>,
    pub limit: Option<u32>,
}

impl GroupQuery {
    pub fn search(expr: &Expr) -> Self {
        GroupQuery {
            search: Some(expr.to_string()),
            ..Default::default()
        }
    }

    pub fn filter(expr: &Expr) -> Self {
        GroupQuery {
            filter: Some(expr.to_string()),
            ..Default::default()
        }
    }

    /// Plain text as a safe `profile.name sw "x"` search. Empty text lists all groups.
    pub fn prefix_search(text: &str) -> Self {
        match typed_text(text) {
            Some(text) => GroupQuery::search(&Expr::sw("profile.name", &text)),
            None => GroupQuery::default(),
        }
    }

    /// The query parameters for `GET /api/v1/groups`, always with `expand=stats`.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut p: Vec<_> = one_query(&self.search, &self.filter, &self.q)
            .into_iter()
            .collect();
        p.push(("limit", page_size(self.limit).to_string()));
        p.push(("expand", "stats".to_owned()));
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_escapes_values() {
        let e = Expr::eq("profile.lastName", r#"bob"smith\x"#);
        assert_eq!(e.to_string(), r#"profile.lastName eq "bob\"smith\\x""#);
        // An injection attempt stays inside the literal.
        let e = Expr::sw("profile.login", r#"a" or status eq "ACTIVE"#);
        assert_eq!(
            e.to_string(),
            r#"profile.login sw "a\" or status eq \"ACTIVE""#
        );
        assert_eq!(
            Expr::eq("x", "a\u{1b}[2Jb\nc").to_string(),
            r#"x eq "ab c""#
        );
    }

    #[test]
    fn attribute_names_cannot_smuggle_syntax() {
        assert_eq!(
            Expr::eq(r#"status" or (x"#, "A").to_string(),
            r#"statusorx eq "A""#
        );
    }

    #[test]
    fn operators_and_literals() {
        let ops = [
            (Expr::eq("a", 1i64), "a eq 1"),
            (Expr::sw("a", "x"), r#"a sw "x""#),
            (Expr::co("a", "x"), r#"a co "x""#),
            (
                Expr::gt("a", "2024-01-01T00:00:00.000Z"),
                r#"a gt "2024-01-01T00:00:00.000Z""#,
            ),
            (Expr::ge("a", 2i64), "a ge 2"),
            (Expr::lt("a", true), "a lt true"),
            (Expr::le("a", false), "a le false"),
        ];
        for (e, want) in ops {
            assert_eq!(e.to_string(), want);
        }
    }

    #[test]
    fn precedence_is_explicit() {
        let e = Expr::eq("status", "ACTIVE")
            .or(Expr::eq("status", "STAGED"))
            .and(Expr::sw("profile.login", "a"));
        assert_eq!(
            e.to_string(),
            r#"(status eq "ACTIVE" or status eq "STAGED") and profile.login sw "a""#
        );
        let e = Expr::eq("a", "1")
            .and(Expr::eq("b", "2"))
            .or(Expr::eq("c", "3"));
        assert_eq!(e.to_string(), r#"(a eq "1" and b eq "2") or c eq "3""#);
        let flat = Expr::eq("a", "1")
            .and(Expr::eq("b", "2"))
            .and(Expr::eq("c", "3"));
        assert_eq!(flat.to_string(), r#"a eq "1" and b eq "2" and c eq "3""#);
        assert_eq!(Expr::all(Vec::new()), None);
        // The documented `ne` workaround.
        let ne = Expr::lt("status", "STAGED").or(Expr::gt("status", "STAGED"));
        assert_eq!(
            Expr::all([ne, Expr::eq("x", "y")]).unwrap().to_string(),
            r#"(status lt "STAGED" or status gt "STAGED") and x eq "y""#
        );
    }

    #[test]
    fn prefix_search_is_safe() {
        let q = UserQuery::prefix_search("  o\"b\\ ");
        assert_eq!(
            q.search.as_deref(),
            Some(
                r#"profile.login sw "o\"b\\" or profile.email sw "o\"b\\" or profile.firstName sw "o\"b\\" or profile.lastName sw "o\"b\\""#
            )
        );
        assert_eq!(UserQuery::prefix_search("  \u{7} "), UserQuery::default());
        // Two words: the whole text, then first/last name in both orders, still escaped.
        let q = UserQuery::prefix_search("Noah  O\"Brien");
        assert_eq!(
            q.search.as_deref(),
            Some(concat!(
                r#"profile.login sw "Noah  O\"Brien" or profile.email sw "Noah  O\"Brien" or "#,
                r#"profile.firstName sw "Noah  O\"Brien" or profile.lastName sw "Noah  O\"Brien" or "#,
                r#"(profile.firstName sw "Noah" and profile.lastName sw "O\"Brien") or "#,
                r#"(profile.firstName sw "O\"Brien" and profile.lastName sw "Noah")"#
            ))
        );
        assert_eq!(
            GroupQuery::prefix_search("Eng\"").search.as_deref(),
            Some(r#"profile.name sw "Eng\"""#)
        );
    }

    #[test]
    fn params_pick_one_mode() {
        let q = UserQuery {
            search: Some("a".into()),
            filter: Some("b".into()),
            q: Some("c".into()),
            limit: Some(999),
            sort_by: Some("profile.lastName".into()),
            sort_order: Some("desc".into()),
        };
        assert_eq!(
            q.to_params(),
            vec![
                ("search", "a".to_string()),
                ("sortBy", "profile.lastName".into()),
                ("sortOrder", "desc".into()),
                ("limit", "200".into())
            ]
        );
        let q = UserQuery {
            filter: Some("b".into()),
            sort_by: Some("x".into()),
            ..Default::default()
        };
        assert_eq!(
            q.to_params(),
            vec![("filter", "b".into()), ("limit", "200".into())]
        );
        assert_eq!(
            UserQuery::default().to_params(),
            vec![("limit", "200".to_string())]
        );
        assert_eq!(
            GroupQuery {
                q: Some("Eng".into()),
                limit: Some(0),
                ..Default::default()
            }
            .to_params(),
            vec![
                ("q", "Eng".to_string()),
                ("limit", "1".into()),
                ("expand", "stats".into())
            ]
        );
    }
}
