//! Sorting a big list by a column. Comparing rows one pair at a time reads two rows scattered
//! in memory for each of about twenty million comparisons at a million rows (seconds); when
//! the column gives byte keys (`ListRow::sort_key`), the rows are sorted by eight key bytes
//! at a time instead, held side by side, and only rows whose keys agree that far are compared
//! whole.

use super::{ListRow, Sort, compare};

/// Below this many rows a plain comparison sort is as quick.
const SMALL: usize = 64;
/// Key bytes looked at before rows that still agree are compared whole.
const MAX_CHUNKS: usize = 4;

/// Puts `order` (row indices) in `sort`'s order, as `compare` would.
pub(super) fn sort_order<T: ListRow>(rows: &[T], order: &mut [u32], sort: Sort) {
    let keyed = order.len() > SMALL
        && order
            .first()
            .and_then(|&i| rows.get(i as usize))
            .is_some_and(|r| r.sort_key(sort.column, 0).is_some());
    if keyed {
        sort_run(rows, order, sort, 0);
    } else {
        order.sort_by(|a, b| compare(rows, sort, *a, *b));
    }
}

fn sort_run<T: ListRow>(rows: &[T], run: &mut [u32], sort: Sort, chunk: usize) {
    if run.len() <= SMALL || chunk == MAX_CHUNKS {
        run.sort_by(|a, b| compare(rows, sort, *a, *b));
        return;
    }
    let mut keyed: Vec<(u64, u32)> = run
        .iter()
        .map(|&i| {
            let key = rows
                .get(i as usize)
                .and_then(|r| r.sort_key(sort.column, chunk));
            (key.unwrap_or(0), i)
        })
        .collect();
    if sort.descending {
        keyed.sort_unstable_by_key(|k| std::cmp::Reverse(k.0));
    } else {
        keyed.sort_unstable_by_key(|k| k.0);
    }
    for (slot, (_, i)) in run.iter_mut().zip(&keyed) {
        *slot = *i;
    }
    // Rows whose keys agree so far are put in order by the next eight bytes.
    let mut start = 0;
    while start < keyed.len() {
        let key = keyed[start].0;
        let end = start + keyed[start..].iter().take_while(|k| k.0 == key).count();
        if end - start > 1 {
            sort_run(rows, &mut run[start..end], sort, chunk + 1);
        }
        start = end;
    }
}

/// Bytes `chunk * 8 ..` of `bytes` as a big-endian number, zeros past the end: numbers in
/// the order of the bytes themselves (a shorter text first).
pub fn key_chunk(bytes: impl Iterator<Item = u8>, chunk: usize) -> u64 {
    let mut out = [0u8; 8];
    for (slot, b) in out.iter_mut().zip(bytes.skip(chunk * 8)) {
        *slot = b;
    }
    u64::from_be_bytes(out)
}

/// `key_chunk` of a text's lower-case form (what `cmp_ignore_case` orders by).
pub fn lower_key_chunk(text: &str, chunk: usize) -> u64 {
    if text.is_ascii() {
        key_chunk(text.bytes().map(|b| b.to_ascii_lowercase()), chunk)
    } else {
        key_chunk(text.to_lowercase().bytes(), chunk)
    }
}

/// A key for an optional time: none first, then by time.
pub fn time_key(t: Option<i64>, chunk: usize) -> u64 {
    match (t, chunk) {
        (Some(t), 0) => ((t as u64) ^ (1 << 63)).saturating_add(1),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use super::*;

    #[derive(Debug)]
    struct Row(String, Option<i64>);

    impl ListRow for Row {
        fn row_id(&self) -> &str {
            &self.0
        }
        fn haystack(&self) -> String {
            self.0.clone()
        }
        fn compare(&self, other: &Self, column: usize) -> Ordering {
            match column {
                0 => super::super::cmp_ignore_case(&self.0, &other.0),
                _ => self.1.cmp(&other.1),
            }
        }
        fn sort_key(&self, column: usize, chunk: usize) -> Option<u64> {
            Some(match column {
                0 => lower_key_chunk(&self.0, chunk),
                _ => time_key(self.1, chunk),
            })
        }
    }

    #[test]
    fn keyed_sorting_gives_the_order_of_whole_comparisons() {
        let words = [
            "alan.turing1@example.com",
            "Alan.Turing1@example.com",
            "alan.turing10@example.com",
            "alan.turing@example.com",
            "alan.turing1@example.co",
            "ÉMILE@example.com",
            "emile@example.com",
            "zoë",
            "Zoe",
            "",
            "a",
            "alan.turing1@example.com.very.long.domain.name.that.goes.on",
            "alan.turing1@example.com.very.long.domain.name.that.goes.of",
        ];
        let rows: Vec<Row> = (0..2000)
            .map(|i| {
                let w = words[(i * 7) % words.len()];
                let time = (i % 5 != 0).then_some((i as i64 % 97 - 48) * 1_000_000);
                Row(format!("{w}{}", if i % 3 == 0 { "x" } else { "" }), time)
            })
            .collect();
        for column in [0, 1] {
            for descending in [false, true] {
                let sort = Sort { column, descending };
                let mut keyed: Vec<u32> = (0..rows.len() as u32).collect();
                sort_order(&rows, &mut keyed, sort);
                let mut whole: Vec<u32> = (0..rows.len() as u32).collect();
                whole.sort_by(|a, b| compare(&rows, sort, *a, *b));
                assert_eq!(keyed, whole, "{sort:?}");
            }
        }
    }
}
