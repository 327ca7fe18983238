//! Link-header parsing and page streams that follow `rel="next"` verbatim.
//!
//! CONTRACT: `Pages<T>` yields one page at a time; it never builds cursors itself.
//!
//! Loading model: the first page is requested as soon as the stream is created (when a tokio
//! runtime is running). When a page's answer arrives, the request for the following page
//! (its `rel="next"` link is in the headers) goes out before this page's body is parsed, so
//! the server prepares page n+1 while the client parses page n. Only one request per stream
//! is ever in flight. Dropping the stream aborts that request and stops loading.

use reqwest::Url;
use tokio::task::JoinHandle;

use super::client::{ApiResponse, Client};
use super::error::OktaError;
use super::link::find_rel;
use super::response::RawResponse;

/// One page of typed items plus the response it came in.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Status, headers and request id; `body` is `Value::Null` here (items hold the data).
    pub response: ApiResponse,
    /// True when another page follows.
    pub has_more: bool,
}

/// Parses one page body into items.
pub type ParseFn<T> = fn(&[u8]) -> Result<Vec<T>, serde_json::Error>;

/// A page's answer (status checked) and the verbatim next link.
type PageAnswer = Result<(RawResponse, Option<Url>), OktaError>;

/// A stream of pages. Dropping it stops loading.
pub struct Pages<T> {
    client: Option<Client>,
    parse: ParseFn<T>,
    /// The page to load next; None once the list ended.
    next: Option<Url>,
    /// The request for `next`, already running.
    pending: Option<JoinHandle<PageAnswer>>,
    /// An error found before anything could be sent (bad path); yielded once.
    failed: Option<OktaError>,
}

impl<T: Send + 'static> Pages<T> {
    /// Starts a stream at `first` (sends the first request right away if a runtime runs).
    pub(crate) fn start(client: Client, first: Url, parse: ParseFn<T>) -> Self {
        let mut pages = Pages {
            client: Some(client),
            parse,
            next: Some(first),
            pending: None,
            failed: None,
        };
        if tokio::runtime::Handle::try_current().is_ok() {
            pages.spawn_next();
        }
        pages
    }

    /// A stream that yields `err` once and then ends.
    pub(crate) fn failed(err: OktaError, parse: ParseFn<T>) -> Self {
        Pages {
            client: None,
            parse,
            next: None,
            pending: None,
            failed: Some(err),
        }
    }

    fn spawn_next(&mut self) {
        if let (Some(client), Some(url), None) = (&self.client, &self.next, &self.pending) {
            let client = client.clone();
            let url = url.clone();
            self.pending = Some(tokio::spawn(async move { fetch_page(&client, url).await }));
        }
    }

    /// The next page, or None when the list ended. After an error, calling again retries the
    /// same page (nothing already yielded is lost or repeated).
    pub async fn next_page(&mut self) -> Option<Result<Page<T>, OktaError>> {
        if let Some(err) = self.failed.take() {
            return Some(Err(err));
        }
        self.next.as_ref()?;
        self.spawn_next();
        // Awaited in place: if this future is dropped mid-way the request keeps its slot and
        // the next call picks up the same answer (cancel-safe).
        let handle = self.pending.as_mut()?;
        let joined = handle.await;
        self.pending = None;
        let (raw, next) = match joined {
            Ok(Ok(fetched)) => fetched,
            // `next` is unchanged: the following call asks for the same page again.
            Ok(Err(e)) => return Some(Err(e)),
            Err(e) => return Some(Err(OktaError::Other(format!("page loader stopped: {e}")))),
        };
        // Ask for the following page first, then parse this one while the server works.
        let current = std::mem::replace(&mut self.next, next);
        self.spawn_next();
        match parse_page(&raw, self.parse, self.next.is_some()) {
            Ok(page) => Some(Ok(page)),
            Err(e) => {
                // Undo: the following call retries this page, not the one after it.
                if let Some(h) = self.pending.take() {
                    h.abort();
                }
                self.next = current;
                Some(Err(e))
            }
        }
    }

    /// True once the last page has been handed out.
    pub fn is_done(&self) -> bool {
        self.next.is_none() && self.failed.is_none()
    }

    /// Loads every remaining page into one list (stops at the first error).
    pub async fn collect_all(mut self) -> Result<Vec<T>, OktaError> {
        let mut out = Vec::new();
        while let Some(page) = self.next_page().await {
            out.extend(page?.items);
        }
        Ok(out)
    }
}

impl<T> Drop for Pages<T> {
    fn drop(&mut self) {
        if let Some(h) = self.pending.take() {
            h.abort();
        }
    }
}

/// One page's answer: GET, status check, and the verbatim `rel="next"` target.
async fn fetch_page(client: &Client, url: Url) -> PageAnswer {
    let raw = client.execute_get(url.clone()).await?;
    raw.ensure_success()?;
    let next = find_rel(
        raw.headers
            .get_all(reqwest::header::LINK)
            .iter()
            .filter_map(|v| v.to_str().ok()),
        "next",
    );
    let next = match next {
        Some(target) => Some(client.resolve_next(&url, &target)?),
        None => None,
    };
    Ok((raw, next))
}

/// Items straight from the body bytes (no intermediate JSON value).
fn parse_page<T>(
    raw: &RawResponse,
    parse: ParseFn<T>,
    has_more: bool,
) -> Result<Page<T>, OktaError> {
    let items = if raw.body.iter().all(u8::is_ascii_whitespace) {
        Vec::new()
    } else {
        parse(&raw.body).map_err(|e| raw.decode_error(&e))?
    };
    Ok(Page {
        items,
        response: raw.to_api_response(serde_json::Value::Null),
        has_more,
    })
}
