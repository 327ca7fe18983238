//! The Okta Management API client. Knows nothing of terminals.

pub mod auth;
pub mod client;
pub mod dpop;
pub mod endpoints;
pub mod error;
pub mod jwt;
pub mod lifecycle;
pub mod link;
pub mod models;
pub mod oauth;
pub mod page_retry;
pub mod paging;
pub mod query;
pub mod ratelimit;
pub mod response;
pub mod sanitize;
pub mod test_connect;
pub mod transport;
pub mod write;

pub use auth::Auth;
pub use client::{
    Client, ClientConfig, Fetched, PlannedRequest, REQUEST_ID_HEADER, new_request_id,
};
pub use endpoints::UserSub;
pub use error::OktaError;
pub use lifecycle::{LifecycleOp, LifecycleOutcome};
pub use models::*;
pub use paging::{Page, Pages};
pub use query::{Expr, GroupQuery, UserQuery};
pub use response::ApiResponse;
pub use write::{GroupRef, UserRef, Write, Written};
