//! What every route shares: the org URL, query parameters, JSON answers and `Link` paging.

// ---- helpers ----

use std::collections::BTreeMap;
use std::ops::Bound;

use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value as Json;

use crate::sandbox::error::ErrorResponse;
use crate::sandbox::expr::{self, Dialect, Expr, Subject};
use crate::sandbox::state::SandboxState;
use crate::sandbox::store;

/// The org URL as the client reached it (`http://{Host}`), for `Link` headers and `_links`.
pub(super) fn base_url(st: &SandboxState, headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_graphic()))
        .map_or_else(|| st.base_url.clone(), |h| format!("http://{h}"))
}

pub(super) struct Query {
    pub(super) pairs: Vec<(String, String)>,
}

impl Query {
    pub(super) fn parse(uri: &Uri) -> Self {
        let pairs = uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        Query { pairs }
    }

    pub(super) fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `true`/`false` (any case); anything else is the default.
    pub(super) fn flag(&self, key: &str, default: bool) -> bool {
        match self.get(key) {
            Some(v) if v.eq_ignore_ascii_case("true") => true,
            Some(v) if v.eq_ignore_ascii_case("false") => false,
            _ => default,
        }
    }

    pub(super) fn limit(&self, default: usize, max: usize) -> Result<usize, ErrorResponse> {
        match self.get("limit") {
            None | Some("") => Ok(default),
            Some(v) => match v.trim().parse::<i64>() {
                Ok(n) if n >= 1 => Ok((n as usize).min(max)),
                // Okta answers a non-positive limit with the default page.
                Ok(_) => Ok(default),
                Err(_) => Err(ErrorResponse::validation(
                    "limit",
                    vec![format!("limit: '{v}' is not a valid number")],
                )),
            },
        }
    }

    pub(super) fn expand(&self) -> (bool, bool) {
        let e = self.get("expand").unwrap_or_default();
        let has = |w: &str| e.split(',').any(|p| p.trim() == w);
        (has("stats"), has("app"))
    }
}

/// A JSON array answer with `Link` headers: `self` (the request as made) and, when there is
/// more, `next` (the same query with the new cursor). `limit` is the page size in force: Okta
/// writes it into both links when the request left it to the default.
pub(super) fn page<T: serde::Serialize>(
    items: Vec<T>,
    base: &str,
    uri: &Uri,
    query: &Query,
    limit: Option<usize>,
    next: Option<String>,
) -> Response {
    let mut resp = axum::Json(items).into_response();
    let headers = resp.headers_mut();
    let default_limit = limit
        .filter(|_| query.get("limit").is_none_or(str::is_empty))
        .map(|n| n.to_string());
    let mut self_url = format!(
        "{base}{}",
        uri.path_and_query().map_or(uri.path(), |pq| pq.as_str())
    );
    if let Some(n) = &default_limit {
        let sep = if uri.query().is_some_and(|q| !q.is_empty()) {
            '&'
        } else {
            '?'
        };
        self_url = format!("{}{sep}limit={n}", self_url.trim_end_matches('?'));
    }
    if let Ok(v) = HeaderValue::from_str(&format!("<{self_url}>; rel=\"self\"")) {
        headers.append(header::LINK, v);
    }
    if let Some(cursor) = next {
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        ser.append_pair("after", &cursor);
        for (k, v) in query
            .pairs
            .iter()
            .filter(|(k, v)| k != "after" && !(k == "limit" && v.is_empty()))
        {
            ser.append_pair(k, v);
        }
        if let Some(n) = &default_limit {
            ser.append_pair("limit", n);
        }
        let next_url = format!("{base}{}?{}", uri.path(), ser.finish());
        if let Ok(v) = HeaderValue::from_str(&format!("<{next_url}>; rel=\"next\"")) {
            headers.append(header::LINK, v);
        }
    }
    resp
}

pub(super) fn json_ok(v: Json) -> Response {
    axum::Json(v).into_response()
}

/// The range of a sorted map after the cursor `after` (an id).
pub(super) fn after(cursor: Option<&str>) -> (Bound<&str>, Bound<&str>) {
    (
        cursor.map_or(Bound::Unbounded, Bound::Excluded),
        Bound::Unbounded,
    )
}

/// Takes up to `limit` kept items from an id-ordered iterator, and the cursor (the last id
/// returned) when more remain.
pub(super) fn id_page<'a, T: 'a>(
    items: impl Iterator<Item = (&'a String, &'a T)>,
    limit: usize,
    keep: impl Fn(&T) -> bool,
) -> (Vec<&'a T>, Option<String>) {
    let mut kept = items.filter(|(_, t)| keep(t));
    let page: Vec<(&String, &T)> = kept.by_ref().take(limit).collect();
    let next = if kept.next().is_some() {
        page.last().map(|(id, _)| (*id).clone())
    } else {
        None
    };
    (page.into_iter().map(|(_, t)| t).collect(), next)
}

/// Sorted search results are paged by position; the cursor hides it.
pub(super) fn offset_cursor(offset: usize) -> String {
    format!("s{:x}", offset ^ 0x5A5A_5A5A)
}

pub(super) fn parse_offset_cursor(after: Option<&str>) -> Result<usize, ErrorResponse> {
    match after {
        None => Ok(0),
        Some(c) => c
            .strip_prefix('s')
            .and_then(|h| usize::from_str_radix(h, 16).ok())
            .map(|n| n ^ 0x5A5A_5A5A)
            .ok_or_else(|| {
                ErrorResponse::validation("after", vec!["after: Invalid cursor".into()])
            }),
    }
}

/// Sorts matches for `sortBy`/`sortOrder` (ties by id) and cuts one page.
pub(super) fn sorted_page<'a, T: Subject + 'a>(
    mut matches: Vec<(&'a String, &'a T)>,
    sort_by: &str,
    descending: bool,
    after: Option<&str>,
    limit: usize,
) -> Result<(Vec<&'a T>, Option<String>), ErrorResponse> {
    let mut keyed: Vec<(String, &String, &T)> = matches
        .drain(..)
        .map(|(id, t)| (store::sort_key(t, sort_by), id, t))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    if descending {
        keyed.reverse();
    }
    let offset = parse_offset_cursor(after)?;
    let end = (offset + limit).min(keyed.len());
    let items: Vec<&T> = keyed
        .get(offset.min(end)..end)
        .unwrap_or_default()
        .iter()
        .map(|(_, _, t)| *t)
        .collect();
    let next = (end < keyed.len()).then(|| offset_cursor(end));
    Ok((items, next))
}

pub(super) fn parse_expr(text: &str, dialect: &Dialect) -> Result<Expr, ErrorResponse> {
    expr::parse(text, dialect).map_err(ErrorResponse::invalid_search)
}

/// One page of a users or groups list, as Okta picks it: `search` (optionally with
/// `sortBy`/`sortOrder`), else `filter`, else every item `plain` keeps; paged by id after
/// the `after` cursor. `dialects` are the search and the filter dialect.
pub(super) fn select_page<'a, T: Subject>(
    all: &'a BTreeMap<String, T>,
    query: &Query,
    [search_dialect, filter_dialect]: [&Dialect; 2],
    limit: usize,
    plain: impl Fn(&T) -> bool,
) -> Result<(Vec<&'a T>, Option<String>), ErrorResponse> {
    let cursor = query.get("after");
    let from_cursor = || all.range::<str, _>(after(cursor));
    if let Some(search) = query.get("search") {
        let e = parse_expr(search, search_dialect)?;
        return match query.get("sortBy").filter(|s| !s.is_empty()) {
            Some(sort_by) => {
                let matches = all.iter().filter(|(_, t)| e.matches(*t, true)).collect();
                let desc = query
                    .get("sortOrder")
                    .is_some_and(|o| o.eq_ignore_ascii_case("desc"));
                sorted_page(matches, sort_by, desc, cursor, limit)
            }
            None => Ok(id_page(from_cursor(), limit, |t: &T| e.matches(t, true))),
        };
    }
    if let Some(filter) = query.get("filter") {
        let e = parse_expr(filter, filter_dialect)?;
        // A `lastUpdated` range (each part of a partitioned listing) is one integer test per
        // item: parts walk the whole id order, so the walk must cost next to nothing.
        if let Some((lo, hi)) = e.time_range("lastUpdated") {
            return Ok(id_page(from_cursor(), limit, |t: &T| {
                match t.last_updated() {
                    Some(at) => lo <= at && at <= hi,
                    None => e.matches(t, false),
                }
            }));
        }
        return Ok(id_page(from_cursor(), limit, |t: &T| e.matches(t, false)));
    }
    Ok(id_page(from_cursor(), limit, plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_cursor_round_trip() {
        for n in [0usize, 1, 200, 99_999] {
            assert_eq!(parse_offset_cursor(Some(&offset_cursor(n))).ok(), Some(n));
        }
        assert!(parse_offset_cursor(Some("garbage")).is_err());
    }
}
