//! The accept loop and the per-request pipeline around the router: request counting, the
//! concurrency cap, injected latency and 5xx, the rate-limit bucket, `Content-Length` checks,
//! the headers Okta puts on every answer, and dropped connections.
//!
//! hyper is used directly (not `axum::serve`) because dropping a connection without an answer
//! needs the service to fail: hyper then closes the socket, and the client sees a transport
//! error rather than a 500.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt;

use super::error::ErrorResponse;
use super::faults::{Admission, RateFigures, epoch_secs};
use super::limits;
use super::state::SandboxState;

/// The error a request fails with when the connection is to be dropped.
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose (fault injection)")
    }
}

impl std::error::Error for DropConnection {}

pub(crate) async fn serve(
    listener: TcpListener,
    state: Arc<SandboxState>,
    router: Router,
    mut stop: watch::Receiver<bool>,
) {
    // Connections live in the set so that stopping the server (or dropping the set) ends them.
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => break,
        };
        let Ok((stream, _peer)) = accepted else {
            // Out of file descriptors and the like: wait a little rather than spin.
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        let router = router.clone();
        connections.spawn(async move {
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                handle(state.clone(), router.clone(), req)
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
    connections.shutdown().await;
}

/// Decrements the in-flight count however the request ends (answered, dropped, cancelled).
struct InFlight(Arc<SandboxState>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Largest request body read up front for `complete_after_disconnect` (Okta's own cap on a
/// request body is far below this).
const MAX_BODY: usize = 8 * 1024 * 1024;

async fn handle(
    state: Arc<SandboxState>,
    router: Router,
    req: Request<Incoming>,
) -> Result<Response<Body>, DropConnection> {
    let req = req.map(Body::new);
    if !state.faults().complete_after_disconnect {
        // hyper drops this future when the client hangs up: processing stops there.
        return process(state, router, req).await;
    }
    // A real server goes on with a request whose client went away. The body is read first
    // (the connection it arrives on may close), then the work runs as its own task, which a
    // hang-up does not cancel.
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return Err(DropConnection);
    };
    let req = Request::from_parts(parts, Body::from(bytes));
    tokio::spawn(process(state, router, req))
        .await
        .unwrap_or(Err(DropConnection))
}

async fn process(
    state: Arc<SandboxState>,
    router: Router,
    mut req: Request<Body>,
) -> Result<Response<Body>, DropConnection> {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    state.count_request(method.as_str(), &path);
    let faults = state.faults();
    let request_id = state.request_ids.next();
    // The System Log records the request id of the write it logs.
    req.extensions_mut()
        .insert(super::syslog::RequestId(request_id.clone()));

    let in_flight = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    let _guard = InFlight(state.clone());

    if faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
    }
    let is_next_page = req
        .uri()
        .query()
        .is_some_and(|q| q.split('&').any(|p| p.starts_with("after=")));
    if faults.slow_page_ms > 0 && is_next_page {
        tokio::time::sleep(Duration::from_millis(faults.slow_page_ms)).await;
    }

    // Okta reports a concurrency refusal with Limit and Remaining both 0 and a Reset that is
    // only an estimate.
    if faults.concurrency_limit > 0 && in_flight > faults.concurrency_limit {
        let figures = RateFigures {
            limit: 0,
            remaining: 0,
            reset: epoch_secs() + 1,
        };
        return Ok(finish(
            ErrorResponse::rate_limited().into_response(),
            &request_id,
            figures,
        ));
    }

    let bucket = limits::bucket_of(&method, &path);
    let per_minute = if faults.rate_limit_per_min == 0 {
        limits::BUCKETS[bucket].per_minute
    } else {
        faults.bucket_size()
    };
    // `bucket_of` only returns indices of `BUCKETS`, which `buckets` mirrors.
    let figures = match state.buckets[bucket].admit_in(&path, per_minute, faults.window_secs()) {
        Admission::Allowed(f) => f,
        Admission::Limited(f) => {
            return Ok(finish(
                ErrorResponse::rate_limited().into_response(),
                &request_id,
                f,
            ));
        }
    };

    if state.dice.chance(faults.error_rate) {
        return Ok(finish(
            ErrorResponse::internal().into_response(),
            &request_id,
            figures,
        ));
    }

    let response = if needs_length(&method)
        && !req.headers().contains_key(header::CONTENT_LENGTH)
        && !req.headers().contains_key(header::TRANSFER_ENCODING)
    {
        length_required()
    } else {
        match router.oneshot(req).await {
            Ok(resp) => resp,
            Err(never) => match never {},
        }
    };

    // The request has been processed; now the connection may die before the answer leaves,
    // which is the case a client must not blindly retry for a POST.
    if state.dice.chance(faults.drop_rate) {
        return Err(DropConnection);
    }
    Ok(finish(response, &request_id, figures))
}

fn needs_length(method: &Method) -> bool {
    *method == Method::POST || *method == Method::PUT
}

/// What Okta's front end sends for a body-less POST/PUT without `Content-Length`: a 411 from
/// the web tier, not a JSON error object.
fn length_required() -> Response<Body> {
    let body = "<html><head><title>411 Length Required</title></head><body><h1>Length Required</h1></body></html>";
    let mut resp = (StatusCode::LENGTH_REQUIRED, body).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    resp
}

/// Adds the headers Okta puts on every answer. (`Date` comes from hyper.)
fn finish(mut resp: Response<Body>, request_id: &str, figures: RateFigures) -> Response<Body> {
    let headers = resp.headers_mut();
    // Okta forbids caching of every API answer and sniffing of its content type.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store"),
    );
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    headers.insert(header::EXPIRES, HeaderValue::from_static("0"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(v) = HeaderValue::from_str(request_id) {
        headers.insert("x-okta-request-id", v);
    }
    headers.insert("x-rate-limit-limit", HeaderValue::from(figures.limit));
    headers.insert(
        "x-rate-limit-remaining",
        HeaderValue::from(figures.remaining),
    );
    headers.insert("x-rate-limit-reset", HeaderValue::from(figures.reset));
    resp
}
