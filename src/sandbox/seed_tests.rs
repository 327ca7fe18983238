use super::*;

#[test]
fn deterministic_and_sized() {
    let a = build_org(300, 7);
    let b = build_org(300, 7);
    assert_eq!(a.users.len(), 300);
    let ka: Vec<_> = a.users.keys().collect();
    let kb: Vec<_> = b.users.keys().collect();
    assert_eq!(ka, kb);
    let c = build_org(300, 8);
    assert_ne!(ka, c.users.keys().collect::<Vec<_>>());
}

#[test]
fn every_status_and_group_type_present() {
    let org = build_org(20, 1);
    for st in Status::ALL {
        assert!(org.users.values().any(|u| u.status == st), "missing {st:?}");
    }
    for t in [
        GroupType::OktaGroup,
        GroupType::AppGroup,
        GroupType::BuiltIn,
    ] {
        assert!(org.groups.values().any(|g| g.kind == t), "missing {t:?}");
    }
    let admin = org.find_user(ADMIN_LOGIN).unwrap();
    assert_eq!(admin.id, org.admin_id);
    assert_eq!(org.roles_of(&admin.id)[0].role_type, "SUPER_ADMIN");
}

#[test]
fn seeded_users_are_consistent() {
    for seed in [1, 7, 42] {
        let org = build_org(2000, seed);
        for u in org.users.values() {
            let who = format!("{} {:?} (seed {seed})", u.id, u.status);
            if u.status == Status::Deprovisioned {
                assert_eq!(u.apps, 0, "{who}: deactivated user keeps app links");
            }
            if let Some(a) = u.activated {
                assert!(u.created <= a, "{who}: activated before created");
            }
            let after_setup = u.activated.unwrap_or(u.created);
            if let Some(p) = u.password_changed {
                assert!(after_setup <= p, "{who}: password set before activation");
            }
            if let Some(c) = u.status_changed {
                assert!(after_setup <= c, "{who}: status changed before activation");
                assert!(
                    c <= u.last_updated,
                    "{who}: lastUpdated before statusChanged"
                );
            }
            if let Some(l) = u.last_login {
                assert!(after_setup <= l, "{who}: lastLogin before activation");
                assert!(l <= u.last_updated, "{who}: lastUpdated before lastLogin");
            }
            if matches!(
                u.status,
                Status::Suspended | Status::Deprovisioned | Status::LockedOut
            ) && let (Some(l), Some(c)) = (u.last_login, u.status_changed)
            {
                assert!(
                    l <= c,
                    "{who}: signed in after being locked out/suspended/deactivated"
                );
            }
            if matches!(u.status, Status::Staged | Status::Provisioned) {
                assert!(
                    u.last_login.is_none(),
                    "{who}: never-activated user signed in"
                );
            }
        }
        assert!(
            org.users
                .values()
                .any(|u| u.status == Status::Suspended && u.last_login.is_some()),
            "seed {seed}: no suspended user with a sign-in to check"
        );
    }
}

#[test]
fn ids_look_like_okta() {
    let org = build_org(10, 1);
    for id in org.users.keys() {
        assert!(id.starts_with("00u") && id.len() == 20, "{id}");
    }
    for id in org.groups.keys() {
        assert!(id.starts_with("00g") && id.len() == 20, "{id}");
    }
}

#[test]
fn hostile_values_present() {
    let org = build_org(10, 1);
    let all: String = org
        .users
        .values()
        .map(|u| serde_json::to_string(&u.profile).unwrap())
        .collect();
    assert!(all.contains("\\u001b[2J"));
    assert!(all.contains("\u{202e}"));
    assert!(all.contains("]52;c;"));
    assert!(org.users.values().any(|u| {
        u.profile
            .get("displayName")
            .and_then(Json::as_str)
            .map(|s| s.chars().count())
            == Some(1000)
    }));
}
