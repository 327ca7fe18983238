use super::*;

fn party(id: &str) -> Arc<Party> {
    Arc::new(Party {
        id: id.into(),
        kind: "User",
        alternate_id: format!("{id}@example.com"),
        display_name: id.into(),
    })
}

fn client() -> Arc<ClientInfo> {
    Arc::new(ClientInfo {
        ip: "10.0.0.1".into(),
        user_agent: "test".into(),
        os: "Linux",
        browser: "CHROME",
        city: "Paris",
        state: "Ile-de-France",
        country: "France",
        postal: "75001",
        lat: 48.8,
        lon: 2.3,
    })
}

fn ev(kind: &'static str, who: &str) -> NewEvent {
    NewEvent {
        event_type: kind,
        actor: party(who),
        targets: vec![party("t")],
        result: "SUCCESS",
        reason: None,
        client: client(),
        request_id: None,
        request_uri: None,
    }
}

fn query(limit: usize) -> LogQuery {
    LogQuery {
        since: 0,
        until: i64::MAX,
        after: None,
        limit,
        descending: false,
        polling: true,
        filter: None,
        keywords: Vec::new(),
    }
}

#[test]
fn polling_cursor_sees_each_new_event_once() {
    let mut log = EventLog::with_history(
        (0..5)
            .map(|i| (i * 10, ev("user.session.start", "a")))
            .collect(),
    );
    let mut q = query(3);
    let p = log.page(&q);
    assert_eq!(p.items.len(), 3);
    q.after = p.next;
    let p = log.page(&q);
    assert_eq!(p.items.len(), 2);
    q.after = p.next;
    let p = log.page(&q);
    assert!(p.items.is_empty());
    assert_eq!(p.next, q.after, "an empty poll keeps its place");
    log.append(1000, ev("user.account.unlock", "b"));
    let p = log.page(&q);
    assert_eq!(p.items.len(), 1);
    assert_eq!(p.items[0].event_type, "user.account.unlock");
}

#[test]
fn descending_pages_walk_back_without_overlap() {
    let log = EventLog::with_history((0..7).map(|i| (i, ev("x.y", "a"))).collect());
    let mut q = query(3);
    q.descending = true;
    q.polling = false;
    let mut seen = Vec::new();
    loop {
        let p = log.page(&q);
        seen.extend(p.items.iter().map(|e| e.seq));
        match p.next {
            Some(n) => q.after = Some(n),
            None => break,
        }
    }
    assert_eq!(seen, vec![7, 6, 5, 4, 3, 2, 1]);
}

#[test]
fn uuids_look_like_uuids_and_differ() {
    let (a, b) = (uuid_of(1), uuid_of(2));
    assert_eq!(a.len(), 36);
    assert_ne!(a, b);
}
