use super::*;

/// Prepared rows with the texts they were built from (a list keeps those in its rows).
#[derive(Default)]
struct Hays {
    hay: Haystacks,
    texts: Vec<String>,
}

impl RowTexts for Vec<String> {
    fn row_text(&self, i: usize) -> String {
        self[i].clone()
    }
}

impl Hays {
    fn push(&mut self, text: &str) {
        self.hay.push(text);
        self.texts.push(text.to_owned());
    }

    fn replace(&mut self, i: usize, text: &str) {
        self.hay.replace(i, text);
        self.texts[i] = text.to_owned();
    }

    fn get(&self, i: usize) -> HaystackRef<'_> {
        self.hay.get(i, &self.texts)
    }
}

#[test]
fn fuzzy_inverse_exact() {
    let f = Filter::new("alc");
    assert!(f.matches("alice@example.com"));
    assert!(!f.matches("bob@xyz.org"));
    let inv = Filter::new("!alice");
    assert!(!inv.matches("alice@example.com"));
    assert!(inv.matches("bob@example.com"));
    let exact = Filter::new("'lic");
    assert!(exact.matches("alice"));
    assert!(!exact.matches("l-i-c"));
    let fuzzy = Filter::new("lic");
    assert!(fuzzy.matches("l-i-c"));
}

#[test]
fn words_are_anded() {
    let f = Filter::new("ali smi");
    assert!(f.matches("alice smith"));
    assert!(!f.matches("alice jones"));
}

#[test]
fn highlight_positions_are_chars() {
    let f = Filter::new("'名前");
    assert_eq!(f.highlight("x名前y"), vec![1, 2]);
    assert!(Filter::new("!x").highlight("x").is_empty());
}

#[test]
fn prepared_path_agrees_with_the_plain_one() {
    let rows = [
        "ACTIVE alice.smith@example.com Alice Smith",
        "SUSPENDED bob@example.com Bob 名前",
        "ACTIVE zoë@example.com Zoë O'Brien",
    ];
    for text in [
        "alc", "Alice", "ali smi", "!bob", "'名前", "^ACT", "com$", "zoe", "BOB", "'zoe", "!zoë",
        "'o'b", "xyz", "名",
    ] {
        let f = Filter::new(text);
        let mut hays = Hays::default();
        for r in rows {
            hays.push(r);
        }
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(
                f.matches(r),
                f.matches_prepared(hays.get(i)),
                "{text:?} on {r:?}"
            );
        }
    }
}

/// The per-field masks (prepared rows) and the whole-row scan (`matches`, replaced rows,
/// rows too long for the masks) must keep the same rows.
#[test]
fn field_masks_keep_the_same_rows_as_the_row_scan() {
    let long = "x".repeat(70_000) + "alice";
    let rows = [
        join_fields(["ACTIVE", "alice.smith@example.com", "", "Alice", "Smith"]),
        join_fields(["SUSPENDED", "bob@example.com", "b.o@x.org", "Bob", "名前"]),
        join_fields(["ACTIVE", "zoë@example.com", "", "Zoë", "O'Brien"]),
        join_fields(["PROVISIONED", "al", "i", "ce", "a-l_i.c@e"]),
        join_fields(["ACTIVE", &long, "", "Long", "Row"]),
        String::new(),
    ];
    let mut hays = Hays::default();
    for r in &rows {
        hays.push(r);
    }
    for text in [
        "a", "al", "ali", "alic", "alice", "alsm", "asm", "exa", "exam", "bo", "b.o", "obr", "o'b",
        "ce", "lce", "a-l", "_i", "acti", "prov", "'al", "'ice", "!al", "x", "zz", "row", "lon",
        "xal", "名",
    ] {
        let f = Filter::new(text);
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(
                f.matches(r),
                f.matches_prepared(hays.get(i)),
                "{text:?} on row {i}"
            );
        }
    }
}

#[test]
fn haystacks_keep_rows_apart_and_take_replacements() {
    let mut h = Hays::default();
    h.push("Alice Zoë");
    h.push("");
    h.push("bob");
    assert_eq!(h.get(0).folded, b"alice zoe");
    assert_eq!(h.get(1).text(), "");
    assert_eq!(h.get(2).text(), "bob");
    h.replace(2, "Carol");
    assert_eq!(h.get(2).folded, b"carol");
    assert_eq!(h.get(2).text(), "Carol");
    assert_eq!(h.get(0).text(), "Alice Zoë");
    // Masks say which bytes a row holds, replacements included.
    assert_eq!(h.get(2).mask, byte_mask(b"carol"));
    assert_eq!(h.get(1).mask, 0);
}

#[test]
fn rank_puts_a_whole_field_before_a_prefix() {
    let mut hay = Hays::default();
    hay.push(&row(&["ACTIVE", "mateo.park10166@example.com", "Mateo"]));
    hay.push(&row(&["ACTIVE", "mateo.park1@example.com", "Mateo"]));
    hay.push(&row(&["ACTIVE", "x.mateo.park1@example.com", "Mateo"]));
    let f = Filter::new("Mateo.Park1@example.com");
    assert_eq!(f.rank(hay.get(0)), None);
    assert_eq!(f.rank(hay.get(1)), Some(0));
    assert_eq!(f.rank(hay.get(2)), None);
    assert_eq!(Filter::new("mateo.park1").rank(hay.get(0)), Some(1));
    assert_eq!(
        Filter::new("mateo park1").rank(hay.get(1)),
        None,
        "two words"
    );
}

#[test]
fn narrowing_rules() {
    assert!(Filter::new("alic").narrows("ali"));
    assert!(!Filter::new("!alic").narrows("!ali"));
    assert!(!Filter::new("al").narrows("ali"));
}

fn row(fields: &[&str]) -> String {
    join_fields(fields.iter().copied())
}

#[test]
fn a_word_matches_inside_one_field_only() {
    // `/olga` must not match alice.wang2204 by picking letters from several fields.
    let alice = row(&[
        "ACTIVE",
        "alice.wang2204@example.com",
        "Alice",
        "Wang",
        "Alice Wang",
    ]);
    let olga = row(&[
        "ACTIVE",
        "olga.petrova@example.com",
        "Olga",
        "Petrova",
        "Olga Petrova",
    ]);
    for text in ["olga", "Olga"] {
        let f = Filter::new(text);
        assert!(!f.matches(&alice), "{text}");
        assert!(f.matches(&olga), "{text}");
    }
    // Words are still ANDed across fields, and `!x` checks every field.
    assert!(Filter::new("olga petr").matches(&olga));
    assert!(!Filter::new("!petrova").matches(&olga));
    assert!(Filter::new("!petrova").matches(&alice));
    assert!(Filter::new("'wang2204").matches(&alice));
    assert!(!Filter::new("'active.alice").matches(&alice));
}

#[test]
fn scattered_fuzzy_letters_do_not_match() {
    let f = Filter::new("olga");
    assert!(!f.matches("o1234l5g6a"));
    assert!(!f.matches("oliver.xyzgarcia"));
    assert!(f.matches("ol.ga"));
    // A jump to the start of a word is fine: initials-style words still work.
    assert!(Filter::new("asmith").matches("alice.smith@example.com"));
    assert!(Filter::new("alsm").matches("alice smith"));
    assert!(!Filter::new("Olga").matches("O1234l5g6a"));
    assert!(Filter::new("Olga").matches("Ol_ga"));
}

#[test]
fn a_longer_word_never_matches_more_rows() {
    let rows = [
        "o1l23g4a",
        "olga",
        "o.l.g.a",
        "ol123ga",
        "oxxlxxgxxa",
        "alice.wang2204",
        "o-lg12a",
    ];
    for r in rows {
        for n in 1.."olga".len() {
            let (short, long) = (Filter::new(&"olga"[..n]), Filter::new(&"olga"[..n + 1]));
            assert!(!long.matches(r) || short.matches(r), "{r} {n}");
        }
    }
}

#[test]
fn highlight_skips_scattered_letters() {
    let f = Filter::new("olga");
    assert!(f.highlight("o1234l5g6a").is_empty());
    assert_eq!(f.highlight("xolgay"), vec![1, 2, 3, 4]);
}

#[test]
fn long_fields_are_checked_whole() {
    // Past the first 128 bytes a tight match still counts, a scattered one still not.
    let long = format!("{}olga", "x".repeat(200));
    assert!(Filter::new("olga").matches(&long));
    let scattered = format!("{}o123l456g789a", "x".repeat(200));
    assert!(!Filter::new("olga").matches(&scattered));
}

#[test]
fn the_split_run_keeps_the_same_rows_in_the_same_order() {
    let mut hay = Hays::default();
    let n = PARALLEL_FROM as u32 * 3 + 7;
    for i in 0..n {
        let name = if i % 3 == 0 { "olga" } else { "bob" };
        hay.push(&row(&["ACTIVE", &format!("{name}{i}@example.com"), name]));
    }
    let source: Vec<u32> = (0..n).rev().collect();
    for text in ["olg", "!olga", "'bob", "^olga", "ol ex"] {
        let f = Filter::new(text);
        let one = keep_run(&f, &hay.hay, &hay.texts, &source);
        assert_eq!(
            keep_matching(&f, &hay.hay, &hay.texts, &source),
            one,
            "{text}"
        );
        assert!(!one.is_empty() && one.len() < n as usize, "{text}");
    }
}

#[test]
fn is_exact_finds_only_a_whole_field_in_rows_with_and_without_field_offsets() {
    let mut hay = Hays::default();
    hay.push(&row(&["ACTIVE", "ann@example.com", "Ann"]));
    hay.push(&row(&["ACTIVE", "annabel@example.com", "Annabel"]));
    // A replaced row keeps no field offsets: the whole-row scan answers for it.
    hay.push(&row(&["ACTIVE", "x@example.com", "X"]));
    hay.replace(2, &row(&["ACTIVE", "ann@example.org", "Ann"]));
    let f = Filter::new("ann");
    assert!(f.is_exact(hay.get(0)), "a field is the word");
    assert!(!f.is_exact(hay.get(1)), "fields only start with it");
    assert!(f.is_exact(hay.get(2)));
    assert_eq!(f.rank(hay.get(1)), Some(1));
    assert!(!Filter::new("ann x").is_exact(hay.get(0)), "two words");
}

/// Words nucleo answers (capitals, anchors, negations) are first checked lower-cased on the
/// folded text; that check must never drop a row nucleo would keep, nor keep one it drops.
#[test]
fn the_lower_case_pre_check_keeps_what_nucleo_keeps() {
    let rows = [
        join_fields([
            "ACTIVE",
            "alan.turing4@example.com",
            "Alan",
            "Turing",
            "Alan Turing",
        ]),
        join_fields([
            "ACTIVE",
            "a名xlan@example.com",
            "A名xLan",
            "Zoë",
            "ÁLAN Zoë",
        ]),
        join_fields([
            "SUSPENDED",
            "ALAN@EXAMPLE.COM",
            "Alán",
            "O'Brien",
            "Alán O'Brien",
        ]),
        join_fields([
            "ACTIVE",
            "grace.hopper@example.com",
            "Grace",
            "Hopper",
            "Grace Hopper",
        ]),
        join_fields([
            "ACTIVE",
            "x".repeat(70_000).as_str(),
            "Alan",
            "Long",
            "Alan Long",
        ]),
    ];
    let mut hays = Hays::default();
    for r in &rows {
        hays.push(r);
    }
    for text in [
        "Alan",
        "ALAN",
        "AL",
        "Al",
        "Ax",
        "ALn",
        "^Alan",
        "Turing$",
        "^ACT",
        "'Alan",
        "!Alan",
        "!ALAN",
        "'Bri",
        "O'B",
        "ZoË",
        "Grace Hop",
        "^alan",
        "com$",
        "!zoe",
    ] {
        let fast = Filter::new(text);
        let slow = Filter::new(text).without_pre_checks();
        for i in 0..rows.len() {
            assert_eq!(
                fast.matches_prepared(hays.get(i)),
                slow.matches_prepared(hays.get(i)),
                "{text:?} on row {i}"
            );
        }
    }
}

#[test]
fn case_never_matters() {
    for text in ["Alan", "ALAN", "'Turing", "^ALAN", "Alan.Turing"] {
        let f = Filter::new(text);
        assert!(f.matches("alan.turing@example.com"), "{text}");
        assert!(f.matches("ALAN.TURING@EXAMPLE.COM"), "{text}");
    }
    assert!(!Filter::new("!ALAN").matches("alan@example.com"));
    assert_eq!(Filter::new("AL").highlight("alan"), vec![0, 1]);
}

#[test]
fn the_split_focus_search_finds_the_row_one_pass_finds() {
    let mut hay = Hays::default();
    let n = PARALLEL_FROM as u32 * 3 + 7;
    for i in 0..n {
        let login = match i {
            // A row starting with the word early, the word itself in a later run.
            5 => "olga.k@example.com".to_owned(),
            40_000 => "olga".to_owned(),
            _ => format!("bob{i}@example.com"),
        };
        hay.push(&row(&["ACTIVE", &login, "Bob"]));
    }
    let source: Vec<u32> = (0..n).collect();
    for text in ["olga", "olga.k", "bob1", "bob3", "zed", "olga x"] {
        let f = Filter::new(text);
        assert_eq!(
            best_ranked(&f, &hay.hay, &hay.texts, &source),
            best_in_run(&f, &hay.hay, &hay.texts, &source),
            "{text}"
        );
    }
    let f = Filter::new("olga");
    assert_eq!(
        best_ranked(&f, &hay.hay, &hay.texts, &source),
        Some((0, 40_000))
    );
}
