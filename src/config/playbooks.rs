//! `[[playbooks]]` in config.toml: named lists of steps with options, read apart from the
//! rest of the settings (saving the settings edits the file in place, so these tables stay
//! as the admin wrote them).
//!
//! ```toml
//! [[playbooks]]
//! name = "leaver"
//! steps = ["deactivate", "sessions", "groups", "apps", "roles"]
//! options = { forget_devices = true }
//! ```

use std::path::Path;

use serde::Deserialize;

/// One playbook as written in the file; `playbook::Playbook::from_def` checks it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaybookDef {
    pub name: String,
    pub steps: Vec<String>,
    #[serde(default)]
    pub options: PlaybookOptionsDef,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PlaybookOptionsDef {
    /// Revoke OAuth tokens when clearing sessions (default true).
    pub oauth_tokens: Option<bool>,
    /// Forget remembered devices when clearing sessions (default false).
    pub forget_devices: Option<bool>,
    /// For copying steps: the user whose groups and apps are copied.
    pub like: Option<String>,
}

#[derive(Deserialize, Default)]
struct Only {
    #[serde(default)]
    playbooks: Vec<PlaybookDef>,
}

/// The `[[playbooks]]` tables of config text.
pub fn parse_playbooks(text: &str) -> Result<Vec<PlaybookDef>, String> {
    let only: Only =
        toml::from_str(text).map_err(|e| format!("[[playbooks]]: {}", e.message().trim()))?;
    let mut seen = std::collections::BTreeSet::new();
    for p in &only.playbooks {
        if p.name.trim().is_empty() {
            return Err("[[playbooks]]: a playbook needs a name".into());
        }
        if !seen.insert(p.name.clone()) {
            return Err(format!(
                "[[playbooks]]: a second playbook named {:?}",
                p.name
            ));
        }
    }
    Ok(only.playbooks)
}

/// The playbooks of the config file at `path` (none when it does not exist).
pub fn load_playbooks(path: &Path) -> Result<Vec<PlaybookDef>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_playbooks(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playbooks_parse_beside_the_settings() {
        let text = r#"
default_tenant = "acme"
[[tenants]]
name = "acme"
domain = "acme.okta.com"

[[playbooks]]
name = "leaver"
steps = ["deactivate", "sessions", "groups"]
options = { forget_devices = true }
"#;
        let p = parse_playbooks(text).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].steps, ["deactivate", "sessions", "groups"]);
        assert_eq!(p[0].options.forget_devices, Some(true));
        assert!(parse_playbooks("[[playbooks]]\nname='a'\nsteps=[]\nstep=1").is_err());
        assert!(
            parse_playbooks("[[playbooks]]\nname='a'\nsteps=[]\n[[playbooks]]\nname='a'\nsteps=[]")
                .is_err()
        );
    }

    #[test]
    fn the_example_file_has_a_valid_playbook() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
        let p = load_playbooks(&path).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].name, "leaver");
    }
}
