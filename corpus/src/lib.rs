//! Portolan's knowledge corpus: turning the bundle's files into citable chunks.
//!
//! Owns: one parser per kind of source ([`cn_law`], [`gacc`], [`treaty`],
//! [`hs_rules`], [`nomenclature`]), long-provision splitting ([`split`]),
//! Chinese numerals and article numbers ([`numerals`]),
//! trade statistics and exchange rates ([`trade`]), the country names of
//! the single-window code table ([`countries`]),
//! version and supersession status ([`versions`]), and the [`Chunk`] type
//! every chunk carries its provenance in: the document path relative to the
//! bundle root and the locator as printed, which is exactly what a citation
//! names.
//!
//! Does not own: indexing or search (`portolan-retrieval`), or embedding
//! (`portolan-model`). Nothing here touches a model.
#![warn(missing_docs)]

pub mod bundle;
pub mod chunk;
pub mod cn_law;
pub mod countries;
mod error;
pub mod gacc;
pub mod hs_rules;
pub mod nomenclature;
pub mod numerals;
pub mod split;
pub mod trade;
pub mod treaty;
pub mod versions;

pub use bundle::Bundle;
pub use chunk::{Chunk, DocType, Lang, Status};
pub use error::{CorpusError, Result};
