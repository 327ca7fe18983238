//! Column widths: columns are kept by priority while their minimum widths fit, then the spare
//! room is shared among them up to their maximums. Display order never changes.

use crate::app::layout::kept_columns;

#[derive(Debug, Clone, Copy)]
pub struct ColSpec {
    pub min: u16,
    pub max: u16,
    /// Growth up to here comes first; beyond it only once every column reached its own.
    pub soft_max: u16,
    /// 1 is kept first.
    pub priority: u8,
    /// Takes spare room up to `soft_max` before the others grow at all, when there is that
    /// much (the status column: its console label matters more than a few more characters
    /// of an email).
    pub eager: bool,
}

impl ColSpec {
    /// A column that grows evenly with the others up to `max`.
    pub const fn plain(min: u16, max: u16, priority: u8) -> ColSpec {
        ColSpec {
            min,
            max,
            soft_max: max,
            priority,
            eager: false,
        }
    }
}

/// `(column index, width)` for the columns that fit in `total`, one space between columns.
pub fn fit_columns(specs: &[ColSpec], total: u16) -> Vec<(usize, u16)> {
    let fit: Vec<(u16, u8)> = specs.iter().map(|s| (s.min, s.priority)).collect();
    let keep = kept_columns(&fit, total);
    let mut cols: Vec<(usize, u16)> = (0..specs.len())
        .filter(|&i| keep[i])
        .map(|i| (i, specs[i].min))
        .collect();
    let used = cols.iter().map(|&(_, w)| w).sum::<u16>() + (cols.len() as u16).saturating_sub(1);
    let mut spare = total.saturating_sub(used);
    for (i, w) in cols.iter_mut() {
        let s = &specs[*i];
        // All or nothing: a few more characters would show no more of what it wants room for.
        let grow = s.soft_max.min(s.max).saturating_sub(*w);
        if s.eager && grow <= spare {
            *w += grow;
            spare -= grow;
        }
    }
    // Round-robin one column at a time so every flexible column grows evenly: first up to the
    // soft limits, then up to the hard ones.
    // An eager column had its turn above; it only grows again once the others are full.
    for limit in [
        |s: &ColSpec| if s.eager { 0 } else { s.soft_max.min(s.max) },
        |s: &ColSpec| s.max,
    ] {
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
                eager: false,
            },
            ColSpec {
                min: 10,
                max: 30,
                soft_max: 30,
                priority: 1,
                eager: false,
            },
            ColSpec {
                min: 10,
                max: 10,
                soft_max: 10,
                priority: 3,
                eager: false,
            },
        ];
        let cols = fit_columns(&specs, 25);
        assert_eq!(cols.iter().map(|c| c.0).collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(cols.iter().map(|c| c.1).sum::<u16>() + 1, 25);
    }

    #[test]
    fn an_eager_column_takes_spare_room_first() {
        let spec = |min, soft_max, eager| ColSpec {
            min,
            max: 40,
            soft_max,
            priority: 1,
            eager,
        };
        let specs = [spec(10, 20, true), spec(10, 40, false)];
        // 25 wide: 4 spare, too few for the eager one: the other takes them. 31: all 10.
        assert_eq!(fit_columns(&specs, 25), vec![(0, 10), (1, 14)]);
        assert_eq!(fit_columns(&specs, 31), vec![(0, 20), (1, 10)]);
        // Past its soft limit the rest is shared as before.
        assert_eq!(fit_columns(&specs, 35), vec![(0, 20), (1, 14)]);
    }
}
