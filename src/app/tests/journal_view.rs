//! `:journal` as drawn: how each write ended, read from the entry's outcome, at 80 columns.

use super::super::actions::{ActionEffect, ActionMsg};
use super::super::test_support::{app_with, three_users};
use super::super::*;
use super::drawn_rows;
use crate::journal::{JournalEntry, NO_OUTCOME, Outcome, Source};

fn opened_with(width: u16, entries: Vec<JournalEntry>) -> App {
    let mut a = app_with(false, three_users());
    a.update(Msg::Resize(width, 24));
    let effects = a.run_command("journal");
    let req = match effects.as_slice() {
        [Effect::Action(ActionEffect::ReadJournal { req })] => *req,
        other => panic!("{other:?}"),
    };
    a.update(Msg::Action(ActionMsg::Journal { req, entries }));
    a
}

fn entry(action: &str, login: &str, outcome: Option<Outcome>, result: &str) -> JournalEntry {
    let mut e = JournalEntry::new(Source::Console, "acme", action);
    e.target_login = Some(login.to_owned());
    e.outcome = outcome;
    e.result = result.to_owned();
    e
}

#[test]
fn a_write_with_no_outcome_reads_unknown_with_how_to_check_not_failed() {
    let a = opened_with(
        80,
        vec![entry(
            "suspend",
            "ana@example.com",
            Some(Outcome::Unknown),
            NO_OUTCOME,
        )],
    );
    let rows = drawn_rows(&a).join("\n");
    assert!(rows.contains("UNKNOWN"), "{rows}");
    assert!(!rows.contains("FAILED"), "{rows}");
    assert!(rows.contains("outcome unknown"), "{rows}");
}

#[test]
fn at_80_columns_outcome_and_login_are_whole() {
    let a = opened_with(
        80,
        vec![
            entry(
                "deactivate",
                "someone.with.a.long.login@example.com",
                Some(Outcome::Failed),
                "E0000001: Api validation failed",
            ),
            entry("unsuspend", "bo@example.com", Some(Outcome::Ok), "ok"),
        ],
    );
    let rows = drawn_rows(&a);
    let failed = rows
        .iter()
        .find(|r| r.contains("deactivate"))
        .expect("deactivate row");
    assert!(failed.contains("FAILED"), "{failed}");
    assert!(
        failed.contains("someone.with.a.long.login@example.com"),
        "{failed}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("E0000001: Api validation failed")),
        "{rows:#?}"
    );
    let ok = rows.iter().find(|r| r.contains("unsuspend")).expect("row");
    assert!(ok.contains(" ok "), "{ok}");
}
