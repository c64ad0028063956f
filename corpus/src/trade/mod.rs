//! Trade statistics and exchange rates: the bundle's `trade/` files and
//! users' own files in the long format, read into one store of monthly
//! observations that briefings compute from.
//!
//! Every value keeps the unit its source states (USD millions, JPY
//! thousands) and the file line it came from, so a figure in a briefing
//! can be traced to its row. Files are validated whole: one bad row fails
//! the file, with every bad row reported by line, and nothing is loaded
//! half.

pub mod bilateral;
pub mod fx;
pub mod long_format;
mod month;
mod observation;

use std::collections::BTreeMap;
use std::path::Path;

pub use fx::{FxRate, FxTable};
pub use month::Month;
pub use observation::{Flow, Observation, Provenance, ValueUnit};

/// A row a file was refused for.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RowError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl RowError {
    pub(crate) fn new(line: usize, message: String) -> Self {
        Self { line, message }
    }
}

/// Why trade data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TradeError {
    /// A file could not be read.
    #[error("reading {doc}: {source}")]
    Io {
        /// The file.
        doc: String,
        /// Why.
        source: std::io::Error,
    },
    /// Rows of a file are invalid; none of the file was loaded.
    #[error("{doc}: {} invalid row(s), nothing loaded: {}", rows.len(), summary(rows))]
    Invalid {
        /// The file.
        doc: String,
        /// Every bad row.
        rows: Vec<RowError>,
    },
}

fn summary(rows: &[RowError]) -> String {
    let mut parts: Vec<String> = rows
        .iter()
        .take(5)
        .map(|r| format!("line {}: {}", r.line, r.message))
        .collect();
    if rows.len() > 5 {
        parts.push(format!("… {} more", rows.len() - 5));
    }
    parts.join("; ")
}

/// Key of one series: who reports which flow with whom, for which goods.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SeriesKey {
    /// Reporting country.
    pub reporter: String,
    /// Partner country.
    pub partner: String,
    /// Direction.
    pub flow: Flow,
    /// `TOTAL` or an HS code.
    pub hs: String,
}

/// All loaded observations, indexed by series and month, and the FX table.
#[derive(Debug, Clone, Default)]
pub struct TradeStore {
    series: BTreeMap<SeriesKey, BTreeMap<Month, Observation>>,
    fx: FxTable,
}

impl TradeStore {
    /// Reads the bundle's `trade/` files under `root`.
    pub fn load_bundle(root: &Path) -> Result<Self, TradeError> {
        let mut store = Self::default();
        for source in &bilateral::SOURCES {
            let text = read(root, source.doc)?;
            store.insert(bilateral::parse(source, &text)?)?;
        }
        store.fx = FxTable::parse(&read(root, fx::FED_DOC)?, &read(root, fx::ECB_DOC)?)?;
        Ok(store)
    }

    /// Adds the long-format files of `dir` (`*.csv`, in name order), each
    /// validated whole. A missing folder adds nothing.
    pub fn load_user_dir(&mut self, dir: &Path) -> Result<(), TradeError> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(());
        };
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect();
        files.sort();
        for path in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path).map_err(|source| TradeError::Io {
                doc: name.clone(),
                source,
            })?;
            self.add_user_file(&name, &text)?;
        }
        Ok(())
    }

    /// Validates and adds one long-format file. A file that restates a
    /// figure already loaded from another file is refused: two sources for
    /// one cell would make the figure depend on load order.
    pub fn add_user_file(&mut self, doc: &str, text: &str) -> Result<usize, TradeError> {
        let rows = long_format::parse(doc, text)?;
        let n = rows.len();
        self.insert(rows)?;
        Ok(n)
    }

    /// Checks, before adding anything, that no row collides with a loaded one.
    fn insert(&mut self, rows: Vec<Observation>) -> Result<(), TradeError> {
        let collisions: Vec<RowError> = rows
            .iter()
            .filter_map(|o| {
                let existing = self.series.get(&key(o))?.get(&o.period)?;
                (existing.source.doc != o.source.doc).then(|| {
                    RowError::new(
                        o.source.line,
                        format!(
                            "{} already loaded from {} line {}",
                            o.period, existing.source.doc, existing.source.line
                        ),
                    )
                })
            })
            .collect();
        if let Some(first) = rows.first() {
            if !collisions.is_empty() {
                return Err(TradeError::Invalid {
                    doc: first.source.doc.clone(),
                    rows: collisions,
                });
            }
        }
        for o in rows {
            self.series.entry(key(&o)).or_default().insert(o.period, o);
        }
        Ok(())
    }

    /// One series, month by month (empty if unknown).
    pub fn series(&self, key: &SeriesKey) -> Option<&BTreeMap<Month, Observation>> {
        self.series.get(key)
    }

    /// Every series key.
    pub fn keys(&self) -> impl Iterator<Item = &SeriesKey> {
        self.series.keys()
    }

    /// The exchange rates.
    pub fn fx(&self) -> &FxTable {
        &self.fx
    }

    /// The latest month any series matching `filter` has data for.
    pub fn latest(&self, filter: impl Fn(&SeriesKey) -> bool) -> Option<Month> {
        self.series
            .iter()
            .filter(|(k, _)| filter(k))
            .filter_map(|(_, s)| s.keys().next_back().copied())
            .max()
    }
}

fn key(o: &Observation) -> SeriesKey {
    SeriesKey {
        reporter: o.reporter.clone(),
        partner: o.partner.clone(),
        flow: o.flow,
        hs: o.hs.clone(),
    }
}

fn read(root: &Path, rel: &str) -> Result<String, TradeError> {
    std::fs::read_to_string(root.join(rel)).map_err(|source| TradeError::Io {
        doc: rel.into(),
        source,
    })
}
