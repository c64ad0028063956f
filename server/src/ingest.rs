//! Adding, replacing and removing documents while the server runs.
//!
//! The reference bundle is read-only input: documents sent through the API
//! are written to an overlay folder of the same shape (by default
//! `$PORTOLAN_HOME/ingested`) and indexed in place
//! ([`portolan_retrieval::indexer::update_documents`]), so a restart or a
//! full rebuild sees them too. Only whole markdown documents split by
//! article are accepted (a law version, a treaty text), never a reference
//! document's path: nothing the bundle holds can be overwritten.
//!
//! Nothing is half-stored: the text is parsed before it is written; the
//! file is written to a temporary name and renamed; if indexing fails, the
//! previous file (or its absence) is restored and the index re-synced.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use portolan_corpus::bundle::is_ingestable;
use portolan_corpus::Bundle;
use portolan_model::Embedder;
use portolan_retrieval::{indexer, IndexRoot, Searcher};
use serde::Serialize;

/// Largest document accepted, bytes.
pub const MAX_DOCUMENT_BYTES: usize = 2 * 1024 * 1024;

/// Why a document was not taken.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// Not a path documents can be added at.
    #[error("{0:?} is not an ingestable document path: a law version regulations/cn-law/NAME(YYYY-MM-DD).md or a treaty regulations/{{intl,cptpp,rcep-partial}}/NAME.md")]
    InvalidPath(String),
    /// The path belongs to the reference bundle.
    #[error("{0} is a reference document and cannot be changed through the API")]
    Reference(String),
    /// Create asked for a path already ingested.
    #[error("{0} already exists (PUT replaces it)")]
    Exists(String),
    /// Replace or delete of a path never ingested.
    #[error("no ingested document at {0}")]
    NotFound(String),
    /// The text is empty, too large, or has no articles.
    #[error("{0}")]
    Invalid(String),
    /// Reading or writing the overlay failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Parsing failed.
    #[error(transparent)]
    Corpus(#[from] portolan_corpus::CorpusError),
    /// Indexing failed.
    #[error(transparent)]
    Retrieval(#[from] portolan_retrieval::RetrievalError),
}

/// What an ingest operation did.
#[derive(Debug, Clone, Serialize)]
pub struct IngestReport {
    /// The document path.
    pub document: String,
    /// Ids of the document's chunks now indexed (empty after a delete).
    pub chunks: Vec<String>,
    /// The document existed before.
    pub replaced: bool,
}

/// The ingest service.
pub struct Ingester {
    bundle: Bundle,
    root: IndexRoot,
    embedder: Arc<dyn Embedder>,
    embedder_id: String,
    searcher: Arc<Searcher>,
    /// One change at a time: the index has one writer.
    lock: Mutex<()>,
}

impl Ingester {
    /// Ingests into `bundle`'s overlay (which it must have) and the index at
    /// `root`, refreshing `searcher` after each change.
    pub fn new(
        bundle: Bundle,
        root: IndexRoot,
        embedder: Arc<dyn Embedder>,
        embedder_id: String,
        searcher: Arc<Searcher>,
    ) -> Self {
        Self {
            bundle,
            root,
            embedder,
            embedder_id,
            searcher,
            lock: Mutex::new(()),
        }
    }

    fn overlay_path(&self, rel: &str) -> Result<PathBuf, IngestError> {
        let overlay = self
            .bundle
            .overlay()
            .ok_or_else(|| IngestError::Invalid("this server has no ingest folder".into()))?;
        Ok(overlay.join(rel))
    }

    fn check_path(&self, rel: &str) -> Result<(), IngestError> {
        if !is_ingestable(rel) {
            return Err(IngestError::InvalidPath(rel.to_string()));
        }
        if self.bundle.is_reference(rel) {
            return Err(IngestError::Reference(rel.to_string()));
        }
        Ok(())
    }

    /// Adds the document at `rel` (`replace`: also when it exists).
    pub fn put(
        &self,
        rel: &str,
        content: &str,
        replace: bool,
    ) -> Result<IngestReport, IngestError> {
        self.check_path(rel)?;
        if content.trim().is_empty() {
            return Err(IngestError::Invalid("the document is empty".into()));
        }
        if content.len() > MAX_DOCUMENT_BYTES {
            return Err(IngestError::Invalid(format!(
                "the document is larger than {MAX_DOCUMENT_BYTES} bytes"
            )));
        }
        let _one = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let existed = self.bundle.is_overlaid(rel);
        if existed && !replace {
            return Err(IngestError::Exists(rel.to_string()));
        }
        let chunks = parsed_ids(rel, content)?;
        let path = self.overlay_path(rel)?;
        let previous = match existed {
            true => Some(std::fs::read(&path).map_err(|e| io(&path, e))?),
            false => None,
        };
        write_atomically(&path, content.as_bytes())?;
        match self.reindex(rel) {
            Ok(()) => Ok(IngestReport {
                document: rel.to_string(),
                chunks,
                replaced: existed,
            }),
            Err(e) => {
                self.restore(rel, &path, previous.as_deref());
                Err(e)
            }
        }
    }

    /// Removes the ingested document at `rel`.
    pub fn delete(&self, rel: &str) -> Result<IngestReport, IngestError> {
        self.check_path(rel)?;
        let _one = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        if !self.bundle.is_overlaid(rel) {
            return Err(IngestError::NotFound(rel.to_string()));
        }
        let path = self.overlay_path(rel)?;
        let previous = std::fs::read(&path).map_err(|e| io(&path, e))?;
        std::fs::remove_file(&path).map_err(|e| io(&path, e))?;
        match self.reindex(rel) {
            Ok(()) => Ok(IngestReport {
                document: rel.to_string(),
                chunks: Vec::new(),
                replaced: true,
            }),
            Err(e) => {
                self.restore(rel, &path, Some(&previous));
                Err(e)
            }
        }
    }

    fn reindex(&self, rel: &str) -> Result<(), IngestError> {
        let docs = [rel.to_string()];
        indexer::update_documents(
            &self.root,
            &self.bundle,
            self.embedder.as_ref(),
            &self.embedder_id,
            &docs,
        )?;
        self.searcher.reload()?;
        Ok(())
    }

    /// Puts the file back as it was and re-syncs the index with it.
    fn restore(&self, rel: &str, path: &Path, previous: Option<&[u8]>) {
        let put_back = match previous {
            Some(bytes) => write_atomically(path, bytes),
            None => std::fs::remove_file(path).map_err(|e| io(path, e)),
        };
        if let Err(e) = put_back.and_then(|()| self.reindex(rel)) {
            tracing::error!(document = rel, error = %e, "could not restore after a failed ingest");
        }
    }
}

/// Parses `content` as the document at `rel` would be, in a scratch bundle,
/// so a text without articles is refused before anything is written, and
/// returns its chunk ids (a chunk's id depends only on its path and locator,
/// so they are the ids the index will hold).
fn parsed_ids(rel: &str, content: &str) -> Result<Vec<String>, IngestError> {
    let scratch = std::env::temp_dir().join(format!(
        "portolan-ingest-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    let path = scratch.join(rel);
    let result = (|| {
        write_atomically(&path, content.as_bytes())?;
        let chunks = Bundle::open(&scratch)?.load_document(rel)?;
        if chunks.is_empty() {
            return Err(IngestError::Invalid(
                "no articles found (laws are split at 第…条, treaties at Article …)".into(),
            ));
        }
        Ok(chunks.into_iter().map(|c| c.id).collect())
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn rand_suffix() -> u64 {
    use rand::Rng;
    rand::rng().random()
}

fn io(path: &Path, source: std::io::Error) -> IngestError {
    IngestError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), IngestError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, bytes).map_err(|e| io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| io(path, e))
}
