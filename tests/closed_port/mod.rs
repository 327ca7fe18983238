//! A local port that refuses connections for as long as the returned socket lives.
//!
//! Binding a listener and dropping it frees the port, and a test running beside this one can
//! take it before the client connects (the "refused" request then reaches that test's server).
//! A socket bound but not listening keeps the port and refuses every connection to it.

/// The held socket and its port; keep the socket until the request has failed.
pub fn closed_port() -> (tokio::net::TcpSocket, u16) {
    let held = tokio::net::TcpSocket::new_v4().expect("socket");
    held.bind("127.0.0.1:0".parse().expect("address"))
        .expect("bind");
    let port = held.local_addr().expect("address").port();
    (held, port)
}
