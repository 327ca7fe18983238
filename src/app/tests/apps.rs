//! A user's apps: how each came, unassigning a direct one (a group-derived one names its
//! group instead), assigning one of the org's apps picked by name, the list read again after
//! a write, read-only refusing before anything is sent.

use crossterm::event::KeyCode;

use super::super::profile::apps::AppsView;
use super::super::profile::{ProfileEffect, ProfileMsg};
use super::super::test_support::{app_with, ch, press, status_text, three_users, typed_shifted};
use super::super::*;
use crate::okta::GroupRef;
use crate::okta::apps::{App as OktaApp, AppAssignment, Origin};

fn okta_app(id: &str, label: &str) -> OktaApp {
    OktaApp {
        id: id.into(),
        name: label.to_lowercase(),
        label: label.into(),
        status: "ACTIVE".into(),
        sign_on_mode: "SAML_2_0".into(),
    }
}

fn assignments() -> Vec<AppAssignment> {
    vec![
        AppAssignment {
            app: okta_app("0oa1", "Slack"),
            scope: "USER".into(),
            origin: Origin::Direct,
        },
        AppAssignment {
            app: okta_app("0oa2", "Box"),
            scope: "GROUP".into(),
            origin: Origin::Groups {
                groups: vec![GroupRef::new("00g9", "Sales Everyone")],
            },
        },
    ]
}

fn view(a: &App) -> &AppsView {
    match &a.modal {
        Some(Modal::UserApps(v)) => v,
        other => panic!("expected the apps view, got {other:?}"),
    }
}

fn one(effects: Vec<Effect>) -> ProfileEffect {
    match <[Effect; 1]>::try_from(effects) {
        Ok([Effect::Profile(e)]) => e,
        other => panic!("expected one profile effect, got {other:?}"),
    }
}

fn opened(read_only: bool) -> App {
    let mut a = app_with(read_only, three_users());
    let ProfileEffect::LoadAssignments { req, user_id } = one(ch(&mut a, 'w')) else {
        panic!("the assignments load");
    };
    assert_eq!(user_id, "00u00001");
    a.update(Msg::Profile(ProfileMsg::Assignments {
        req,
        result: Ok(assignments()),
    }));
    a
}

#[test]
fn a_group_derived_app_names_its_group_and_a_direct_one_is_unassigned_after_a_confirmation() {
    let mut a = opened(false);
    press(&mut a, KeyCode::Down);
    assert!(ch(&mut a, '-').is_empty());
    assert!(
        status_text(&a).contains("Box comes through Sales Everyone"),
        "{}",
        status_text(&a)
    );
    assert!(view(&a).change.is_none());
    press(&mut a, KeyCode::Up);
    assert!(
        ch(&mut a, '-').is_empty(),
        "nothing sent before the confirmation"
    );
    let ProfileEffect::AppWrite {
        req,
        tenant,
        target,
        app,
        assign,
    } = one(ch(&mut a, 'y'))
    else {
        panic!("the write");
    };
    assert_eq!(
        (tenant.as_str(), target.login.as_str()),
        ("acme", "alice.1@example.com")
    );
    assert_eq!((app.id.as_str(), assign), ("0oa1", false));
    // A stale answer changes nothing; the right one reads the assignments again.
    assert!(
        a.update(Msg::Profile(ProfileMsg::AppWritten {
            req: ReqId(req.0 + 50),
            result: Ok(()),
        }))
        .is_empty()
    );
    let ProfileEffect::LoadAssignments { .. } =
        one(a.update(Msg::Profile(ProfileMsg::AppWritten {
            req,
            result: Ok(()),
        })))
    else {
        panic!("read again");
    };
    assert!(status_text(&a).contains("unassign Slack from alice.1@example.com: ok"));
    assert!(view(&a).changed);
}

#[test]
fn an_app_of_the_org_is_picked_by_name_and_assigned() {
    let mut a = opened(false);
    let ProfileEffect::LoadOrgApps { req } = one(ch(&mut a, '+')) else {
        panic!("the org's apps load");
    };
    a.update(Msg::Profile(ProfileMsg::OrgApps {
        req,
        result: Ok(vec![okta_app("0oa3", "Zoom"), okta_app("0oa4", "Jira")]),
    }));
    typed_shifted(&mut a, "ji");
    assert!(press(&mut a, KeyCode::Enter).is_empty());
    let ProfileEffect::AppWrite { app, assign, .. } = one(press(&mut a, KeyCode::Enter)) else {
        panic!("the write");
    };
    assert_eq!((app.name.as_str(), assign), ("Jira", true));
}

#[test]
fn read_only_shows_the_apps_and_refuses_changes_before_sending() {
    let mut a = opened(true);
    assert_eq!(
        view(&a)
            .assignments
            .as_ref()
            .unwrap()
            .as_ref()
            .unwrap()
            .len(),
        2
    );
    assert!(ch(&mut a, '-').is_empty());
    assert!(ch(&mut a, '+').is_empty());
    assert!(view(&a).change.is_none() && view(&a).pick.is_none());
    assert!(status_text(&a).contains("read-only"));
}

#[test]
fn the_detail_apps_section_says_how_each_app_came() {
    let mut a = app_with(false, three_users());
    let effects = press(&mut a, KeyCode::Enter);
    let Some(Effect::LoadUserDetail { req, .. }) = effects.first() else {
        panic!("the detail loads: {effects:?}");
    };
    let req = *req;
    let link = |id: &str, label: &str| crate::okta::AppLink {
        id: format!("link-{id}"),
        label: label.into(),
        link_url: String::new(),
        logo_url: String::new(),
        app_name: label.to_lowercase(),
        app_instance_id: id.into(),
        app_assignment_id: String::new(),
        credentials_setup: false,
        hidden: false,
        sort_order: 0,
    };
    let links = vec![link("0oa1", "Slack"), link("0oa2", "Box")];
    let effects = a.update(Msg::Detail {
        req,
        part: DetailPart::Apps(Ok(crate::okta::Fetched {
            value: links,
            response: super::super::test_support::ok_response(),
        })),
    });
    let ProfileEffect::LoadAssignments {
        req: asked,
        user_id,
    } = one(effects)
    else {
        panic!("how each came is asked");
    };
    assert_eq!((asked, user_id.as_str()), (req, "00u00001"));
    a.update(Msg::Profile(ProfileMsg::Assignments {
        req,
        result: Ok(assignments()),
    }));
    let Some(Screen::User(d)) = a.stack.last() else {
        panic!("the detail");
    };
    let text = format!("{:?}", d.lines());
    assert!(text.contains("slack · direct"), "{text}");
    assert!(text.contains("box · through Sales Everyone"), "{text}");
}
