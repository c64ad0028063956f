//! Portolan's evaluation harness and benchmarks.
//!
//! Owns: measuring the product against references: the model benchmark
//! against llama.cpp ([`model_bench`], run by `portolan-bench model`) and
//! the micro-benchmarks under it ([`kernel_bench`]), the
//! retrieval evaluation ([`retrieval_eval`], `portolan eval retrieval`), and
//! the classification, Q&A and briefing evaluations. Every
//! measurement writes a JSON and a Markdown report under `eval/reports/`
//! ([`report`]).
//!
//! Does not own: anything the product needs at run time; nothing depends on
//! this crate.
#![warn(missing_docs)]

pub mod briefing_eval;
pub mod classify_eval;
pub mod compare;
pub mod kernel_bench;
pub mod llama_cpp;
pub mod model_bench;
pub mod qa_eval;
pub mod qa_set;
pub mod report;
pub mod retrieval_eval;
pub mod rss;
