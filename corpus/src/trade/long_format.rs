//! The documented long format users bring their own statistics in:
//!
//! ```text
//! period,reporter,partner,flow,hs,value,currency,quantity,unit
//! 2020-01,CHN,USA,export,85,31250.5,USD,,
//! ```
//!
//! `period` is `YYYY-MM`; `reporter`/`partner` ISO 3166 alpha-3 codes;
//! `flow` `export` or `import` from the reporter's side; `hs` `TOTAL` or a
//! 2/4/6-digit HS code; `value` in whole units of `currency` (ISO 4217);
//! `quantity` and `unit` optional, together. A file is read whole or not at
//! all: every bad row is reported with its line number and nothing of the
//! file is loaded, so a half-read file can never skew a briefing.

use std::collections::HashSet;

use super::{Flow, Month, Observation, Provenance, RowError, TradeError, ValueUnit};

/// The header a long-format file must start with.
pub const HEADER: [&str; 9] = [
    "period", "reporter", "partner", "flow", "hs", "value", "currency", "quantity", "unit",
];

/// Parses a long-format file's text; `doc` names it in provenance and errors.
pub fn parse(doc: &str, text: &str) -> Result<Vec<Observation>, TradeError> {
    // The csv crate numbers lines one short after a CRLF header; the
    // line numbers are what errors and citations point at, so normalise.
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.to_ascii_lowercase()).collect(),
        Err(e) => return Err(invalid(doc, vec![RowError::new(1, e.to_string())])),
    };
    if header != HEADER {
        return Err(invalid(
            doc,
            vec![RowError::new(
                1,
                format!(
                    "header must be `{}`, found `{}`",
                    HEADER.join(","),
                    header.join(",")
                ),
            )],
        ));
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(RowError::new(line, e.to_string()));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(str::is_empty) {
            continue;
        }
        match row(doc, line, &record) {
            Ok(obs) => {
                let key = (
                    obs.period,
                    obs.reporter.clone(),
                    obs.partner.clone(),
                    obs.flow,
                    obs.hs.clone(),
                );
                if seen.insert(key) {
                    rows.push(obs);
                } else {
                    errors.push(RowError::new(
                        line,
                        "duplicate of an earlier row (same period, reporter, partner, flow, hs)"
                            .into(),
                    ));
                }
            }
            Err(message) => errors.push(RowError::new(line, message)),
        }
    }
    if !errors.is_empty() {
        return Err(invalid(doc, errors));
    }
    if rows.is_empty() {
        return Err(invalid(doc, vec![RowError::new(1, "no data rows".into())]));
    }
    Ok(rows)
}

fn invalid(doc: &str, rows: Vec<RowError>) -> TradeError {
    TradeError::Invalid {
        doc: doc.to_string(),
        rows,
    }
}

fn row(doc: &str, line: usize, record: &csv::StringRecord) -> Result<Observation, String> {
    if record.len() != HEADER.len() {
        return Err(format!(
            "{} fields, expected {}",
            record.len(),
            HEADER.len()
        ));
    }
    let field = |i: usize| record.get(i).unwrap_or("");
    let period = Month::parse(field(0))
        .filter(|_| field(0).len() == 7)
        .ok_or_else(|| format!("period {:?} is not YYYY-MM", field(0)))?;
    let reporter = country(field(1))
        .ok_or_else(|| format!("reporter {:?} is not an ISO alpha-3 code", field(1)))?;
    let partner = country(field(2))
        .ok_or_else(|| format!("partner {:?} is not an ISO alpha-3 code", field(2)))?;
    if reporter == partner {
        return Err("reporter and partner are the same".into());
    }
    let flow = Flow::parse(field(3))
        .ok_or_else(|| format!("flow {:?} is not export or import", field(3)))?;
    let hs = hs_scope(field(4))
        .ok_or_else(|| format!("hs {:?} is not TOTAL or 2, 4 or 6 digits", field(4)))?;
    let value = number(field(5)).ok_or_else(|| format!("value {:?} is not a number", field(5)))?;
    if value < 0.0 {
        return Err(format!("value {value} is negative (flows are gross)"));
    }
    let currency = field(6);
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!("currency {currency:?} is not an ISO 4217 code"));
    }
    let quantity = match (field(7), field(8)) {
        ("", "") => None,
        (q, u) if !u.is_empty() => {
            let q = number(q)
                .filter(|q| *q >= 0.0)
                .ok_or_else(|| format!("quantity {q:?} is not a non-negative number"))?;
            Some((q, u.to_string()))
        }
        _ => return Err("quantity needs its unit".into()),
    };
    Ok(Observation {
        period,
        reporter,
        partner,
        flow,
        hs,
        value,
        unit: ValueUnit {
            currency: currency.to_string(),
            scale: 1.0,
        },
        quantity,
        source: Provenance {
            doc: doc.to_string(),
            line,
        },
    })
}

fn country(text: &str) -> Option<String> {
    (text.len() == 3 && text.bytes().all(|b| b.is_ascii_alphabetic()))
        .then(|| text.to_ascii_uppercase())
}

fn hs_scope(text: &str) -> Option<String> {
    if text.eq_ignore_ascii_case("TOTAL") {
        return Some("TOTAL".into());
    }
    (matches!(text.len(), 2 | 4 | 6) && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.to_string())
}

/// A number as statistics files write it: `1,187.5` or `231700220`.
pub(super) fn number(text: &str) -> Option<f64> {
    let plain: String = text.trim().chars().filter(|c| *c != ',').collect();
    if plain.is_empty() {
        return None;
    }
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "period,reporter,partner,flow,hs,value,currency,quantity,unit\n\
        2020-01,CHN,USA,export,85,31250.5,USD,,\n\
        2020-01,chn,USA,import,TOTAL,1000,USD,12,t\n";

    #[test]
    fn reads_valid_rows() {
        let rows = parse("mine.csv", GOOD).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].hs, "85");
        assert_eq!(rows[0].source.line, 2);
        assert_eq!(rows[1].reporter, "CHN");
        assert_eq!(rows[1].quantity, Some((12.0, "t".into())));
    }

    #[test]
    fn reports_every_bad_row_by_line_and_loads_nothing() {
        let text = format!(
            "{GOOD}2020-13,CHN,USA,export,85,1,USD,,\n\
             2020-02,CHN,CHN,export,85,1,USD,,\n\
             2020-02,CHN,USA,sideways,85,1,USD,,\n\
             2020-02,CHN,USA,export,853,1,USD,,\n\
             2020-02,CHN,USA,export,85,abc,USD,,\n\
             2020-02,CHN,USA,export,85,-5,USD,,\n\
             2020-02,CHN,USA,export,85,5,usd,,\n\
             2020-02,CHN,USA,export,85,5,USD,3,\n\
             2020-01,CHN,USA,export,85,1,USD,,\n\
             2020-02,CHN,USA,export\n"
        );
        let Err(TradeError::Invalid { rows, .. }) = parse("mine.csv", &text) else {
            panic!("bad rows must fail the file");
        };
        let lines: Vec<usize> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, (4..=13).collect::<Vec<_>>(), "{rows:?}");
        assert!(rows[0].message.contains("YYYY-MM"));
        assert!(rows[8].message.contains("duplicate"));
    }

    #[test]
    fn refuses_a_wrong_header() {
        let err = parse("x.csv", "month,value\n2020-01,3\n").unwrap_err();
        assert!(err.to_string().contains("header must be"), "{err}");
    }
}
