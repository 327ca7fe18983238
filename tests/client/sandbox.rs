//! Every client operation against the in-process sandbox org (`oktui::sandbox`): paging,
//! search, user reads and writes, lifecycle, two-step delete, groups and members, roles,
//! app links, `users/me`, org metadata, faults (5xx, dropped connections, 429) and hostile
//! text.

use std::collections::HashSet;
use std::time::Duration;

use oktui::okta::query::Expr;
use oktui::okta::{
    Auth, Client, ClientConfig, GroupQuery, GroupType, LifecycleOp, NewUser, OktaError, UserQuery,
    UserStatus,
};
use oktui::sandbox::{Faults, SandboxHandle, SandboxOptions, start};

async fn sandbox(users: usize) -> SandboxHandle {
    start(SandboxOptions::new(users)).await.unwrap()
}

fn config(sb: &SandboxHandle) -> ClientConfig {
    let mut c = ClientConfig::new(sb.base_url(), Auth::ssws(sb.token()));
    c.timeout = Duration::from_secs(20);
    c
}

fn client(sb: &SandboxHandle) -> Client {
    Client::new(config(sb)).unwrap()
}

fn is_clean(s: &str) -> bool {
    !s.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
    })
}

#[tokio::test]
async fn lists_all_users_over_several_pages() {
    let sb = sandbox(450).await;
    let c = client(&sb);
    let mut pages = c.list_users(UserQuery {
        limit: Some(100),
        ..Default::default()
    });
    let mut ids = Vec::new();
    let mut page_count = 0;
    while let Some(page) = pages.next_page().await {
        let page = page.unwrap();
        page_count += 1;
        assert!(page.items.len() <= 100);
        assert!(page.response.request_id.is_some());
        ids.extend(page.items.into_iter().map(|r| r.id().to_owned()));
    }
    assert!(page_count >= 4, "{page_count} pages");
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "no user twice across pages");
    // No query hides DEPROVISIONED users; filter shows them: together they are everyone.
    let deprovisioned = c
        .list_users(UserQuery::filter(&Expr::eq("status", "DEPROVISIONED")))
        .collect_all()
        .await
        .unwrap();
    assert!(!deprovisioned.is_empty());
    assert!(
        deprovisioned
            .iter()
            .all(|r| r.status() == UserStatus::Deprovisioned)
    );
    assert_eq!(ids.len() + deprovisioned.len(), 450);
    let b = c.rate_budget().expect("budget from X-Rate-Limit-*");
    assert!(b.limit > 0 && b.remaining < b.limit);
}

#[tokio::test]
async fn search_prefix_and_q() {
    let sb = sandbox(300).await;
    let c = client(&sb);
    let first = c
        .list_users(UserQuery::default())
        .next_page()
        .await
        .unwrap()
        .unwrap();
    let target = first
        .items
        .iter()
        .find(|r| r.login().len() > 6 && r.status() == UserStatus::Active)
        .unwrap()
        .clone();
    let prefix: String = target.login().chars().take(5).collect();
    let found = c
        .list_users(UserQuery::prefix_search(&prefix))
        .collect_all()
        .await
        .unwrap();
    assert!(found.iter().any(|r| r.id() == target.id()));

    // Quotes, backslashes and `+` reach the server intact: nothing matches, nothing breaks.
    let odd = c
        .list_users(UserQuery::prefix_search(r#"zz"q\+ or status eq "ACTIVE"#))
        .collect_all()
        .await
        .unwrap();
    assert!(odd.is_empty(), "{odd:?}");

    let by_search = c
        .list_users(UserQuery::search(
            &Expr::eq("status", "ACTIVE").and(Expr::sw("profile.login", &prefix)),
        ))
        .collect_all()
        .await
        .unwrap();
    assert!(by_search.iter().any(|r| r.id() == target.id()));
    assert!(by_search.iter().all(|r| r.status() == UserStatus::Active));

    let q = c
        .list_users(UserQuery {
            q: Some(target.first_name().to_string()),
            ..Default::default()
        })
        .collect_all()
        .await
        .unwrap();
    assert!(q.iter().any(|r| r.id() == target.id()));
}

#[tokio::test]
async fn get_user_by_id_and_login_me_and_links() {
    let sb = sandbox(50).await;
    let c = client(&sb);
    let me = c.me().await.unwrap();
    assert_eq!(me.value.row.login(), "admin@example.com");
    assert_eq!(me.value.row.id().to_string(), sb.admin_id());
    let by_login = c.get_user("admin@example.com").await.unwrap();
    assert_eq!(by_login.value.row.id(), me.value.row.id());
    let by_id = c.get_user(me.value.row.id()).await.unwrap();
    assert_eq!(by_id.value.row.login(), me.value.row.login());
    assert!(by_id.response.header("etag").is_some() || by_id.response.request_id.is_some());
    // A single GET's _links name exactly the allowed operations.
    let ops = LifecycleOp::from_links(&by_id.value);
    assert!(ops.iter().any(|o| matches!(o, LifecycleOp::Suspend)));
    assert!(!ops.iter().any(|o| matches!(o, LifecycleOp::Unsuspend)));
    for op in &ops {
        assert!(op.allowed_for(&by_id.value.row.status()), "{op:?}");
    }
    let err = c.get_user("nobody@nowhere.example").await.unwrap_err();
    assert_eq!(err.code(), Some("E0000007"));
    assert!(err.is_not_found());
}

#[tokio::test]
async fn create_lifecycle_and_two_step_delete() {
    let sb = sandbox(30).await;
    let c = client(&sb);
    let new = NewUser {
        login: "new.person+test@example.com".into(),
        email: "new.person+test@example.com".into(),
        first_name: "New".into(),
        last_name: "Person".into(),
        password: Some("Correct-Horse-9-Battery".to_owned().into()),
        recovery_question: Some("First pet?".into()),
        recovery_answer: Some("Rex the dog".to_owned().into()),
        group_ids: Vec::new(),
        activate: false,
    };
    let created = c.create_user(&new).await.unwrap();
    let id = created.value.row.id().to_string();
    assert_eq!(created.value.row.status(), UserStatus::Staged);
    assert_eq!(created.response.status, 200);

    let dup = c.create_user(&new).await.unwrap_err();
    assert_eq!(dup.code(), Some("E0000001"));
    match &dup {
        OktaError::Api { causes, .. } => assert!(!causes.is_empty()),
        other => panic!("{other:?}"),
    }

    // Suspend from STAGED is refused with Okta's code.
    let err = c.lifecycle(&id, &LifecycleOp::Suspend).await.unwrap_err();
    assert!(
        err.status().is_some_and(|s| s == 400 || s == 403),
        "{err:?}"
    );

    c.lifecycle(&id, &LifecycleOp::Activate { send_email: false })
        .await
        .unwrap();
    assert_eq!(sb.user_status(&id), Some("ACTIVE"));
    c.lifecycle(&id, &LifecycleOp::Suspend).await.unwrap();
    assert_eq!(sb.user_status(&id), Some("SUSPENDED"));
    c.lifecycle(&id, &LifecycleOp::Unsuspend).await.unwrap();
    let expired = c
        .lifecycle(&id, &LifecycleOp::ExpirePassword)
        .await
        .unwrap();
    if let Some(u) = expired.value.user {
        assert_eq!(u.row.status(), UserStatus::PasswordExpired);
    }
    assert_eq!(sb.user_status(&id), Some("PASSWORD_EXPIRED"));
    let reset = c
        .lifecycle(
            &id,
            &LifecycleOp::ResetPassword {
                send_email: false,
                revoke_sessions: true,
            },
        )
        .await
        .unwrap();
    assert!(reset.value.reset_password_url.is_some());
    assert_eq!(sb.user_status(&id), Some("RECOVERY"));
    let re = c
        .lifecycle(&id, &LifecycleOp::Reactivate { send_email: false })
        .await
        .unwrap();
    assert!(re.value.activation_url.is_some());

    assert!(sb.set_user_status(&id, "LOCKED_OUT"));
    c.lifecycle(&id, &LifecycleOp::Unlock).await.unwrap();
    assert_eq!(sb.user_status(&id), Some("ACTIVE"));
    c.clear_sessions(&id, true).await.unwrap();

    // Two-step delete: deactivate, then delete, then gone.
    let first = c.delete_user(&id, false).await.unwrap();
    assert_eq!(first.status, 204);
    assert_eq!(sb.user_status(&id), Some("DEPROVISIONED"));
    c.delete_user(&id, false).await.unwrap();
    assert_eq!(sb.user_status(&id), None);
    let gone = c.get_user(&id).await.unwrap_err();
    assert_eq!(gone.code(), Some("E0000007"));
}

#[tokio::test]
async fn activate_creates_an_activation_link() {
    let sb = sandbox(30).await;
    let c = client(&sb);
    let created = c
        .create_user(&NewUser {
            login: "nopw@example.com".into(),
            email: "nopw@example.com".into(),
            first_name: "No".into(),
            last_name: "Password".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let id = created.value.row.id().to_string();
    let out = c
        .lifecycle(&id, &LifecycleOp::Activate { send_email: false })
        .await
        .unwrap();
    assert!(out.value.activation_url.is_some());
    assert_eq!(sb.user_status(&id), Some("PROVISIONED"));
    c.lifecycle(&id, &LifecycleOp::Deactivate { send_email: false })
        .await
        .unwrap();
    assert_eq!(sb.user_status(&id), Some("DEPROVISIONED"));
}

#[tokio::test]
async fn groups_members_roles_app_links_and_org() {
    let sb = sandbox(400).await;
    let c = client(&sb);
    let groups = c
        .list_groups(GroupQuery::default())
        .collect_all()
        .await
        .unwrap();
    assert!(groups.len() >= 3);
    assert!(
        groups.iter().all(|g| g.users_count.is_some()),
        "expand=stats"
    );
    let okta_group = groups
        .iter()
        .filter(|g| g.group_type == GroupType::OktaGroup)
        .max_by_key(|g| g.users_count)
        .unwrap()
        .clone();
    let app_group = groups
        .iter()
        .find(|g| g.group_type == GroupType::AppGroup)
        .unwrap()
        .clone();

    let one = c.get_group(&okta_group.id).await.unwrap();
    assert_eq!(one.value.name, okta_group.name);

    let members = c.group_members(&okta_group.id).collect_all().await.unwrap();
    assert_eq!(Some(members.len() as u64), okta_group.users_count);

    let found = c
        .list_groups(GroupQuery::prefix_search(
            &okta_group.name.chars().take(4).collect::<String>(),
        ))
        .collect_all()
        .await
        .unwrap();
    assert!(found.iter().any(|g| g.id == okta_group.id));

    // Membership: add and remove on an OKTA_GROUP; APP_GROUP refuses.
    let me = c.me().await.unwrap().value.row.id().to_string();
    let outsider = c
        .list_users(UserQuery::default())
        .collect_all()
        .await
        .unwrap()
        .into_iter()
        .find(|u| !sb.is_member(&okta_group.id, u.id()))
        .unwrap();
    let add = c.add_member(&okta_group.id, outsider.id()).await.unwrap();
    assert_eq!(add.status, 204);
    assert!(sb.is_member(&okta_group.id, outsider.id()));
    let theirs = c.user_groups(outsider.id()).await.unwrap();
    assert!(theirs.value.iter().any(|g| g.id == okta_group.id));
    c.remove_member(&okta_group.id, outsider.id())
        .await
        .unwrap();
    assert!(!sb.is_member(&okta_group.id, outsider.id()));
    let err = c
        .add_member(&app_group.id, outsider.id())
        .await
        .unwrap_err();
    assert!(
        err.status().is_some_and(|s| (400..500).contains(&s)),
        "{err:?}"
    );

    let roles = c.user_roles(&me).await.unwrap();
    assert!(roles.value.iter().any(|r| r.role_type == "SUPER_ADMIN"));
    let apps = c.user_app_links(&me).await.unwrap();
    assert!(apps.value.iter().all(|a| !a.app_instance_id.is_empty()));

    let org = c.org_metadata().await.unwrap();
    assert!(org.value.id.starts_with("00o"));
    assert!(!org.value.pipeline.is_empty());
}

#[tokio::test]
async fn hostile_text_never_leaves_the_client() {
    let sb = sandbox(200).await;
    let c = client(&sb);
    let rows = c
        .list_users(UserQuery::default())
        .collect_all()
        .await
        .unwrap();
    for r in &rows {
        for s in [
            &r.id(),
            &r.login(),
            &r.email(),
            &r.first_name(),
            &r.last_name(),
        ] {
            assert!(is_clean(s), "{s:?}");
        }
    }
    assert!(rows.iter().any(|r| r.first_name().contains("Mallory")));
    for r in rows.iter().take(6) {
        let u = c.get_user(r.id()).await.unwrap();
        let raw = serde_json::to_string(&u.value.raw).unwrap();
        // Escaped JSON of a control char would read \u001b; none may remain.
        assert!(
            !raw.contains("\\u001b") && !raw.contains('\u{202e}'),
            "{raw}"
        );
    }
    let groups = c
        .list_groups(GroupQuery::default())
        .collect_all()
        .await
        .unwrap();
    for g in &groups {
        assert!(
            is_clean(&g.name) && is_clean(&g.description),
            "{:?}",
            g.name
        );
    }
}

#[tokio::test]
async fn bad_token_is_401_e0000011() {
    let sb = sandbox(10).await;
    let c = Client::new(ClientConfig::new(sb.base_url(), Auth::ssws("wrong-token"))).unwrap();
    let err = c.me().await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.code(), Some("E0000011"));
    assert!(!err.to_string().contains("wrong-token"));
    // The org metadata needs no token.
    c.org_metadata().await.unwrap();
}

#[tokio::test]
async fn read_only_sends_no_write() {
    let sb = sandbox(10).await;
    let mut cfg = config(&sb);
    cfg.read_only = true;
    let c = Client::new(cfg).unwrap();
    let me = c.me().await.unwrap().value.row.id().to_string();
    sb.reset_request_counts();
    let err = c.lifecycle(&me, &LifecycleOp::Suspend).await.unwrap_err();
    assert!(matches!(err, OktaError::ReadOnly { .. }));
    c.delete_user(&me, false).await.unwrap_err();
    assert_eq!(sb.request_count("", "/"), 0);
    assert_eq!(sb.user_status(&me), Some("ACTIVE"));
}

#[tokio::test]
async fn server_errors_retry_get_but_not_post() {
    let sb = sandbox(10).await;
    let c = client(&sb);
    let me = c.me().await.unwrap().value.row.id().to_string();
    sb.set_faults(Faults {
        error_rate: 1.0,
        ..Default::default()
    });
    sb.reset_request_counts();
    let err = c.get_user(&me).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(sb.request_count("GET", "/api/v1/users/"), 3);
    let err = c.lifecycle(&me, &LifecycleOp::Suspend).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(sb.request_count("POST", "/api/v1/users/"), 1);
}

#[tokio::test]
async fn dropped_connection_after_post_is_not_repeated() {
    let sb = sandbox(10).await;
    let c = client(&sb);
    let me = c.me().await.unwrap().value.row.id().to_string();
    sb.set_faults(Faults {
        drop_rate: 1.0,
        ..Default::default()
    });
    sb.reset_request_counts();
    let err = c.lifecycle(&me, &LifecycleOp::Suspend).await.unwrap_err();
    assert!(matches!(err, OktaError::Dropped { .. }), "{err:?}");
    assert_eq!(sb.request_count("POST", "/api/v1/users/"), 1);
    // The sandbox processed it before dropping, as a real server might have.
    assert_eq!(sb.user_status(&me), Some("SUSPENDED"));
    let err = c.get_user(&me).await.unwrap_err();
    assert!(err.is_network(), "{err:?}");
    assert_eq!(sb.request_count("GET", "/api/v1/users/"), 3);
}

#[tokio::test]
async fn rate_limit_gives_up_when_reset_is_too_far() {
    let sb = sandbox(10).await;
    let mut cfg = config(&sb);
    cfg.max_rate_limit_wait = Duration::from_secs(1);
    let c = Client::new(cfg).unwrap();
    sb.set_faults(Faults {
        rate_limit_per_min: 2,
        ..Default::default()
    });
    c.me().await.unwrap();
    c.me().await.unwrap();
    let err = c.me().await.unwrap_err();
    match &err {
        OktaError::RateLimited { wait, .. } => assert!(*wait > Duration::from_secs(1)),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.code(), Some("E0000047"));
    let b = c.rate_budget().unwrap();
    assert_eq!(b.remaining, 0);
}

#[tokio::test]
async fn concurrency_429_is_waited_out_then_succeeds() {
    let sb = sandbox(10).await;
    let c = client(&sb); // max_in_flight 4: the client itself lets both through
    let me = c.me().await.unwrap().value.row.id().to_string();
    sb.set_faults(Faults {
        concurrency_limit: 1,
        latency_ms: 200,
        ..Default::default()
    });
    sb.reset_request_counts();
    let (a, b) = tokio::join!(c.get_user(&me), c.get_user(&me));
    a.unwrap();
    b.unwrap();
    // One of the two met Okta's concurrency 429 (Limit/Remaining 0) and was retried.
    assert!(sb.request_count("GET", "/api/v1/users/") >= 3);
    // The concurrency figures (0/0) do not replace the real bucket budget.
    assert!(c.rate_budget().unwrap().limit > 0);
}

#[tokio::test]
async fn a_drained_users_bucket_does_not_slow_groups() {
    let sb = sandbox(10).await;
    let mut cfg = config(&sb);
    // Long enough that a groups call paced by the users bucket would miss the deadline below.
    cfg.max_rate_limit_wait = Duration::from_secs(60);
    let c = Client::new(cfg).unwrap();
    sb.set_faults(Faults {
        rate_limit_per_min: 3,
        ..Default::default()
    });
    for _ in 0..3 {
        c.me().await.unwrap();
    }
    let drained = c.rate_budget().unwrap();
    assert_eq!((drained.bucket, drained.remaining), ("/api/v1/users", 0));
    let groups = tokio::time::timeout(
        Duration::from_secs(15),
        c.send(
            reqwest::Method::GET,
            "/api/v1/groups",
            &[("limit", "1".to_string())],
            None,
        ),
    )
    .await
    .expect("the groups bucket is not the users bucket: no pacing")
    .unwrap();
    assert_eq!(groups.status, 200);
    // The header still shows the bucket closest to running out.
    assert_eq!(c.rate_budget().unwrap().bucket, "/api/v1/users");
    assert_eq!(c.rate_wait(), None, "nothing waited");
}
