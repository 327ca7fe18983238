//! Okta's `filter` / `search` expression language: `attr op "value"` clauses joined by `and`
//! / `or` and grouped with parentheses, string values in double quotes with `\"` escapes.
//!
//! Each endpoint is a [`Dialect`]: which attributes and operators it allows, and whether
//! string values compare case-insensitively (`search`) or exactly (`filter`).

use std::cmp::Ordering;

/// Comparison operators. `pr` (present) is accepted by search dialects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Sw,
    Co,
    Gt,
    Ge,
    Lt,
    Le,
    Pr,
}

impl Op {
    fn parse(word: &str) -> Option<Op> {
        Some(match word.to_ascii_lowercase().as_str() {
            "eq" => Op::Eq,
            "sw" => Op::Sw,
            "co" => Op::Co,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            "pr" => Op::Pr,
            _ => return None,
        })
    }

    pub fn is_ordering(self) -> bool {
        matches!(self, Op::Gt | Op::Ge | Op::Lt | Op::Le)
    }
}

/// A literal on the right of an operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str {
        raw: String,
        lower: String,
        /// Milliseconds since the epoch when the string is an ISO-8601 date-time.
        time: Option<i64>,
    },
    Num(f64),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Cmp {
        attr: String,
        op: Op,
        value: Literal,
    },
}

/// One value of an attribute of the thing being matched.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Str(&'a str),
    Num(f64),
    Bool(bool),
    Time(i64),
}

/// Something expressions can be evaluated on (a user, a group).
pub trait Subject {
    /// Calls `f` with each value of `attr` (an array gives several) and returns true as soon
    /// as `f` does. A missing or null attribute calls nothing.
    fn any_value(&self, attr: &str, f: &mut dyn FnMut(Value<'_>) -> bool) -> bool;

    /// `lastUpdated` read directly, for the range fast path of [`Expr::time_range`]; None when
    /// the subject has no such field (then the expression is evaluated in full).
    fn last_updated(&self) -> Option<i64> {
        None
    }
}

/// The rules of one endpoint's expressions.
pub struct Dialect {
    pub case_insensitive: bool,
    /// Whether `attr op` is allowed; `Err` carries the reason for the error cause.
    pub check: fn(&str, Op) -> Result<(), String>,
}

/// Okta refuses overly long or complex queries; so does the sandbox.
const MAX_LEN: usize = 4096;
const MAX_DEPTH: usize = 32;

pub fn parse(input: &str, dialect: &Dialect) -> Result<Expr, String> {
    if input.len() > MAX_LEN {
        return Err("The query is too long".into());
    }
    let tokens = tokenize(input)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        dialect,
    };
    let expr = p.or(0)?;
    if p.pos != p.tokens.len() {
        return Err(format!("Unexpected token at position {}", p.pos + 1));
    }
    Ok(expr)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    Word(String),
    Quoted(String),
}

fn tokenize(input: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            '"' => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        None => return Err("Unterminated string literal".into()),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some('"') => s.push('"'),
                            Some('\\') => s.push('\\'),
                            Some('/') => s.push('/'),
                            Some('n') => s.push('\n'),
                            Some('t') => s.push('\t'),
                            Some('r') => s.push('\r'),
                            Some('u') => {
                                let hex: String = chars.by_ref().take(4).collect();
                                let ch = u32::from_str_radix(&hex, 16)
                                    .ok()
                                    .and_then(char::from_u32)
                                    .ok_or("Invalid \\u escape")?;
                                s.push(ch);
                            }
                            _ => return Err("Invalid escape in string literal".into()),
                        },
                        Some(other) => s.push(other),
                    }
                }
                tokens.push(Token::Quoted(s));
            }
            _ => {
                let mut w = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || c == '(' || c == ')' || c == '"' {
                        break;
                    }
                    w.push(c);
                    chars.next();
                }
                tokens.push(Token::Word(w));
            }
        }
    }
    Ok(tokens)
}

struct Parser<'d> {
    tokens: Vec<Token>,
    pos: usize,
    dialect: &'d Dialect,
}

impl Parser<'_> {
    fn peek_keyword(&self, kw: &str) -> bool {
        matches!(self.tokens.get(self.pos), Some(Token::Word(w)) if w.eq_ignore_ascii_case(kw))
    }

    fn or(&mut self, depth: usize) -> Result<Expr, String> {
        let mut left = self.and(depth)?;
        while self.peek_keyword("or") {
            self.pos += 1;
            let right = self.and(depth)?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self, depth: usize) -> Result<Expr, String> {
        let mut left = self.term(depth)?;
        while self.peek_keyword("and") {
            self.pos += 1;
            let right = self.term(depth)?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn term(&mut self, depth: usize) -> Result<Expr, String> {
        if depth > MAX_DEPTH {
            return Err("The query is too complex".into());
        }
        match self.tokens.get(self.pos).cloned() {
            Some(Token::Open) => {
                self.pos += 1;
                let inner = self.or(depth + 1)?;
                if self.tokens.get(self.pos) != Some(&Token::Close) {
                    return Err("Missing closing parenthesis".into());
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(Token::Word(attr)) => {
                if attr.eq_ignore_ascii_case("not") {
                    return Err("The 'not' operator is not supported".into());
                }
                if !valid_attr(&attr) {
                    return Err(format!("Invalid attribute name '{attr}'"));
                }
                self.pos += 1;
                let op = match self.tokens.get(self.pos) {
                    Some(Token::Word(w)) => {
                        Op::parse(w).ok_or_else(|| format!("Unsupported operator '{w}'"))?
                    }
                    _ => return Err(format!("Missing operator after '{attr}'")),
                };
                self.pos += 1;
                (self.dialect.check)(&attr, op)?;
                let value = if op == Op::Pr {
                    Literal::Null
                } else {
                    let lit = self.literal()?;
                    if matches!(lit, Literal::Null) {
                        return Err("null is not a valid value here".into());
                    }
                    lit
                };
                Ok(Expr::Cmp { attr, op, value })
            }
            Some(Token::Quoted(_)) => Err("Expected an attribute name, found a string".into()),
            Some(Token::Close) => Err("Unexpected closing parenthesis".into()),
            None => Err("Unexpected end of the query".into()),
        }
    }

    fn literal(&mut self) -> Result<Literal, String> {
        let tok = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        match tok {
            Some(Token::Quoted(s)) => Ok(string_literal(s)),
            Some(Token::Word(w)) => match w.as_str() {
                "true" => Ok(Literal::Bool(true)),
                "false" => Ok(Literal::Bool(false)),
                "null" => Ok(Literal::Null),
                _ => w
                    .parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .map(Literal::Num)
                    // Okta wants string values quoted; a bare word is an error.
                    .ok_or_else(|| format!("Invalid value '{w}': strings must be quoted")),
            },
            _ => Err("Missing value".into()),
        }
    }
}

fn valid_attr(attr: &str) -> bool {
    !attr.is_empty()
        && attr
            .split('.')
            .all(|seg| !seg.is_empty() && seg.chars().all(|c| c.is_alphanumeric() || c == '_'))
}

pub fn string_literal(raw: String) -> Literal {
    let time = parse_time(&raw);
    Literal::Str {
        lower: raw.to_lowercase(),
        raw,
        time,
    }
}

/// ISO-8601 date-time (`2024-01-01T00:00:00.000Z`) to epoch milliseconds.
pub fn parse_time(s: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.timestamp_millis())
}

impl Expr {
    pub fn matches(&self, subject: &dyn Subject, case_insensitive: bool) -> bool {
        match self {
            Expr::And(a, b) => {
                a.matches(subject, case_insensitive) && b.matches(subject, case_insensitive)
            }
            Expr::Or(a, b) => {
                a.matches(subject, case_insensitive) || b.matches(subject, case_insensitive)
            }
            Expr::Cmp { attr, op, value } => {
                subject.any_value(attr, &mut |v| compare(v, *op, value, case_insensitive))
            }
        }
    }
}

impl Expr {
    /// The inclusive range `[lo, hi]` of epoch milliseconds that `attr` must fall in when the
    /// expression is only date-time comparisons of `attr` joined by `and` (what a partitioned
    /// listing sends); None for anything else. A subject with one time value matches the
    /// expression exactly when that value is in the range, so a list can test one integer per
    /// item instead of evaluating the tree.
    pub fn time_range(&self, attr: &str) -> Option<(i64, i64)> {
        match self {
            Expr::And(a, b) => {
                let (lo_a, hi_a) = a.time_range(attr)?;
                let (lo_b, hi_b) = b.time_range(attr)?;
                Some((lo_a.max(lo_b), hi_a.min(hi_b)))
            }
            Expr::Or(..) => None,
            Expr::Cmp {
                attr: a,
                op,
                value: Literal::Str { time: Some(t), .. },
            } if a == attr => {
                let t = *t;
                Some(match op {
                    Op::Eq => (t, t),
                    Op::Gt => (t.checked_add(1)?, i64::MAX),
                    Op::Ge => (t, i64::MAX),
                    Op::Lt => (i64::MIN, t.checked_sub(1)?),
                    Op::Le => (i64::MIN, t),
                    Op::Sw | Op::Co | Op::Pr => return None,
                })
            }
            Expr::Cmp { .. } => None,
        }
    }
}

fn compare(v: Value<'_>, op: Op, lit: &Literal, ci: bool) -> bool {
    if op == Op::Pr {
        return true;
    }
    match (v, lit) {
        (Value::Str(s), Literal::Str { raw, lower, .. }) => {
            if ci {
                let lowered = s.chars().flat_map(char::to_lowercase);
                match op {
                    Op::Eq => lowered.eq(lower.chars()),
                    Op::Sw => s.to_lowercase().starts_with(lower.as_str()),
                    Op::Co => s.to_lowercase().contains(lower.as_str()),
                    _ => ordered(lowered.cmp(lower.chars()), op),
                }
            } else {
                match op {
                    Op::Eq => s == raw,
                    Op::Sw => s.starts_with(raw.as_str()),
                    Op::Co => s.contains(raw.as_str()),
                    _ => ordered(s.cmp(raw.as_str()), op),
                }
            }
        }
        (Value::Time(t), Literal::Str { time: Some(l), .. }) => match op {
            Op::Sw | Op::Co => false,
            _ => ordered(t.cmp(l), op),
        },
        (Value::Num(n), Literal::Num(l)) => match n.partial_cmp(l) {
            Some(o) if !matches!(op, Op::Sw | Op::Co) => ordered(o, op),
            _ => false,
        },
        (Value::Bool(b), Literal::Bool(l)) => op == Op::Eq && b == *l,
        _ => false,
    }
}

fn ordered(o: Ordering, op: Op) -> bool {
    match op {
        Op::Eq => o == Ordering::Equal,
        Op::Gt => o == Ordering::Greater,
        Op::Ge => o != Ordering::Less,
        Op::Lt => o == Ordering::Less,
        Op::Le => o != Ordering::Greater,
        Op::Sw | Op::Co | Op::Pr => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Thing(HashMap<&'static str, Vec<Value<'static>>>);

    impl Subject for Thing {
        fn any_value(&self, attr: &str, f: &mut dyn FnMut(Value<'_>) -> bool) -> bool {
            self.0.get(attr).is_some_and(|vs| vs.iter().any(|v| f(*v)))
        }
    }

    fn anything(_: &str, _: Op) -> Result<(), String> {
        Ok(())
    }

    const SEARCH: Dialect = Dialect {
        case_insensitive: true,
        check: anything,
    };

    fn thing() -> Thing {
        Thing(HashMap::from([
            ("profile.lastName", vec![Value::Str("Bob\"Smith")]),
            ("profile.firstName", vec![Value::Str("Émile")]),
            ("status", vec![Value::Str("ACTIVE")]),
            ("created", vec![Value::Time(1_700_000_000_000)]),
            ("profile.tags", vec![Value::Str("a"), Value::Str("b")]),
            ("profile.age", vec![Value::Num(42.0)]),
        ]))
    }

    fn eval(q: &str) -> bool {
        let e = parse(q, &SEARCH).unwrap();
        e.matches(&thing(), true)
    }

    #[test]
    fn escapes_and_case() {
        assert!(eval(r#"profile.lastName eq "bob\"smith""#));
        assert!(eval(r#"profile.firstName sw "émi""#));
        assert!(
            !eval(r#"profile.firstName sw "emi""#),
            "diacritics are significant"
        );
        assert!(eval(r#"status EQ "active""#));
    }

    #[test]
    fn precedence_and_parentheses() {
        assert!(eval(
            r#"status eq "x" or status eq "ACTIVE" and profile.age gt 40"#
        ));
        assert!(!eval(
            r#"(status eq "x" or status eq "ACTIVE") and profile.age gt 50"#
        ));
        assert!(eval(r#"(status lt "STAGED" or status gt "STAGED")"#));
    }

    #[test]
    fn dates_arrays_numbers() {
        assert!(eval(r#"created gt "2023-01-01T00:00:00.000Z""#));
        assert!(!eval(r#"created lt "2023-01-01T00:00:00.000Z""#));
        assert!(eval(r#"profile.tags eq "b""#));
        assert!(eval("profile.age ge 42"));
        assert!(eval("profile.age pr"));
        assert!(!eval("profile.missing pr"));
    }

    #[test]
    fn rejects_bad_syntax() {
        for q in [
            "",
            "status",
            "status eq",
            "status eq ACTIVE",
            r#"status ne "ACTIVE""#,
            r#"(status eq "A""#,
            r#"status eq "A" and"#,
            r#"not status eq "A""#,
            r#"status eq "unterminated"#,
            r#"status eq "A" "B""#,
        ] {
            assert!(parse(q, &SEARCH).is_err(), "{q:?} should fail");
        }
    }

    /// The console's search for a typed full name parses here and finds the person by first
    /// and last name, in either order, and not someone who only shares one of them.
    #[test]
    fn full_name_search_from_the_console_finds_the_person() {
        let person = |first: &'static str, last: &'static str| {
            Thing(HashMap::from([
                ("profile.firstName", vec![Value::Str(first)]),
                ("profile.lastName", vec![Value::Str(last)]),
                ("profile.login", vec![Value::Str("x@example.com")]),
                ("profile.email", vec![Value::Str("x@example.com")]),
            ]))
        };
        let noah = person("Noah", "O'Brien");
        let other = person("Noah", "Smith");
        for typed in ["Noah O'Brien", "noah o'b", "O'Brien Noah", "No O"] {
            let q = crate::okta::UserQuery::prefix_search(typed);
            let e = parse(q.search.as_deref().unwrap_or_default(), &SEARCH).unwrap();
            assert!(e.matches(&noah, true), "{typed}");
            assert!(!e.matches(&other, true), "{typed}");
        }
    }

    #[test]
    fn case_sensitive_dialect() {
        let e = parse(r#"status eq "active""#, &SEARCH).unwrap();
        assert!(!e.matches(&thing(), false));
    }

    /// The integer range of a date-time filter admits exactly the times the full evaluation
    /// does, at and around each bound.
    #[test]
    fn time_range_agrees_with_evaluation() {
        let at = |ms: i64| Thing(HashMap::from([("created", vec![Value::Time(ms)])]));
        let base = 1_700_000_000_000;
        let (a, b) = ("2023-11-14T22:13:20.000Z", "2023-11-14T22:13:20.250Z");
        for q in [
            format!(r#"created gt "{a}""#),
            format!(r#"created ge "{a}""#),
            format!(r#"created lt "{b}""#),
            format!(r#"created le "{b}""#),
            format!(r#"created eq "{a}""#),
            format!(r#"created ge "{a}" and created lt "{b}""#),
            format!(r#"(created gt "{a}") and (created le "{b}" and created lt "{b}")"#),
            format!(r#"created gt "{b}" and created lt "{a}""#),
        ] {
            let e = parse(&q, &SEARCH).unwrap();
            let (lo, hi) = e.time_range("created").expect(&q);
            for ms in [base - 1, base, base + 1, base + 249, base + 250, base + 251] {
                assert_eq!(
                    (lo..=hi).contains(&ms),
                    e.matches(&at(ms), false),
                    "{q} at {ms}"
                );
            }
        }
        for q in [
            format!(r#"created gt "{a}" or created lt "{a}""#),
            format!(r#"created gt "{a}" and status eq "ACTIVE""#),
            r#"created gt "yesterday""#.to_string(),
            format!(r#"lastUpdated gt "{a}""#),
        ] {
            let e = parse(&q, &SEARCH).unwrap();
            assert_eq!(e.time_range("created"), None, "{q}");
        }
    }
}
