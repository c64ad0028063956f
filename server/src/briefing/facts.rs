//! The facts table: every number a briefing may state, computed in code,
//! each with its unit, its printed form and the data rows it rests on.
//! The narrative is checked against this table ([`super::numbers`]).

use portolan_corpus::trade::Provenance;
use serde::Serialize;

/// What a fact's value measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactUnit {
    /// Money: `value × scale` units of `currency`.
    Money {
        /// ISO 4217 code.
        currency: String,
        /// Multiple the value is stated in (1e6 for millions).
        scale: f64,
    },
    /// A percentage change.
    Percent,
    /// A share of a whole, in percent (never signed).
    Share,
    /// A difference of percentages, in points.
    Points,
    /// An exchange rate: units of `base` per unit of `quote`.
    Rate {
        /// Priced currency (e.g. CNY).
        base: String,
        /// Currency it is priced in units of (e.g. USD).
        quote: String,
    },
}

/// One computed number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// Stable within the table: `F1`, `F2`, …
    pub id: String,
    /// What it is, in the briefing's language.
    pub label: String,
    /// The number, in `unit`.
    pub value: f64,
    /// Its unit.
    pub unit: FactUnit,
    /// As printed in the table and the bullets.
    pub display: String,
    /// The data rows it was computed from.
    pub sources: Vec<Provenance>,
}

/// The facts of one briefing, in the order they were computed.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FactsTable {
    facts: Vec<Fact>,
    /// Print figures the Chinese way (亿美元).
    #[serde(skip)]
    zh: bool,
}

impl From<Vec<Fact>> for FactsTable {
    /// A table of facts already computed (e.g. from a stored briefing), to
    /// check text against.
    fn from(facts: Vec<Fact>) -> Self {
        Self { facts, zh: false }
    }
}

impl FactsTable {
    /// An empty table printing figures in Chinese (`zh`) or English style.
    pub fn new(zh: bool) -> Self {
        Self {
            facts: Vec::new(),
            zh,
        }
    }

    /// Adds a fact and returns its printed form (for bullets).
    pub fn add(
        &mut self,
        label: impl Into<String>,
        value: f64,
        unit: FactUnit,
        sources: Vec<Provenance>,
    ) -> String {
        let display = if self.zh {
            display_zh(value, &unit)
        } else {
            display(value, &unit)
        };
        self.facts.push(Fact {
            id: format!("F{}", self.facts.len() + 1),
            label: label.into(),
            value,
            unit,
            display: display.clone(),
            sources,
        });
        display
    }

    /// All facts.
    pub fn facts(&self) -> &[Fact] {
        &self.facts
    }
}

/// The printed form of a value: money with thousands separators and one
/// decimal, percentages signed with one decimal, rates with four.
pub fn display(value: f64, unit: &FactUnit) -> String {
    match unit {
        FactUnit::Money { currency, scale } => {
            let word = [(1e9, " billion"), (1e6, " million"), (1e3, " thousand")]
                .into_iter()
                .find(|(s, _)| s == scale)
                .map_or("", |(_, w)| w);
            format!("{currency} {}{word}", grouped(value, 1))
        }
        FactUnit::Percent => format!("{}%", signed(value, 1)),
        FactUnit::Share => format!("{value:.1}%"),
        FactUnit::Points => format!("{} pp", signed(value, 1)),
        FactUnit::Rate { base, quote } => format!("{value:.4} {base} per {quote}"),
    }
}

/// The Chinese printed form: money in 亿 (10⁸) of the currency, points as
/// 个百分点, rates as `6.8977 人民币/美元`.
pub fn display_zh(value: f64, unit: &FactUnit) -> String {
    match unit {
        FactUnit::Money { currency, scale } => {
            format!(
                "{}亿{}",
                grouped(value * scale / 1e8, 1),
                currency_zh(currency)
            )
        }
        FactUnit::Points => format!("{}个百分点", signed(value, 1)),
        FactUnit::Rate { base, quote } => {
            format!("{value:.4} {}/{}", currency_zh(base), currency_zh(quote))
        }
        other => display(value, other),
    }
}

fn currency_zh(code: &str) -> &str {
    match code {
        "USD" => "美元",
        "CNY" => "人民币",
        "JPY" => "日元",
        "EUR" => "欧元",
        "KRW" => "韩元",
        "HKD" => "港元",
        "GBP" => "英镑",
        other => other,
    }
}

/// Money in the unit a briefing states it in: millions, or billions once a
/// figure passes a million million (the yen series).
pub fn money_unit(currency: &str, typical_amount: f64) -> FactUnit {
    let scale = if typical_amount.abs() >= 1e12 {
        1e9
    } else {
        1e6
    };
    FactUnit::Money {
        currency: currency.to_string(),
        scale,
    }
}

fn signed(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    if value > 0.0 && !text.trim_start_matches(['0', '.']).is_empty() {
        format!("+{text}")
    } else {
        text
    }
}

/// `38733.04` → `38,733.0`.
pub fn grouped(value: f64, decimals: usize) -> String {
    let text = format!("{:.decimals$}", value.abs());
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if value < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_money_percentages_and_rates() {
        let usd = FactUnit::Money {
            currency: "USD".into(),
            scale: 1e6,
        };
        assert_eq!(display(38733.04, &usd), "USD 38,733.0 million");
        assert_eq!(display(-29564.5, &usd), "USD -29,564.5 million");
        assert_eq!(display(999.96, &usd), "USD 1,000.0 million");
        assert_eq!(display(-12.34, &FactUnit::Percent), "-12.3%");
        assert_eq!(display(0.04, &FactUnit::Percent), "0.0%");
        assert_eq!(display(5.0, &FactUnit::Points), "+5.0 pp");
        let rate = FactUnit::Rate {
            base: "CNY".into(),
            quote: "USD".into(),
        };
        assert_eq!(display(6.87081, &rate), "6.8708 CNY per USD");
        assert_eq!(grouped(1234567.0, 0), "1,234,567");
        assert_eq!(display(64.44, &FactUnit::Share), "64.4%");
        assert_eq!(display_zh(9168.5, &usd), "91.7亿美元");
        assert_eq!(display_zh(-3.6, &FactUnit::Points), "-3.6个百分点");
    }
}
