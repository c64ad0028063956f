//! One trade figure: who reported what flow with whom, in which unit, and
//! where the number came from.

use serde::Serialize;

use super::Month;

/// The direction of trade, from the reporter's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flow {
    /// Goods leaving the reporter for the partner.
    Export,
    /// Goods entering the reporter from the partner.
    Import,
}

impl Flow {
    /// Reads `export`/`import` (also `X`/`M`, any case).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "export" | "exports" | "x" => Some(Flow::Export),
            "import" | "imports" | "m" => Some(Flow::Import),
            _ => None,
        }
    }

    /// `export` or `import`.
    pub fn as_str(self) -> &'static str {
        match self {
            Flow::Export => "export",
            Flow::Import => "import",
        }
    }
}

/// The unit a value is stated in: a currency and the multiple the source
/// counts in (the US Census states USD millions, Japan's MoF JPY thousands).
/// Values are kept as the source states them; the scale converts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueUnit {
    /// ISO 4217 code.
    pub currency: String,
    /// One unit of the value is this many units of the currency.
    pub scale: f64,
}

impl ValueUnit {
    /// `USD million`, `JPY thousand`, `USD`.
    pub fn label(&self) -> String {
        match scale_word(self.scale) {
            Some(word) => format!("{} {word}", self.currency),
            None if self.scale == 1.0 => self.currency.clone(),
            None => format!("{} ×{}", self.currency, self.scale),
        }
    }
}

fn scale_word(scale: f64) -> Option<&'static str> {
    [(1e3, "thousand"), (1e6, "million"), (1e9, "billion")]
        .into_iter()
        .find(|(s, _)| *s == scale)
        .map(|(_, w)| w)
}

/// Where a figure came from: a document of the bundle (or a user file) and
/// the line holding it, so a briefing can cite it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// Path relative to the bundle root, or the user file's name.
    pub doc: String,
    /// 1-based line of the file.
    pub line: usize,
}

/// One monthly trade value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// The month.
    pub period: Month,
    /// ISO 3166 alpha-3 code of the reporting country.
    pub reporter: String,
    /// ISO 3166 alpha-3 code of the partner.
    pub partner: String,
    /// Direction from the reporter's side.
    pub flow: Flow,
    /// `TOTAL`, or an HS chapter, heading or subheading (2/4/6 digits).
    pub hs: String,
    /// The value in `unit`.
    pub value: f64,
    /// Unit of `value`.
    pub unit: ValueUnit,
    /// Quantity and its unit, when the source gives one.
    pub quantity: Option<(f64, String)>,
    /// Where the value was read.
    pub source: Provenance,
}

impl Observation {
    /// The value in whole currency units.
    pub fn amount(&self) -> f64 {
        self.value * self.unit.scale
    }
}
