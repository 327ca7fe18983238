//! Saving into a config file that already exists without losing what the admin wrote there.
//! The file is loaded as a `toml_edit` document and only the values that differ between the
//! settings it holds now and the settings being saved are touched, so comments, blank lines,
//! key order, formatting and keys oktui does not know stay where they are.
//!
//! "Differ" is decided on the rendered form of both settings (what `render` would write), so
//! a value the admin spelled differently but that means the same (`domain = "acme.okta.com"`
//! for `https://acme.okta.com`, a left-out `auth`) is left as written.

use std::collections::BTreeSet;

use toml_edit::{ArrayOfTables, Decor, DocumentMut, Item, Table, TableLike, Value};

use super::{LAST_TEST_KEYS, TENANT_KEYS, TOP_KEYS, render};
use crate::config::{ConfigError, Settings};

/// `existing` (whose settings are `old`) changed to hold `new`.
pub(super) fn update(
    existing: &str,
    old: &Settings,
    new: &Settings,
) -> Result<String, ConfigError> {
    let mut doc: DocumentMut = existing
        .parse()
        .map_err(|e: toml_edit::TomlError| cannot_edit(e.message()))?;
    let mut old_plain = plain(&render(old)?)?;
    let new_text = render(new)?;
    let mut new_plain = plain(&new_text)?;
    let fresh: DocumentMut = new_text
        .parse()
        .map_err(|e: toml_edit::TomlError| cannot_edit(e.message()))?;
    // Tenants are matched by name, not by key, so they are handled on their own.
    let old_tenants = take_tenants(&mut old_plain);
    let new_tenants = take_tenants(&mut new_plain);
    let homeless = update_table(
        doc.as_table_mut(),
        &old_plain,
        &new_plain,
        fresh.as_table(),
        Owned::Listed(TOP_KEYS),
    );
    if !homeless.is_empty() {
        // No top-level value is left: what stood above the removed ones opens the file.
        let prefix = format!("{}{}\n", prefix_of(doc.decor()), homeless.trim_end());
        doc.decor_mut().set_prefix(prefix);
    }
    let tenants = Tenants {
        old: &old_tenants,
        new: &new_tenants,
        fresh: fresh.get("tenants").and_then(Item::as_array_of_tables),
        pairs: pair_tenants(old, new),
    };
    tenants.apply(&mut doc)?;
    Ok(doc.to_string())
}

/// Rendered config text as plain TOML values, for comparing old and new.
fn plain(text: &str) -> Result<toml::Table, ConfigError> {
    toml::from_str(text).map_err(|e: toml::de::Error| cannot_edit(e.message()))
}

/// Only the parser's message: its full text quotes the line, which may hold a secret.
fn cannot_edit(message: &str) -> ConfigError {
    ConfigError::Other(format!(
        "cannot edit the config in place: {}",
        message.trim()
    ))
}

fn take_tenants(plain: &mut toml::Table) -> Vec<toml::Table> {
    match plain.remove("tenants") {
        Some(toml::Value::Array(tenants)) => tenants
            .into_iter()
            .filter_map(|t| match t {
                toml::Value::Table(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Which keys of a table belong to oktui (and may be changed or removed by a save).
#[derive(Clone, Copy)]
enum Owned {
    /// The known keys; any other key is the admin's and stays.
    Listed(&'static [&'static str]),
    /// Every key: `[keys]` is a map whose entries are all settings.
    Every,
}

/// What the tables under `key` hold.
fn owned_within(key: &str) -> Owned {
    if key == "last_test" {
        Owned::Listed(LAST_TEST_KEYS)
    } else {
        Owned::Every
    }
}

/// Changes `target` where `new` differs from `old` (both rendered settings); `fresh` holds
/// `new` as `render` formats it, the source of inserted values. Returns comments of removed
/// keys that had no other value to stay with (see `remove_key`).
fn update_table(
    target: &mut dyn TableLike,
    old: &toml::Table,
    new: &toml::Table,
    fresh: &dyn TableLike,
    owned: Owned,
) -> String {
    let mut homeless = String::new();
    let keys: Vec<&str> = match owned {
        Owned::Listed(list) => list.to_vec(),
        Owned::Every => old
            .keys()
            .chain(new.keys())
            .map(String::as_str)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
    };
    for key in keys {
        let before = old.get(key);
        let after = new.get(key);
        if before == after {
            continue;
        }
        let (Some(after), Some(item)) = (after, fresh.get(key)) else {
            homeless.push_str(&remove_key(target, key));
            continue;
        };
        match target.get_mut(key) {
            Some(existing) if after.is_table() && existing.is_table_like() => {
                let empty = toml::Table::new();
                let before = before.and_then(toml::Value::as_table).unwrap_or(&empty);
                let (Some(after), Some(item)) = (after.as_table(), item.as_table_like()) else {
                    continue;
                };
                if let Item::Table(table) = existing {
                    let left = update_table(table, before, after, item, owned_within(key));
                    after_header(table, &left);
                } else if let Some(table) = existing.as_table_like_mut() {
                    // An inline table has no line of its own to keep such comments on.
                    update_table(table, before, after, item, owned_within(key));
                }
            }
            Some(Item::Value(existing)) if item.is_value() => {
                if let Some(value) = item.as_value() {
                    // The old value's decor holds the spacing and a comment after the value.
                    let mut value = value.clone();
                    *value.decor_mut() = existing.decor().clone();
                    *existing = value;
                }
            }
            _ => {
                target.insert(key, detached(item));
            }
        }
    }
    homeless
}

fn prefix_of(decor: &Decor) -> &str {
    decor.prefix().and_then(|p| p.as_str()).unwrap_or_default()
}

fn suffix_of(decor: &Decor) -> &str {
    decor.suffix().and_then(|p| p.as_str()).unwrap_or_default()
}

/// Removes `key` from `target`. Comments above it that are not its own (separated from it by a
/// blank line: a section heading, say) stay: above the next value, else below the previous
/// one. When the table has no other value they are returned for the caller to place.
fn remove_key(target: &mut dyn TableLike, key: &str) -> String {
    let kept = target
        .key(key)
        .map(|k| not_own_comments(prefix_of(k.leaf_decor())).to_string())
        .unwrap_or_default();
    let values: Vec<String> = target
        .iter()
        .filter(|(_, item)| item.is_value())
        .map(|(k, _)| k.to_string())
        .collect();
    target.remove(key);
    if kept.is_empty() {
        return kept;
    }
    let at = values.iter().position(|k| k == key);
    let next = at.and_then(|i| values.get(i + 1));
    let previous = at
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| values.get(i));
    if let Some(mut next) = next.and_then(|n| target.key_mut(n)) {
        let joined = join_prefixes(&kept, prefix_of(next.leaf_decor()));
        next.leaf_decor_mut().set_prefix(joined);
        return String::new();
    }
    if let Some(Item::Value(previous)) = previous.and_then(|p| target.get_mut(p)) {
        // A value's suffix runs up to the end of its line; the comments follow on their own.
        let suffix = format!("{}\n{}", suffix_of(previous.decor()), kept.trim_end());
        previous.decor_mut().set_suffix(suffix);
        return String::new();
    }
    kept
}

/// Puts comments on their own lines right below a table's header line.
fn after_header(table: &mut Table, comments: &str) {
    if comments.is_empty() {
        return;
    }
    let suffix = format!("{}\n{}", suffix_of(table.decor()), comments.trim_end());
    table.decor_mut().set_suffix(suffix);
}

/// A copy of an item of the freshly rendered document that fits into another document:
/// default spacing, and no table positions (those are places in the other text).
fn detached(item: &Item) -> Item {
    let mut item = item.clone();
    match &mut item {
        Item::Value(v) => v.decor_mut().clear(),
        Item::Table(t) => forget_positions(t),
        Item::ArrayOfTables(a) => a.iter_mut().for_each(forget_positions),
        Item::None => {}
    }
    item
}

fn forget_positions(table: &mut Table) {
    table.set_position(None);
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => forget_positions(t),
            Item::ArrayOfTables(a) => a.iter_mut().for_each(forget_positions),
            _ => {}
        }
    }
}

/// For each new tenant, the index of the old tenant it continues (same name), if any. A
/// rename keeps its place (`edit_tenant` replaces the tenant where it is), so exactly one name
/// gone and one name new at the same index is the same tenant renamed.
fn pair_tenants(old: &Settings, new: &Settings) -> Vec<Option<usize>> {
    let mut pairs: Vec<Option<usize>> = new
        .tenants
        .iter()
        .map(|n| old.tenants.iter().position(|o| o.name == n.name))
        .collect();
    let gone: Vec<usize> = (0..old.tenants.len())
        .filter(|i| !pairs.contains(&Some(*i)))
        .collect();
    let arrived: Vec<usize> = (0..pairs.len()).filter(|j| pairs[*j].is_none()).collect();
    if let ([i], [j]) = (gone.as_slice(), arrived.as_slice())
        && i == j
        && let Some(pair) = pairs.get_mut(*j)
    {
        *pair = Some(*i);
    }
    pairs
}

struct Tenants<'a> {
    /// Old tenants as rendered; index i is the i-th tenant of the file.
    old: &'a [toml::Table],
    /// New tenants as rendered; index j is the j-th tenant of the new settings.
    new: &'a [toml::Table],
    /// The new tenants as `render` formats them.
    fresh: Option<&'a ArrayOfTables>,
    /// For new tenant j, the old tenant i it continues.
    pairs: Vec<Option<usize>>,
}

impl Tenants<'_> {
    fn gone(&self) -> impl DoubleEndedIterator<Item = usize> + '_ {
        (0..self.old.len()).filter(|i| !self.pairs.contains(&Some(*i)))
    }

    /// New tenants (no old one continues) in the form `render` gives them.
    fn arrived(&self) -> Vec<Table> {
        (0..self.new.len())
            .filter(|j| self.pairs.get(*j).is_some_and(Option::is_none))
            .filter_map(|j| self.fresh.and_then(|f| f.get(j)))
            .map(|t| {
                let mut t = t.clone();
                forget_positions(&mut t);
                t
            })
            .collect()
    }

    /// Updates kept tenants in place, removes the gone ones, appends the new ones.
    fn apply(&self, doc: &mut DocumentMut) -> Result<(), ConfigError> {
        let arrived = self.arrived();
        let mut orphaned = String::new();
        // Set when `tenants` must become [[tenants]] tables holding only new tenants.
        let mut as_tables = None;
        let root = doc.as_table_mut();
        match root.get_mut("tenants") {
            Some(Item::ArrayOfTables(tables)) => {
                self.check_count(tables.len())?;
                for (i, j, fresh) in self.kept() {
                    if let Some(t) = tables.get_mut(i) {
                        let left = update_table(
                            t,
                            &self.old[i],
                            &self.new[j],
                            fresh,
                            Owned::Listed(TENANT_KEYS),
                        );
                        after_header(t, &left);
                    }
                }
                for i in self.gone().rev() {
                    orphaned.insert_str(0, &remove_table(tables, i));
                }
                for t in arrived {
                    tables.push(t);
                }
            }
            Some(Item::Value(Value::Array(tables))) => {
                self.check_count(tables.len())?;
                for (i, j, fresh) in self.kept() {
                    if let Some(t) = tables.get_mut(i).and_then(Value::as_inline_table_mut) {
                        // An inline table has no lines for comments of removed keys.
                        let _ = update_table(
                            t,
                            &self.old[i],
                            &self.new[j],
                            fresh,
                            Owned::Listed(TENANT_KEYS),
                        );
                    }
                }
                for i in self.gone().rev() {
                    tables.remove(i);
                }
                if tables.is_empty() && !arrived.is_empty() {
                    // `tenants = []` (what an empty config renders to) becomes [[tenants]].
                    as_tables = Some(arrived);
                } else {
                    for t in arrived {
                        tables.push(t.into_inline_table());
                    }
                }
            }
            None => as_tables = Some(arrived),
            Some(_) => {
                return Err(ConfigError::Other(
                    "cannot edit the config in place: tenants is not a list of tables".into(),
                ));
            }
        }
        if let Some(tables) = as_tables.filter(|t| !t.is_empty()) {
            // `insert` also drops the spacing of a `tenants = ` key this replaces.
            root.insert("tenants", Item::ArrayOfTables(tables.into_iter().collect()));
        }
        if !orphaned.is_empty() {
            let trailing = format!("{orphaned}{}", doc.trailing().as_str().unwrap_or_default());
            doc.set_trailing(trailing);
        }
        Ok(())
    }

    /// (old index, new index, fresh table) of every tenant that stays.
    fn kept(&self) -> impl Iterator<Item = (usize, usize, &Table)> + '_ {
        self.pairs.iter().enumerate().filter_map(|(j, i)| {
            let i = (*i)?;
            let fresh = self.fresh?.get(j)?;
            (i < self.old.len() && j < self.new.len()).then_some((i, j, fresh))
        })
    }

    /// The file must hold exactly the tenants its settings were read from.
    fn check_count(&self, in_file: usize) -> Result<(), ConfigError> {
        if in_file == self.old.len() {
            Ok(())
        } else {
            Err(ConfigError::Other(format!(
                "cannot edit the config in place: {in_file} tenant tables for {} tenants",
                self.old.len()
            )))
        }
    }
}

/// Removes tenant table `i`. Comments above it that are separated from its `[[tenants]]` line
/// by a blank line describe what comes before (a section heading, say), not this tenant: they
/// move to the next table, or are returned when there is none (they go to the end of the file).
fn remove_table(tables: &mut ArrayOfTables, i: usize) -> String {
    let removed = tables.remove(i);
    let kept = not_own_comments(prefix_of(removed.decor()));
    if kept.is_empty() {
        return String::new();
    }
    match tables.get_mut(i) {
        Some(next) => {
            let joined = join_prefixes(kept, prefix_of(next.decor()));
            next.decor_mut().set_prefix(joined);
            String::new()
        }
        None => format!("{}\n", kept.trim_end()),
    }
}

/// The part of a table header's prefix before its own comment block (the comment lines right
/// above the header); empty when that part holds no comment.
fn not_own_comments(prefix: &str) -> &str {
    let mut own_start = prefix.len();
    let lines: Vec<&str> = prefix.split_inclusive('\n').collect();
    for line in lines.iter().rev() {
        let body = line.trim();
        if body.starts_with('#') || (own_start == prefix.len() && !line.ends_with('\n')) {
            own_start -= line.len();
        } else {
            break;
        }
    }
    let before = &prefix[..own_start];
    if before.contains('#') { before } else { "" }
}

/// `first` followed by `second`, with one blank line between them at most.
fn join_prefixes(first: &str, second: &str) -> String {
    let first = first.trim_end();
    let second = second.trim_start_matches([' ', '\t']);
    if second.starts_with('\n') || second.starts_with("\r\n") {
        format!("{first}\n{second}")
    } else {
        format!("{first}\n\n{second}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{TenantConfig, TokenSource};

    #[test]
    fn only_comments_apart_from_the_header_are_not_its_own() {
        assert_eq!(
            not_own_comments("\n# section\n\n# mine\n# also mine\n"),
            "\n# section\n\n"
        );
        assert_eq!(not_own_comments("\n# mine\n"), "");
        assert_eq!(not_own_comments("\n\n"), "");
        assert_eq!(not_own_comments("# a\n\n  "), "# a\n\n");
    }

    #[test]
    fn joined_prefixes_keep_one_blank_line() {
        assert_eq!(join_prefixes("\n# a\n\n", "\n# b\n"), "\n# a\n\n# b\n");
        assert_eq!(join_prefixes("# a\n\n", "# b\n"), "# a\n\n# b\n");
    }

    fn with(names: &[&str]) -> Settings {
        let mut s = Settings::default();
        for n in names {
            s.tenants.push(TenantConfig::with_token(
                n,
                "https://x.okta.com",
                TokenSource::Env("X".into()),
            ));
        }
        s
    }

    #[test]
    fn tenants_pair_by_name_and_a_rename_by_place() {
        let old = with(&["a", "b", "c"]);
        assert_eq!(
            pair_tenants(&old, &with(&["a", "b", "c", "d"])),
            [Some(0), Some(1), Some(2), None]
        );
        assert_eq!(pair_tenants(&old, &with(&["a", "c"])), [Some(0), Some(2)]);
        assert_eq!(
            pair_tenants(&old, &with(&["a", "B", "c"])),
            [Some(0), Some(1), Some(2)]
        );
        // Two names changed: no guessing, both are new.
        assert_eq!(
            pair_tenants(&old, &with(&["x", "y", "c"])),
            [None, None, Some(2)]
        );
        // One gone, one new elsewhere: a delete and an add.
        assert_eq!(
            pair_tenants(&old, &with(&["b", "c", "d"])),
            [Some(1), Some(2), None]
        );
    }
}
