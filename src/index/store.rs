//! The index database of one tenant.
//!
//! One SQLite file per tenant in the cache dir (dir 0700, file 0600), in WAL mode so a console
//! reading it and a sync writing it (even in two processes) do not block each other, with a
//! busy timeout so two writers take turns instead of failing. A file that is not a database,
//! is damaged, has a schema this build does not know, or stays locked past the timeout is
//! renamed aside (and reported) and a fresh index is built in its place: the index is a cache,
//! so losing it costs a full sync, never the console.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OptionalExtension, params};

use crate::okta::{Group, GroupDescription, GroupType, UserRow, UserStatus};

/// Bumped when the tables change; an index with another version is set aside and rebuilt.
pub const SCHEMA_VERSION: i64 = 1;

/// How long to wait for another process's write before calling the index locked.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("index: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("index: {0}")]
    Io(#[from] std::io::Error),
    #[error("index: no cache directory (no home directory?)")]
    NoCacheDir,
}

impl IndexError {
    /// The file is damaged, is not a database, or stayed locked: set it aside and rebuild.
    pub fn is_damage(&self) -> bool {
        match self {
            IndexError::Sql(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                ErrorCode::DatabaseCorrupt
                    | ErrorCode::NotADatabase
                    | ErrorCode::DatabaseBusy
                    | ErrorCode::DatabaseLocked
            ),
            _ => false,
        }
    }
}

/// A file moved out of the way, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub moved_to: PathBuf,
    pub reason: String,
}

/// How `Index::open` found the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// A new, empty index (first use).
    Created,
    /// An existing index with data from earlier syncs.
    Existing,
    /// The old file was unusable and set aside; this index is new and empty.
    Rebuilt(SetAside),
    /// `index = false` or `--no-index`: nothing touches the disk.
    InMemory,
}

pub struct Index {
    conn: Connection,
    path: Option<PathBuf>,
}

/// Tenant names become file names: anything but ASCII letters, digits, `-` and `_` becomes `_`.
pub fn file_name(tenant: &str) -> String {
    let safe: String = tenant
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.sqlite")
}

/// `~/.cache/oktui/index` on Linux (the platform cache dir).
pub fn default_dir() -> Result<PathBuf, IndexError> {
    directories::ProjectDirs::from("", "", "oktui")
        .map(|d| d.cache_dir().join("index"))
        .ok_or(IndexError::NoCacheDir)
}

impl Index {
    /// The index of `tenant` in `dir` (see `default_dir`), created when missing.
    pub fn open_tenant(dir: &Path, tenant: &str) -> Result<(Index, Opened), IndexError> {
        Index::open(&dir.join(file_name(tenant)))
    }

    /// An index that lives only in memory (`index = false`, `--no-index`).
    pub fn in_memory() -> Result<(Index, Opened), IndexError> {
        let conn = Connection::open_in_memory()?;
        let mut index = Index { conn, path: None };
        index.create_schema()?;
        Ok((index, Opened::InMemory))
    }

    /// Opens (or creates) the index at `path`. Never fails because of the file's content: an
    /// unusable file is set aside and a new index made.
    pub fn open(path: &Path) -> Result<(Index, Opened), IndexError> {
        prepare_dir(path)?;
        let existed = path.exists();
        match Index::try_open(path) {
            Ok(index) if existed && index.has_schema()? => Ok((index, Opened::Existing)),
            Ok(mut index) => {
                index.create_schema()?;
                Ok((index, Opened::Created))
            }
            Err(e) if e.reason().is_some() => {
                let reason = e.reason().unwrap_or_default();
                let aside = set_aside(path, &reason)?;
                let mut index = Index::try_open(path).map_err(OpenFailure::into_error)?;
                index.create_schema()?;
                Ok((index, Opened::Rebuilt(aside)))
            }
            Err(e) => Err(e.into_error()),
        }
    }

    fn try_open(path: &Path) -> Result<Index, OpenFailure> {
        create_private(path).map_err(|e| OpenFailure::Other(e.into()))?;
        let conn = Connection::open(path).map_err(|e| OpenFailure::from(IndexError::Sql(e)))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| OpenFailure::from(IndexError::Sql(e)))?;
        let check = || -> Result<i64, IndexError> {
            // Reading the header is where a non-database or damaged file shows itself.
            let _: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
        };
        let version = check().map_err(OpenFailure::from)?;
        if version != 0 && version != SCHEMA_VERSION {
            return Err(OpenFailure::Unusable(format!(
                "schema version {version}, this build reads {SCHEMA_VERSION}"
            )));
        }
        Ok(Index {
            conn,
            path: Some(path.to_owned()),
        })
    }

    fn has_schema(&self) -> Result<bool, IndexError> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(v == SCHEMA_VERSION)
    }

    fn create_schema(&mut self) -> Result<(), IndexError> {
        self.conn.execute_batch(&format!(
            "BEGIN IMMEDIATE;
             CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS users(
                 id TEXT PRIMARY KEY, status TEXT NOT NULL, transitioning TEXT,
                 login TEXT NOT NULL, email TEXT NOT NULL,
                 first_name TEXT NOT NULL, last_name TEXT NOT NULL,
                 created INTEGER, last_login INTEGER, last_updated INTEGER,
                 status_changed INTEGER);
             CREATE INDEX IF NOT EXISTS users_by_login ON users(login COLLATE NOCASE);
             CREATE TABLE IF NOT EXISTS groups(
                 id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL,
                 description TEXT, created INTEGER, last_updated INTEGER,
                 last_membership_updated INTEGER, users_count INTEGER, apps_count INTEGER);
             CREATE TABLE IF NOT EXISTS members(
                 group_id TEXT NOT NULL, user_id TEXT NOT NULL,
                 PRIMARY KEY(group_id, user_id)) WITHOUT ROWID;
             PRAGMA user_version = {SCHEMA_VERSION};
             COMMIT;"
        ))?;
        Ok(())
    }

    /// Where the index lives (None in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    // ---- meta

    pub fn meta(&self, key: &str) -> Result<Option<String>, IndexError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), IndexError> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    pub fn delete_meta(&self, key: &str) -> Result<(), IndexError> {
        self.conn
            .execute("DELETE FROM meta WHERE key = ?1", [key])?;
        Ok(())
    }

    pub fn meta_millis(&self, key: &str) -> Result<Option<i64>, IndexError> {
        Ok(self.meta(key)?.and_then(|v| v.parse().ok()))
    }

    /// When the last sync finished, by Okta's clock (ms since the epoch); None before the
    /// first complete sync.
    pub fn synced_at(&self) -> Result<Option<i64>, IndexError> {
        self.meta_millis(META_SYNCED_AT)
    }

    /// How old the index is: now (this machine) minus the last sync's mark (Okta's clock).
    /// A skew between the two only shifts this display, never what a sync asks for.
    pub fn age(&self) -> Result<Option<Duration>, IndexError> {
        let now = chrono::Utc::now().timestamp_millis();
        Ok(self
            .synced_at()?
            .map(|at| Duration::from_millis(now.saturating_sub(at).max(0) as u64)))
    }

    // ---- writes (each call one transaction)

    pub fn upsert_users(&mut self, rows: &[UserRow]) -> Result<(), IndexError> {
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare_cached(
                "INSERT INTO users(id, status, transitioning, login, email, first_name,
                     last_name, created, last_login, last_updated, status_changed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT(id) DO UPDATE SET status = excluded.status,
                     transitioning = excluded.transitioning, login = excluded.login,
                     email = excluded.email, first_name = excluded.first_name,
                     last_name = excluded.last_name, created = excluded.created,
                     last_login = excluded.last_login, last_updated = excluded.last_updated,
                     status_changed = excluded.status_changed",
            )?;
            for u in rows {
                st.execute(params![
                    u.id(),
                    u.status_api(),
                    u.transitioning_to(),
                    u.login(),
                    u.email(),
                    u.first_name(),
                    u.last_name(),
                    u.created(),
                    u.last_login(),
                    u.last_updated(),
                    u.status_changed(),
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn upsert_groups(&mut self, groups: &[Group]) -> Result<(), IndexError> {
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare_cached(
                "INSERT OR REPLACE INTO groups(id, type, name, description, created,
                     last_updated, last_membership_updated, users_count, apps_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for g in groups {
                st.execute(params![
                    &*g.id,
                    g.group_type.as_api(),
                    &*g.name,
                    g.description.0.as_deref(),
                    g.created,
                    g.last_updated,
                    g.last_membership_updated,
                    g.users_count.map(|n| n as i64),
                    g.apps_count.map(|n| n as i64),
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Removes users (and their memberships).
    pub fn delete_users(&mut self, ids: &[String]) -> Result<usize, IndexError> {
        let tx = self.conn.transaction()?;
        let mut n = 0;
        for id in ids {
            n += tx.execute("DELETE FROM users WHERE id = ?1", [id])?;
            tx.execute("DELETE FROM members WHERE user_id = ?1", [id])?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Removes groups (and their memberships).
    pub fn delete_groups(&mut self, ids: &[String]) -> Result<usize, IndexError> {
        let tx = self.conn.transaction()?;
        let mut n = 0;
        for id in ids {
            n += tx.execute("DELETE FROM groups WHERE id = ?1", [id])?;
            tx.execute("DELETE FROM members WHERE group_id = ?1", [id])?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Records a group's members as just loaded (replacing what was known).
    pub fn set_members(&mut self, group_id: &str, user_ids: &[&str]) -> Result<(), IndexError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM members WHERE group_id = ?1", [group_id])?;
        {
            let mut st = tx.prepare_cached(
                "INSERT OR IGNORE INTO members(group_id, user_id) VALUES (?1, ?2)",
            )?;
            for u in user_ids {
                st.execute(params![group_id, u])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Empties the index (keeps the file and its schema).
    pub fn clear(&mut self) -> Result<(), IndexError> {
        self.conn.execute_batch(
            "BEGIN IMMEDIATE; DELETE FROM users; DELETE FROM groups; DELETE FROM members;
             DELETE FROM meta; COMMIT;",
        )?;
        Ok(())
    }

    // ---- reads

    pub fn user_count(&self) -> Result<u64, IndexError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM users", [], |r| r.get::<_, i64>(0))? as u64)
    }

    pub fn group_count(&self) -> Result<u64, IndexError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM groups", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Every user id (for comparing with a full listing).
    pub fn user_ids(&self) -> Result<Vec<String>, IndexError> {
        self.column("SELECT id FROM users")
    }

    pub fn group_ids(&self) -> Result<Vec<String>, IndexError> {
        self.column("SELECT id FROM groups")
    }

    fn column(&self, sql: &str) -> Result<Vec<String>, IndexError> {
        let mut st = self.conn.prepare(sql)?;
        let ids = st
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }

    /// Users ordered by login, `limit` from `offset`: a screen of the list.
    pub fn users_page(&self, offset: u64, limit: u64) -> Result<Vec<UserRow>, IndexError> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY login COLLATE NOCASE LIMIT ?1 OFFSET ?2"
        ))?;
        let rows = st
            .query_map(params![limit as i64, offset as i64], user_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Users whose login, email or name contains `text` (case-insensitive), by login.
    pub fn users_matching(&self, text: &str, limit: u64) -> Result<Vec<UserRow>, IndexError> {
        let pattern = format!("%{}%", like_escape(text));
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {USER_COLUMNS} FROM users
             WHERE login LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\'
                OR first_name LIKE ?1 ESCAPE '\\' OR last_name LIKE ?1 ESCAPE '\\'
             ORDER BY login COLLATE NOCASE LIMIT ?2"
        ))?;
        let rows = st
            .query_map(params![pattern, limit as i64], user_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn user(&self, id: &str) -> Result<Option<UserRow>, IndexError> {
        let mut st = self
            .conn
            .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"))?;
        Ok(st.query_row([id], user_from_row).optional()?)
    }

    /// Every user, in login order, handed to `each` one at a time (flat memory).
    pub fn for_each_user(&self, mut each: impl FnMut(UserRow)) -> Result<(), IndexError> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY login COLLATE NOCASE"
        ))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            each(user_from_row(r)?);
        }
        Ok(())
    }

    pub fn groups(&self) -> Result<Vec<Group>, IndexError> {
        let mut st = self.conn.prepare(
            "SELECT id, type, name, description, created, last_updated,
                    last_membership_updated, users_count, apps_count
             FROM groups ORDER BY name COLLATE NOCASE",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok(Group {
                    id: r.get::<_, String>(0)?.into(),
                    group_type: GroupType::parse(&r.get::<_, String>(1)?),
                    name: r.get::<_, String>(2)?.into(),
                    description: GroupDescription(r.get::<_, Option<String>>(3)?.map(Into::into)),
                    created: r.get(4)?,
                    last_updated: r.get(5)?,
                    last_membership_updated: r.get(6)?,
                    users_count: r.get::<_, Option<i64>>(7)?.map(|n| n.max(0) as u64),
                    apps_count: r.get::<_, Option<i64>>(8)?.map(|n| n.max(0) as u64),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    pub fn members(&self, group_id: &str) -> Result<Vec<String>, IndexError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT user_id FROM members WHERE group_id = ?1 ORDER BY user_id")?;
        let ids = st
            .query_map([group_id], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        Ok(ids)
    }
}

/// The mark of the last complete sync (Okta's `Date`, ms).
pub(crate) const META_SYNCED_AT: &str = "synced_at";
/// Set while a full sync runs; cleared when it ends, so an interrupted one is redone.
pub(crate) const META_FULL_PENDING: &str = "full_pending";

const USER_COLUMNS: &str = "id, status, transitioning, login, email, first_name, last_name,
    created, last_login, last_updated, status_changed";

fn user_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    Ok(UserRow::from(crate::okta::UserFields {
        id: r.get::<_, String>(0)?.into(),
        status: UserStatus::parse(&r.get::<_, String>(1)?),
        transitioning_to: r.get::<_, Option<String>>(2)?.map(Into::into),
        login: r.get::<_, String>(3)?.into(),
        email: r.get::<_, String>(4)?.into(),
        first_name: r.get::<_, String>(5)?.into(),
        last_name: r.get::<_, String>(6)?.into(),
        created: r.get(7)?,
        last_login: r.get(8)?,
        last_updated: r.get(9)?,
        status_changed: r.get(10)?,
    }))
}

fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Why opening failed: the file is unusable (set it aside) or something else (report it).
enum OpenFailure {
    Unusable(String),
    Other(IndexError),
}

impl From<IndexError> for OpenFailure {
    fn from(e: IndexError) -> Self {
        if e.is_damage() {
            OpenFailure::Unusable(e.to_string())
        } else {
            OpenFailure::Other(e)
        }
    }
}

impl OpenFailure {
    fn reason(&self) -> Option<String> {
        match self {
            OpenFailure::Unusable(r) => Some(r.clone()),
            OpenFailure::Other(_) => None,
        }
    }

    fn into_error(self) -> IndexError {
        match self {
            OpenFailure::Unusable(r) => IndexError::Io(std::io::Error::other(r)),
            OpenFailure::Other(e) => e,
        }
    }
}

/// The cache dir, private to this user.
fn prepare_dir(path: &Path) -> Result<(), IndexError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

/// Creates the file 0600 before SQLite opens it: SQLite keeps an existing file's mode and
/// gives its -wal and -shm files the same one.
fn create_private(path: &Path) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map(drop)
}

/// Renames the file (and its -wal, -shm and rollback -journal, which SQLite finds by the
/// database's name: left behind, a hot journal would be played into the new index) to `<name>.damaged-<unix seconds>`.
fn set_aside(path: &Path, reason: &str) -> Result<SetAside, IndexError> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f");
    let moved_to = PathBuf::from(format!("{}.damaged-{stamp}", path.display()));
    std::fs::rename(path, &moved_to)?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        if side.exists() {
            let _ = std::fs::rename(&side, format!("{}{suffix}", moved_to.display()));
        }
    }
    tracing::warn!(path = %path.display(), reason, "index set aside");
    Ok(SetAside {
        moved_to,
        reason: reason.to_owned(),
    })
}
