//! Link-header parsing and page streams that follow `rel="next"` verbatim.
//!
//! CONTRACT: `Pages<T>` yields one page at a time; it never builds cursors itself.
//!
//! Loading model: the first page is requested as soon as the stream is created (when a tokio
//! runtime is running). When a page's answer arrives, the request for the following page
//! (its `rel="next"` link is in the headers) goes out before this page's body is parsed, so
//! the server prepares page n+1 while the client parses page n. Only one request per stream
//! is ever in flight. Dropping the stream aborts that request and stops loading.

use std::sync::Arc;

use futures::future::BoxFuture;
use reqwest::Url;
use tokio::task::JoinHandle;

use super::error::OktaError;
use super::response::{ApiResponse, RawResponse};

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

/// A page's answer (status checked) and the verbatim next link, resolved on the same origin.
pub type PageAnswer = Result<(RawResponse, Option<Url>), OktaError>;

/// Where pages come from: the client, whose request path this file does not need to know.
pub trait PageSource: Send + Sync + 'static {
    /// GET `url`, check the status, and find the `rel="next"` target.
    fn fetch_page(&self, url: Url) -> BoxFuture<'static, PageAnswer>;
}

/// A stream of pages. Dropping it stops loading.
pub struct Pages<T> {
    source: Option<Arc<dyn PageSource>>,
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
    pub(crate) fn start(source: Arc<dyn PageSource>, first: Url, parse: ParseFn<T>) -> Self {
        let mut pages = Pages {
            source: Some(source),
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
            source: None,
            parse,
            next: None,
            pending: None,
            failed: Some(err),
        }
    }

    fn spawn_next(&mut self) {
        if let (Some(source), Some(url), None) = (&self.source, &self.next, &self.pending) {
            self.pending = Some(tokio::spawn(source.fetch_page(url.clone())));
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
