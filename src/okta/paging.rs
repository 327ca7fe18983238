//! Link-header parsing and page streams that follow `rel="next"` verbatim.
//!
//! CONTRACT: `Pages<T>` yields one page at a time; it never builds cursors itself.

use super::client::ApiResponse;
use super::error::OktaError;

/// One page of typed items plus the response it came in.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Status, headers and request id; `body` is `Value::Null` here (items hold the data).
    pub response: ApiResponse,
    /// True when another page follows.
    pub has_more: bool,
}

/// A stream of pages. Dropping it stops loading.
pub struct Pages<T> {
    _marker: std::marker::PhantomData<T>,
}

impl<T> Pages<T> {
    /// The next page, or None when the list ended. After an error, calling again retries the
    /// same page (nothing already yielded is lost or repeated).
    pub async fn next_page(&mut self) -> Option<Result<Page<T>, OktaError>> {
        todo!()
    }
}
