//! Wire-level checks of the Okta client against small ad-hoc servers on 127.0.0.1, where
//! every byte of the exchange is under the test's control: headers sent, Link variants,
//! 429 handling, retry rules, each error shape, escaping and hostile text.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Response};
use futures::future::BoxFuture;
use oktui::okta::{
    Auth, Client, ClientConfig, GroupQuery, LifecycleOp, NewUser, OktaError, UserQuery, UserStatus,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const TOKEN: &str = "00wire-test-token-SECRET";

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// Path and query exactly as sent (still percent-encoded).
    uri: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

type Handler = Arc<dyn Fn(Seen, usize) -> BoxFuture<'static, Response<Body>> + Send + Sync>;

struct Server {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
    fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

/// Starts an axum server that records every request and answers with `handler(req, n)`
/// where n counts requests from 0.
async fn serve<F>(handler: F) -> Server
where
    F: Fn(Seen, usize) -> BoxFuture<'static, Response<Body>> + Send + Sync + 'static,
{
    let handler: Handler = Arc::new(handler);
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let seen2 = seen.clone();
    let app = axum::Router::new().fallback(move |req: Request| {
        let handler = handler.clone();
        let seen = seen2.clone();
        async move {
            let (parts, body) = req.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default()
                .to_vec();
            let s = Seen {
                method: parts.method.to_string(),
                uri: parts.uri.to_string(),
                headers: parts.headers,
                body,
            };
            let n = {
                let mut v = seen.lock().unwrap();
                v.push(s.clone());
                v.len() - 1
            };
            handler(s, n).await
        }
    });
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.ok();
    });
    Server {
        base: format!("http://{addr}"),
        seen,
    }
}

fn reply(status: u16, headers: &[(&str, &str)], body: impl Into<String>) -> Response<Body> {
    let mut r = Response::builder().status(status);
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    r.body(Body::from(body.into())).unwrap()
}

fn json(status: u16, body: &str) -> Response<Body> {
    reply(
        status,
        &[
            ("content-type", "application/json"),
            ("x-okta-request-id", "req-xyz"),
        ],
        body,
    )
}

fn ready(r: Response<Body>) -> BoxFuture<'static, Response<Body>> {
    Box::pin(async move { r })
}

fn config(base: &str) -> ClientConfig {
    let mut c = ClientConfig::new(base, Auth::ssws(TOKEN));
    c.timeout = Duration::from_secs(10);
    c
}

fn client(base: &str) -> Client {
    Client::new(config(base)).unwrap()
}

fn user_json(id: &str, login: &str) -> String {
    format!(
        r#"{{"id":"{id}","status":"ACTIVE","created":"2024-01-31T12:00:00.000Z","profile":{{"login":"{login}","email":"{login}","firstName":"F","lastName":"L"}},"_links":{{"self":{{"href":"x"}},"suspend":{{"href":"x"}}}}}}"#
    )
}

fn assert_no_token(e: &OktaError) {
    let text = format!("{e} {e:?}");
    assert!(!text.contains(TOKEN), "token leaked: {text}");
}

// ---------------------------------------------------------------- headers

#[tokio::test]
async fn every_request_carries_okta_headers() {
    let srv = serve(|s, _| {
        ready(if s.method == "GET" {
            json(200, &user_json("00u1", "a@b.c"))
        } else {
            json(200, "{}")
        })
    })
    .await;
    let c = client(&srv.base);
    c.me().await.unwrap();
    c.lifecycle("00u1", &LifecycleOp::Suspend).await.unwrap();
    c.add_member("00g1", "00u1").await.unwrap();
    for s in srv.requests() {
        assert_eq!(s.header("accept"), Some("application/json"), "{s:?}");
        assert_eq!(s.header("content-type"), Some("application/json"));
        let ua = s.header("user-agent").unwrap();
        assert!(ua.starts_with("oktui/"), "{ua}");
        assert_eq!(
            s.header("authorization"),
            Some(format!("SSWS {TOKEN}").as_str())
        );
    }
}

#[tokio::test]
async fn a_write_carries_the_request_id_it_was_given_and_a_read_none() {
    let srv = serve(|s, _| {
        ready(if s.method == "GET" {
            json(200, &user_json("00u1", "a@b.c"))
        } else {
            json(200, "{}")
        })
    })
    .await;
    let c = client(&srv.base);
    c.me().await.unwrap();
    let w = oktui::okta::Write::Lifecycle {
        user: oktui::okta::UserRef::id("00u1"),
        op: LifecycleOp::Unlock,
    };
    c.write(&w, "3f2a-write-id").await.unwrap();
    let seen = srv.requests();
    assert_eq!(seen[0].header(oktui::okta::REQUEST_ID_HEADER), None);
    assert_eq!(seen[1].method, "POST");
    assert_eq!(seen[1].uri, "/api/v1/users/00u1/lifecycle/unlock");
    assert_eq!(
        seen[1].header(oktui::okta::REQUEST_ID_HEADER),
        Some("3f2a-write-id")
    );
}

#[tokio::test]
async fn bodyless_post_and_put_send_content_length_zero() {
    let srv = serve(|_, _| ready(json(200, "{}"))).await;
    let c = client(&srv.base);
    c.lifecycle("00u1", &LifecycleOp::Unlock).await.unwrap();
    c.add_member("00g1", "00u1").await.unwrap();
    let reqs = srv.requests();
    assert_eq!(reqs[0].method, "POST");
    assert_eq!(reqs[1].method, "PUT");
    for s in &reqs {
        assert_eq!(s.header("content-length"), Some("0"), "{s:?}");
        assert!(s.header("transfer-encoding").is_none());
        assert!(s.body.is_empty());
    }
}

/// The exact bytes on the wire (no HTTP library in between on the server side).
#[tokio::test]
async fn content_length_zero_is_really_on_the_wire() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let raw = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = sock.read(&mut chunk).await.unwrap();
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        sock.write_all(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
        )
        .await
        .unwrap();
        String::from_utf8_lossy(&buf).to_lowercase()
    });
    let c = client(&format!("http://{addr}"));
    c.lifecycle("00u1", &LifecycleOp::Unsuspend).await.unwrap();
    let head = raw.await.unwrap();
    assert!(
        head.starts_with("post /api/v1/users/00u1/lifecycle/unsuspend "),
        "{head}"
    );
    assert!(head.contains("\r\ncontent-length: 0\r\n"), "{head}");
}

// ---------------------------------------------------------------- pagination

fn page_body(ids: &[&str]) -> String {
    let users: Vec<String> = ids
        .iter()
        .map(|i| user_json(i, &format!("{i}@x.com")))
        .collect();
    format!("[{}]", users.join(","))
}

#[tokio::test]
async fn follows_separate_link_headers_verbatim() {
    let srv = serve(|s, _| {
        let host = s.header("host").unwrap().to_owned();
        ready(if s.uri.contains("after=") {
            let mut r = json(200, &page_body(&["00u3"]));
            r.headers_mut().append(
                "link",
                HeaderValue::from_str(&format!(
                    "<http://{host}/api/v1/users?after=p2%2Fz&limit=2>; rel=\"self\""
                ))
                .unwrap(),
            );
            r
        } else {
            let mut r = json(200, &page_body(&["00u1", "00u2"]));
            r.headers_mut().append(
                "link",
                HeaderValue::from_str(&format!(
                    "<http://{host}/api/v1/users?limit=2>; rel=\"self\""
                ))
                .unwrap(),
            );
            r.headers_mut().append(
                "link",
                HeaderValue::from_str(&format!(
                    "<http://{host}/api/v1/users?after=p2%2Fz&limit=2>; rel=\"next\""
                ))
                .unwrap(),
            );
            r
        })
    })
    .await;
    let c = client(&srv.base);
    let mut pages = c.list_users(UserQuery {
        limit: Some(2),
        ..Default::default()
    });
    let p1 = pages.next_page().await.unwrap().unwrap();
    assert_eq!(p1.items.len(), 2);
    assert!(p1.has_more);
    let p2 = pages.next_page().await.unwrap().unwrap();
    assert_eq!(p2.items[0].id(), "00u3");
    assert!(!p2.has_more);
    assert!(pages.next_page().await.is_none());
    let reqs = srv.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].uri, "/api/v1/users?limit=2");
    // The cursor went back exactly as the server wrote it (no decoding/re-encoding).
    assert_eq!(reqs[1].uri, "/api/v1/users?after=p2%2Fz&limit=2");
}

#[tokio::test]
async fn follows_comma_joined_link_header() {
    let srv = serve(|s, _| {
        let host = s.header("host").unwrap().to_owned();
        let page: usize = s
            .uri
            .split("page=")
            .nth(1)
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        let mut links = format!("<http://{host}/api/v1/groups?page={page}>; rel=\"self\"");
        if page < 3 {
            links.push_str(&format!(", <http://{host}/api/v1/groups?page={}>; rel=\"next\"", page + 1));
        }
        let body = format!(
            r#"[{{"id":"00g{page}","type":"OKTA_GROUP","profile":{{"name":"G{page}"}},"_embedded":{{"stats":{{"usersCount":{page}}}}}}}]"#
        );
        let mut r = json(200, &body);
        r.headers_mut()
            .insert("link", HeaderValue::from_str(&links).unwrap());
        ready(r)
    })
    .await;
    let c = client(&srv.base);
    let groups = c
        .list_groups(GroupQuery::default())
        .collect_all()
        .await
        .unwrap();
    let names: Vec<&str> = groups.iter().map(|g| &*g.name).collect();
    assert_eq!(names, vec!["G1", "G2", "G3"]);
    assert_eq!(groups[2].users_count, Some(3));
    let reqs = srv.requests();
    assert_eq!(reqs.len(), 3);
    assert!(reqs[0].uri.contains("expand=stats"), "{}", reqs[0].uri);
    assert!(reqs[0].uri.contains("limit=200"));
}

#[tokio::test]
async fn failed_page_is_retried_by_the_next_call() {
    let srv = serve(|s, n| {
        let host = s.header("host").unwrap().to_owned();
        ready(match n {
            0 => {
                let mut r = json(200, &page_body(&["00u1"]));
                r.headers_mut().insert(
                    "link",
                    HeaderValue::from_str(&format!(
                        "<http://{host}/api/v1/users?after=c1>; rel=\"next\""
                    ))
                    .unwrap(),
                );
                r
            }
            // A non-retryable failure on page two, once.
            1 => json(
                400,
                r#"{"errorCode":"E0000031","errorSummary":"Invalid search criteria."}"#,
            ),
            _ => json(200, &page_body(&["00u2"])),
        })
    })
    .await;
    let c = client(&srv.base);
    let mut pages = c.list_users(UserQuery::default());
    let p1 = pages.next_page().await.unwrap().unwrap();
    assert_eq!(p1.items[0].id(), "00u1");
    let err = pages.next_page().await.unwrap().unwrap_err();
    assert_eq!(err.code(), Some("E0000031"));
    let p2 = pages.next_page().await.unwrap().unwrap();
    assert_eq!(p2.items[0].id(), "00u2");
    assert!(pages.next_page().await.is_none());
    let reqs = srv.requests();
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[1].uri, "/api/v1/users?after=c1");
    assert_eq!(reqs[2].uri, "/api/v1/users?after=c1");
}

/// Sets the flag when dropped: axum drops the handler future when the client goes away.
struct OnDrop(Arc<AtomicBool>);
impl Drop for OnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn first_page_is_sent_at_once_and_dropping_stops_loading() {
    let started = Arc::new(tokio::sync::Notify::new());
    let cancelled = Arc::new(AtomicBool::new(false));
    let (started2, cancelled2) = (started.clone(), cancelled.clone());
    let srv = serve(move |s, n| {
        let host = s.header("host").unwrap().to_owned();
        let started = started2.clone();
        let cancelled = cancelled2.clone();
        Box::pin(async move {
            let mut r = json(200, &page_body(&["00u1"]));
            r.headers_mut().insert(
                "link",
                HeaderValue::from_str(&format!(
                    "<http://{host}/api/v1/users?after=c{}>; rel=\"next\"",
                    n + 1
                ))
                .unwrap(),
            );
            started.notify_one();
            if n >= 1 {
                // The prefetched page hangs until the client gives up on it.
                let _guard = OnDrop(cancelled);
                tokio::time::sleep(Duration::from_secs(3600)).await;
            }
            r
        })
    })
    .await;
    let c = client(&srv.base);
    let mut pages = c.list_users(UserQuery::default());
    // No next_page call yet: the first request is already on its way.
    started.notified().await;
    assert_eq!(srv.count(), 1);
    let p1 = pages.next_page().await.unwrap().unwrap();
    assert!(p1.has_more);
    // Page two was requested in the background; dropping the stream must abort it.
    started.notified().await;
    drop(pages);
    for _ in 0..500 {
        if cancelled.load(Ordering::SeqCst) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(
        cancelled.load(Ordering::SeqCst),
        "in-flight page was not aborted"
    );
    assert_eq!(srv.count(), 2, "no page after the dropped one");
}

#[tokio::test]
async fn next_link_to_another_origin_is_refused() {
    let srv = serve(|_, _| {
        let mut r = json(200, &page_body(&["00u1"]));
        r.headers_mut().insert(
            "link",
            HeaderValue::from_static("<https://evil.example/api/v1/users?after=x>; rel=\"next\""),
        );
        ready(r)
    })
    .await;
    let c = client(&srv.base);
    let mut pages = c.list_users(UserQuery::default());
    let err = pages.next_page().await.unwrap().unwrap_err();
    assert!(matches!(err, OktaError::InvalidUrl { .. }), "{err:?}");
    assert_no_token(&err);
}

// ---------------------------------------------------------------- rate limits and retries

fn http_date_now() -> String {
    httpdate::fmt_http_date(std::time::SystemTime::now())
}

fn epoch_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test]
async fn waits_out_a_429_then_succeeds_for_any_method() {
    let srv = serve(|_, n| {
        ready(if n % 2 == 0 {
            // Reset equals the server's Date: the wait is the 1 s margin only.
            let date = http_date_now();
            let reset = httpdate::parse_http_date(&date)
                .unwrap()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs()
                .to_string();
            reply(
                429,
                &[
                    ("content-type", "application/json"),
                    ("date", &date),
                    ("x-rate-limit-limit", "600"),
                    ("x-rate-limit-remaining", "0"),
                    ("x-rate-limit-reset", &reset),
                ],
                r#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}"#,
            )
        } else {
            let reset = (epoch_now() + 60).to_string();
            reply(
                200,
                &[
                    ("content-type", "application/json"),
                    ("x-rate-limit-limit", "600"),
                    ("x-rate-limit-remaining", "598"),
                    ("x-rate-limit-reset", &reset),
                ],
                "{}",
            )
        })
    })
    .await;
    let c = client(&srv.base);
    c.send(reqwest::Method::GET, "/api/v1/org", &[], None)
        .await
        .unwrap();
    // A 429 means "not processed": a POST is retried too.
    c.lifecycle("00u1", &LifecycleOp::Suspend).await.unwrap();
    let reqs = srv.requests();
    assert_eq!(reqs.len(), 4);
    assert_eq!(reqs[2].method, "POST");
    assert_eq!(reqs[3].method, "POST");
    let b = c.rate_budget().unwrap();
    assert_eq!((b.limit, b.remaining), (600, 598));
}

#[tokio::test]
async fn gives_up_when_the_429_wait_is_too_long_or_retries_run_out() {
    let srv = serve(|_, _| {
        let date = http_date_now();
        let reset = (epoch_now() + 3600).to_string();
        ready(reply(
            429,
            &[
                ("date", &date),
                ("x-rate-limit-reset", &reset),
                ("x-okta-request-id", "rl-1"),
            ],
            r#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}"#,
        ))
    })
    .await;
    let c = client(&srv.base);
    let err = c.me().await.unwrap_err();
    match &err {
        OktaError::RateLimited {
            attempts,
            wait,
            request_id,
        } => {
            assert_eq!(*attempts, 1);
            assert!(*wait > Duration::from_secs(3000));
            assert_eq!(request_id.as_deref(), Some("rl-1"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(srv.count(), 1, "no retry when the wait exceeds the cap");

    // Retries run out: zero retries allowed gives up on the first 429 even with a short wait.
    let srv = serve(|_, _| {
        let date = http_date_now();
        let reset = httpdate::parse_http_date(&date)
            .unwrap()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .to_string();
        ready(reply(
            429,
            &[("date", &date), ("x-rate-limit-reset", &reset)],
            "",
        ))
    })
    .await;
    let mut cfg = config(&srv.base);
    cfg.max_rate_limit_retries = 0;
    let c = Client::new(cfg).unwrap();
    let err = c.me().await.unwrap_err();
    assert!(matches!(err, OktaError::RateLimited { .. }), "{err:?}");
    assert_eq!(err.code(), Some("E0000047"));
    assert_eq!(srv.count(), 1);
}

#[tokio::test]
async fn server_errors_are_retried_for_get_only() {
    let srv = serve(|_, _| {
        ready(json(
            500,
            r#"{"errorCode":"E0000009","errorSummary":"Internal Server Error"}"#,
        ))
    })
    .await;
    let c = client(&srv.base); // max_get_retries = 2
    let err = c.get_user("00u1").await.unwrap_err();
    assert_eq!(err.code(), Some("E0000009"));
    assert_eq!(srv.count(), 3, "GET: first try + 2 retries");

    let err = c
        .lifecycle("00u1", &LifecycleOp::Deactivate { send_email: false })
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(srv.count(), 4, "POST is never repeated");
    c.delete_user("00u1", false).await.unwrap_err();
    assert_eq!(srv.count(), 5, "DELETE is never repeated");
}

#[tokio::test]
async fn get_retry_recovers_from_a_transient_5xx() {
    let srv = serve(|_, n| {
        ready(if n == 0 {
            json(
                503,
                r#"{"errorCode":"E0000010","errorSummary":"Service is in read only mode"}"#,
            )
        } else {
            json(200, &user_json("00u1", "a@b.c"))
        })
    })
    .await;
    let c = client(&srv.base);
    let u = c.get_user("00u1").await.unwrap();
    assert_eq!(u.value.row.login(), "a@b.c");
    assert_eq!(srv.count(), 2);
}

/// A server that reads each request and then hangs up without answering.
async fn hang_up_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let count2 = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                break;
            };
            let count = count2.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                count.fetch_add(1, Ordering::SeqCst);
                drop(sock);
            });
        }
    });
    (format!("http://{addr}"), count)
}

#[tokio::test]
async fn dropped_connection_after_post_is_not_repeated() {
    let (base, count) = hang_up_server().await;
    let c = client(&base);
    let err = c
        .lifecycle(
            "00u1",
            &LifecycleOp::ResetPassword {
                send_email: false,
                revoke_sessions: false,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, OktaError::Dropped { .. }), "{err:?}");
    assert!(err.to_string().contains("connection"), "{err}");
    assert!(
        err.to_string().contains("may or may not have been applied"),
        "{err}"
    );
    assert_no_token(&err);
    assert_eq!(count.load(Ordering::SeqCst), 1, "the POST went out once");

    let err = c.get_user("00u1").await.unwrap_err();
    assert!(matches!(err, OktaError::Dropped { .. }), "{err:?}");
    assert_eq!(
        count.load(Ordering::SeqCst),
        1 + 3,
        "the GET was retried twice"
    );
}

#[tokio::test]
async fn in_flight_requests_are_capped() {
    let now = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let (now2, peak2) = (now.clone(), peak.clone());
    let srv = serve(move |_, _| {
        let now = now2.clone();
        let peak = peak2.clone();
        Box::pin(async move {
            let cur = now.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(cur, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(30)).await;
            now.fetch_sub(1, Ordering::SeqCst);
            json(200, &user_json("00u1", "a@b.c"))
        })
    })
    .await;
    let mut cfg = config(&srv.base);
    cfg.max_in_flight = 2;
    let c = Client::new(cfg).unwrap();
    let calls: Vec<_> = (0..10)
        .map(|i| {
            let c = c.clone();
            tokio::spawn(async move { c.get_user(&format!("00u{i}")).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(srv.count(), 10);
    assert!(
        peak.load(Ordering::SeqCst) <= 2,
        "peak {}",
        peak.load(Ordering::SeqCst)
    );
}

// ---------------------------------------------------------------- error shapes

#[tokio::test]
async fn okta_error_json_is_mapped() {
    let srv = serve(|_, _| {
        ready(json(
            400,
            r#"{"errorCode":"E0000001","errorSummary":"Api validation failed: login","errorLink":"E0000001","errorId":"oae1","errorCauses":[{"errorSummary":"login: An object with this field already exists in the current organization"}]}"#,
        ))
    })
    .await;
    let c = client(&srv.base);
    let err = c
        .create_user(&NewUser {
            login: "dup@x.com".into(),
            email: "dup@x.com".into(),
            first_name: "D".into(),
            last_name: "U".into(),
            activate: false,
            ..Default::default()
        })
        .await
        .unwrap_err();
    match &err {
        OktaError::Api {
            status,
            code,
            summary,
            causes,
            request_id,
            www_authenticate,
        } => {
            assert_eq!(*status, 400);
            assert_eq!(code.as_deref(), Some("E0000001"));
            assert_eq!(summary, "Api validation failed: login");
            assert_eq!(causes.len(), 1);
            assert!(causes[0].contains("already exists"));
            assert_eq!(request_id.as_deref(), Some("req-xyz"));
            assert!(www_authenticate.is_none());
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("req-xyz"));
    let sent = &srv.requests()[0];
    assert_eq!(sent.uri, "/api/v1/users?activate=false");
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(body["profile"]["login"], "dup@x.com");
}

#[tokio::test]
async fn invalid_token_401() {
    let srv = serve(|_, _| {
        ready(json(401, r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorLink":"E0000011","errorId":"x","errorCauses":[]}"#))
    })
    .await;
    let err = client(&srv.base).me().await.unwrap_err();
    assert_eq!(err.code(), Some("E0000011"));
    assert!(err.is_auth());
    assert!(err.to_string().contains("Invalid token provided"));
    assert_no_token(&err);
    assert_eq!(srv.count(), 1, "a 401 is not retried for SSWS");
}

#[tokio::test]
async fn empty_body_with_www_authenticate() {
    let srv = serve(|_, _| {
        ready(reply(
            403,
            &[
                ("www-authenticate", r#"Bearer authorization_uri="http://x/oauth2/v1/authorize", realm="IdP", scope="okta.groups.read", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/groups""#),
                ("x-okta-request-id", "w-1"),
            ],
            "",
        ))
    })
    .await;
    let err = client(&srv.base)
        .list_groups(GroupQuery::default())
        .collect_all()
        .await
        .unwrap_err();
    match &err {
        OktaError::Api {
            status,
            code,
            summary,
            request_id,
            www_authenticate,
            ..
        } => {
            assert_eq!(*status, 403);
            assert_eq!(code.as_deref(), Some("insufficient_scope"));
            assert!(summary.contains("does not contain the required scopes"));
            assert_eq!(request_id.as_deref(), Some("w-1"));
            assert!(
                www_authenticate
                    .as_deref()
                    .unwrap()
                    .contains("insufficient_scope")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn html_404_is_not_okta() {
    let srv = serve(|_, _| {
        ready(reply(
            404,
            &[("content-type", "text/html;charset=utf-8")],
            "<html><head><title>Site Not Found</title></head><body>...</body></html>",
        ))
    })
    .await;
    let c = client(&srv.base);
    for err in [
        c.org_metadata().await.unwrap_err(),
        c.list_users(UserQuery::default())
            .next_page()
            .await
            .unwrap()
            .unwrap_err(),
    ] {
        match &err {
            OktaError::NotOkta { status, detail } => {
                assert_eq!(*status, 404);
                assert!(detail.contains("Site Not Found"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
    }
    // Org metadata is public: the credential is withheld.
    assert!(srv.requests()[0].header("authorization").is_none());
    assert!(srv.requests()[1].header("authorization").is_some());
}

#[tokio::test]
async fn html_200_is_not_okta_either() {
    let srv = serve(|_, _| {
        ready(reply(
            200,
            &[("content-type", "text/html")],
            "<html>login</html>",
        ))
    })
    .await;
    let err = client(&srv.base).org_metadata().await.unwrap_err();
    assert!(
        matches!(err, OktaError::NotOkta { status: 200, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn timeout_is_reported() {
    let srv = serve(|_, _| {
        Box::pin(async {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            json(200, "{}")
        })
    })
    .await;
    let mut cfg = config(&srv.base);
    cfg.timeout = Duration::from_millis(300);
    let err = Client::new(cfg).unwrap().me().await.unwrap_err();
    assert!(matches!(err, OktaError::Timeout { .. }), "{err:?}");
    assert!(err.to_string().contains("timed out"), "{err}");
    assert_eq!(srv.count(), 1, "a timeout is not retried");
}

#[tokio::test]
async fn dns_failure_is_reported() {
    let err = client("https://no-such-org.invalid")
        .me()
        .await
        .unwrap_err();
    match &err {
        OktaError::Dns { host } => assert_eq!(host, "no-such-org.invalid"),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("cannot resolve host"));
    assert_no_token(&err);
}

#[tokio::test]
async fn tls_failure_is_reported() {
    // https:// to a loopback port that speaks plain HTTP.
    let srv = serve(|_, _| ready(json(200, "{}"))).await;
    let https = srv.base.replace("http://", "https://");
    let err = client(&https).me().await.unwrap_err();
    assert!(matches!(err, OktaError::Tls { .. }), "{err:?}");
    assert!(err.to_string().contains("TLS"), "{err}");
    assert_no_token(&err);
}

#[tokio::test]
async fn refused_connection_is_reported() {
    let (_held, port) = crate::closed_port::closed_port();
    let err = client(&format!("http://127.0.0.1:{port}"))
        .me()
        .await
        .unwrap_err();
    assert!(matches!(err, OktaError::Connect { .. }), "{err:?}");
    assert!(err.is_network());
}

#[tokio::test]
async fn read_only_client_sends_nothing() {
    let srv = serve(|_, _| ready(json(200, "{}"))).await;
    let mut cfg = config(&srv.base);
    cfg.read_only = true;
    let c = Client::new(cfg).unwrap();
    let err = c
        .lifecycle("00u1", &LifecycleOp::Suspend)
        .await
        .unwrap_err();
    assert!(matches!(err, OktaError::ReadOnly { .. }), "{err:?}");
    assert!(err.to_string().contains("nothing was sent"));
    c.send(
        reqwest::Method::POST,
        "/api/v1/users/00u1",
        &[],
        Some(serde_json::json!({})),
    )
    .await
    .unwrap_err();
    assert_eq!(srv.count(), 0);
    c.send(reqwest::Method::GET, "/api/v1/users", &[], None)
        .await
        .unwrap();
    assert_eq!(srv.count(), 1, "reads still work");
}

#[tokio::test]
async fn plain_http_to_a_remote_host_is_refused() {
    let err =
        Client::new(ClientConfig::new("http://acme.okta.com", Auth::ssws(TOKEN))).unwrap_err();
    assert!(matches!(err, OktaError::InvalidUrl { .. }));
    assert_no_token(&err);
}

// ---------------------------------------------------------------- escaping and encoding

fn query_map(uri: &str) -> HashMap<String, String> {
    let q = uri.split_once('?').map(|(_, q)| q).unwrap_or("");
    url::form_urlencoded::parse(q.as_bytes())
        .into_owned()
        .collect()
}

#[tokio::test]
async fn search_text_is_escaped_and_url_encoded() {
    let srv = serve(|_, _| ready(json(200, "[]"))).await;
    let c = client(&srv.base);
    let typed = r#"a+b "c"\d"#;
    c.list_users(UserQuery::prefix_search(typed))
        .collect_all()
        .await
        .unwrap();
    let uri = srv.requests()[0].uri.clone();
    assert!(uri.contains("%2B"), "+ must be encoded: {uri}");
    assert!(!uri.contains('"') && !uri.contains(' '), "{uri}");
    let q = query_map(&uri);
    let expected_literal = r#""a+b \"c\"\\d""#;
    assert_eq!(
        q["search"],
        format!(
            "profile.login sw {expected_literal} or profile.email sw {expected_literal} or profile.firstName sw {expected_literal} or profile.lastName sw {expected_literal} or \
             (profile.firstName sw \"a+b\" and profile.lastName sw {second}) or \
             (profile.firstName sw {second} and profile.lastName sw \"a+b\")",
            second = r#""\"c\"\\d""#
        )
    );
    assert_eq!(q["limit"], "200");
}

#[tokio::test]
async fn ids_and_logins_are_path_encoded() {
    let srv = serve(|_, _| ready(json(200, &user_json("00u1", "a@b.c")))).await;
    let c = client(&srv.base);
    c.get_user("o'neil+test/x?y#z@example.com").await.unwrap();
    c.lifecycle("a b", &LifecycleOp::Activate { send_email: false })
        .await
        .unwrap();
    c.delete_user("00u9", true).await.unwrap();
    c.clear_sessions("00u9", true).await.unwrap();
    let reqs = srv.requests();
    assert_eq!(
        reqs[0].uri,
        "/api/v1/users/o%27neil%2Btest%2Fx%3Fy%23z%40example.com"
    );
    assert_eq!(
        reqs[1].uri,
        "/api/v1/users/a%20b/lifecycle/activate?sendEmail=false"
    );
    assert_eq!(reqs[2].method, "DELETE");
    assert_eq!(reqs[2].uri, "/api/v1/users/00u9?sendEmail=true");
    assert_eq!(reqs[3].uri, "/api/v1/users/00u9/sessions?oauthTokens=true");
}

// ---------------------------------------------------------------- hostile text

#[tokio::test]
async fn hostile_text_is_cleaned_everywhere() {
    let srv = serve(|s, _| {
        ready(if s.uri.starts_with("/api/v1/users?") {
            json(
                200,
                r#"[{"id":"00u1","status":"ACTIVE","profile":{"login":"evil\u001b[2J\u001b]52;c;aGk=\u0007@x.com","email":"e@x.com","firstName":"\u202eRTL","lastName":"L\r\nN"}}]"#,
            )
        } else if s.uri.contains("/roles") {
            json(200, r#"[{"id":"r1","label":"Super\u001b[31m Admin","type":"SUPER_ADMIN","status":"ACTIVE","assignmentType":"USER"}]"#)
        } else if s.uri.contains("/appLinks") {
            json(200, r#"[{"id":"a1","label":"App\u0007","appInstanceId":"0oa1","linkUrl":"https://x/\u202e"}]"#)
        } else {
            reply(
                400,
                &[("content-type", "application/json"), ("x-okta-request-id", "id-1")],
                r#"{"errorCode":"E0000001","errorSummary":"bad \u001b[2Jthing","errorCauses":[{"errorSummary":"\u202ecause"}]}"#,
            )
        })
    })
    .await;
    let c = client(&srv.base);
    let rows = c
        .list_users(UserQuery::default())
        .collect_all()
        .await
        .unwrap();
    assert_eq!(rows[0].login(), "evil@x.com");
    assert_eq!(rows[0].first_name(), "RTL");
    assert_eq!(rows[0].last_name(), "L N");
    let roles = c.user_roles("00u1").await.unwrap().value;
    assert_eq!(roles[0].label, "Super Admin");
    let links = c.user_app_links("00u1").await.unwrap().value;
    assert_eq!(links[0].label, "App");
    assert_eq!(links[0].link_url, "https://x/");
    let err = c
        .lifecycle("00u1", &LifecycleOp::Suspend)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("bad thing") && text.contains("cause"),
        "{text}"
    );
    assert!(
        !text.chars().any(|ch| ch.is_control() || ch == '\u{202e}'),
        "{text:?}"
    );
}

/// Recorded orgs answer lifecycle calls with 200 `{}` and a JSON type; the sandbox used to
/// send 200 with no body and no type; older orgs answered deactivate with 204. The client
/// takes all three as success with nothing to report.
#[tokio::test]
async fn lifecycle_accepts_empty_object_empty_body_and_204() {
    let srv = serve(|s, _| {
        ready(if s.uri.contains("suspend") {
            json(200, "{}")
        } else if s.uri.contains("unlock") {
            reply(200, &[("x-okta-request-id", "req-empty")], "")
        } else {
            reply(204, &[("x-okta-request-id", "req-204")], "")
        })
    })
    .await;
    let c = client(&srv.base);
    for op in [
        LifecycleOp::Suspend,
        LifecycleOp::Unlock,
        LifecycleOp::Deactivate { send_email: false },
    ] {
        let r = c
            .lifecycle("00u1", &op)
            .await
            .unwrap_or_else(|e| panic!("{op:?}: {e}"));
        assert!(
            r.value.user.is_none()
                && r.value.activation_url.is_none()
                && r.value.reset_password_url.is_none(),
            "{op:?}"
        );
    }
    assert_eq!(srv.count(), 3, "each answered at once, none retried");
}

#[tokio::test]
async fn lifecycle_outcomes_are_parsed() {
    let srv = serve(|s, _| {
        ready(if s.uri.contains("reset_password") {
            json(200, r#"{"resetPasswordUrl":"http://x/reset/abc"}"#)
        } else if s.uri.contains("expire_password") {
            json(
                200,
                r#"{"id":"00u1","status":"PASSWORD_EXPIRED","profile":{"login":"a@b.c"}}"#,
            )
        } else {
            json(
                200,
                r#"{"activationUrl":"http://x/tokens/t/verify","activationToken":"t"}"#,
            )
        })
    })
    .await;
    let c = client(&srv.base);
    let r = c
        .lifecycle(
            "00u1",
            &LifecycleOp::ResetPassword {
                send_email: false,
                revoke_sessions: true,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        r.value.reset_password_url.as_deref(),
        Some("http://x/reset/abc")
    );
    let r = c
        .lifecycle("00u1", &LifecycleOp::ExpirePassword)
        .await
        .unwrap();
    assert_eq!(
        r.value.user.unwrap().row.status(),
        UserStatus::PasswordExpired
    );
    let r = c
        .lifecycle("00u1", &LifecycleOp::Activate { send_email: false })
        .await
        .unwrap();
    assert_eq!(
        r.value.activation_url.as_deref(),
        Some("http://x/tokens/t/verify")
    );
    let reqs = srv.requests();
    assert_eq!(
        reqs[0].uri,
        "/api/v1/users/00u1/lifecycle/reset_password?sendEmail=false&revokeSessions=true"
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let elsewhere = serve(|_, _| ready(json(200, "{}"))).await;
    let target = format!("{}/login", elsewhere.base);
    let srv = serve(move |_, _| ready(reply(302, &[("location", &target)], ""))).await;
    let err = client(&srv.base).me().await.unwrap_err();
    match &err {
        OktaError::NotOkta { status, detail } => {
            assert_eq!(*status, 302);
            assert!(detail.contains("/login"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        elsewhere.count(),
        0,
        "the credential never went to the redirect target"
    );
}

#[tokio::test]
async fn unparsable_page_is_retried_not_skipped() {
    let bad_once = Arc::new(AtomicBool::new(true));
    let bad2 = bad_once.clone();
    let srv = serve(move |s, _| {
        let host = s.header("host").unwrap().to_owned();
        ready(if s.uri.contains("after=") {
            json(200, &page_body(&["00u2"]))
        } else {
            let body = if bad2.swap(false, Ordering::SeqCst) {
                "[{\"id\": broken".to_owned()
            } else {
                page_body(&["00u1"])
            };
            let mut r = json(200, &body);
            r.headers_mut().insert(
                "link",
                HeaderValue::from_str(&format!(
                    "<http://{host}/api/v1/users?after=c1>; rel=\"next\""
                ))
                .unwrap(),
            );
            r
        })
    })
    .await;
    let c = client(&srv.base);
    let mut pages = c.list_users(UserQuery::default());
    let err = pages.next_page().await.unwrap().unwrap_err();
    assert!(matches!(err, OktaError::Decode(_)), "{err:?}");
    let p1 = pages.next_page().await.unwrap().unwrap();
    assert_eq!(p1.items[0].id(), "00u1");
    let p2 = pages.next_page().await.unwrap().unwrap();
    assert_eq!(p2.items[0].id(), "00u2");
    assert!(pages.next_page().await.is_none());
    let first_page_requests = srv
        .requests()
        .iter()
        .filter(|s| !s.uri.contains("after="))
        .count();
    assert_eq!(first_page_requests, 2);
}
