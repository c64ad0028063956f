//! Building the index: parse the bundle, write the full-text index, embed
//! what needs a vector (reusing every vector already computed), and publish
//! the new generation atomically.

use std::time::Instant;

use portolan_corpus::{Bundle, Chunk, DocType};
use portolan_model::{EmbedKind, Embedder};

use crate::embed_cache::{self, progress_bar, EmbedCache};
use crate::filter::ChunkFacets;
use crate::generation::IndexRoot;
use crate::lexical::LexicalIndex;
use crate::vector::exact::ExactStore;
use crate::vector::{VectorRecord, VectorStore};
use crate::{Result, RetrievalError};

/// Which chunks get a dense vector: one per provision of an embedded kind
/// (see [`embeds_provisions`]), its first piece. The rest of a split article
/// is reached through BM25, and the dense retriever ranks it by its first
/// piece (see `fusion::Sight::Through`).
pub fn wants_vector(c: &Chunk) -> bool {
    embeds_provisions(c) && c.is_first_piece()
}

/// Whether provisions of this chunk's kind are embedded: prose types only
/// (see [`DocType::wants_vector`]), and not the US-only additional and
/// statistical notes, which no Chinese or cross-lingual question is about.
pub fn embeds_provisions(c: &Chunk) -> bool {
    c.doc_type.wants_vector() && !(c.doc_type == DocType::Note && c.jurisdiction == "US")
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

/// A vector with the record that describes it.
type RecordVector = (VectorRecord, Vec<f32>);

/// The vector record of every chunk of `chunks` that wants one, taking
/// vectors from the embedding cache and computing (and caching) the missing
/// ones in batches; also returns how many were computed.
fn vectors_for(
    root: &IndexRoot,
    chunks: &[Chunk],
    embedder: &dyn Embedder,
    embedder_id: &str,
    progress: bool,
) -> Result<(Vec<RecordVector>, usize)> {
    let mut cache = EmbedCache::open(&root.path().join("embeddings.cache"), embedder.dimension())?;
    let wanted: Vec<(&Chunk, [u8; 32], String)> = chunks
        .iter()
        .filter(|c| wants_vector(c))
        .map(|c| {
            let text = c.embedding_text();
            (c, embed_cache::key(embedder_id, &text), text)
        })
        .collect();
    let keyed: Vec<([u8; 32], &str)> = wanted.iter().map(|(_, k, t)| (*k, t.as_str())).collect();
    let embedded = cache.fill(
        &keyed,
        embedder,
        EmbedKind::Document,
        progress.then_some("embed"),
    )?;
    let records = wanted
        .iter()
        .map(|(c, key, _)| {
            let v = cache
                .get(key)
                .cloned()
                .ok_or_else(|| RetrievalError::InvalidRequest(format!("no vector for {}", c.id)))?;
            let record = VectorRecord {
                id: c.id.clone(),
                content_hash: c.content_hash(),
                facets: ChunkFacets::of(c),
            };
            Ok((record, v))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((records, embedded))
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
    let parse_bar = progress_bar(docs.len() as u64, "parse");
    let chunks = bundle.load_all(|done, _| parse_bar.set_position(done as u64))?;
    parse_bar.finish();
    let parse_seconds = start.elapsed().as_secs_f64();

    let gen = root.start()?;
    let t = Instant::now();
    let lexical = LexicalIndex::create(&gen.join("tantivy"))?;
    let mut writer = lexical.writer()?;
    let lex_bar = progress_bar(chunks.len() as u64, "index");
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
    let (records, embedded) = vectors_for(root, &chunks, embedder, embedder_id, true)?;
    let reused = records.len() - embedded;
    let mut store = ExactStore::new(dim);
    store.upsert(records)?;
    store.save(&gen)?;
    let embed_seconds = t.elapsed().as_secs_f64();

    let report = BuildReport {
        chunks: chunks.len(),
        vectors: store.len(),
        embedded,
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

/// What an in-place update did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UpdateReport {
    /// Documents re-indexed (the ones asked for and those whose status depends on them).
    pub documents: Vec<String>,
    /// Chunks removed.
    pub removed: usize,
    /// Ids of the vectors removed (to remove from a remote store too).
    pub removed_vectors: Vec<String>,
    /// Chunks added.
    pub added: usize,
    /// Vectors computed.
    pub embedded: usize,
    /// Seconds.
    pub seconds: f64,
}

/// Re-indexes `docs` (paths relative to the bundle root) in the current
/// generation: documents present in the bundle are (re)added, absent ones
/// removed. Other versions of a changed law are re-indexed too, since which
/// version is in force depends on all of them.
///
/// Each store is updated atomically (a tantivy commit, a renamed vector
/// file), BM25 first: if the process dies in between, the new text is
/// already searchable and dense hits of removed chunks are dropped at search
/// time because their ids no longer resolve.
pub fn update_documents(
    root: &IndexRoot,
    bundle: &Bundle,
    embedder: &dyn Embedder,
    embedder_id: &str,
    docs: &[String],
) -> Result<UpdateReport> {
    let start = Instant::now();
    let gen = root
        .current()?
        .ok_or_else(|| RetrievalError::NoIndex(root.path().to_path_buf()))?;
    let mut affected: Vec<String> = Vec::new();
    for d in docs {
        if !portolan_corpus::bundle::is_document(d) {
            return Err(RetrievalError::InvalidRequest(format!(
                "{d}: not a document path of the bundle"
            )));
        }
        affected.push(d.clone());
        affected.extend(bundle.related_documents(d)?);
    }
    affected.sort();
    affected.dedup();
    // `affected` already holds every version whose status depends on the
    // change: parse each once and set statuses over the whole group.
    let present: Vec<String> = affected
        .iter()
        .filter(|d| bundle.contains(d))
        .cloned()
        .collect();
    let new_chunks = bundle.load_documents(&present)?;

    let mut store = ExactStore::load(&gen, embedder.dimension())?;
    let stale: Vec<String> = store
        .records()
        .iter()
        .filter(|r| {
            affected.iter().any(|d| {
                r.id.strip_prefix(d.as_str())
                    .is_some_and(|rest| rest.starts_with('#'))
            })
        })
        .map(|r| r.id.clone())
        .collect();

    let lexical = LexicalIndex::open(&gen.join("tantivy"))?;
    let mut writer = lexical.writer()?;
    let before = lexical.len();
    for d in &affected {
        lexical.delete_doc(&writer, d);
    }
    for c in &new_chunks {
        lexical.add(&writer, c)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    lexical.reload()?;
    let removed = (before + new_chunks.len() as u64).saturating_sub(lexical.len()) as usize;

    let (records, embedded) = vectors_for(root, &new_chunks, embedder, embedder_id, false)?;
    store.delete(&stale)?;
    let removed_vectors = stale;
    store.upsert(records)?;
    store.save(&gen)?;
    Ok(UpdateReport {
        removed_vectors,
        documents: affected,
        removed,
        added: new_chunks.len(),
        embedded,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// Copies the current generation's vectors to another store (a Qdrant
/// collection), removing the ids given as stale; returns how many were pushed.
pub fn push_vectors(
    root: &IndexRoot,
    dim: usize,
    remote: &mut dyn VectorStore,
    stale: &[String],
) -> Result<usize> {
    let gen = root
        .current()?
        .ok_or_else(|| RetrievalError::NoIndex(root.path().to_path_buf()))?;
    let local = ExactStore::load(&gen, dim)?;
    remote.delete(stale)?;
    let records: Vec<(VectorRecord, Vec<f32>)> = local
        .records()
        .iter()
        .enumerate()
        .map(|(i, r)| (r.clone(), local.vector(i).to_vec()))
        .collect();
    let n = records.len();
    remote.upsert(records)?;
    Ok(n)
}
