//! The bundle's three bilateral series with China, each as its source
//! states it (`trade/china-bilateral-sources.md`):
//!
//! - `china-bilateral-usa-monthly.csv`: the US Census Bureau, i.e. **US**
//!   exports to and imports from China, USD millions; its `Balance` column
//!   is checked against exports − imports.
//! - `china-bilateral-japan-monthly.csv`: Japan's Ministry of Finance,
//!   **Japan's** trade with China, JPY thousands.
//! - `china-bilateral-korea-monthly.csv`: KOSIS, **Korea's** trade with
//!   China, USD thousands.
//!
//! The reporter is the partner country, not China: "Exports" in the US
//! file are US exports to China. Mirror statistics differ from China's own
//! (CIF against FOB, re-exports through Hong Kong), so briefings name the
//! reporting side rather than silently flipping the flows.

use super::long_format::number;
use super::{Flow, Month, Observation, Provenance, RowError, TradeError, ValueUnit};

/// How one bundle file is laid out.
pub struct BilateralSource {
    /// Path relative to the bundle root.
    pub doc: &'static str,
    /// Reporting country (ISO alpha-3).
    pub reporter: &'static str,
    /// Unit of its values.
    pub currency: &'static str,
    /// Multiple the values count in.
    pub scale: f64,
    /// Column of the period, exports, imports and (if any) the balance.
    columns: (usize, usize, usize, Option<usize>),
}

/// The bundle's bilateral files.
pub const SOURCES: [BilateralSource; 3] = [
    BilateralSource {
        doc: "trade/china-bilateral-usa-monthly.csv",
        reporter: "USA",
        currency: "USD",
        scale: 1e6,
        columns: (0, 1, 2, Some(3)),
    },
    BilateralSource {
        doc: "trade/china-bilateral-japan-monthly.csv",
        reporter: "JPN",
        currency: "JPY",
        scale: 1e3,
        columns: (0, 1, 2, None),
    },
    BilateralSource {
        doc: "trade/china-bilateral-korea-monthly.csv",
        reporter: "KOR",
        currency: "USD",
        scale: 1e3,
        columns: (1, 2, 3, None),
    },
];

/// Reads one bundle file: two observations (export, import) per month.
pub fn parse(source: &BilateralSource, text: &str) -> Result<Vec<Observation>, TradeError> {
    // The csv crate numbers lines one short after a CRLF header; the
    // line numbers are what errors and citations point at, so normalise.
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let delimiter = if text.lines().next().is_some_and(|h| h.contains(';')) {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let (period_col, export_col, import_col, balance_col) = source.columns;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(RowError::new(
                    e.position().map_or(0, |p| p.line() as usize),
                    e.to_string(),
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let field = |i: usize| record.get(i).unwrap_or("");
        let Some(period) = Month::parse(field(period_col)) else {
            errors.push(RowError::new(
                line,
                format!("period {:?} unreadable", field(period_col)),
            ));
            continue;
        };
        let (Some(exports), Some(imports)) = (number(field(export_col)), number(field(import_col)))
        else {
            errors.push(RowError::new(line, "exports or imports unreadable".into()));
            continue;
        };
        if let Some(col) = balance_col {
            // The Census rounds each column to 0.1: a balance further off
            // than the two roundings means a mis-read row.
            match number(field(col)) {
                Some(balance) if (balance - (exports - imports)).abs() <= 0.15 => {}
                _ => {
                    errors.push(RowError::new(
                        line,
                        format!("balance {:?} ≠ exports − imports", field(col)),
                    ));
                    continue;
                }
            }
        }
        for (flow, value) in [(Flow::Export, exports), (Flow::Import, imports)] {
            out.push(Observation {
                period,
                reporter: source.reporter.into(),
                partner: "CHN".into(),
                flow,
                hs: "TOTAL".into(),
                value,
                unit: ValueUnit {
                    currency: source.currency.into(),
                    scale: source.scale,
                },
                quantity: None,
                source: Provenance {
                    doc: source.doc.into(),
                    line,
                },
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(TradeError::Invalid {
            doc: source.doc.into(),
            rows: errors,
        })
    }
}
