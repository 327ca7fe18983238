//! The OS keyring as a token source: the Secret Service over D-Bus on Linux (gnome-keyring,
//! KeePassXC…), the Keychain on macOS, the Credential Manager on Windows. Service `oktui`,
//! account = the tenant's name.
//!
//! Every call runs on a thread of its own and is waited for with a timeout, for two reasons:
//! the Linux backend drives its own single-threaded tokio runtime inside each call, which
//! panics when called from a thread that is already in a runtime (the console's executor,
//! `spawn_blocking` included); and a locked keyring may wait for an unlock prompt nobody will
//! see (over SSH), which must not hang the console or a script. A call that times out is
//! abandoned; its thread ends when the keyring answers or the process exits.
//!
//! Messages are plain sentences that name the tenant and the alternatives, never the secret.

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use secrecy::{ExposeSecret as _, SecretString};

/// The keyring service every oktui token is filed under.
pub const SERVICE: &str = "oktui";

/// Said when no keyring runs because there is no D-Bus session (the usual case over SSH).
pub const NO_SESSION: &str = "no OS keyring is running here (no D-Bus session: common over SSH); \
use token_env or token_command instead";

/// Said when a session bus runs but nothing on it offers the Secret Service.
pub const NO_SECRET_SERVICE: &str = "no OS keyring is running here (the D-Bus session has no \
Secret Service such as gnome-keyring or KeePassXC); use token_env or token_command instead";

/// How long detection may take before the keyring counts as absent.
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);
/// How long a read, store or delete may take (an unlock prompt may be answered meanwhile).
const CALL_TIMEOUT: Duration = Duration::from_secs(20);
/// An account no tenant uses: detection looks it up and expects "no entry".
const PROBE_ACCOUNT: &str = "oktui-keyring-probe";

/// Whether an OS keyring answers here, as far as is known yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    /// Detection is still running (it is started in the background; see `availability`).
    Checking,
    Running,
    /// Why there is none, with the alternatives: a sentence to show as is.
    Missing(String),
}

/// How old a "no keyring" answer may get before the next `availability` call checks again:
/// an admin who starts a keyring while oktui runs sees it when they next open a form.
const RECHECK_MISSING_AFTER: Duration = Duration::from_secs(10);

#[derive(Default)]
struct Detection {
    /// The latest answer, kept on screen while a new check runs.
    answer: Option<Availability>,
    running: bool,
    answered_at: Option<std::time::Instant>,
}

impl Detection {
    fn needs_check(&self, now: std::time::Instant) -> bool {
        if self.running {
            return false;
        }
        match (&self.answer, self.answered_at) {
            (None, _) => true,
            (Some(Availability::Missing(_)), Some(at)) => {
                now.saturating_duration_since(at) >= RECHECK_MISSING_AFTER
            }
            _ => false,
        }
    }
}

/// What is known about the keyring, without waiting: a call starts detection on a background
/// thread when nothing is known yet, or when the last answer was "missing" and is a few
/// seconds old, and answers `Checking` until the first result. The console calls this when a
/// tenant form opens, so the answer is usually there by the time the token source is chosen.
pub fn availability() -> Availability {
    static STATE: OnceLock<Mutex<Detection>> = OnceLock::new();
    let state = STATE.get_or_init(|| Mutex::new(Detection::default()));
    let Ok(mut st) = state.lock() else {
        return Availability::Checking;
    };
    if st.needs_check(std::time::Instant::now()) {
        st.running = true;
        let spawned = std::thread::Builder::new()
            .name("oktui-keyring-probe".into())
            .spawn(move || {
                let found = match probe() {
                    Ok(()) => Availability::Running,
                    Err(why) => Availability::Missing(why),
                };
                if let Ok(mut st) = state.lock() {
                    st.answer = Some(found);
                    st.answered_at = Some(std::time::Instant::now());
                    st.running = false;
                }
            });
        if spawned.is_err() {
            st.running = false;
            st.answered_at = Some(std::time::Instant::now());
            st.answer = Some(Availability::Missing(
                "cannot check for an OS keyring (no thread could be started); use token_env or \
                 token_command instead"
                    .into(),
            ));
        }
    }
    st.answer.clone().unwrap_or(Availability::Checking)
}

/// Detects a keyring now (blocks up to a few seconds): Ok when one answers, else the sentence
/// saying why not. On Linux: a session bus must be reachable and the Secret Service answer.
pub fn probe() -> Result<(), String> {
    session_bus_present()?;
    let result = bounded(PROBE_TIMEOUT, || {
        ::keyring::Entry::new(SERVICE, PROBE_ACCOUNT).and_then(|e| e.get_password().map(drop))
    })
    .map_err(|_| {
        format!(
            "no OS keyring answered within {}s; use token_env or token_command instead",
            PROBE_TIMEOUT.as_secs()
        )
    })?;
    match result {
        // Any answer about the entry means the keyring works.
        Ok(()) | Err(::keyring::Error::NoEntry) | Err(::keyring::Error::Ambiguous(_)) => Ok(()),
        Err(e) => Err(describe(e, None)),
    }
}

/// The token stored for `tenant`.
pub fn read_token(tenant: &str) -> Result<SecretString, String> {
    session_bus_present()?;
    let account = tenant.to_owned();
    let got = bounded(CALL_TIMEOUT, move || {
        ::keyring::Entry::new(SERVICE, &account).and_then(|e| e.get_password())
    })
    .map_err(|_| timed_out())?;
    match got {
        Ok(t) if t.trim().is_empty() => Err(format!(
            "the keyring holds an empty token for tenant {tenant} (store one with: oktui tenants \
             set-token {tenant})"
        )),
        Ok(t) => Ok(SecretString::from(t.trim().to_owned())),
        Err(e) => Err(describe(e, Some(tenant))),
    }
}

/// Stores (or replaces) the token for `tenant`.
pub fn store_token(tenant: &str, token: &SecretString) -> Result<(), String> {
    session_bus_present()?;
    let account = tenant.to_owned();
    let secret = token.clone();
    let done = bounded(CALL_TIMEOUT, move || {
        ::keyring::Entry::new(SERVICE, &account)
            .and_then(|e| e.set_password(secret.expose_secret()))
    })
    .map_err(|_| timed_out())?;
    done.map_err(|e| {
        let msg = describe(e, Some(tenant));
        // Belt and braces: no platform message should echo the secret, but never pass one on.
        let secret = token.expose_secret();
        if !secret.is_empty() && msg.contains(secret) {
            msg.replace(secret, "••••")
        } else {
            msg
        }
    })
}

/// Removes the token for `tenant`. Nothing stored is not an error.
pub fn delete_token(tenant: &str) -> Result<(), String> {
    session_bus_present()?;
    let account = tenant.to_owned();
    let done = bounded(CALL_TIMEOUT, move || {
        ::keyring::Entry::new(SERVICE, &account).and_then(|e| e.delete_credential())
    })
    .map_err(|_| timed_out())?;
    match done {
        Ok(()) | Err(::keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(describe(e, Some(tenant))),
    }
}

/// Runs `f` on its own thread (outside any tokio runtime) and waits at most `timeout`.
fn bounded<T: Send + 'static>(
    timeout: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ()> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("oktui-keyring".into())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .map_err(drop)?;
    rx.recv_timeout(timeout).map_err(drop)
}

fn timed_out() -> String {
    format!(
        "the OS keyring did not answer within {}s (it may be locked and waiting for an unlock \
         prompt); unlock it and retry, or use token_env or token_command instead",
        CALL_TIMEOUT.as_secs()
    )
}

/// Fails fast, without any D-Bus traffic, when there is plainly no session bus: no
/// `DBUS_SESSION_BUS_ADDRESS` and no `$XDG_RUNTIME_DIR/bus`, or an address whose socket file
/// does not exist. Other addresses (abstract sockets, TCP) are left to the real call.
#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
fn session_bus_present() -> Result<(), String> {
    use std::path::Path;
    match std::env::var("DBUS_SESSION_BUS_ADDRESS") {
        Ok(addr) if !addr.trim().is_empty() => {
            // `unix:path=/run/user/1000/bus,guid=…`; several addresses may be `;`-separated.
            let paths: Vec<&str> = addr
                .split(';')
                .filter_map(|a| a.strip_prefix("unix:"))
                .flat_map(|a| a.split(','))
                .filter_map(|kv| kv.strip_prefix("path="))
                .collect();
            let only_paths = addr.split(';').all(|a| {
                a.strip_prefix("unix:")
                    .is_some_and(|rest| rest.split(',').any(|kv| kv.starts_with("path=")))
            });
            if only_paths && !paths.iter().any(|p| Path::new(p).exists()) {
                return Err(NO_SESSION.to_owned());
            }
            Ok(())
        }
        _ => {
            // zbus falls back to the systemd user bus socket.
            let fallback = std::env::var_os("XDG_RUNTIME_DIR")
                .map(|d| Path::new(&d).join("bus"))
                .is_some_and(|p| p.exists());
            if fallback {
                Ok(())
            } else {
                Err(NO_SESSION.to_owned())
            }
        }
    }
}

/// macOS and Windows always have their credential store.
#[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
fn session_bus_present() -> Result<(), String> {
    Ok(())
}

/// A keyring error as a sentence for the admin (`tenant` names the entry when known).
fn describe(e: ::keyring::Error, tenant: Option<&str>) -> String {
    match e {
        ::keyring::Error::NoEntry => match tenant {
            Some(t) => format!(
                "the keyring has no token for tenant {t} (store one with: oktui tenants set-token {t})"
            ),
            None => "the keyring has no such entry".to_owned(),
        },
        ::keyring::Error::NoStorageAccess(why) => format!(
            "the OS keyring is locked or refused access ({}); unlock it and retry, or use \
             token_env or token_command instead",
            one_line(&why.to_string())
        ),
        ::keyring::Error::PlatformFailure(why) => {
            let text = why.to_string();
            if text.contains("ServiceUnknown") || text.contains("org.freedesktop.secrets") {
                NO_SECRET_SERVICE.to_owned()
            } else if text.contains("No such file")
                || text.contains("Connection refused")
                || text.contains("Address")
            {
                NO_SESSION.to_owned()
            } else {
                format!(
                    "the OS keyring failed ({}); use token_env or token_command instead",
                    one_line(&text)
                )
            }
        }
        ::keyring::Error::Ambiguous(_) => match tenant {
            Some(t) => format!(
                "the keyring holds several entries for service {SERVICE}, account {t}; remove the \
                 extra ones with your keyring's tool"
            ),
            None => "the keyring holds several matching entries".to_owned(),
        },
        ::keyring::Error::BadEncoding(_) => {
            "the token in the keyring is not UTF-8 text; store it again".to_owned()
        }
        other => format!(
            "the OS keyring refused the entry ({})",
            one_line(&other.to_string())
        ),
    }
}

/// A platform message on one short line (it is shown in a status line or a form).
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_keyring_is_looked_for_again_after_a_while_a_running_one_is_not() {
        let now = std::time::Instant::now();
        let mut d = Detection::default();
        assert!(d.needs_check(now), "nothing known yet");
        d.running = true;
        assert!(!d.needs_check(now), "one check at a time");
        d.running = false;
        d.answer = Some(Availability::Missing(NO_SESSION.into()));
        d.answered_at = Some(now);
        assert!(!d.needs_check(now + Duration::from_secs(1)));
        assert!(d.needs_check(now + RECHECK_MISSING_AFTER));
        d.answer = Some(Availability::Running);
        assert!(!d.needs_check(now + RECHECK_MISSING_AFTER * 10));
    }

    #[test]
    fn messages_name_the_tenant_and_the_alternatives() {
        let m = describe(::keyring::Error::NoEntry, Some("acme"));
        assert_eq!(
            m,
            "the keyring has no token for tenant acme (store one with: oktui tenants set-token acme)"
        );
        let m = describe(
            ::keyring::Error::PlatformFailure("org.freedesktop.DBus.Error.ServiceUnknown".into()),
            Some("acme"),
        );
        assert_eq!(m, NO_SECRET_SERVICE);
        let m = describe(
            ::keyring::Error::NoStorageAccess("Locked\ncollection".into()),
            Some("acme"),
        );
        assert!(m.contains("locked") && !m.contains('\n'), "{m}");
        assert!(NO_SESSION.contains("token_env") && NO_SESSION.contains("SSH"));
    }
}
