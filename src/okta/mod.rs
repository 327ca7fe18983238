//! The Okta Management API client. Knows nothing of terminals.

pub mod apps;
pub mod auth;
pub mod client;
pub mod dpop;
pub mod endpoints;
pub mod error;
pub mod factors;
pub mod jwt;
pub mod lifecycle;
pub mod link;
pub mod logs;
pub mod models;
pub mod oauth;
pub mod page_retry;
pub mod paging;
pub mod query;
pub mod ratelimit;
pub mod refs;
pub mod response;
pub mod sanitize;
pub mod schema;
pub mod test_connect;
pub mod timestamp;
pub mod transport;
pub mod user_row;
pub mod write;

pub use auth::Auth;
pub use client::{
    Client, ClientConfig, Fetched, PlannedRequest, REQUEST_ID_HEADER, new_request_id,
};
pub use endpoints::UserSub;
pub use error::OktaError;
pub use factors::{Block, Factor};
pub use lifecycle::{LifecycleOp, LifecycleOutcome};
pub use logs::{LogEvent, LogParty, LogQuery, LogTail};
pub use models::*;
pub use paging::{Page, Pages};
pub use query::{Expr, GroupQuery, UserQuery};
pub use response::ApiResponse;
pub use user_row::{UserFields, UserRow};
pub use write::{GroupRef, ObjectRef, UserRef, Write, Written};
