//! Exchange rates, monthly: the Federal Reserve's H.10 monthly averages
//! and the ECB's daily euro reference rates averaged over each month.
//!
//! Every rate is kept as *units of a currency per US dollar*. The bundle's
//! H.10 file already states every country that way, including the ones the
//! Fed's release quotes as USD per unit (its Euro row for 2019-06 is 0.8853
//! EUR per USD, where the ECB's USD rate averaged 1.1293 USD per EUR that
//! month; the UK row is 0.789 GBP per USD). ECB rates are per euro and are
//! crossed through the USD/EUR rate of the same day before averaging.

use std::collections::BTreeMap;

use super::long_format::number;
use super::{Month, Provenance, RowError, TradeError};

/// The Fed's monthly file, relative to the bundle root.
pub const FED_DOC: &str = "trade/fed-h10-fx-monthly.csv";
/// The ECB's daily file, relative to the bundle root.
pub const ECB_DOC: &str = "trade/ecb-eurofxref-hist.csv";

/// H.10 countries and their currencies.
const H10: &[(&str, &str)] = &[
    ("Australia", "AUD"),
    ("Brazil", "BRL"),
    ("Canada", "CAD"),
    ("China", "CNY"),
    ("Denmark", "DKK"),
    ("Euro", "EUR"),
    ("Hong Kong", "HKD"),
    ("India", "INR"),
    ("Japan", "JPY"),
    ("Malaysia", "MYR"),
    ("Mexico", "MXN"),
    ("New Zealand", "NZD"),
    ("Norway", "NOK"),
    ("Singapore", "SGD"),
    ("South Africa", "ZAR"),
    ("South Korea", "KRW"),
    ("Sri Lanka", "LKR"),
    ("Sweden", "SEK"),
    ("Switzerland", "CHF"),
    ("Taiwan", "TWD"),
    ("Thailand", "THB"),
    ("United Kingdom", "GBP"),
];

/// A monthly average rate and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct FxRate {
    /// Units of the currency per US dollar.
    pub per_usd: f64,
    /// The file and line (for ECB averages, the month's last line read).
    pub source: Provenance,
    /// Daily rates averaged (1 for a monthly source).
    pub days: usize,
}

/// Monthly rates per currency.
#[derive(Debug, Clone, Default)]
pub struct FxTable {
    rates: BTreeMap<(String, Month), FxRate>,
}

impl FxTable {
    /// Reads both files; H.10 wins where both have a month (it is the
    /// monthly average the Fed publishes, not one we recomputed).
    pub fn parse(fed: &str, ecb: &str) -> Result<Self, TradeError> {
        let mut table = Self::default();
        table.read_ecb(ecb)?;
        table.read_fed(fed)?;
        Ok(table)
    }

    /// Units of `currency` per USD in `month` (1 for USD itself).
    pub fn per_usd(&self, currency: &str, month: Month) -> Option<&FxRate> {
        self.rates.get(&(currency.to_string(), month))
    }

    /// The months with a rate for `currency`, in order.
    pub fn months(&self, currency: &str) -> Vec<Month> {
        self.rates
            .keys()
            .filter(|(c, _)| c == currency)
            .map(|(_, m)| *m)
            .collect()
    }

    fn read_fed(&mut self, text: &str) -> Result<(), TradeError> {
        let mut errors = Vec::new();
        for (i, line) in text.lines().enumerate().skip(1) {
            let n = i + 1;
            let mut parts = line.rsplitn(2, ',');
            let (Some(rate), Some(rest)) = (parts.next(), parts.next()) else {
                errors.push(RowError::new(
                    n,
                    "expected Date,Country,Exchange rate".into(),
                ));
                continue;
            };
            let Some((date, country)) = rest.split_once(',') else {
                errors.push(RowError::new(
                    n,
                    "expected Date,Country,Exchange rate".into(),
                ));
                continue;
            };
            let Some(&(_, currency)) = H10.iter().find(|(c, _)| *c == country) else {
                continue; // a legacy currency (French franc …) no briefing uses
            };
            let (Some(month), Some(rate)) = (Month::parse(date), number(rate)) else {
                errors.push(RowError::new(
                    n,
                    format!("unreadable date or rate: {line:?}"),
                ));
                continue;
            };
            if rate <= 0.0 {
                errors.push(RowError::new(n, format!("rate {rate} is not positive")));
                continue;
            }
            let source = Provenance {
                doc: FED_DOC.into(),
                line: n,
            };
            self.rates.insert(
                (currency.into(), month),
                FxRate {
                    per_usd: rate,
                    source,
                    days: 1,
                },
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(TradeError::Invalid {
                doc: FED_DOC.into(),
                rows: errors,
            })
        }
    }

    fn read_ecb(&mut self, text: &str) -> Result<(), TradeError> {
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
        let Some(usd) = header.iter().position(|h| *h == "USD") else {
            return Err(TradeError::Invalid {
                doc: ECB_DOC.into(),
                rows: vec![RowError::new(1, "no USD column".into())],
            });
        };
        // (currency, month) → (sum of per-USD rates, days, last line)
        let mut sums: BTreeMap<(String, Month), (f64, usize, usize)> = BTreeMap::new();
        let mut errors = Vec::new();
        for (i, line) in lines.enumerate() {
            let n = i + 2;
            let fields: Vec<&str> = line.split(',').collect();
            let Some(month) = fields.first().and_then(|d| Month::parse(d)) else {
                errors.push(RowError::new(n, "unreadable date".into()));
                continue;
            };
            let Some(usd_per_eur) = fields.get(usd).and_then(|v| number(v)).filter(|v| *v > 0.0)
            else {
                continue;
            };
            for (col, currency) in header.iter().enumerate().skip(1) {
                if currency.is_empty() {
                    continue;
                }
                let per_eur = match fields.get(col).copied() {
                    None | Some("") | Some("N/A") => continue,
                    Some(v) => match number(v) {
                        Some(v) if v > 0.0 => v,
                        _ => {
                            errors.push(RowError::new(
                                n,
                                format!("{currency} rate {v:?} unreadable"),
                            ));
                            continue;
                        }
                    },
                };
                let entry = sums
                    .entry((currency.to_string(), month))
                    .or_insert((0.0, 0, n));
                entry.0 += per_eur / usd_per_eur;
                entry.1 += 1;
                entry.2 = entry.2.max(n);
            }
            let entry = sums.entry(("EUR".into(), month)).or_insert((0.0, 0, n));
            entry.0 += 1.0 / usd_per_eur;
            entry.1 += 1;
        }
        if !errors.is_empty() {
            return Err(TradeError::Invalid {
                doc: ECB_DOC.into(),
                rows: errors,
            });
        }
        for ((currency, month), (sum, days, line)) in sums {
            let source = Provenance {
                doc: ECB_DOC.into(),
                line,
            };
            self.rates.insert(
                (currency, month),
                FxRate {
                    per_usd: sum / days as f64,
                    source,
                    days,
                },
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_fed_months_and_averages_ecb_days_per_usd() {
        let fed = "Date,Country,Exchange rate\n2019-06-01,China,6.8708\n2019-06-01,Euro,0.8853\n2019-06-01,Hong Kong,7.8\n";
        let ecb = "Date,USD,JPY,CNY,\n2019-06-28,1.2,120,8.4,\n2019-06-27,1.0,110,N/A,\n2019-07-01,1.1,121,7.7,\n";
        let fx = FxTable::parse(fed, ecb).unwrap();
        let june = Month::new(2019, 6).unwrap();
        assert_eq!(fx.per_usd("CNY", june).unwrap().per_usd, 6.8708);
        assert_eq!(fx.per_usd("EUR", june).unwrap().per_usd, 0.8853);
        assert!((fx.per_usd("EUR", june.plus(1)).unwrap().per_usd - 1.0 / 1.1).abs() < 1e-12);
        // JPY per USD: mean of 120/1.2 and 110/1.0 over two days.
        let jpy = fx.per_usd("JPY", june).unwrap();
        assert!((jpy.per_usd - 105.0).abs() < 1e-9 && jpy.days == 2);
        assert_eq!(fx.months("CNY"), vec![june, june.plus(1)]);
    }
}
