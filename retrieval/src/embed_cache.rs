//! Vectors already computed, keyed by what was embedded.
//!
//! Embedding is most of an index build. The cache is an append-only file of
//! `(key, vector)` records, the key hashing the embedder's identity and the
//! exact text embedded, so a rebuild re-embeds only chunks whose text
//! changed, and a build killed half-way resumes where it stopped: records
//! are flushed after every batch, and a torn record at the end is dropped.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use indicatif::ProgressBar;
use portolan_model::{EmbedKind, Embedder};
use sha2::{Digest, Sha256};

use crate::{Result, RetrievalError};

/// Texts embedded per call: large enough to keep both cores busy, small
/// enough that a killed build loses little.
const EMBED_BATCH: usize = 64;

const KEY: usize = 32;

/// The cache file and its contents in memory.
pub struct EmbedCache {
    path: PathBuf,
    dim: usize,
    map: HashMap<[u8; KEY], Vec<f32>>,
    out: BufWriter<File>,
}

/// The cache key of `text` embedded by the embedder identified by `embedder`.
pub fn key(embedder: &str, text: &str) -> [u8; KEY] {
    let mut h = Sha256::new();
    h.update(embedder.as_bytes());
    h.update([0]);
    h.update(text.as_bytes());
    h.finalize().into()
}

impl EmbedCache {
    /// Opens (or creates) the cache of `dim`-wide vectors at `path`.
    pub fn open(path: &Path, dim: usize) -> Result<Self> {
        let record = KEY + dim * 4;
        let mut map = HashMap::new();
        if path.exists() {
            let mut bytes = Vec::new();
            File::open(path)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .map_err(|e| RetrievalError::io(path, e))?;
            let whole = bytes.len() / record * record;
            for r in bytes[..whole].chunks_exact(record) {
                let mut k = [0u8; KEY];
                k.copy_from_slice(&r[..KEY]);
                let v = r[KEY..]
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect();
                map.insert(k, v);
            }
            if whole != bytes.len() {
                // A build was killed mid-record: drop the torn tail.
                let f = OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| RetrievalError::io(path, e))?;
                f.set_len(whole as u64)
                    .map_err(|e| RetrievalError::io(path, e))?;
            }
        }
        let f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| RetrievalError::io(path, e))?;
        Ok(Self {
            path: path.to_path_buf(),
            dim,
            map,
            out: BufWriter::new(f),
        })
    }

    /// The cached vector for a key.
    pub fn get(&self, key: &[u8; KEY]) -> Option<&Vec<f32>> {
        self.map.get(key)
    }

    /// Number of cached vectors.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Embeds, as `kind`, the texts whose key the cache does not hold yet,
    /// in batches made durable one by one; a progress bar labelled `label`
    /// shows when it is `Some`. Returns how many were embedded.
    pub fn fill(
        &mut self,
        texts: &[([u8; KEY], &str)],
        embedder: &dyn Embedder,
        kind: EmbedKind,
        label: Option<&str>,
    ) -> Result<usize> {
        let missing: Vec<&([u8; KEY], &str)> = texts
            .iter()
            .filter(|(k, _)| self.get(k).is_none())
            .collect();
        let bar = match label {
            Some(msg) if !missing.is_empty() => progress_bar(missing.len() as u64, msg),
            _ => ProgressBar::hidden(),
        };
        for batch in missing.chunks(EMBED_BATCH) {
            let batch_texts: Vec<&str> = batch.iter().map(|(_, t)| *t).collect();
            let vectors = embedder.embed(&batch_texts, kind)?;
            self.put(batch.iter().map(|(k, _)| *k).zip(vectors).collect())?;
            bar.inc(batch.len() as u64);
        }
        bar.finish();
        Ok(missing.len())
    }

    /// Adds vectors and makes them durable.
    pub fn put(&mut self, items: Vec<([u8; KEY], Vec<f32>)>) -> Result<()> {
        for (k, v) in items {
            if v.len() != self.dim {
                return Err(RetrievalError::InvalidRequest(format!(
                    "{}-d vector for a {}-d cache",
                    v.len(),
                    self.dim
                )));
            }
            let write = |out: &mut BufWriter<File>| -> std::io::Result<()> {
                out.write_all(&k)?;
                for x in &v {
                    out.write_all(&x.to_le_bytes())?;
                }
                Ok(())
            };
            write(&mut self.out).map_err(|e| RetrievalError::io(&self.path, e))?;
            self.map.insert(k, v);
        }
        self.out
            .flush()
            .map_err(|e| RetrievalError::io(&self.path, e))
    }
}

/// A bar with the elapsed time and an estimate of what is left (lines in a
/// log off a terminal).
pub(crate) fn progress_bar(len: u64, msg: &str) -> ProgressBar {
    let b = portolan_model::progress::bar(
        len,
        "{msg:>10} [{bar:30}] {pos}/{len} ({elapsed}, eta {eta})",
    );
    b.set_message(msg.to_string());
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survives_reopen_and_a_torn_tail() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c");
        let k1 = key("e", "one");
        {
            let mut c = EmbedCache::open(&path, 2).unwrap();
            c.put(vec![
                (k1, vec![1.0, 2.0]),
                (key("e", "two"), vec![3.0, 4.0]),
            ])
            .unwrap();
        }
        // Simulate a kill in the middle of writing a third record.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(&[7u8; 10]).unwrap();
        drop(f);
        let c = EmbedCache::open(&path, 2).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c.get(&k1), Some(&vec![1.0, 2.0]));
        assert_ne!(
            key("e", "one"),
            key("f", "one"),
            "the embedder is part of the key"
        );
    }
}
