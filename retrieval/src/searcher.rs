//! Answering a query: BM25 and dense candidates, fused, one hit per article.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

use portolan_corpus::Chunk;
use portolan_model::Embedder;

use crate::filter::Filter;
use crate::fusion::{fuse_seeing, Fusion, Sight};
use crate::generation::IndexRoot;
use crate::indexer::embeds_provisions;
use crate::lexical::LexicalIndex;
use crate::query_batch::QueryBatcher;
use crate::query_cache::QueryCache;
use crate::vector::exact::ExactStore;
use crate::vector::VectorStore;
use crate::{Result, RetrievalError};

/// Candidates taken from each retriever before fusion (more when more hits are asked for).
const CANDIDATES: usize = 60;

/// Score factor of provisions no longer in force. Superseded versions stay
/// findable (a question about what changed needs them) but rank below the
/// provision in force that says the same thing: a newer law wins.
const NOT_IN_FORCE: f32 = 0.9;

/// Which retrievers answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// BM25 and dense, fused.
    Hybrid,
    /// BM25 only.
    Lexical,
    /// Dense vectors only (prose chunks).
    Dense,
}

/// One result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SearchHit {
    /// The chunk, with its citation.
    pub chunk: Chunk,
    /// Fused score (RRF) or the single retriever's score.
    pub score: f32,
    /// Rank in the BM25 list (from 1), if there.
    pub lexical_rank: Option<usize>,
    /// Rank in the dense list (from 1), if there.
    pub dense_rank: Option<usize>,
}

/// A searcher over the current index generation.
pub struct Searcher {
    lexical: LexicalIndex,
    /// Behind a lock so that [`Searcher::reload`] can swap in the vectors
    /// of documents ingested while the server runs.
    vectors: RwLock<Box<dyn VectorStore>>,
    /// The index root, when the vectors are the generation's own file.
    exact_root: Option<IndexRoot>,
    embedder: Option<Arc<dyn Embedder>>,
    fusion: Fusion,
    query_vectors: QueryCache,
    query_batches: QueryBatcher,
}

impl Searcher {
    /// Opens the current generation. Without an embedder only lexical search works.
    pub fn open(root: &IndexRoot, embedder: Option<Arc<dyn Embedder>>) -> Result<Self> {
        let gen = root
            .current()?
            .ok_or_else(|| RetrievalError::NoIndex(root.path().to_path_buf()))?;
        let lexical = LexicalIndex::open(&gen.join("tantivy"))?;
        let dim = embedder.as_ref().map_or(0, |e| e.dimension());
        let vectors: Box<dyn VectorStore> = match &embedder {
            Some(_) => Box::new(ExactStore::load(&gen, dim)?),
            None => Box::new(ExactStore::new(0)),
        };
        Ok(Self {
            lexical,
            vectors: RwLock::new(vectors),
            exact_root: embedder.as_ref().map(|_| root.clone()),
            embedder,
            fusion: Fusion::default(),
            query_vectors: QueryCache::default(),
            query_batches: QueryBatcher::default(),
        })
    }

    /// Picks up changes written to the current generation since it was
    /// opened (documents ingested by [`crate::indexer::update_documents`]).
    pub fn reload(&self) -> Result<()> {
        self.lexical.reload()?;
        if let (Some(root), Some(e)) = (&self.exact_root, &self.embedder) {
            let gen = root
                .current()?
                .ok_or_else(|| RetrievalError::NoIndex(root.path().to_path_buf()))?;
            let fresh = ExactStore::load(&gen, e.dimension())?;
            *self.vectors.write().unwrap_or_else(|p| p.into_inner()) = Box::new(fresh);
        }
        Ok(())
    }

    /// Opens the current generation's full-text index with another vector
    /// store (a Qdrant collection the build was pushed to).
    pub fn open_with_vectors(
        root: &IndexRoot,
        embedder: Arc<dyn Embedder>,
        vectors: Box<dyn VectorStore>,
    ) -> Result<Self> {
        let gen = root
            .current()?
            .ok_or_else(|| RetrievalError::NoIndex(root.path().to_path_buf()))?;
        let lexical = LexicalIndex::open(&gen.join("tantivy"))?;
        Ok(Self {
            lexical,
            vectors: RwLock::new(vectors),
            exact_root: None,
            embedder: Some(embedder),
            fusion: Fusion::default(),
            query_vectors: QueryCache::default(),
            query_batches: QueryBatcher::default(),
        })
    }

    /// Uses another fusion rule.
    pub fn with_fusion(mut self, fusion: Fusion) -> Self {
        self.fusion = fusion;
        self
    }

    /// Chunks searchable by BM25.
    pub fn lexical_len(&self) -> u64 {
        self.lexical.len()
    }

    /// Chunks with a dense vector.
    pub fn vector_len(&self) -> usize {
        self.vectors.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// The query's dense vector, for callers that search several times with
    /// one question (a query embedding costs more than a search).
    pub fn embed_query(&self, query: &str) -> Result<Vec<f32>> {
        let embedder = self.embedder.as_ref().ok_or_else(|| {
            RetrievalError::InvalidRequest("dense search needs an embedder".into())
        })?;
        if let Some(v) = self.query_vectors.get(query) {
            return Ok(v);
        }
        let started = std::time::Instant::now();
        let v = self.query_batches.embed(embedder.as_ref(), query)?;
        tracing::debug!(elapsed = ?started.elapsed(), "query embedded");
        self.query_vectors.put(query, v.clone());
        Ok(v)
    }

    /// The vector of `query` if it is cached: the price of a lock, so a
    /// caller can skip the queue that computing a vector waits in.
    pub fn cached_query_vector(&self, query: &str) -> Option<Vec<f32>> {
        self.query_vectors.hit(query)
    }

    /// Query vectors served from the cache and computed, so far.
    pub fn query_cache_stats(&self) -> (u64, u64) {
        self.query_vectors.stats()
    }

    /// Embedder calls for query vectors and the queries they embedded, so
    /// far: their ratio is the mean batch.
    pub fn query_batch_stats(&self) -> (u64, u64) {
        self.query_batches.stats()
    }

    /// The chunk with this id (what a citation link opens), if indexed.
    pub fn chunk(&self, id: &str) -> Result<Option<Chunk>> {
        self.lexical.get(id)
    }

    /// The `k` best articles for `query`.
    pub fn search(
        &self,
        query: &str,
        k: usize,
        filter: &Filter,
        mode: Mode,
    ) -> Result<Vec<SearchHit>> {
        self.search_with_vector(query, None, k, filter, mode)
    }

    /// As [`Searcher::search`], with the query's vector when the caller
    /// already has it (from [`Searcher::embed_query`]).
    pub fn search_with_vector(
        &self,
        query: &str,
        vector: Option<&[f32]>,
        k: usize,
        filter: &Filter,
        mode: Mode,
    ) -> Result<Vec<SearchHit>> {
        if query.trim().is_empty() {
            return Err(RetrievalError::InvalidRequest("empty query".into()));
        }
        let mut pool: Vec<Chunk> = Vec::new();
        let mut key_of: HashMap<String, usize> = HashMap::new();
        let mut intern = |c: Chunk, pool: &mut Vec<Chunk>| -> usize {
            *key_of.entry(c.id.clone()).or_insert_with(|| {
                pool.push(c);
                pool.len() - 1
            })
        };
        let started = std::time::Instant::now();
        let mut lexical = Vec::new();
        if mode != Mode::Dense {
            for (c, s) in self.lexical.search(query, CANDIDATES.max(k), filter)? {
                lexical.push((intern(c, &mut pool), s));
            }
        }
        let mut dense = Vec::new();
        if mode != Mode::Lexical {
            let embedded;
            let q = match vector {
                Some(v) => v,
                None => {
                    embedded = self.embed_query(query)?;
                    &embedded
                }
            };
            let found = self
                .vectors
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .search(q, CANDIDATES.max(k), filter)?;
            for (id, s) in found {
                if let Some(c) = self.lexical.get(&id)? {
                    dense.push((intern(c, &mut pool), s));
                }
            }
        }
        tracing::debug!(elapsed = ?started.elapsed(), "candidates gathered");
        let ranked = match mode {
            Mode::Hybrid => {
                // BM25 sees only chunks in the question's language; the dense
                // store sees provisions by their first pieces, and never sees
                // tariff lines.
                let query_lang = portolan_corpus::Lang::detect(query);
                let lexical_sight = |k: usize| {
                    if pool[k].lang == query_lang {
                        Sight::Direct
                    } else {
                        Sight::Blind
                    }
                };
                fuse_seeing(&lexical, &dense, self.fusion, lexical_sight, |k| {
                    dense_sight(&pool[k], &key_of)
                })
            }
            Mode::Lexical => lexical.clone(),
            Mode::Dense => dense.clone(),
        };
        let mut ranked = ranked;
        for (key, score) in ranked.iter_mut() {
            if !pool[*key].status.in_force() {
                *score *= NOT_IN_FORCE;
            }
        }
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let rank_in = |list: &[(usize, f32)], key: usize| {
            list.iter().position(|(k, _)| *k == key).map(|r| r + 1)
        };
        // One hit per article: pieces of a split article and its versions' duplicates collapse.
        let mut seen = HashSet::new();
        let mut hits = Vec::with_capacity(k);
        for (key, score) in ranked {
            let c = &pool[key];
            if !seen.insert((c.doc.clone(), c.locator.clone())) {
                continue;
            }
            hits.push(SearchHit {
                chunk: c.clone(),
                score,
                lexical_rank: rank_in(&lexical, key),
                dense_rank: rank_in(&dense, key),
            });
            if hits.len() == k {
                break;
            }
        }
        Ok(hits)
    }
}

/// How the dense retriever sees a chunk: only the first piece of a provision
/// is embedded, so a later piece is seen through the first (when the first is
/// among the candidates; otherwise the article went unranked), and a chunk of
/// a kind that is never embedded (tariff lines) is not seen at all.
fn dense_sight(c: &Chunk, key_of: &HashMap<String, usize>) -> Sight {
    if !embeds_provisions(c) {
        return Sight::Blind;
    }
    if c.is_first_piece() {
        return Sight::Direct;
    }
    match key_of.get(&Chunk::make_id(&c.doc, &c.locator, 0)) {
        Some(first) => Sight::Through(*first),
        None => Sight::Direct,
    }
}
