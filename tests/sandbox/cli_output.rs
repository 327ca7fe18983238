//! What `oktui` prints for values real Okta sends and the sandbox now imitates.

use serde_json::Value;

use super::cli_support::Org;

fn rows(out: &str) -> Vec<Value> {
    serde_json::from_str::<Vec<Value>>(out).unwrap()
}

#[test]
fn a_null_group_description_prints_as_null_in_groups_list_and_users_groups() {
    let org = Org::start(60);
    let (code, out, err) = org.run(&["groups", "list", "--output", "json"]);
    assert_eq!(code, 0, "{err}");
    let groups = rows(&out);
    let unset: Vec<&Value> = groups
        .iter()
        .filter(|g| g["description"].is_null())
        .collect();
    assert!(!unset.is_empty(), "some group has no description: {out}");
    assert!(
        groups.iter().all(|g| g["description"] != ""),
        "null must not turn into \"\": {out}"
    );

    // A user in a group without description sees null there too.
    let gid = unset[0]["id"].as_str().unwrap();
    // Not the admin the token acts as: writes to one's own account are asked twice.
    let (code, out, err) = org.run(&["users", "list", "--output", "json"]);
    assert_eq!(code, 0, "{err}");
    let users = rows(&out);
    let login = users
        .iter()
        .filter_map(|u| u["login"].as_str())
        .find(|l| *l != "admin@example.com")
        .expect("a user besides the admin");
    let (code, _, err) = org.run(&["groups", "add-member", gid, login]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = org.run(&["users", "groups", login, "--output", "json"]);
    assert_eq!(code, 0, "{err}");
    let mine = rows(&out);
    let g = mine.iter().find(|g| g["id"] == gid).expect("the group");
    assert!(g["description"].is_null(), "{g}");
}
