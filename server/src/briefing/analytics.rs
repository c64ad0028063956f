//! The arithmetic of a briefing, done here and only here: changes over a
//! month and a year, rolling and year-to-date sums, shares and their
//! shifts, top movers, and anomalies. The model never computes a figure; it
//! narrates what these functions return.
//!
//! A figure that needs a month the data does not have is `None`, never an
//! interpolation: a briefing says less rather than something made up.

use std::collections::BTreeMap;

use portolan_corpus::trade::Month;

/// A monthly series of plain numbers (already in one unit).
pub type Series = BTreeMap<Month, f64>;

/// A value compared with an earlier one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// The value now.
    pub now: f64,
    /// The value compared against.
    pub before: f64,
}

impl Change {
    /// `now − before`.
    pub fn absolute(&self) -> f64 {
        self.now - self.before
    }

    /// Percentage change; `None` when the base is zero.
    pub fn percent(&self) -> Option<f64> {
        (self.before != 0.0).then(|| (self.now - self.before) / self.before.abs() * 100.0)
    }
}

/// The value at `period` against `lag` months earlier (1: month on month,
/// 12: year on year).
pub fn change(series: &Series, period: Month, lag: i32) -> Option<Change> {
    Some(Change {
        now: *series.get(&period)?,
        before: *series.get(&period.plus(-lag))?,
    })
}

/// Sum of the `n` months ending at `period`; `None` if any is missing.
pub fn rolling_sum(series: &Series, period: Month, n: i32) -> Option<f64> {
    (0..n).map(|i| series.get(&period.plus(-i)).copied()).sum()
}

/// Sum from January to `period` of `period`'s year.
pub fn year_to_date(series: &Series, period: Month) -> Option<f64> {
    rolling_sum(series, period, period.month() as i32)
}

/// Year-to-date against the same months a year earlier.
pub fn year_to_date_change(series: &Series, period: Month) -> Option<Change> {
    Some(Change {
        now: year_to_date(series, period)?,
        before: year_to_date(series, period.plus(-12))?,
    })
}

/// Month-by-month `a − b` where both exist.
pub fn difference(a: &Series, b: &Series) -> Series {
    a.iter()
        .filter_map(|(m, x)| b.get(m).map(|y| (*m, x - y)))
        .collect()
}

/// Month-by-month `a + b` where both exist.
pub fn sum(a: &Series, b: &Series) -> Series {
    a.iter()
        .filter_map(|(m, x)| b.get(m).map(|y| (*m, x + y)))
        .collect()
}

/// A part's share of a whole, now and a year earlier.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// What the part is.
    pub name: String,
    /// Share at the period, percent.
    pub now: f64,
    /// Share a year earlier, percent (if the data has it).
    pub year_ago: Option<f64>,
}

impl Share {
    /// Change in percentage points over the year.
    pub fn shift(&self) -> Option<f64> {
        self.year_ago.map(|before| self.now - before)
    }
}

/// Each part's share of the parts' total at `period`, largest first, with
/// the shares a year earlier. Parts without a value at `period` are left
/// out (and out of the total).
pub fn shares(parts: &[(String, Series)], period: Month) -> Vec<Share> {
    let at = |m: Month| -> Option<(f64, Vec<Option<f64>>)> {
        let values: Vec<Option<f64>> = parts.iter().map(|(_, s)| s.get(&m).copied()).collect();
        let total: f64 = values.iter().flatten().sum();
        (total > 0.0).then_some((total, values))
    };
    let Some((total, values)) = at(period) else {
        return Vec::new();
    };
    let earlier = at(period.plus(-12));
    let mut out: Vec<Share> = parts
        .iter()
        .zip(&values)
        .enumerate()
        .filter_map(|(i, ((name, _), v))| {
            let v = (*v)?;
            let year_ago = earlier
                .as_ref()
                .and_then(|(t, vals)| vals[i].map(|x| x / t * 100.0));
            Some(Share {
                name: name.clone(),
                now: v / total * 100.0,
                year_ago,
            })
        })
        .collect();
    out.sort_by(|a, b| b.now.total_cmp(&a.now));
    out
}

/// A named series' change over a year.
#[derive(Debug, Clone, PartialEq)]
pub struct Mover {
    /// What moved.
    pub name: String,
    /// Its year-on-year change.
    pub change: Change,
}

/// The `n` parts whose value changed most over the year (by absolute
/// amount, either way), largest first.
pub fn top_movers(parts: &[(String, Series)], period: Month, n: usize) -> Vec<Mover> {
    let mut movers: Vec<Mover> = parts
        .iter()
        .filter_map(|(name, s)| {
            Some(Mover {
                name: name.clone(),
                change: change(s, period, 12)?,
            })
        })
        .collect();
    movers.sort_by(|a, b| {
        b.change
            .absolute()
            .abs()
            .total_cmp(&a.change.absolute().abs())
    });
    movers.truncate(n);
    movers
}

/// A month whose year-on-year growth stands out from the series' usual.
#[derive(Debug, Clone, PartialEq)]
pub struct Anomaly {
    /// The month.
    pub period: Month,
    /// Its year-on-year growth, percent.
    pub growth: f64,
    /// How many standard deviations that is from the mean growth of the
    /// 36 months before it.
    pub z: f64,
}

/// Months of the `window` ending at `period` whose year-on-year growth lies
/// more than `threshold` standard deviations from the mean growth of the
/// 36 months before each. Year-on-year growth, not the level, is the
/// measure because trade is seasonal: every February (Lunar New Year) would
/// otherwise be flagged. Largest deviation first.
pub fn anomalies(series: &Series, period: Month, window: i32, threshold: f64) -> Vec<Anomaly> {
    let growth = |m: Month| change(series, m, 12).and_then(|c| c.percent());
    let mut out = Vec::new();
    for back in 0..window {
        let m = period.plus(-back);
        let Some(g) = growth(m) else { continue };
        let history: Vec<f64> = (1..=36).filter_map(|i| growth(m.plus(-i))).collect();
        if history.len() < 24 {
            continue;
        }
        let mean = history.iter().sum::<f64>() / history.len() as f64;
        let var =
            history.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (history.len() - 1) as f64;
        // At least one percentage point: in a series as smooth as a
        // schedule, a rounding wobble would otherwise be "many sigmas".
        let sd = var.sqrt().max(1.0);
        let z = (g - mean) / sd;
        if z.abs() >= threshold {
            out.push(Anomaly {
                period: m,
                growth: g,
                z,
            });
        }
    }
    out.sort_by(|a, b| b.z.abs().total_cmp(&a.z.abs()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(y: i32, mo: u32) -> Month {
        Month::new(y, mo).unwrap()
    }

    fn series(start: Month, values: &[f64]) -> Series {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| (start.plus(i as i32), *v))
            .collect()
    }

    #[test]
    fn changes_sums_and_year_to_date() {
        let s = series(m(2018, 1), &(1..=18).map(f64::from).collect::<Vec<_>>());
        let june = m(2019, 6);
        let mom = change(&s, june, 1).unwrap();
        assert_eq!((mom.now, mom.before), (18.0, 17.0));
        assert!((mom.percent().unwrap() - 100.0 / 17.0).abs() < 1e-12);
        assert_eq!(change(&s, june, 12).unwrap().before, 6.0);
        assert_eq!(change(&s, june, 24), None);
        assert_eq!(rolling_sum(&s, june, 3), Some(18.0 + 17.0 + 16.0));
        assert_eq!(rolling_sum(&s, june, 19), None);
        assert_eq!(year_to_date(&s, june), Some((13..=18).sum::<i32>() as f64));
        let ytd = year_to_date_change(&s, june).unwrap();
        assert_eq!(ytd.before, (1..=6).sum::<i32>() as f64);
    }

    #[test]
    fn shares_and_their_shift() {
        let a = series(m(2018, 6), &[60.0; 13]);
        let mut b = series(m(2018, 6), &[40.0; 13]);
        b.insert(m(2019, 6), 90.0);
        let shares = shares(&[("A".into(), a), ("B".into(), b)], m(2019, 6));
        assert_eq!(shares[0].name, "B");
        assert!((shares[0].now - 60.0).abs() < 1e-9);
        assert!((shares[0].shift().unwrap() - 20.0).abs() < 1e-9);
        assert!((shares[1].shift().unwrap() + 20.0).abs() < 1e-9);
    }

    #[test]
    fn top_movers_rank_by_absolute_change_either_way() {
        let up = series(
            m(2018, 6),
            &[10.0; 12].iter().copied().chain([15.0]).collect::<Vec<_>>(),
        );
        let down = series(
            m(2018, 6),
            &[100.0; 12]
                .iter()
                .copied()
                .chain([80.0])
                .collect::<Vec<_>>(),
        );
        let movers = top_movers(&[("up".into(), up), ("down".into(), down)], m(2019, 6), 1);
        assert_eq!(movers.len(), 1);
        assert_eq!(movers[0].name, "down");
        assert_eq!(movers[0].change.absolute(), -20.0);
    }

    #[test]
    fn a_break_in_growth_is_flagged_but_seasonality_is_not() {
        // A strongly seasonal series growing 5% a year, then one month of collapse.
        let start = m(2010, 1);
        let mut s = Series::new();
        for i in 0..120 {
            let month = start.plus(i);
            let seasonal = if month.month() == 2 { 0.6 } else { 1.0 };
            let noise = 1.0 + 0.02 * ((i * 7919 % 13) as f64 / 13.0 - 0.5);
            s.insert(
                month,
                100.0 * 1.05f64.powf(i as f64 / 12.0) * seasonal * noise,
            );
        }
        let broken = start.plus(115);
        *s.get_mut(&broken).unwrap() *= 0.7;
        let flagged = anomalies(&s, start.plus(119), 24, 2.5);
        assert!(!flagged.is_empty());
        assert_eq!(flagged[0].period, broken);
        assert!(flagged
            .iter()
            .all(|a| a.period == broken || a.period == broken.plus(12)));
    }
}
