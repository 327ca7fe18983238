//! The create-user form: checks before sending, Okta's causes beside their fields, the new
//! user selected, discarding typed input, secrets kept out of the journal and debug prints.

use crossterm::event::KeyCode;

use super::super::actions::create_form::Field;
use super::super::actions::{ActionModal, WriteOp};
use super::super::test_support::{
    action_modal, active_links, app_with, ch, ctrl, press, row, status_text, three_users,
    typed_shifted, user, validation_error, write_done, write_of, write_ok,
};
use super::super::*;
use crate::okta::UserStatus;

fn fill_form(a: &mut App, login: &str) {
    typed_shifted(a, login);
    press(a, KeyCode::Tab);
    typed_shifted(a, "new@example.com");
    press(a, KeyCode::Tab);
    typed_shifted(a, "New");
    press(a, KeyCode::Tab);
    typed_shifted(a, "Person");
}

#[test]
fn create_form_validates_then_shows_okta_causes_beside_fields_then_selects_the_new_user() {
    let mut a = app_with(false, three_users());
    ch(&mut a, 'C');
    assert!(ctrl(&mut a, 's').is_empty(), "nothing sent when invalid");
    let ActionModal::Form(f) = action_modal(&a) else {
        panic!("form expected");
    };
    assert!(f.error_for(Field::Login).is_some());
    assert!(f.error_for(Field::Email).is_some());
    assert!(f.error_for(Field::First).is_some());

    fill_form(&mut a, "not-an-email");
    // Passwords typed twice must match.
    press(&mut a, KeyCode::Tab);
    typed_shifted(&mut a, "Secret-pass-1");
    press(&mut a, KeyCode::Tab);
    typed_shifted(&mut a, "Secret-pass-2");
    assert!(ctrl(&mut a, 's').is_empty());
    let ActionModal::Form(f) = action_modal(&a) else {
        panic!("form expected");
    };
    assert!(f.error_for(Field::Login).is_some());
    assert!(f.error_for(Field::Password2).is_some());

    // The focus went to the first problem (login). Fix both.
    assert_eq!(f.focus, Field::Login);
    ctrl(&mut a, 'u');
    typed_shifted(&mut a, "taken@example.com");
    for _ in 0..5 {
        press(&mut a, KeyCode::Tab);
    }
    press(&mut a, KeyCode::Backspace);
    ch(&mut a, '1');
    for _ in 0..5 {
        press(&mut a, KeyCode::BackTab);
    }
    // Checked: the form asks first, naming the login and the tenant; nothing sent yet.
    assert!(ctrl(&mut a, 's').is_empty(), "nothing sent before the yes");
    let ActionModal::Form(f) = action_modal(&a) else {
        panic!("form expected");
    };
    assert!(f.confirm_create);
    let screen = super::screen_text(&a);
    assert!(
        screen.contains("Create taken@example.com in tenant"),
        "{screen}"
    );
    let (req, op) = write_of(&ch(&mut a, 'y'));
    let WriteOp::Create(spec) = &op else {
        panic!("create expected");
    };
    assert_eq!(spec.0.login, "taken@example.com");
    assert!(spec.0.password.is_some() && spec.0.activate);

    // Okta says the login is taken: the cause lands beside the login; nothing typed is lost.
    write_done(
        &mut a,
        req,
        Err(validation_error(
            400,
            "E0000001",
            &["login: An object with this field already exists in the current organization"],
        )),
    );
    let ActionModal::Form(f) = action_modal(&a) else {
        panic!("form stays open");
    };
    assert!(
        f.error_for(Field::Login)
            .is_some_and(|e| e.contains("already exists"))
    );
    assert_eq!(f.focus, Field::Login);
    assert_eq!(f.value(Field::Email), "new@example.com");
    assert_eq!(f.value(Field::Password), "Secret-pass-1");
    assert!(f.general.as_deref().is_some_and(|g| g.contains("rid-err")));

    ctrl(&mut a, 'u');
    typed_shifted(&mut a, "fresh@example.com");
    assert!(ctrl(&mut a, 's').is_empty());
    let (req, _) = write_of(&ch(&mut a, 'y'));
    let new_row = row(50, "Fresh", UserStatus::Active);
    write_done(
        &mut a,
        req,
        write_ok(Some(user(&new_row, "ACTIVE", &active_links()))),
    );
    assert!(a.modal.is_none());
    assert_eq!(
        a.users.list.selected_row().map(|r| r.id().to_owned()),
        Some(new_row.id().to_owned())
    );
    assert!(status_text(&a).contains("created"));
}

#[test]
fn create_form_esc_asks_before_discarding() {
    let mut a = app_with(false, three_users());
    ch(&mut a, 'C');
    press(&mut a, KeyCode::Esc);
    assert!(a.modal.is_none(), "nothing typed: closes at once");
    ch(&mut a, 'C');
    typed_shifted(&mut a, "x");
    press(&mut a, KeyCode::Esc);
    let ActionModal::Form(f) = action_modal(&a) else {
        panic!("form stays");
    };
    assert!(f.confirm_discard);
    ch(&mut a, 'n');
    let ActionModal::Form(f) = action_modal(&a) else {
        panic!("form stays");
    };
    assert_eq!(f.value(Field::Login), "x");
    press(&mut a, KeyCode::Esc);
    ch(&mut a, 'y');
    assert!(a.modal.is_none());
}

#[test]
fn journal_options_never_carry_secrets() {
    let mut a = app_with(false, three_users());
    ch(&mut a, 'C');
    fill_form(&mut a, "new.person@example.com");
    press(&mut a, KeyCode::Tab);
    typed_shifted(&mut a, "Hunter2-Secret");
    press(&mut a, KeyCode::Tab);
    typed_shifted(&mut a, "Hunter2-Secret");
    press(&mut a, KeyCode::Tab);
    typed_shifted(&mut a, "Pet?");
    press(&mut a, KeyCode::Tab);
    typed_shifted(&mut a, "Rex-Answer");
    ctrl(&mut a, 's');
    let (_, op) = write_of(&ch(&mut a, 'y'));
    let text = serde_json::Value::Object(op.options()).to_string();
    assert!(
        !text.contains("Hunter2") && !text.contains("Rex-Answer"),
        "{text}"
    );
    assert!(!format!("{op:?}").contains("Hunter2"));
    assert!(!format!("{:?}", a.modal).contains("Rex-Answer"));
}
