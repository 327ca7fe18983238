//! A private desktop-less keyring: `dbus-daemon --session` and `gnome-keyring-daemon
//! --unlock --components=secrets`, with HOME and the XDG dirs in a temp dir, so the tests
//! never touch the machine's own keyring. Both daemons are killed when the guard drops (also
//! when a test panics half-way).

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::Duration;

use assert_cmd::Command;

pub struct Session {
    dir: tempfile::TempDir,
    address: String,
    /// Killed in reverse order: the keyring, then the bus.
    children: Vec<Child>,
}

impl Drop for Session {
    fn drop(&mut self) {
        while let Some(mut c) = self.children.pop() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Whether `tool` can be run at all.
fn installed(tool: &str) -> bool {
    StdCommand::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

impl Session {
    /// The daemons, ready (the Secret Service owns its name on the bus); None, after printing
    /// why, when they are not installed.
    pub fn start() -> Option<Session> {
        for (tool, package) in [
            ("gnome-keyring-daemon", "gnome-keyring"),
            ("dbus-daemon", "dbus-daemon"),
            ("dbus-send", "dbus-bin"),
        ] {
            if !installed(tool) {
                println!("SKIPPED: {tool} not installed (apt-get install {package})");
                return None;
            }
        }
        let dir = tempfile::tempdir().unwrap();
        for sub in ["home", "data", "config", "run"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(
            dir.path().join("run"),
            std::fs::Permissions::from_mode(0o700),
        )
        .unwrap();
        let mut session = Session {
            dir,
            address: String::new(),
            children: Vec::new(),
        };
        let mut bus = session
            .daemon("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = bus.stdout.take().unwrap();
        session.children.push(bus);
        // The bus prints its address once it listens.
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        session.address = line.trim().to_owned();
        assert!(
            session.address.starts_with("unix:"),
            "dbus-daemon printed {line:?}"
        );

        let mut keyring = session
            .daemon("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        // The password of the (new) login keyring, then EOF.
        let mut stdin = keyring.stdin.take().unwrap();
        stdin.write_all(b"throwaway-test-password").unwrap();
        drop(stdin);
        session.children.push(keyring);
        session.wait_for_secret_service();
        Some(session)
    }

    /// A daemon command with this session's private dirs and bus.
    fn daemon(&self, program: &str) -> StdCommand {
        let mut c = StdCommand::new(program);
        self.private_env(&mut c);
        c.stderr(Stdio::null()).stdout(Stdio::null());
        c
    }

    fn private_env(&self, c: &mut StdCommand) {
        let d = self.dir.path();
        c.env("HOME", d.join("home"))
            .env("XDG_DATA_HOME", d.join("data"))
            .env("XDG_CONFIG_HOME", d.join("config"))
            .env("XDG_RUNTIME_DIR", d.join("run"));
        if !self.address.is_empty() {
            c.env("DBUS_SESSION_BUS_ADDRESS", &self.address);
        }
    }

    /// Polls the bus until gnome-keyring owns `org.freedesktop.secrets` (a call before that
    /// would have the bus start a second, locked, keyring daemon).
    fn wait_for_secret_service(&self) {
        for _ in 0..400 {
            let mut ask = StdCommand::new("dbus-send");
            self.private_env(&mut ask);
            let out = ask
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .output()
                .unwrap();
            if String::from_utf8_lossy(&out.stdout).contains("boolean true") {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("gnome-keyring-daemon never took org.freedesktop.secrets on the private bus");
    }

    pub fn dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    pub fn address(&self) -> &str {
        &self.address
    }

    /// `oktui --config CONFIG ARGS` on this session's bus.
    pub fn oktui(&self, config: &Path, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("oktui").unwrap();
        let d = self.dir.path();
        c.arg("--config")
            .arg(config)
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("HOME", d.join("home"))
            .env("XDG_DATA_HOME", d.join("data"))
            .env("XDG_CONFIG_HOME", d.join("config"))
            .env("XDG_RUNTIME_DIR", d.join("run"))
            .env_remove("OKTA_CLIENT_ORGURL")
            .env_remove("OKTA_CLIENT_TOKEN")
            .env_remove("OKTUI_TENANT")
            // A guard against a hang, not a speed check.
            .timeout(Duration::from_secs(120));
        c
    }
}
