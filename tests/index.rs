//! The local index: the database on its own (round trip, private files, damaged files set
//! aside, two writers) and kept in step with the sandbox org (full and delta sync, parallel
//! listing while the org changes).

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use oktui::index::partition::{ParallelOptions, list_parallel, user_rows};
use oktui::index::{DeletionSource, Index, Opened, SyncEvent, SyncOptions, sync};
use oktui::okta::{Auth, Client, ClientConfig, GroupDescription, GroupType, NewUser, UserQuery};
use oktui::okta::{Group, UserRow, UserStatus};
use oktui::sandbox::{SandboxHandle, SandboxOptions, start};

fn row(id: &str, login: &str) -> UserRow {
    UserRow::from(oktui::okta::UserFields {
        id: id.into(),
        status: UserStatus::Active,
        transitioning_to: None,
        login: login.into(),
        email: login.into(),
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        created: Some(1_700_000_000_000),
        last_login: None,
        last_updated: Some(1_700_000_001_000),
        status_changed: Some(1_700_000_000_500),
    })
}

#[test]
fn index_round_trip_keeps_users_groups_and_members_in_private_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache").join("acme.sqlite");
    let (mut ix, opened) = Index::open(&path).unwrap();
    assert_eq!(opened, Opened::Created);
    let users = vec![row("00u1", "b@example.com"), row("00u2", "a@example.com")];
    ix.upsert_users(&users).unwrap();
    let group = Group {
        id: "00g1".into(),
        group_type: GroupType::OktaGroup,
        name: "Admins".into(),
        description: GroupDescription(None),
        created: Some(1),
        last_updated: Some(2),
        last_membership_updated: Some(3),
        users_count: Some(2),
        apps_count: None,
    };
    ix.upsert_groups(std::slice::from_ref(&group)).unwrap();
    ix.set_members("00g1", &["00u1", "00u2"]).unwrap();
    ix.set_meta("synced_at", "1700000002000").unwrap();
    drop(ix);

    let (ix, opened) = Index::open(&path).unwrap();
    assert_eq!(opened, Opened::Existing);
    let page = ix.users_page(0, 10).unwrap();
    assert_eq!(
        page,
        vec![users[1].clone(), users[0].clone()],
        "login order"
    );
    assert_eq!(ix.users_matching("LOVE", 10).unwrap().len(), 2);
    assert_eq!(ix.users_matching("b@", 10).unwrap(), vec![users[0].clone()]);
    assert_eq!(ix.users_matching("%", 10).unwrap(), Vec::<UserRow>::new());
    assert_eq!(ix.groups().unwrap(), vec![group]);
    assert_eq!(ix.members("00g1").unwrap(), vec!["00u1", "00u2"]);
    assert_eq!(ix.synced_at().unwrap(), Some(1_700_000_002_000));

    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    let wal = dir.path().join("cache").join("acme.sqlite-wal");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600);
    }
}

#[test]
fn damaged_index_is_set_aside_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.sqlite");
    std::fs::write(
        &path,
        b"this is not a database, it only has the name of one....",
    )
    .unwrap();
    let (mut ix, opened) = Index::open(&path).unwrap();
    let Opened::Rebuilt(aside) = opened else {
        panic!("{opened:?}");
    };
    assert!(aside.moved_to.exists(), "the damaged file is kept aside");
    assert!(!aside.reason.is_empty());
    ix.upsert_users(&[row("00u1", "a@example.com")]).unwrap();
    assert_eq!(ix.user_count().unwrap(), 1);
    drop(ix);

    // An index written by a build with another schema is set aside too.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA user_version = 99").unwrap();
    drop(conn);
    let (ix, opened) = Index::open(&path).unwrap();
    assert!(
        matches!(opened, Opened::Rebuilt(ref a) if a.reason.contains("99")),
        "{opened:?}"
    );
    assert_eq!(ix.user_count().unwrap(), 0);
}

#[test]
fn two_writers_on_one_index_take_turns() {
    let dir = tempfile::tempdir().unwrap();
    let path = Arc::new(dir.path().join("acme.sqlite"));
    Index::open(&path).unwrap();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                // Each writer its own connection, as two consoles would have.
                let (mut ix, _) = Index::open(&path).unwrap();
                for batch in 0..40 {
                    let rows: Vec<UserRow> = (0..50)
                        .map(|i| {
                            let id = format!("00u{w}x{batch}x{i}");
                            row(&id, &format!("{id}@example.com"))
                        })
                        .collect();
                    ix.upsert_users(&rows).unwrap();
                    // The same rows from both writers: last one wins, no damage.
                    ix.upsert_users(&[row("00ushared", &format!("w{w}@example.com"))])
                        .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let (ix, opened) = Index::open(&path).unwrap();
    assert_eq!(opened, Opened::Existing);
    assert_eq!(ix.user_count().unwrap(), 2 * 40 * 50 + 1);
    let conn = rusqlite::Connection::open(&*path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn an_index_locked_by_another_process_is_set_aside_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.sqlite");
    // A database in rollback-journal mode whose exclusive lock another connection holds:
    // opening cannot switch it to WAL and must not wait for it for ever.
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder
        .execute_batch("CREATE TABLE t(x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);")
        .unwrap();
    let (mut ix, opened) = Index::open(&path).unwrap();
    let Opened::Rebuilt(aside) = opened else {
        panic!("{opened:?}");
    };
    assert!(aside.reason.contains("locked"), "{aside:?}");
    assert!(aside.moved_to.exists(), "the locked file is kept aside");
    ix.upsert_users(&[row("00u1", "a@example.com")]).unwrap();
    assert_eq!(ix.user_count().unwrap(), 1);
    // Whatever the other connection does with its (renamed) file now, it cannot reach the
    // new index: its journal went aside with it.
    let _ = holder.execute_batch("COMMIT");
    drop(holder);
    assert_eq!(ix.user_count().unwrap(), 1);
    let check: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    assert!(!dir.path().join("acme.sqlite-journal").exists());
}

#[test]
fn an_index_another_console_is_writing_still_opens_and_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.sqlite");
    let (mut first, _) = Index::open(&path).unwrap();
    first
        .upsert_users(&[row("00u1", "a@example.com"), row("00u2", "b@example.com")])
        .unwrap();
    drop(first);
    // Another console in the middle of a write (WAL: readers are not blocked by it).
    let writer = rusqlite::Connection::open(&path).unwrap();
    writer
        .execute_batch("BEGIN IMMEDIATE; DELETE FROM users WHERE id = '00u2';")
        .unwrap();
    let (ix, opened) = Index::open(&path).unwrap();
    assert_eq!(
        opened,
        Opened::Existing,
        "a lock held for a write is no damage"
    );
    assert_eq!(ix.user_count().unwrap(), 2, "the last committed rows");
    writer.execute_batch("COMMIT").unwrap();
    assert_eq!(ix.user_count().unwrap(), 1);
}

// ---- against the sandbox

async fn sandbox(users: usize) -> SandboxHandle {
    start(SandboxOptions::new(users).with_rate_limit(100_000))
        .await
        .unwrap()
}

fn client(sb: &SandboxHandle) -> Client {
    let mut c = ClientConfig::new(sb.base_url(), Auth::ssws(sb.token()));
    c.timeout = Duration::from_secs(20);
    c.max_in_flight = 8;
    Client::new(c).unwrap()
}

fn opts(page_size: u32) -> SyncOptions {
    SyncOptions {
        parallel: ParallelOptions {
            max_in_flight: 4,
            page_size,
            parts_per_slot: 1,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Every user id of every status, one page after another.
async fn sequential_ids(c: &Client) -> HashSet<String> {
    let mut pages = c.list_users(UserQuery {
        filter: Some("lastUpdated gt \"1970-01-01T00:00:00.000Z\"".into()),
        ..Default::default()
    });
    let mut ids = HashSet::new();
    while let Some(p) = pages.next_page().await {
        for u in p.unwrap().items {
            assert!(
                ids.insert(u.id().to_string()),
                "sequential listing repeated {}",
                u.id()
            );
        }
    }
    ids
}

fn new_user(login: &str) -> NewUser {
    NewUser {
        login: login.into(),
        email: login.into(),
        first_name: "New".into(),
        last_name: "Person".into(),
        password: None,
        recovery_question: None,
        recovery_answer: None,
        group_ids: Vec::new(),
        activate: false,
    }
}

/// False when Okta refuses (a profile mastered by AD, for one).
async fn rename(c: &Client, id: &str, first: &str) -> bool {
    c.send(
        reqwest::Method::POST,
        &format!("/api/v1/users/{id}"),
        &[],
        Some(serde_json::json!({"profile": {"firstName": first}})),
    )
    .await
    .is_ok()
}

#[tokio::test]
async fn delta_sync_picks_up_a_create_an_update_a_status_change_and_a_deletion() {
    let sb = sandbox(120).await;
    let c = client(&sb);
    let (mut ix, _) = Index::in_memory().unwrap();
    let first = sync(&c, &mut ix, &opts(50), &mut |_| {}).await.unwrap();
    assert!(first.full);
    let before = sequential_ids(&c).await;
    assert_eq!(
        ix.user_ids().unwrap().into_iter().collect::<HashSet<_>>(),
        before
    );
    assert!(ix.synced_at().unwrap().is_some());

    let ids: Vec<String> = ix
        .users_page(0, 3)
        .unwrap()
        .iter()
        .map(|u| u.id().to_string())
        .collect();
    let (updated, suspended, deleted) = (&ids[0], &ids[1], &ids[2]);
    let created = c
        .create_user(&new_user("delta.new@example.com"))
        .await
        .unwrap();
    let created = created.value.row.id().to_string();
    assert!(rename(&c, updated, "Renamed").await);
    assert!(sb.set_user_status(suspended, "SUSPENDED"));
    c.delete_user(deleted, false).await.unwrap();
    c.delete_user(deleted, false).await.unwrap();

    let mut events = Vec::new();
    let report = sync(&c, &mut ix, &opts(50), &mut |e| events.push(e))
        .await
        .unwrap();
    assert!(!report.full);
    assert_eq!(
        ix.user(&created).unwrap().unwrap().login(),
        "delta.new@example.com"
    );
    assert_eq!(ix.user(updated).unwrap().unwrap().first_name(), "Renamed");
    assert_eq!(
        ix.user(suspended).unwrap().unwrap().status(),
        UserStatus::Suspended
    );
    assert_eq!(ix.user(deleted).unwrap(), None);
    assert!(report.users_deleted >= 1);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, SyncEvent::UsersDeleted(d) if d.contains(deleted)))
    );
    assert!(events.iter().any(
        |e| matches!(e, SyncEvent::UsersChanged(r) if r.iter().any(|u| *u.id() == **updated))
    ));
    // Deletions come from the System Log, not from listing every id again.
    assert_eq!(report.deletions, DeletionSource::Log, "{report:?}");
    assert_eq!(
        ix.user_ids().unwrap().into_iter().collect::<HashSet<_>>(),
        sequential_ids(&c).await
    );
}

#[tokio::test]
async fn parallel_listing_matches_sequential_listing_while_the_org_changes() {
    let sb = sandbox(1200).await;
    let mut faults = sb.faults();
    faults.latency_ms = 3;
    sb.set_faults(faults);
    let c = client(&sb);
    let before = sequential_ids(&c).await;
    let ordered: Vec<String> = {
        let mut v: Vec<_> = before.iter().cloned().collect();
        v.sort();
        v
    };

    // The org changes while the listing runs: updates, status changes, creates, deletions.
    let mutator = {
        let c = c.clone();
        let ordered = ordered.clone();
        tokio::spawn(async move {
            let mut renamed = 0;
            for (n, id) in ordered.iter().step_by(37).enumerate() {
                match n % 4 {
                    0 => renamed += usize::from(rename(&c, id, &format!("Moved{n}")).await),
                    1 => {
                        let _ = c
                            .create_user(&new_user(&format!("during{n}@example.com")))
                            .await;
                    }
                    2 => {
                        let _ = c.delete_user(id, false).await;
                        let _ = c.delete_user(id, false).await;
                    }
                    _ => renamed += usize::from(rename(&c, id, &format!("Again{n}")).await),
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            renamed
        })
    };
    let mut got: Vec<String> = Vec::new();
    let report = list_parallel(
        &c,
        "/api/v1/users",
        user_rows(&c, 40),
        &opts(40).parallel,
        |rows| {
            got.extend(rows.into_iter().map(|r| r.id().to_string()));
            true
        },
    )
    .await
    .unwrap();
    let renamed = mutator.await.unwrap();
    assert!(renamed > 5, "the churn renamed {renamed} users");
    let after = sequential_ids(&c).await;

    let set: HashSet<String> = got.iter().cloned().collect();
    assert_eq!(set.len(), got.len(), "an id came twice");
    let stable: HashSet<&String> = before.intersection(&after).collect();
    let missing: Vec<_> = stable.iter().filter(|id| !set.contains(**id)).collect();
    assert!(
        missing.is_empty(),
        "missed {} users: {missing:?}",
        missing.len()
    );
    assert!(
        set.iter()
            .all(|id| before.contains(id) || after.contains(id))
    );
    assert!(report.parts > 1, "{report:?}");
    assert!(report.mark > 0);

    // Without the churn the two listings are the same set.
    let mut quiet = HashSet::new();
    list_parallel(
        &c,
        "/api/v1/users",
        user_rows(&c, 40),
        &opts(40).parallel,
        |rows| {
            quiet.extend(rows.into_iter().map(|r| r.id().to_string()));
            true
        },
    )
    .await
    .unwrap();
    assert_eq!(quiet, after);
}

/// With a bucket of 80 requests a window and a share of one half, a listing that needs more
/// than 40 requests never leaves the bucket under 40 (what other integrations are left): it
/// waits for the next window instead, and still lists every user once.
#[tokio::test]
async fn parallel_listing_keeps_to_its_share_of_the_bucket() {
    let mut o = SandboxOptions::new(1200).with_rate_limit(80);
    o.faults.rate_window_secs = 3;
    let sb = start(o).await.unwrap();
    let c = client(&sb);
    let popts = ParallelOptions {
        max_in_flight: 4,
        page_size: 20,
        parts_per_slot: 2,
        bucket_share: 0.5,
        ..Default::default()
    };
    let mut lowest = u32::MAX;
    let mut got: Vec<String> = Vec::new();
    let report = list_parallel(&c, "/api/v1/users", user_rows(&c, 20), &popts, |rows| {
        if let Some(b) = c.rate_budget_of("/api/v1/users") {
            lowest = lowest.min(b.remaining);
        }
        got.extend(rows.into_iter().map(|r| r.id().to_string()));
        true
    })
    .await
    .unwrap();
    assert!(report.requests > 60, "{report:?}");
    assert!(
        lowest >= 40,
        "the bucket fell to {lowest} left of 80: {report:?}"
    );
    let set: HashSet<String> = got.iter().cloned().collect();
    assert_eq!(set.len(), got.len(), "an id came twice");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(set, sequential_ids(&c).await);
}

/// Requests and seconds of a delta sync after 1,000 changes (status changes and deletions)
/// on a large org, deletions read from the System Log. A measurement: run it with
///
///     OKTUI_MEASURE_USERS=100000 cargo test --release --test index -- --ignored --nocapture
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: run in release with --ignored --nocapture"]
async fn measure_a_delta_sync_of_a_thousand_changes() {
    let users: usize = std::env::var("OKTUI_MEASURE_USERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let sb = sandbox(users).await;
    let c = client(&sb);
    let (mut ix, _) = Index::in_memory().unwrap();
    let sync_opts = SyncOptions {
        parallel: ParallelOptions {
            max_in_flight: 8,
            ..Default::default()
        },
        ..Default::default()
    };
    let t = std::time::Instant::now();
    let full = sync(&c, &mut ix, &sync_opts, &mut |_| {}).await.unwrap();
    println!(
        "full sync of {users} users: {} requests, {:.1} s",
        full.requests,
        t.elapsed().as_secs_f64()
    );
    let admin = sb.admin_id();
    let ids: Vec<String> = ix
        .user_ids()
        .unwrap()
        .into_iter()
        .filter(|id| *id != admin)
        .take(1000)
        .collect();
    // 900 status changes and 100 deletions.
    for id in &ids[..900] {
        sb.set_user_status(id, "SUSPENDED");
    }
    for id in &ids[900..] {
        // The first call deactivates (or deletes a deactivated user), the second deletes.
        c.delete_user(id, false).await.unwrap();
        let _ = c.delete_user(id, false).await;
    }
    let t = std::time::Instant::now();
    let delta = sync(&c, &mut ix, &sync_opts, &mut |_| {}).await.unwrap();
    println!(
        "delta sync of 1,000 changes on {users} users: {} requests, {:.2} s, {} users changed, {} deleted, deletions from {:?}",
        delta.requests,
        t.elapsed().as_secs_f64(),
        delta.users_changed,
        delta.users_deleted,
        delta.deletions
    );
    assert_eq!(delta.deletions, DeletionSource::Log);
    assert_eq!(delta.users_deleted, 100);
}

/// How soon the console has its first part of 10,000 users from an index of N users (what
/// the console's index task reads before anything else), and how long all of them take. A
/// measurement: `OKTUI_MEASURE_ROWS=1000000 cargo test --release --test index -- --ignored
/// --nocapture` (writing the index first takes most of the run).
#[test]
#[ignore = "a measurement: run in release with --ignored --nocapture"]
fn measure_the_first_rows_read_from_a_large_index() {
    let n: usize = std::env::var("OKTUI_MEASURE_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.sqlite");
    let (mut ix, _) = Index::open(&path).unwrap();
    let t = std::time::Instant::now();
    for from in (0..n).step_by(10_000) {
        let rows: Vec<UserRow> = (from..(from + 10_000).min(n))
            .map(|i| {
                row(
                    &format!("00u{i:017}"),
                    &format!("user{:07}@example.com", (i * 7919) % n),
                )
            })
            .collect();
        ix.upsert_users(&rows).unwrap();
    }
    println!("wrote {n} users in {:.1} s", t.elapsed().as_secs_f64());
    drop(ix);
    let t = std::time::Instant::now();
    let (ix, opened) = Index::open(&path).unwrap();
    assert_eq!(opened, Opened::Existing);
    let mut first = None;
    let mut count = 0usize;
    ix.for_each_user(|_| {
        count += 1;
        if count == 10_000 {
            first = Some(t.elapsed());
        }
    })
    .unwrap();
    println!(
        "open to the first 10,000 users by login: {:.1} ms; all {count}: {:.2} s",
        first.unwrap_or_default().as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64()
    );
    assert_eq!(count, n);
}
