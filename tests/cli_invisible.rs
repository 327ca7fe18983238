//! A login holding a zero-width space, listed by the CLI against a sandbox: the table shows the
//! character as `<U+200B>` (it must not read like the login without it), JSON keeps the real
//! value.

#[path = "cli_support/mod.rs"]
mod cli_support;

use cli_support::{Org, jsonl};

#[test]
fn table_marks_a_zero_width_space_in_a_login_and_json_keeps_it() {
    let org = Org::start(5);
    let login = "twin\u{200b}@example.com";
    for l in [login, "twin@example.com"] {
        let (code, _, err) = org.run(&[
            "users",
            "create",
            "--login",
            l,
            "--email",
            "twin@example.com",
            "--first-name",
            "Twin",
            "--last-name",
            "Zero",
            "--no-activate",
            "-o",
            "json",
        ]);
        assert_eq!(code, 0, "{err}");
    }

    let (code, table, err) = org.run(&["users", "list", "--fields", "login,status"]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = table.lines().filter(|l| l.contains("twin")).collect();
    assert_eq!(rows.len(), 2, "{table}");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("twin<U+200B>@example.com ")),
        "{table}"
    );
    assert!(
        rows.iter().any(|r| r.starts_with("twin@example.com ")),
        "{table}"
    );
    assert!(
        !table.contains('\u{200b}'),
        "a raw zero-width space in the table"
    );

    let (code, out, err) = org.run(&["users", "list", "--fields", "login", "-o", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    let logins: Vec<String> = jsonl(&out)
        .into_iter()
        .filter_map(|u| u["login"].as_str().map(str::to_owned))
        .collect();
    assert!(logins.iter().any(|l| l == login), "{logins:?}");
    assert!(logins.iter().any(|l| l == "twin@example.com"), "{logins:?}");
}
