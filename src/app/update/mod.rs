//! The reducer by subject: each file is an `impl App` that turns messages and component
//! outcomes into state and `Effect`s.

mod credentials;
