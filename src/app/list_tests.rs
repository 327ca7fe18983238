use super::*;

/// A row that is just a name: enough to filter and sort.
#[derive(Debug, Clone)]
struct Name(String);

impl ListRow for Name {
    fn row_id(&self) -> &str {
        &self.0
    }
    fn haystack(&self) -> String {
        self.0.clone()
    }
    fn compare(&self, other: &Self, _: usize) -> Ordering {
        self.0.cmp(&other.0)
    }
}

fn names(list: &RowList<Name>) -> Vec<&str> {
    list.view()
        .iter()
        .map(|&i| list.rows[i as usize].0.as_str())
        .collect()
}

fn page(words: &[&str]) -> Vec<Name> {
    words.iter().map(|w| Name(w.to_string())).collect()
}

/// The view a list with the same rows would have if the filter were typed at once.
fn fresh_view(list: &RowList<Name>, sort: Option<Sort>, text: &str) -> Vec<String> {
    let mut other = RowList::default();
    other.push_page(list.rows.clone());
    other.set_sort(sort);
    other.set_filter(text);
    names(&other).into_iter().map(str::to_owned).collect()
}

const WORDS: [&str; 8] = [
    "alice", "alina", "albert", "bob", "malik", "alicia", "carla", "zali",
];

#[test]
fn backspace_returns_to_the_wider_view_without_searching_again() {
    for sort in [
        None,
        Some(Sort {
            column: 0,
            descending: true,
        }),
    ] {
        let mut list = RowList::default();
        list.set_sort(sort);
        list.push_page(page(&WORDS[..4]));
        for text in ["a", "al", "ali", "alic"] {
            list.set_filter(text);
        }
        assert_eq!(list.widen.len(), 3, "a, al, ali kept for backspace");
        // A page arrives mid-filter: the kept views take its rows in as well.
        list.push_page(page(&WORDS[4..]));
        for text in ["ali", "al", "a"] {
            list.set_filter(text);
            assert_eq!(list.filter().map(Filter::text), Some(text));
            assert_eq!(
                names(&list),
                fresh_view(&list, sort, text),
                "{text} {sort:?}"
            );
        }
        assert!(list.widen.is_empty());
        // Typing on narrows again from there.
        list.set_filter("al");
        assert_eq!(names(&list), fresh_view(&list, sort, "al"));
    }
}

#[test]
fn a_jump_back_several_characters_and_a_new_word_stay_right() {
    let mut list = RowList::default();
    list.push_page(page(&WORDS));
    for text in ["a", "al", "ali", "alic", "alici"] {
        list.set_filter(text);
    }
    // Ctrl-W style: straight back to "al".
    list.set_filter("al");
    assert_eq!(names(&list), fresh_view(&list, None, "al"));
    assert_eq!(list.widen.len(), 1, "only \"a\" is older than \"al\"");
    // A filter that does not narrow the current one starts over.
    list.set_filter("bo");
    assert!(list.widen.is_empty());
    assert_eq!(names(&list), ["bob"]);
    // The same text again is no new step.
    list.set_filter("bo");
    assert!(list.widen.is_empty());
}

#[test]
fn a_changed_row_drops_the_kept_views() {
    let mut list = RowList::default();
    list.push_page(page(&["bob", "alice"]));
    list.set_filter("a");
    list.set_filter("al");
    // "bob" changes (same id, new text through the haystack): a kept view could be
    // wrong about it, so backspace searches again.
    list.update_row(Name("bob".into()));
    assert!(list.widen.is_empty());
    list.set_filter("a");
    assert_eq!(names(&list), fresh_view(&list, None, "a"));
}

#[test]
fn only_so_many_earlier_filters_are_kept() {
    let mut list = RowList::default();
    list.push_page(page(&[&"a".repeat(40)]));
    for n in 1..=40 {
        list.set_filter(&"a".repeat(n));
    }
    assert_eq!(list.widen.len(), WIDEN_DEPTH);
    // Beyond what is kept, backspace still gives the right rows (by searching).
    list.set_filter("a");
    assert_eq!(names(&list).len(), 1);
}

#[test]
fn a_few_rows_merge_into_many_as_into_few() {
    let cmp = |a: &u32, b: &u32| (a / 3).cmp(&(b / 3));
    let many: Vec<u32> = (0..3000).filter(|i| i % 7 != 0).collect();
    let few: Vec<u32> = vec![0, 7, 14, 21, 2996, 3001, 3002];
    let merged = merge(&many, &few, cmp);
    // The plain two-way merge, as it runs when both sides are of a size.
    let mut expected = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < many.len() && j < few.len() {
        if cmp(&many[i], &few[j]) == Ordering::Greater {
            expected.push(few[j]);
            j += 1;
        } else {
            expected.push(many[i]);
            i += 1;
        }
    }
    expected.extend_from_slice(&many[i..]);
    expected.extend_from_slice(&few[j..]);
    assert_eq!(merged, expected, "ties keep the many's rows first");
}

#[test]
fn case_is_ignored_in_sorting_without_lower_case_copies() {
    for (a, b) in [
        ("alice", "Bob"),
        ("ALICE", "alice"),
        ("Zoë", "zoe"),
        ("Émile", "emile"),
        ("a", "ab"),
        ("", "a"),
        ("Éa", "éb"),
        ("xÉa", "Xéa"),
        ("ÉCOLE", "école"),
        ("İx", "i̇x"),
        ("zoë.b", "ZOË.A"),
    ] {
        assert_eq!(
            cmp_ignore_case(a, b),
            a.to_lowercase().cmp(&b.to_lowercase()),
            "{a} {b}"
        );
    }
}

#[test]
fn kept_filters_stay_within_their_budget_of_rows() {
    let kept = |n: usize, text: &str| (Filter::new(text), vec![0u32; n]);
    let mut widen = vec![kept(5, "a"), kept(4, "al"), kept(3, "ali")];
    keep_within(&mut widen, 24, 8);
    let texts: Vec<&str> = widen.iter().map(|(f, _)| f.text()).collect();
    assert_eq!(texts, ["al", "ali"], "the oldest go first");
    // The newest stays even alone over the budget: backspace to it is the common one.
    let mut widen = vec![kept(5, "a"), kept(9, "al")];
    keep_within(&mut widen, 24, 8);
    assert_eq!(widen.len(), 1);
    assert_eq!(widen[0].0.text(), "al");
}
