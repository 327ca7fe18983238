//! A keystroke over a big list on every core: the rows are cut into one run per core, each
//! checked with its own copy of the filter (its matcher is not shared), and the runs' answers
//! joined in order.

use super::{Filter, Haystacks, RowText};

/// Below this many rows one thread filters faster than starting others.
pub(super) const PARALLEL_FROM: usize = 16_384;

/// The rows of `source` (indices into `hay`) that `filter` keeps, in order. A big list is cut
/// into one run per core, each with its own copy of the filter (its matcher is not shared):
/// a keystroke over 100k rows must fit in one frame even on a small jump host.
pub fn keep_matching(
    filter: &Filter,
    hay: &Haystacks,
    text: RowText<'_>,
    source: &[u32],
) -> Vec<u32> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads < 2 || source.len() < PARALLEL_FROM {
        return keep_run(filter, hay, text, source);
    }
    let chunk = source.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let mut parts = source.chunks(chunk);
        // This thread takes the first run itself instead of waiting idle.
        let first = parts.next().unwrap_or_default();
        let handles: Vec<_> = parts
            .map(|run| {
                let copy = filter.clone();
                scope.spawn(move || keep_run(&copy, hay, text, run))
            })
            .collect();
        let mut out = keep_run(filter, hay, text, first);
        for h in handles {
            match h.join() {
                Ok(part) => out.extend_from_slice(&part),
                // A matcher panic is a bug; carry it to the caller as it would have come.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

/// The first row of `source` whose field is the filter's word (rank 0), else the first that
/// starts with it (rank 1), with its rank. A big list is searched in one run per core, as in
/// `keep_matching`: the first run holding a rank-0 row wins, else the first holding a rank-1.
pub fn best_ranked(
    filter: &Filter,
    hay: &Haystacks,
    text: RowText<'_>,
    source: &[u32],
) -> Option<(u8, u32)> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads < 2 || source.len() < PARALLEL_FROM {
        return best_in_run(filter, hay, text, source);
    }
    let chunk = source.len().div_ceil(threads);
    let found: Vec<Option<(u8, u32)>> = std::thread::scope(|scope| {
        let mut parts = source.chunks(chunk);
        let first = parts.next().unwrap_or_default();
        let handles: Vec<_> = parts
            .map(|run| {
                let copy = filter.clone();
                scope.spawn(move || best_in_run(&copy, hay, text, run))
            })
            .collect();
        let mut found = vec![best_in_run(filter, hay, text, first)];
        for h in handles {
            match h.join() {
                Ok(best) => found.push(best),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        found
    });
    let found = found.into_iter().flatten();
    let mut first_prefix = None;
    for (rank, row) in found {
        if rank == 0 {
            return Some((0, row));
        }
        first_prefix.get_or_insert((rank, row));
    }
    first_prefix
}

pub(super) fn best_in_run(
    filter: &Filter,
    hay: &Haystacks,
    text: RowText<'_>,
    run: &[u32],
) -> Option<(u8, u32)> {
    let mut best: Option<(u8, u32)> = None;
    for &i in run {
        let row = hay.get(i as usize, text);
        if best.is_some() {
            // A row starting with the word is found: only a whole match beats it.
            if filter.is_exact(row) {
                return Some((0, i));
            }
        } else if let Some(r) = filter.rank(row) {
            best = Some((r, i));
            if r == 0 {
                break;
            }
        }
    }
    best
}

pub(super) fn keep_run(
    filter: &Filter,
    hay: &Haystacks,
    text: RowText<'_>,
    run: &[u32],
) -> Vec<u32> {
    run.iter()
        .copied()
        .filter(|&i| filter.matches_prepared(hay.get(i as usize, text)))
        .collect()
}
