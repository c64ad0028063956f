//! Portolan's retrieval layer: finding the provisions a question rests on.
//!
//! Split like tantivy into writing, reading and querying:
//! - writing: [`indexer`] builds a generation (full-text index, vectors) and
//!   [`generation`] publishes it atomically; [`embed_cache`] keeps every
//!   vector ever computed so rebuilds embed only what changed;
//! - reading: [`lexical`] (tantivy BM25, jieba for Chinese, English stems)
//!   and [`vector`] (the [`vector::VectorStore`] contract, exact embedded store);
//! - querying: [`searcher`] (candidates from both, [`fusion`], one hit per
//!   article) under metadata [`filter`]s; [`query_batch`] embeds the
//!   queries of concurrent searches together.
//!
//! Does not own: parsing documents (`portolan-corpus`) or running the
//! embedding model (`portolan-model`; only its engine-free `Embedder` trait
//! is used here).
#![warn(missing_docs)]

pub mod embed_cache;
mod error;
pub mod filter;
pub mod fusion;
pub mod generation;
pub mod indexer;
pub mod lexical;
pub mod query_batch;
mod query_cache;
pub mod searcher;
pub mod vector;

pub use error::{Result, RetrievalError};
pub use filter::Filter;
pub use generation::IndexRoot;
pub use searcher::{Mode, SearchHit, Searcher};
