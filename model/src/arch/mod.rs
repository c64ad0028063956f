//! Model architectures, one file each. Only tensor code lives here: no
//! tokenisation, sampling or caching policy (see `generation`).

pub mod embedding_gemma;
mod gated_gelu;
mod kv_cache;
mod projection;
pub mod qwen2;
mod token_embedding;
