//! The Okta Management API client. Knows nothing of terminals.

pub mod auth;
pub mod client;
pub mod error;
pub mod lifecycle;
pub mod models;
pub mod paging;
pub mod query;
pub mod sanitize;

pub use auth::Auth;
pub use client::{ApiResponse, Client, ClientConfig, Fetched, PlannedRequest};
pub use error::OktaError;
pub use lifecycle::{LifecycleOp, LifecycleOutcome};
pub use models::*;
pub use paging::{Page, Pages};
pub use query::{GroupQuery, UserQuery};
