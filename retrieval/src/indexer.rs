//! Building the index: parse the bundle, write the full-text index, embed
//! what needs a vector (reusing every vector already computed), and publish
//! the new generation atomically.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use portolan_corpus::{Bundle, Chunk, DocType};
use portolan_model::{EmbedKind, Embedder};

use crate::embed_cache::{self, EmbedCache};
use crate::filter::ChunkFacets;
use crate::generation::IndexRoot;
use crate::lexical::LexicalIndex;
use crate::vector::exact::ExactStore;
use crate::vector::{VectorRecord, VectorStore};
use crate::{Result, RetrievalError};

/// Texts embedded per call: large enough to keep both cores busy, small
/// enough that a killed build loses little.
const EMBED_BATCH: usize = 64;

/// Which chunks get a dense vector. Prose types only (see
/// [`DocType::wants_vector`]), one vector per provision (its first piece:
/// the rest of a split article is reached through BM25 and per-article
/// de-duplication), and not the US-only additional and statistical notes,
/// which no Chinese or cross-lingual question is about.
pub fn wants_vector(c: &Chunk) -> bool {
    c.doc_type.wants_vector()
        && c.is_first_piece()
        && !(c.doc_type == DocType::Note && c.jurisdiction == "US")
}

/// What a build did, for the progress log and the build report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BuildReport {
    /// Chunks indexed for BM25.
    pub chunks: usize,
    /// Chunks with a dense vector.
    pub vectors: usize,
    /// Vectors computed in this build.
    pub embedded: usize,
    /// Vectors reused from earlier builds.
    pub reused: usize,
    /// Seconds parsing the bundle.
    pub parse_seconds: f64,
    /// Seconds writing the full-text index.
    pub lexical_seconds: f64,
    /// Seconds embedding.
    pub embed_seconds: f64,
    /// Total seconds.
    pub total_seconds: f64,
    /// Chunks per document type.
    pub by_type: Vec<(String, usize)>,
}

fn bar(len: u64, msg: &str) -> ProgressBar {
    let b = ProgressBar::new(len).with_style(
        ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len} ({elapsed}, eta {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    b.set_message(msg.to_string());
    b
}

/// Builds a new generation from `bundle` under `root` and makes it current.
/// `embedder_id` names the embedder and its settings; vectors are reused
/// only for the same id and the same text.
pub fn build(
    root: &IndexRoot,
    bundle: &Bundle,
    embedder: &dyn Embedder,
    embedder_id: &str,
) -> Result<BuildReport> {
    let start = Instant::now();
    let docs = bundle.documents()?;
    let parse_bar = bar(docs.len() as u64, "parse");
    let chunks = bundle.load_all(|done, _| parse_bar.set_position(done as u64))?;
    parse_bar.finish();
    let parse_seconds = start.elapsed().as_secs_f64();

    let gen = root.start()?;
    let t = Instant::now();
    let lexical = LexicalIndex::create(&gen.join("tantivy"))?;
    let mut writer = lexical.writer()?;
    let lex_bar = bar(chunks.len() as u64, "index");
    for (i, c) in chunks.iter().enumerate() {
        lexical.add(&writer, c)?;
        if i % 1000 == 0 {
            lex_bar.set_position(i as u64);
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    lex_bar.finish();
    let lexical_seconds = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let dim = embedder.dimension();
    let mut cache = EmbedCache::open(&root.path().join("embeddings.cache"), dim)?;
    let wanted: Vec<(&Chunk, [u8; 32], String)> = chunks
        .iter()
        .filter(|c| wants_vector(c))
        .map(|c| {
            let text = c.embedding_text();
            (c, embed_cache::key(embedder_id, &text), text)
        })
        .collect();
    let missing: Vec<usize> = (0..wanted.len())
        .filter(|&i| cache.get(&wanted[i].1).is_none())
        .collect();
    let reused = wanted.len() - missing.len();
    let embed_bar = bar(missing.len() as u64, "embed");
    for batch in missing.chunks(EMBED_BATCH) {
        let texts: Vec<&str> = batch.iter().map(|&i| wanted[i].2.as_str()).collect();
        let vectors = embedder.embed(&texts, EmbedKind::Document)?;
        cache.put(batch.iter().map(|&i| wanted[i].1).zip(vectors).collect())?;
        embed_bar.inc(batch.len() as u64);
    }
    embed_bar.finish();
    let mut store = ExactStore::new(dim);
    let records = wanted
        .iter()
        .map(|(c, key, _)| {
            let v = cache
                .get(key)
                .cloned()
                .ok_or_else(|| RetrievalError::InvalidRequest(format!("no vector for {}", c.id)))?;
            Ok((
                VectorRecord {
                    id: c.id.clone(),
                    content_hash: c.content_hash(),
                    facets: ChunkFacets::of(c),
                },
                v,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    store.upsert(records)?;
    store.save(&gen)?;
    let embed_seconds = t.elapsed().as_secs_f64();

    let report = BuildReport {
        chunks: chunks.len(),
        vectors: store.len(),
        embedded: missing.len(),
        reused,
        parse_seconds,
        lexical_seconds,
        embed_seconds,
        total_seconds: start.elapsed().as_secs_f64(),
        by_type: portolan_corpus::bundle::count_by_type(&chunks)
            .into_iter()
            .map(|(t, n)| (t.as_str().to_string(), n))
            .collect(),
    };
    let manifest = serde_json::json!({
        "data": bundle.root(),
        "embedder": embedder_id,
        "report": report,
    });
    let manifest_path = gen.join("manifest.json");
    std::fs::write(
        &manifest_path,
        serde_json::to_vec_pretty(&manifest).unwrap_or_default(),
    )
    .map_err(|e| RetrievalError::io(&manifest_path, e))?;
    root.publish(&gen)?;
    Ok(report)
}
