//! `o` and `O`: sorting offers only the columns on screen, and a new order starts at its top.

use super::super::test_support::{app_with, ch, row};
use super::super::*;
use crate::okta::UserStatus;

/// 30 users whose email is not their login.
fn users_at(width: u16) -> App {
    let rows = (0..30)
        .map(|i| {
            row(i, "Ann", UserStatus::Active)
                .with(|f| f.email = format!("ann.{i}@mail.example.org").into())
        })
        .collect();
    let mut a = app_with(false, rows);
    a.update(Msg::Resize(width, 24));
    a
}

fn sorted_columns(a: &mut App, presses: usize) -> Vec<Option<usize>> {
    (0..presses)
        .map(|_| {
            ch(a, 'o');
            a.users.list.sort.map(|s| s.column)
        })
        .collect()
}

#[test]
fn at_80_columns_sort_cycles_through_the_shown_columns_only() {
    let mut a = users_at(80);
    // Status, Login, Name, Email are on screen; Last login and Created are not.
    assert_eq!(
        sorted_columns(&mut a, 5),
        [Some(0), Some(1), Some(2), Some(3), None]
    );
}

#[test]
fn at_80_columns_an_email_that_repeats_the_login_is_not_offered() {
    let rows = (0..30).map(|i| row(i, "Ann", UserStatus::Active)).collect();
    let mut a = app_with(false, rows);
    a.update(Msg::Resize(80, 24));
    // Email equals Login on every row shown: the table leaves it out, and so does sorting.
    assert_eq!(sorted_columns(&mut a, 4), [Some(0), Some(1), Some(2), None]);
}

#[test]
fn at_160_columns_every_column_sorts() {
    let mut a = users_at(160);
    assert_eq!(
        sorted_columns(&mut a, 7),
        [Some(0), Some(1), Some(2), Some(3), Some(4), Some(5), None]
    );
}

#[test]
fn a_sort_goes_to_the_top_of_the_new_order() {
    let mut a = users_at(80);
    for _ in 0..20 {
        ch(&mut a, 'j');
    }
    ch(&mut a, 'o');
    ch(&mut a, 'O');
    assert_eq!(a.users.list.selected, 0);
    assert_eq!(a.users.list.offset, 0);
}

/// A list too big for a plain comparison sort is sorted by key bytes; every column must come
/// out in the order a whole comparison of the rows gives.
#[test]
fn a_big_list_sorts_by_every_column_as_comparing_rows_would() {
    use crate::app::list::ListRow;
    let firsts = ["Ann", "ann", "Émile", "emile", "Al", "Alan", "Zoë", ""];
    let lasts = ["Turing", "turing", "Ó Briain", "", "T"];
    let statuses = [
        UserStatus::Active,
        UserStatus::Suspended,
        UserStatus::Other("NEWER".into()),
    ];
    let rows: Vec<crate::okta::UserRow> = (0..600)
        .map(|i| {
            row(i, firsts[i % firsts.len()], statuses[i % 3].clone()).with(|f| {
                f.last_name = lasts[(i / 3) % lasts.len()].into();
                f.login = format!("{}.{}@Example.com", f.first_name, i % 41).into();
                f.email = format!("user{}@mail.example.org", i % 13).into();
                f.last_login = (i % 4 != 0).then_some((i as i64 % 17) * 1_000);
                f.created = Some(-(i as i64 % 7));
            })
        })
        .collect();
    let mut list = RowList::default();
    list.push_page(rows.clone());
    for column in 0..6 {
        for descending in [false, true] {
            list.set_sort(Some(Sort { column, descending }));
            let got: Vec<&str> = list.in_order().map(|r| r.id()).collect();
            let mut expected: Vec<usize> = (0..rows.len()).collect();
            expected.sort_by(|&a, &b| {
                let ord = rows[a].compare(&rows[b], column);
                let ord = if descending { ord.reverse() } else { ord };
                ord.then(a.cmp(&b))
            });
            let expected: Vec<&str> = expected.iter().map(|&i| rows[i].id()).collect();
            assert_eq!(got, expected, "column {column}, descending {descending}");
        }
    }
}
