//! The profile form: opened by `e` with the schema and a fresh user, typed per attribute,
//! checked before sending, only changed attributes sent after a confirmation, Okta's causes
//! shown beside their fields with the form kept open, stale answers dropped, read-only
//! refused before anything is sent.

use crossterm::event::KeyCode;
use serde_json::json;

use super::super::profile::{FieldKind, ProfileEffect, ProfileForm, ProfileMsg, Stage};
use super::super::test_support::{
    app_with, ch, ctrl, press, status_text, three_users, typed_shifted, validation_error,
};
use super::super::*;
use crate::okta::User;
use crate::okta::schema::ProfileSchema;

pub(crate) fn schema() -> ProfileSchema {
    ProfileSchema::from_value(&json!({
        "definitions": {
            "base": {
                "required": ["login", "email", "firstName", "lastName"],
                "properties": {
                    "login": {"title": "Username", "type": "string"},
                    "email": {"title": "Primary email", "type": "string"},
                    "firstName": {"title": "First name", "type": "string"},
                    "lastName": {"title": "Last name", "type": "string"},
                    "title": {"title": "Title", "type": "string", "maxLength": 40},
                }
            },
            "custom": {
                "properties": {
                    "costCenter": {"title": "Cost center", "type": "string", "enum": ["CC-100", "CC-200"]},
                    "badge": {"title": "Badge number", "type": "integer"},
                    "hrId": {"title": "HR id", "type": "string", "mutability": "READ_ONLY"},
                }
            }
        }
    }))
}

pub(crate) fn alice_user() -> User {
    User::from_value(json!({
        "id": "00u00001", "status": "ACTIVE",
        "profile": {
            "login": "alice.1@example.com", "email": "alice.1@example.com",
            "firstName": "Alice", "lastName": "Tester", "title": "Engineer",
            "costCenter": "CC-100", "hrId": "HR-7",
        },
        "_links": {"self": {}},
    }))
    .expect("user")
}

fn form(a: &App) -> &ProfileForm {
    match &a.modal {
        Some(Modal::Profile(f)) => f,
        other => panic!("expected the profile form, got {other:?}"),
    }
}

/// Tab until the field called `name` has the focus.
fn focus(a: &mut App, name: &str) {
    for _ in 0..20 {
        if form(a).fields[form(a).focus].name == name {
            return;
        }
        press(a, KeyCode::Tab);
    }
    panic!("no field {name}");
}

/// `e` on Alice and the schema and user answered: the form open for editing.
pub(crate) fn opened() -> App {
    let mut a = app_with(false, three_users());
    let effects = ch(&mut a, 'e');
    let [Effect::Profile(ProfileEffect::Load { req, user_id })] = effects.as_slice() else {
        panic!("one load expected, got {effects:?}");
    };
    assert_eq!(user_id, "00u00001");
    assert_eq!(form(&a).stage, Stage::Loading);
    let req = *req;
    a.update(Msg::Profile(ProfileMsg::Loaded {
        req,
        result: Ok((schema(), Box::new(alice_user()))),
    }));
    assert_eq!(form(&a).stage, Stage::Editing);
    a
}

#[test]
fn the_form_follows_the_schema_and_locks_read_only_attributes() {
    let a = opened();
    let f = form(&a);
    let field = |n: &str| f.fields.iter().find(|x| x.name == n).expect(n);
    assert!(field("login").required);
    assert!(!field("title").required);
    assert!(field("hrId").locked());
    assert_eq!(field("hrId").shown(), "HR-7");
    assert!(matches!(
        field("badge").kind,
        FieldKind::Number { whole: true }
    ));
    // An optional enum can also be "not set".
    let FieldKind::Choice { options, at } = &field("costCenter").kind else {
        panic!("a choice");
    };
    assert_eq!(options.len(), 3);
    assert_eq!(options[*at], Some(json!("CC-100")));
    assert_eq!(field("title").input.text, "Engineer");
}

#[test]
fn only_changed_attributes_are_sent_after_a_confirmation_naming_user_and_tenant() {
    let mut a = opened();
    focus(&mut a, "costCenter");
    assert_eq!(a_context(&a), Context::ProfileChoice);
    press(&mut a, KeyCode::Right);
    focus(&mut a, "title");
    assert_eq!(a_context(&a), Context::ProfileText);
    ctrl(&mut a, 'u');
    typed_shifted(&mut a, "Staff");
    assert!(
        ctrl(&mut a, 's').is_empty(),
        "nothing sent before the confirmation"
    );
    assert_eq!(form(&a).stage, Stage::Confirming);
    let shown = draw_text(&a);
    assert!(
        shown.contains("Update alice.1@example.com on acme"),
        "{shown}"
    );
    assert!(shown.contains("Engineer → Staff"), "{shown}");
    let effects = ch(&mut a, 'y');
    let [
        Effect::Profile(ProfileEffect::Update {
            req,
            tenant,
            target,
            changes,
            before,
        }),
    ] = effects.as_slice()
    else {
        panic!("one update expected, got {effects:?}");
    };
    assert_eq!(tenant, "acme");
    assert_eq!(target.login, "alice.1@example.com");
    assert_eq!(
        serde_json::Value::Object(changes.clone()),
        json!({"title": "Staff", "costCenter": "CC-200"})
    );
    assert_eq!(
        serde_json::Value::Object(before.clone()),
        json!({"title": "Engineer", "costCenter": "CC-100"})
    );
    // The answer closes the form and updates the user in place.
    let req = *req;
    let mut after = alice_user();
    after.raw["profile"]["title"] = json!("Staff");
    a.update(Msg::Profile(ProfileMsg::Updated {
        req,
        result: Ok(Box::new(after)),
    }));
    assert!(a.modal.is_none());
    assert!(
        status_text(&a).contains("updated (2 attribute(s))"),
        "{}",
        status_text(&a)
    );
}

#[test]
fn okta_causes_show_beside_their_fields_and_the_form_stays_open() {
    let mut a = opened();
    focus(&mut a, "title");
    typed_shifted(&mut a, "!");
    ctrl(&mut a, 's');
    let effects = ch(&mut a, 'y');
    let [Effect::Profile(ProfileEffect::Update { req, .. })] = effects.as_slice() else {
        panic!("one update expected");
    };
    let req = *req;
    // A stale answer (another request) changes nothing.
    let stale = a.update(Msg::Profile(ProfileMsg::Updated {
        req: ReqId(req.0 + 100),
        result: Ok(Box::new(alice_user())),
    }));
    assert!(stale.is_empty());
    assert!(matches!(form(&a).stage, Stage::Sending(_)));
    a.update(Msg::Profile(ProfileMsg::Updated {
        req,
        result: Err(validation_error(
            400,
            "E0000001",
            &["title: Title contains a character that is not allowed"],
        )),
    }));
    let f = form(&a);
    assert_eq!(f.stage, Stage::Editing);
    let title = f.fields.iter().find(|x| x.name == "title").unwrap();
    assert!(title.error.as_deref().unwrap().contains("not allowed"));
    assert_eq!(f.fields[f.focus].name, "title");
    assert!(draw_text(&a).contains("⚠ title: Title contains"));
}

#[test]
fn schema_problems_and_bad_numbers_stop_before_sending() {
    let mut a = opened();
    focus(&mut a, "badge");
    typed_shifted(&mut a, "12x");
    focus(&mut a, "lastName");
    ctrl(&mut a, 'u');
    assert!(ctrl(&mut a, 's').is_empty());
    let f = form(&a);
    assert_eq!(f.stage, Stage::Editing);
    let err = |n: &str| f.fields.iter().find(|x| x.name == n).unwrap().error.clone();
    assert!(err("badge").unwrap().contains("whole number"));
    assert!(err("lastName").unwrap().contains("cannot be left blank"));
}

#[test]
fn read_only_tenant_refuses_the_edit_key_before_anything_is_sent() {
    let mut a = app_with(true, three_users());
    assert!(ch(&mut a, 'e').is_empty());
    assert!(a.modal.is_none());
    assert!(status_text(&a).contains("read-only"));
}

fn a_context(a: &App) -> Context {
    use super::super::component::Component;
    form(a).context()
}

pub(super) fn draw_text(a: &App) -> String {
    let backend = ratatui::backend::TestBackend::new(a.width, a.height);
    let mut t = ratatui::Terminal::new(backend).unwrap();
    t.draw(|f| crate::ui::draw(f, a)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}
