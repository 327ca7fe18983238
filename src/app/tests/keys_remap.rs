//! Remapped keys: dispatch, and every place that names a key.

use super::*;

#[test]
fn keymap_override_drives_dispatch() {
    let mut keys = std::collections::BTreeMap::new();
    keys.insert("filter".to_owned(), "F".to_owned());
    let mut a = App::new(AppInit {
        tenant: Some(TenantInfo::default()),
        keys,
        width: 80,
        height: 24,
        ..Default::default()
    });
    a.start();
    key(&mut a, '/');
    assert!(a.filter_input.is_none());
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('F'),
        KeyModifiers::SHIFT,
    )));
    assert!(a.filter_input.is_some());
}

/// Every context the console's own code draws or dispatches in.
const CONTEXTS: &[Context] = &[
    Context::Users,
    Context::Groups,
    Context::Credentials,
    Context::UserDetail,
    Context::GroupDetail,
    Context::Raw,
    Context::TenantForm,
    Context::FilterLine,
    Context::Help,
    Context::Palette,
    Context::Prompt,
    Context::StatusPick,
    Context::Error,
];

/// Overrides moving every action of the default table to its own function key (F30 on), so
/// no new key is typed text and no two actions share one.
fn every_action_moved() -> std::collections::BTreeMap<String, String> {
    let mut names: Vec<&str> = Vec::new();
    for b in Keymap::default().bindings() {
        if !names.contains(&b.action.name()) {
            names.push(b.action.name());
        }
    }
    names
        .iter()
        .enumerate()
        .map(|(i, n)| ((*n).to_owned(), format!("f{}", 30 + i)))
        .collect()
}

fn remapped_app(width: u16, height: u16) -> App {
    let a = App::new(AppInit {
        tenant: Some(TenantInfo {
            name: "acme".into(),
            domain: "https://acme.okta.com".into(),
            read_only: false,
            color: None,
        }),
        keys: every_action_moved(),
        width,
        height,
        ..Default::default()
    });
    with_loaded_rows(a, mixed_rows(5, 0))
}

fn event(spec: &keymap::KeySpec) -> KeyEvent {
    KeyEvent::new(spec.code, spec.mods)
}

/// The key text `action` now has in `ctx`.
fn new_key(a: &App, ctx: Context, action: Action) -> String {
    let k = a.keymap.hint(ctx, action);
    assert!(k.starts_with('F'), "{action:?} in {ctx:?} still on {k:?}");
    k
}

#[test]
fn every_remapped_action_answers_its_new_key_and_not_its_old_ones() {
    let defaults = Keymap::default();
    let (moved, warnings) = Keymap::new(&every_action_moved());
    assert!(warnings.is_empty(), "{warnings:?}");
    for &ctx in CONTEXTS {
        for b in defaults.for_context(ctx) {
            for old in &b.keys {
                assert_eq!(
                    moved.action(ctx, &event(old)),
                    None,
                    "{ctx:?}: old key {old} still does something"
                );
            }
            let new = moved
                .for_context(ctx)
                .find(|m| m.action == b.action)
                .map(|m| m.keys.clone())
                .unwrap_or_default();
            assert_eq!(new.len(), 1, "{ctx:?}: {:?} has {new:?}", b.action);
            assert_eq!(moved.action(ctx, &event(&new[0])), Some(b.action));
            assert_eq!(moved.hint(ctx, b.action), new[0].to_string());
        }
    }
}

#[test]
fn footer_and_help_name_the_remapped_keys() {
    let mut a = remapped_app(400, 80);
    let footer = drawn_rows(&a).last().cloned().unwrap_or_default();
    for (key, label) in a
        .keymap
        .footer_where(Context::Users, |x| a.key_available(x))
    {
        assert!(key.starts_with('F'), "{label} still on {key}");
        assert!(
            footer.contains(&format!("{key} {label}")),
            "footer lacks {key} {label}: {footer}"
        );
    }
    assert!(!footer.contains("/ filter"), "{footer}");
    let help = new_key(&a, Context::Users, Action::Help);
    a.update(Msg::Key(KeyEvent::new(
        KeyCode::F(help[1..].parse().expect("F number")),
        KeyModifiers::NONE,
    )));
    assert!(matches!(a.modal, Some(Modal::Help(_))));
    let screen = screen_text(&a);
    let title = format!(
        " help · {}/{} scroll · {} closes ",
        new_key(&a, Context::Help, Action::Down),
        new_key(&a, Context::Help, Action::Up),
        new_key(&a, Context::Help, Action::Close)
    );
    assert!(screen.contains(&title), "help title: {screen}");
    for b in a.keymap.for_context(Context::Users) {
        let line = format!("  {:<18}{}", keymap::keys_text(&b.keys), b.label);
        assert!(
            !a.key_available(b.action) || screen.contains(&line),
            "help lacks {line:?}"
        );
    }
    let filter = new_key(&a, Context::Users, Action::Filter);
    let palette = new_key(&a, Context::Users, Action::Palette);
    assert!(screen.contains(&format!("Filter ({filter}) syntax")));
    assert!(screen.contains(&format!("Commands ({palette})")));
}

#[test]
fn dialog_hints_name_the_remapped_keys() {
    let mut a = remapped_app(160, 40);
    a.modal = Some(Modal::Prompt(modal::Prompt::new(PromptKind::ServerSearch)));
    let screen = screen_text(&a);
    let hint = format!(
        "({} runs, {} cancels)",
        new_key(&a, Context::Prompt, Action::Choose),
        new_key(&a, Context::Prompt, Action::Close)
    );
    assert!(screen.contains(&hint), "prompt hint: {screen}");

    a.modal = Some(Modal::Error(ErrorInfo::from_okta(
        "loading users",
        &api_error(401, "E0000011"),
    )));
    let screen = screen_text(&a);
    let opens = format!(
        "{} opens Credentials",
        new_key(&a, Context::Error, Action::CredentialsTab)
    );
    assert!(screen.contains(&opens), "error dialog: {screen}");

    a.modal = None;
    a.filter_input = Some(LineInput::default());
    let footer = drawn_rows(&a).last().cloned().unwrap_or_default();
    let keep = new_key(&a, Context::FilterLine, Action::Choose);
    assert!(footer.contains(&format!("{keep} keep filter")), "{footer}");
}

/// Presses every old key of `ctx` and checks none of them changes the model.
fn old_keys_do_nothing(a: &mut App, ctx: Context, setup: impl Fn(&mut App)) {
    for b in Keymap::default().for_context(ctx) {
        for old in &b.keys {
            setup(a);
            let (modal, filter, tab, stack) = (
                a.modal.clone(),
                a.filter_input.clone(),
                a.tab,
                a.stack.len(),
            );
            let effects = a.update(Msg::Key(event(old)));
            assert!(
                effects.is_empty(),
                "{ctx:?}: old {old} asked for {effects:?}"
            );
            assert_eq!(a.modal, modal, "{ctx:?}: old {old} changed the dialog");
            assert_eq!(a.filter_input, filter, "{ctx:?}: old {old}");
            assert_eq!((a.tab, a.stack.len()), (tab, stack), "{ctx:?}: old {old}");
            assert!(!a.quit, "{ctx:?}: old {old} quit");
        }
    }
}

#[test]
fn old_keys_do_nothing_on_the_screens_and_in_the_dialogs() {
    let mut a = remapped_app(120, 36);
    old_keys_do_nothing(&mut a, Context::Users, |a| a.modal = None);
    old_keys_do_nothing(&mut a, Context::Help, |a| {
        let max = a.help_max_scroll();
        a.modal = Some(Modal::Help(modal::HelpDialog { scroll: 0, max }));
    });
    old_keys_do_nothing(&mut a, Context::Palette, |a| {
        a.modal = Some(Modal::Palette(modal::Palette::default()))
    });
    old_keys_do_nothing(&mut a, Context::Prompt, |a| {
        a.modal = Some(Modal::Prompt(modal::Prompt::new(PromptKind::ServerSearch)))
    });
    old_keys_do_nothing(&mut a, Context::StatusPick, |a| {
        a.modal = Some(Modal::StatusPick(modal::StatusPick { selected: 1 }))
    });
    old_keys_do_nothing(&mut a, Context::FilterLine, |a| {
        a.modal = None;
        a.filter_input = Some(LineInput::with_text("ab"));
    });
}

#[test]
fn status_lines_and_error_advice_name_the_remapped_keys() {
    let mut a = App::new(AppInit {
        tenant: Some(TenantInfo::default()),
        keys: every_action_moved(),
        width: 120,
        height: 36,
        ..Default::default()
    });
    let req = users_req(&a.start());
    a.update(page(req, mixed_rows(3, 0), true));
    let back = a.keymap.key_for(Action::Back).expect("back key");
    a.update(Msg::Key(event(&back)));
    let reload = new_key(&a, Context::Users, Action::Refresh);
    assert!(
        status_text(&a).contains(&format!("({reload} reloads)")),
        "{}",
        status_text(&a)
    );

    let info = ErrorInfo::from_okta("loading users", &api_error(401, "E0000011"));
    let credentials = new_key(&a, Context::Users, Action::CredentialsTab);
    let advice = info.hint_text(&a.keymap).unwrap_or_default();
    assert!(
        advice.contains(&format!("Credentials tab ({credentials})")),
        "{advice}"
    );
    let info = ErrorInfo::from_okta("loading users", &dropped());
    let advice = info.hint_text(&a.keymap).unwrap_or_default();
    assert!(
        advice.contains(&format!("Press {reload} to retry")),
        "{advice}"
    );

    a.run_command("nonsense");
    let palette = new_key(&a, Context::Users, Action::Palette);
    let next = new_key(&a, Context::Palette, Action::Down);
    assert!(
        status_text(&a).contains(&format!("press {palette} and {next}")),
        "{}",
        status_text(&a)
    );
}
