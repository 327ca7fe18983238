//! The help page.

use super::*;

#[test]
fn help_scrolls_and_only_esc_q_or_question_close_it() {
    let mut a = sized_app(120, 36);
    key(&mut a, '?');
    assert!(matches!(&a.modal, Some(Modal::Help(h)) if h.scroll == 0));
    let max = a.help_max_scroll();
    assert!(max > 0, "at 120x36 the help is longer than the screen");
    key(&mut a, 'j');
    assert!(matches!(&a.modal, Some(Modal::Help(h)) if h.scroll == 1));
    // Scrolling stops at the end, so `k` moves right away after many `j`s.
    for _ in 0..200 {
        key(&mut a, 'j');
    }
    key(&mut a, 'k');
    assert!(matches!(&a.modal, Some(Modal::Help(h)) if h.scroll == max - 1));
    // A stray key does not close it.
    key(&mut a, 'x');
    code(&mut a, KeyCode::Enter);
    assert!(a.modal.is_some());
    code(&mut a, KeyCode::Esc);
    assert!(a.modal.is_none());
    key(&mut a, '?');
    key(&mut a, 'q');
    assert!(a.modal.is_none());
}

#[test]
fn help_lists_the_write_keys_a_read_only_tenant_refuses_and_says_why() {
    let mut a = acme_app(160, 48, false, true);
    a = with_loaded_rows(a, vec![row(1, "Ann", crate::okta::UserStatus::Active)]);
    key(&mut a, '?');
    let screen = super::screen_text(&a);
    assert!(screen.contains("suspend (read-only tenant)"), "{screen}");
}

#[test]
fn help_greys_out_what_the_users_status_does_not_allow() {
    let mut a = acme_app(160, 48, false, false);
    a = with_loaded_rows(a, vec![row(1, "Ann", crate::okta::UserStatus::Suspended)]);
    key(&mut a, '?');
    let screen = super::screen_text(&a);
    assert!(
        screen.contains("suspend (not for this user's status)"),
        "{screen}"
    );
}

#[test]
fn long_help_lines_wrap_under_themselves_at_80_and_160_columns() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut a = acme_app(w, h, false, true);
        a = with_loaded_rows(a, vec![row(1, "Ann", crate::okta::UserStatus::Active)]);
        key(&mut a, '?');
        let inner = usize::from(a.help_inner_width());
        let rows = a.help_rows();
        // Every row fits the popup, and every description is there whole.
        for r in &rows {
            let shown = format!("{}{}", r.key, r.text);
            assert!(
                unicode_width::UnicodeWidthStr::width(shown.as_str()) <= inner,
                "{w}: {shown:?}"
            );
        }
        let all = rows
            .iter()
            .flat_map(|r| r.text.split_whitespace())
            .collect::<Vec<_>>()
            .join(" ");
        for c in crate::app::modal::PALETTE_COMMANDS {
            let words: Vec<&str> = c.about.split_whitespace().collect();
            assert!(all.contains(&words.join(" ")), "{w}: {} not whole", c.about);
        }
        // Scrolling reaches the last row.
        for _ in 0..rows.len() {
            key(&mut a, 'j');
        }
        let screen = super::screen_text(&a);
        let last = rows
            .last()
            .map(|r| r.text.trim().to_owned())
            .unwrap_or_default();
        assert!(screen.contains(&last), "{w}: {last} not on\n{screen}");
    }
}

#[test]
fn at_80_columns_the_footer_says_the_help_key_lists_every_key() {
    let a = with_loaded_rows(
        acme_app(80, 24, false, false),
        vec![row(1, "Ann", crate::okta::UserStatus::Active)],
    );
    let rows = super::drawn_rows(&a);
    let footer = rows.last().cloned().unwrap_or_default();
    assert!(footer.trim_end().ends_with("? all keys"), "{footer}");
    // Where every key fits, it is plain help.
    let a = with_loaded_rows(
        acme_app(400, 24, false, false),
        vec![row(1, "Ann", crate::okta::UserStatus::Active)],
    );
    let footer = super::drawn_rows(&a).last().cloned().unwrap_or_default();
    assert!(footer.trim_end().ends_with("? help"), "{footer}");
}
