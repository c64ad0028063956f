//! Portolan's evaluation harness and benchmarks.
//!
//! Owns: measuring the product against references: the model benchmark
//! against llama.cpp (`portolan-bench model`), and, as the services land,
//! retrieval, classification and Q&A evaluations writing JSON + Markdown
//! reports under `eval/reports/`.
//!
//! Does not own: anything the product needs at run time; nothing depends on
//! this crate.
