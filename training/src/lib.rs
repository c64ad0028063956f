//! Portolan's fine-tuning pipeline (built under the fine-tuning issue).
//!
//! Will own: dataset builders that turn the bundle into checkable chat
//! examples, and LoRA fine-tuning over a frozen base in candle.
//!
//! Does not own: inference-time adapter loading (`portolan-model`).
