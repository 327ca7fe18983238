//! The command palette and its commands.

use super::*;

#[test]
fn palette_commands() {
    let (mut a, _) = loaded_small(5, false);
    key(&mut a, ':');
    typed(&mut a, "filter status eq \"SUSPENDED\"");
    let effects = code(&mut a, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::LoadUsers { query, .. }]
        if query.filter.as_deref() == Some("status eq \"SUSPENDED\""))
    );

    key(&mut a, ':');
    typed(&mut a, "journal");
    let effects = code(&mut a, KeyCode::Enter);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Action(actions::ActionEffect::ReadJournal { .. })]
    ));
    code(&mut a, KeyCode::Esc);

    key(&mut a, ':');
    typed(&mut a, "mou");
    let effects = code(&mut a, KeyCode::Enter);
    assert_eq!(effects, vec![Effect::SetMouse(false)]);
    assert!(!a.mouse);

    key(&mut a, ':');
    typed(&mut a, "tenant prod");
    let effects = code(&mut a, KeyCode::Enter);
    assert_eq!(effects, vec![Effect::SwitchTenant("prod".into())]);

    key(&mut a, ':');
    typed(&mut a, "q");
    let effects = code(&mut a, KeyCode::Enter);
    assert!(effects.contains(&Effect::Quit));
    assert!(a.quit);
}

#[test]
fn tenant_command_for_the_current_tenant_only_says_so() {
    let mut a = demo_with_config();
    let effects = command(&mut a, "tenant demo");
    assert!(effects.is_empty(), "{effects:?}");
    assert!(a.modal.is_none(), "no dialog to swallow the next key");
    assert!(
        a.status
            .as_ref()
            .is_some_and(|s| s.text.contains("already connected to demo"))
    );
}
