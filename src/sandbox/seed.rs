//! Deterministic orgs of any size: the same seed and size always give the same users, groups,
//! memberships, roles and app links. Names come from several scripts (wide CJK characters
//! included); a few users and a group carry hostile values (terminal escapes, OSC 52, bidi
//! overrides, a 1,000-character field) so every layer above has to clean what it shows.
//!
//! Users get every status. User 0 is the admin behind the API token (`users/me`).

use serde_json::{Map, Value as Json, json};

use super::store::{App, Group, GroupType, Provider, RoleAssignment, Status, Store, User};

/// splitmix64's finaliser: a good 64-bit mix, used for every deterministic choice.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a, to turn short strings into mixing input.
pub fn hash_str(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A deterministic stream of Okta-like ids and tokens.
pub struct Ids {
    state: u64,
}

const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

impl Ids {
    pub fn new(seed: u64) -> Self {
        Ids {
            state: mix64(seed ^ 0xA076_1D64_78BD_642F),
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.state)
    }

    /// `n` characters of letters and digits.
    pub fn token(&mut self, n: usize) -> String {
        let mut out = String::with_capacity(n);
        let mut x = self.next_u64();
        for i in 0..n {
            if i % 10 == 9 {
                x = self.next_u64();
            }
            out.push(ALPHABET[(x % 62) as usize] as char);
            x /= 62;
        }
        out
    }

    /// An Okta-style id: a three-character prefix (`00u`, `00g`, `0oa`, ...) and 17 more.
    pub fn id(&mut self, prefix: &str) -> String {
        let mut id = String::with_capacity(20);
        id.push_str(prefix);
        id.push_str(&self.token(20 - prefix.len()));
        id
    }
}

/// Given names and family names per script: (as written, ASCII form for the login).
const FIRST: &[(&str, &str)] = &[
    ("Alice", "alice"),
    ("Bruno", "bruno"),
    ("Chloé", "chloe"),
    ("Dmitri", "dmitri"),
    ("Élodie", "elodie"),
    ("Fatima", "fatima"),
    ("Gustavo", "gustavo"),
    ("Hannah", "hannah"),
    ("Ingrid", "ingrid"),
    ("José", "jose"),
    ("Kwame", "kwame"),
    ("Lena", "lena"),
    ("Mateo", "mateo"),
    ("Noah", "noah"),
    ("Olivia", "olivia"),
    ("Priya", "priya"),
    ("Søren", "soren"),
    ("Zoë", "zoe"),
    ("Анна", "anna"),
    ("Иван", "ivan"),
    ("Ольга", "olga"),
    ("Σοφία", "sofia"),
    ("Γιώργος", "giorgos"),
    ("太郎", "taro"),
    ("花子", "hanako"),
    ("さくら", "sakura"),
    ("伟", "wei"),
    ("秀英", "xiuying"),
    ("민준", "minjun"),
    ("서연", "seoyeon"),
    ("محمد", "mohammed"),
    ("ליאור", "lior"),
    ("अर्जुन", "arjun"),
    ("Nguyễn", "nguyen"),
];

const LAST: &[(&str, &str)] = &[
    ("Smith", "smith"),
    ("García", "garcia"),
    ("Müller", "muller"),
    ("Rossi", "rossi"),
    ("Dubois", "dubois"),
    ("Okafor", "okafor"),
    ("Johansson", "johansson"),
    ("Kowalski", "kowalski"),
    ("O'Brien", "obrien"),
    ("Silva", "silva"),
    ("Nakamura", "nakamura"),
    ("Patel", "patel"),
    ("Иванов", "ivanov"),
    ("Смирнова", "smirnova"),
    ("Παπαδόπουλος", "papadopoulos"),
    ("山田", "yamada"),
    ("佐藤", "sato"),
    ("王", "wang"),
    ("李", "li"),
    ("김", "kim"),
    ("박", "park"),
    ("العلي", "alali"),
    ("כהן", "cohen"),
    ("शर्मा", "sharma"),
    ("Trần", "tran"),
];

const DEPARTMENTS: &[&str] = &[
    "Engineering",
    "Sales",
    "Marketing",
    "Finance",
    "Human Resources",
    "Support",
    "Legal",
    "Operations",
    "Research",
    "IT",
];

const TITLES: &[&str] = &[
    "Engineer",
    "Senior Engineer",
    "Account Executive",
    "Analyst",
    "Manager",
    "Director",
    "Designer",
    "Support Specialist",
    "Recruiter",
    "Counsel",
];

const CITIES: &[(&str, &str)] = &[
    ("San Francisco", "US"),
    ("New York", "US"),
    ("London", "GB"),
    ("Berlin", "DE"),
    ("Paris", "FR"),
    ("東京", "JP"),
    ("서울", "KR"),
    ("São Paulo", "BR"),
    ("Москва", "RU"),
    ("Bengaluru", "IN"),
    ("Tel Aviv", "IL"),
    ("Sydney", "AU"),
];

const REGIONS: &[&str] = &["EMEA", "AMER", "APAC", "Global", "North", "South"];

const APPS: &[(&str, &str)] = &[
    ("salesforce", "Salesforce.com"),
    ("slack", "Slack"),
    ("google", "Google Workspace"),
    ("zoomus", "Zoom"),
    ("github", "GitHub Enterprise"),
    ("jira_onprem", "Jira"),
    ("workday", "Workday"),
    ("amazon_aws", "AWS IAM Identity Center"),
    ("box", "Box"),
];

/// Admin roles handed out to some users: (type, label).
const ROLES: &[(&str, &str)] = &[
    ("USER_ADMIN", "Group Administrator"),
    ("HELP_DESK_ADMIN", "Help Desk Administrator"),
    ("READ_ONLY_ADMIN", "Read Only Administrator"),
    ("APP_ADMIN", "Application Administrator"),
    ("ORG_ADMIN", "Organizational Administrator"),
    ("GROUP_MEMBERSHIP_ADMIN", "Group Membership Administrator"),
    ("REPORT_ADMIN", "Report Administrator"),
    (
        "API_ACCESS_MANAGEMENT_ADMIN",
        "API Access Management Administrator",
    ),
];

/// 2018-01-01T00:00:00Z and 2025-06-01T00:00:00Z in epoch ms: the span of seeded timestamps.
pub(super) const EPOCH_START: i64 = 1_514_764_800_000;
const EPOCH_END: i64 = 1_748_736_000_000;

pub const ADMIN_LOGIN: &str = "admin@example.com";

/// Status of the i-th user: the first few cover every status, the rest follow a realistic mix.
fn status_for(i: usize, r: u64) -> Status {
    const FIXED_FROM: usize = 5; // after the admin and the hostile users
    if (FIXED_FROM..FIXED_FROM + Status::ALL.len()).contains(&i) {
        return Status::ALL[i - FIXED_FROM];
    }
    match r % 100 {
        0..=2 => Status::Staged,
        3..=7 => Status::Provisioned,
        8..=9 => Status::Recovery,
        10..=12 => Status::PasswordExpired,
        13..=14 => Status::LockedOut,
        15..=16 => Status::Suspended,
        17..=19 => Status::Deprovisioned,
        _ => Status::Active,
    }
}

/// A string of `n` characters mixing scripts and widths, for the 1,000-character field.
fn long_text(n: usize) -> String {
    const PIECES: &[&str] = &["Lorem ", "ipsum ", "東京都 ", "Ωμέγα ", "데이터 ", "dolor "];
    let mut s = String::new();
    let mut i = 0;
    while s.chars().count() < n {
        s.push_str(PIECES[i % PIECES.len()]);
        i += 1;
    }
    s.chars().take(n).collect()
}

/// firstName, lastName and extra profile fields of a seeded user.
type Names = (String, String, Vec<(&'static str, String)>);

/// Hostile profiles for users 1..=4.
fn hostile_profile(i: usize) -> Option<Names> {
    Some(match i {
        1 => (
            "\u{1b}[2J\u{1b}[31mMallory".into(),
            "Clearscreen\u{1b}[0m".into(),
            vec![("title", "\u{1b}]0;pwned title\u{7}Engineer".into())],
        ),
        2 => (
            "Eve".into(),
            "Clipboard\u{1b}]52;c;cm0gLXJmIH4K\u{7}".into(),
            vec![("nickName", "\u{9b}31mC1 control".into())],
        ),
        3 => (
            "Trudy".into(),
            "\u{202e}txt.exe\u{202c}Reversed".into(),
            vec![("department", "Sales\u{2066}\u{202e}IT\u{2069}".into())],
        ),
        4 => (
            "Wide".into(),
            "Longfield".into(),
            vec![
                ("displayName", long_text(1000)),
                ("streetAddress", "1 Main St\r\nInjected: header\u{0}".into()),
            ],
        ),
        _ => return None,
    })
}

/// Builds a deterministic org with `users` users (at least the admin).
pub fn build_org(users: usize, seed: u64) -> Store {
    let mut ids = Ids::new(seed);
    let org_id = ids.id("00o");
    let mut store_ids = Ids::new(seed ^ 0x0005_EED0_F1D5);
    let _ = store_ids.next_u64();
    let mut store = Store::new(store_ids, org_id);
    let users = users.max(1);

    // Apps of the catalog.
    for (name, label) in APPS {
        let id = ids.id("0oa");
        store.apps.push(App { id, name, label });
    }

    // Groups: Everyone, OKTA_GROUPs and AD-imported APP_GROUPs, about one per 50 users.
    let group_count = (users / 50).clamp(12, 2000);
    // Groups are named by slot (index in `group_ids`) while seeding; slot 0 is Everyone.
    let mut group_ids: Vec<String> = Vec::with_capacity(group_count + 1);
    let mut okta_groups: Vec<u32> = Vec::new();
    let mut app_groups: Vec<u32> = Vec::new();
    let everyone = ids.id("00g");
    group_ids.push(everyone.clone());
    store.everyone_id = everyone.clone();
    store.insert_group(Group {
        id: everyone.clone(),
        kind: GroupType::BuiltIn,
        created: EPOCH_START,
        last_updated: EPOCH_START,
        last_membership_updated: EPOCH_END,
        profile: obj(json!({"name": "Everyone", "description": "All users in your organization"})),
        source: None,
    });
    let ad_app = ids.id("0oa");
    for gi in 0..group_count {
        let r = mix64(seed.wrapping_mul(31).wrapping_add(gi as u64) ^ 0x6A09_E667);
        let dept = DEPARTMENTS[(r % DEPARTMENTS.len() as u64) as usize];
        let region = REGIONS[((r >> 8) % REGIONS.len() as u64) as usize];
        let created = EPOCH_START + ((r >> 16) % ((EPOCH_END - EPOCH_START) as u64 / 2)) as i64;
        let updated = created + ((r >> 24) % 10_000_000_000) as i64;
        let id = ids.id("00g");
        let (kind, profile, source) = if gi == 0 {
            // A group whose name and description are hostile.
            (
                GroupType::OktaGroup,
                obj(json!({
                    "name": "Ops \u{1b}[5mBlink\u{1b}[0m \u{202e}spuorG",
                    "description": long_text(1000),
                })),
                None,
            )
        } else if gi == 1 {
            (
                GroupType::OktaGroup,
                obj(
                    json!({"name": "Help Desk Admins", "description": "Members hold the Help Desk Administrator role"}),
                ),
                None,
            )
        } else if r % 10 < 3 {
            let name = format!("AD {dept} {region} {gi}");
            let sam = name.replace(' ', "_");
            (
                GroupType::AppGroup,
                obj(json!({
                    "name": name,
                    "description": format!("{dept} ({region}), imported from Active Directory"),
                    "dn": format!("CN={sam},OU=Groups,DC=corp,DC=example,DC=com"),
                    "externalId": format!("{:016x}==", mix64(r)),
                    "samAccountName": sam,
                    "windowsDomainQualifiedName": format!("CORP\\{sam}"),
                    "groupType": "Security",
                    "groupScope": "Global",
                    "objectSid": format!("S-1-5-21-{}-{}", r % 1_000_000_000, 1000 + gi),
                })),
                Some((ad_app.clone(), "active_directory", "corp.example.com")),
            )
        } else {
            (
                GroupType::OktaGroup,
                obj(json!({
                    "name": format!("{dept} {region} {gi}"),
                    // Okta keeps an unset description as null.
                    "description": if gi % 5 == 4 {
                        Json::Null
                    } else {
                        json!(format!("{dept} team, {region}"))
                    },
                })),
                None,
            )
        };
        let slot = group_ids.len() as u32;
        group_ids.push(id.clone());
        match kind {
            GroupType::AppGroup => app_groups.push(slot),
            _ => okta_groups.push(slot),
        }
        store.insert_group(Group {
            id,
            kind,
            created,
            last_updated: updated,
            last_membership_updated: updated,
            profile,
            source,
        });
    }
    let help_desk_group = okta_groups.get(1).copied();

    // Users, loaded in bulk at the end (sorted bulk builds are far faster than inserts).
    let mut seeded = Vec::with_capacity(users);
    let mut memberships = Vec::with_capacity(users * 3);
    for i in 0..users {
        let r = mix64(seed.wrapping_mul(0x100_0000_01B3).wrapping_add(i as u64));
        let r2 = mix64(r);
        let id = ids.id("00u");
        let (fi, li) = (
            (r % FIRST.len() as u64) as usize,
            ((r >> 8) % LAST.len() as u64) as usize,
        );
        let (mut first, first_ascii) = (FIRST[fi].0.to_owned(), FIRST[fi].1);
        let (mut last, last_ascii) = (LAST[li].0.to_owned(), LAST[li].1);
        let mut login = format!("{first_ascii}.{last_ascii}{i}@example.com");
        let mut extra = Vec::new();
        let mut status = status_for(i, r2);
        if i == 0 {
            first = "Sandbox".into();
            last = "Admin".into();
            login = ADMIN_LOGIN.into();
            status = Status::Active;
        } else if let Some((f, l, e)) = hostile_profile(i) {
            first = f;
            last = l;
            extra = e;
            status = Status::Active;
        }
        let dept = DEPARTMENTS[((r >> 16) % DEPARTMENTS.len() as u64) as usize];
        let (city, country) = CITIES[((r >> 24) % CITIES.len() as u64) as usize];
        let mut profile = Map::new();
        profile.insert("firstName".into(), Json::String(first));
        profile.insert("lastName".into(), Json::String(last));
        profile.insert("email".into(), Json::String(login.clone()));
        profile.insert("login".into(), Json::String(login));
        profile.insert(
            "title".into(),
            Json::String(TITLES[((r >> 32) % TITLES.len() as u64) as usize].into()),
        );
        profile.insert("department".into(), Json::String(dept.into()));
        profile.insert("city".into(), Json::String(city.into()));
        profile.insert("countryCode".into(), Json::String(country.into()));
        profile.insert(
            "employeeNumber".into(),
            Json::String(format!("{:06}", i + 1)),
        );
        if r2.is_multiple_of(3) {
            profile.insert(
                "mobilePhone".into(),
                Json::String(format!(
                    "+1 555 {:03} {:04}",
                    (r2 >> 8) % 1000,
                    (r2 >> 20) % 10000
                )),
            );
        }
        for (k, v) in extra {
            profile.insert(k.into(), Json::String(v));
        }

        let created = EPOCH_START + ((r2 >> 4) % ((EPOCH_END - EPOCH_START) as u64 * 3 / 4)) as i64;
        let has_password = !matches!(status, Status::Staged | Status::Provisioned);
        // Okta leaves `activated` null on some ACTIVE users (created active with a password).
        let activated = (has_password && !r2.is_multiple_of(7)).then_some(created + 60_000);
        let password_changed = has_password.then_some(created + 120_000);
        // Every later date comes after setup (creation, activation, first password), so the
        // order created <= activated <= passwordChanged <= statusChanged holds.
        let setup_done = created + 120_000;
        let span = (EPOCH_END - setup_done).max(1) as u64;
        let changed = setup_done + ((r2 >> 12) % span) as i64;
        let login_offset = ((r2 >> 20) % 86_400_000) as i64;
        let last_login = match status {
            // Still signing in: the last sign-in follows the last status change.
            Status::Active | Status::PasswordExpired => Some(changed + login_offset),
            // Locked out, suspended or deactivated: nobody signed in after that happened.
            Status::LockedOut | Status::Suspended | Status::Deprovisioned => {
                Some(changed - login_offset.min(changed - setup_done))
            }
            Status::Staged | Status::Provisioned | Status::Recovery => None,
        };
        let user = User {
            id: id.clone(),
            status,
            created,
            activated,
            status_changed: (status != Status::Staged).then_some(changed),
            last_login,
            last_updated: changed.max(last_login.unwrap_or(0)),
            password_changed,
            profile,
            has_password,
            recovery_question: (has_password && r2.is_multiple_of(4))
                .then(|| "What is the food you least liked as a child?".to_owned()),
            provider: if i > 4 && r2 % 25 == 1 {
                Provider::ActiveDirectory
            } else {
                Provider::Okta
            },
            factors_enrolled: has_password && r2 % 3 != 2,
            // Okta removes app assignments on deactivation.
            apps: if status == Status::Deprovisioned {
                0
            } else {
                ((r >> 40) as u16) & ((1 << APPS.len()) - 1)
            },
        };
        seeded.push(user);

        // Memberships: Everyone plus 0..=3 other groups.
        let user_slot = i as u32;
        memberships.push((0u32, user_slot));
        for k in 0..(r2 >> 40) % 4 {
            let pick = mix64(r2 ^ k);
            let pool = if pick.is_multiple_of(4) && !app_groups.is_empty() {
                &app_groups
            } else {
                &okta_groups
            };
            let g = pool[((pick >> 8) % pool.len() as u64) as usize];
            memberships.push((g, user_slot));
        }

        // Admin roles: the token's admin is SUPER_ADMIN; about 1 in 100 others hold a role.
        let created_role = created + 3_600_000;
        if i == 0 {
            store.admin_id = id.clone();
            let role = RoleAssignment {
                id: ids.id("ra1"),
                role_type: "SUPER_ADMIN",
                label: "Super Administrator",
                status: "ACTIVE",
                created: created_role,
                last_updated: created_role,
                assignment_type: "USER",
            };
            store.add_role(&id, role);
        } else if r2 % 100 == 42 && status != Status::Deprovisioned {
            let (role_type, label) = ROLES[((r2 >> 8) % ROLES.len() as u64) as usize];
            let role = RoleAssignment {
                id: ids.id("ra1"),
                role_type,
                label,
                status: "ACTIVE",
                created: created_role,
                last_updated: created_role,
                assignment_type: "USER",
            };
            store.add_role(&id, role);
        } else if r2 % 100 == 43
            && status != Status::Deprovisioned
            && let Some(g) = help_desk_group
        {
            // A role held through a group: members of "Help Desk Admins" inherit it.
            memberships.push((g, user_slot));
            let role = RoleAssignment {
                id: ids.id("ra1"),
                role_type: "HELP_DESK_ADMIN",
                label: "Help Desk Administrator",
                status: "ACTIVE",
                created: created_role,
                last_updated: created_role,
                assignment_type: "GROUP",
            };
            store.add_role(&id, role);
        }
    }
    store.bulk_load(seeded, &group_ids, memberships);
    store
}

fn obj(v: Json) -> Map<String, Json> {
    match v {
        Json::Object(m) => m,
        _ => Map::new(),
    }
}

#[cfg(test)]
#[path = "seed_tests.rs"]
mod tests;
