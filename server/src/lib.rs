//! Portolan's domain services and their front ends.
//!
//! Owns: the typed configuration ([`config`]), prompt loading ([`prompts`]),
//! opening the knowledge base ([`knowledge`]), the classification
//! ([`classify`]) and Q&A ([`ask`]) services, document ingestion
//! ([`ingest`]), the HTTP API ([`http`]), and
//! (as the product grows) the briefing service. The `portolan` binary (`src/main.rs`, `src/cli/`) is a
//! thin layer that parses arguments and calls into this library.
//!
//! Does not own: model execution (`portolan-model`), retrieval
//! (`portolan-retrieval`) or corpus parsing (`portolan-corpus`).
#![warn(missing_docs)]

pub mod ask;
pub mod briefing;
pub mod classify;
pub mod clock;
pub mod config;
mod excerpt;
pub mod http;
pub mod ingest;
pub mod knowledge;
pub mod prompts;
