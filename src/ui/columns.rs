//! Column widths: columns are kept by priority while their minimum widths fit, then the spare
//! room is shared among them up to their maximums. Display order never changes.

#[derive(Debug, Clone, Copy)]
pub struct ColSpec {
    pub min: u16,
    pub max: u16,
    /// Growth up to here comes first; beyond it only once every column reached its own.
    pub soft_max: u16,
    /// 1 is kept first.
    pub priority: u8,
}

/// `(column index, width)` for the columns that fit in `total`, one space between columns.
pub fn fit_columns(specs: &[ColSpec], total: u16) -> Vec<(usize, u16)> {
    let mut order: Vec<usize> = (0..specs.len()).collect();
    order.sort_by_key(|&i| specs[i].priority);
    let mut keep = vec![false; specs.len()];
    let mut used: u16 = 0;
    for &i in &order {
        let gap = if used == 0 { 0 } else { 1 };
        if used + gap + specs[i].min <= total {
            used += gap + specs[i].min;
            keep[i] = true;
        }
    }
    let mut cols: Vec<(usize, u16)> = (0..specs.len())
        .filter(|&i| keep[i])
        .map(|i| (i, specs[i].min))
        .collect();
    let mut spare = total.saturating_sub(used);
    // Round-robin one column at a time so every flexible column grows evenly: first up to the
    // soft limits, then up to the hard ones.
    for limit in [|s: &ColSpec| s.soft_max.min(s.max), |s: &ColSpec| s.max] {
        while spare > 0 {
            let mut grew = false;
            for (i, w) in cols.iter_mut() {
                if spare == 0 {
                    break;
                }
                if *w < limit(&specs[*i]) {
                    *w += 1;
                    spare -= 1;
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
    }
    cols
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_low_priority_first_and_keeps_order() {
        let specs = [
            ColSpec {
                min: 10,
                max: 20,
                soft_max: 20,
                priority: 2,
            },
            ColSpec {
                min: 10,
                max: 30,
                soft_max: 30,
                priority: 1,
            },
            ColSpec {
                min: 10,
                max: 10,
                soft_max: 10,
                priority: 3,
            },
        ];
        let cols = fit_columns(&specs, 25);
        assert_eq!(cols.iter().map(|c| c.0).collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(cols.iter().map(|c| c.1).sum::<u16>() + 1, 25);
    }
}
