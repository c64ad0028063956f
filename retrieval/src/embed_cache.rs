//! Vectors already computed, keyed by what was embedded.
//!
//! Embedding is most of an index build. The cache is an append-only file of
//! `(key, vector)` records, the key hashing the embedder's identity and the
//! exact text embedded, so a rebuild re-embeds only chunks whose text
//! changed, and a build killed half-way resumes where it stopped: records
//! are flushed after every batch, and a torn record at the end is dropped.
//!
//! Several processes may use one cache at once: `portolan serve` fills the
//! tariff lines' cache in the background for hours on a first start while
//! a `portolan classify` or an evaluation opens it. Each batch is written
//! whole under an exclusive lock on the file, and a torn tail is dropped
//! only under that lock, so a reader never mistakes a batch being written
//! for the debris of a killed build and cuts it, which would leave every
//! later record misaligned. What another process adds after a cache was
//! opened is not seen until it is opened again (at worst a text is
//! embedded twice).

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
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
    file: File,
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
        let io = |e| RetrievalError::io(path, e);
        let record = record_len(dim);
        let file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)
            .map_err(io)?;
        let mut bytes = Vec::new();
        {
            let _lock = Locked::new(&file).map_err(io)?;
            (&file).read_to_end(&mut bytes).map_err(io)?;
            drop_torn_tail(&file, record).map_err(io)?;
        }
        let whole = bytes.len() / record * record;
        let mut map = HashMap::new();
        for r in bytes[..whole].chunks_exact(record) {
            let mut k = [0u8; KEY];
            k.copy_from_slice(&r[..KEY]);
            let v = r[KEY..]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            map.insert(k, v);
        }
        Ok(Self {
            path: path.to_path_buf(),
            dim,
            map,
            file,
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

    /// Adds vectors and makes them durable, written at once as whole records.
    pub fn put(&mut self, items: Vec<([u8; KEY], Vec<f32>)>) -> Result<()> {
        let mut records = Vec::with_capacity(items.len() * record_len(self.dim));
        for (k, v) in &items {
            if v.len() != self.dim {
                return Err(RetrievalError::InvalidRequest(format!(
                    "{}-d vector for a {}-d cache",
                    v.len(),
                    self.dim
                )));
            }
            records.extend_from_slice(k);
            for x in v {
                records.extend_from_slice(&x.to_le_bytes());
            }
        }
        let io = |e| RetrievalError::io(&self.path, e);
        {
            let _lock = Locked::new(&self.file).map_err(io)?;
            // A build killed mid-write since this cache was opened would
            // leave our records misaligned after its debris.
            drop_torn_tail(&self.file, record_len(self.dim)).map_err(io)?;
            (&self.file).write_all(&records).map_err(io)?;
        }
        self.map.extend(items);
        Ok(())
    }
}

/// Bytes of one record: the key, then the vector as little-endian f32s.
fn record_len(dim: usize) -> usize {
    KEY + dim * 4
}

/// An exclusive lock on the cache file, released when dropped (and by the
/// system if the process dies).
struct Locked<'a>(&'a File);

impl<'a> Locked<'a> {
    fn new(file: &'a File) -> std::io::Result<Self> {
        file.lock()?;
        Ok(Self(file))
    }
}

impl Drop for Locked<'_> {
    fn drop(&mut self) {
        // Closing the file releases it too; an error here leaves nothing to do.
        let _ = self.0.unlock();
    }
}

/// Cuts a partial record at the end of the file: the debris of a writer
/// killed mid-write. Only under the lock: writers append whole records
/// while holding it, so a partial one is never a write in progress.
fn drop_torn_tail(file: &File, record: usize) -> std::io::Result<()> {
    let len = file.metadata()?.len();
    let whole = len / record as u64 * record as u64;
    if whole != len {
        file.set_len(whole)?;
    }
    Ok(())
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

    #[test]
    fn a_cache_opened_before_a_build_was_killed_appends_whole_records() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c");
        let mut early = EmbedCache::open(&path, 2).unwrap();
        early.put(vec![(key("e", "one"), vec![1.0, 2.0])]).unwrap();
        // Another build, killed in the middle of a record.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(&[7u8; 10]).unwrap();
        drop(f);
        early.put(vec![(key("e", "two"), vec![3.0, 4.0])]).unwrap();
        let c = EmbedCache::open(&path, 2).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c.get(&key("e", "two")), Some(&vec![3.0, 4.0]));
    }

    #[test]
    fn processes_filling_and_opening_one_cache_at_once_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c");
        let dim = 700;
        let vector = |w: usize, i: usize| vec![(w * 1000 + i) as f32; dim];
        std::thread::scope(|s| {
            for w in 0..2 {
                let path = &path;
                s.spawn(move || {
                    let mut c = EmbedCache::open(path, dim).unwrap();
                    // Batches of many records, as an index build writes.
                    for batch in 0..20 {
                        let items = (batch * 10..batch * 10 + 10)
                            .map(|i| (key("e", &format!("{w}-{i}")), vector(w, i)))
                            .collect();
                        c.put(items).unwrap();
                    }
                });
            }
            // Readers opening while the writers write: each sees whole
            // records only, and must not cut a batch being written.
            s.spawn(|| {
                for _ in 0..200 {
                    let c = EmbedCache::open(&path, dim).unwrap();
                    for (k, v) in &c.map {
                        assert!(v.iter().all(|x| x == &v[0]), "a torn vector under {k:?}");
                    }
                }
            });
        });
        let c = EmbedCache::open(&path, dim).unwrap();
        assert_eq!(c.len(), 400);
        for w in 0..2 {
            for i in 0..200 {
                let k = key("e", &format!("{w}-{i}"));
                assert_eq!(c.get(&k), Some(&vector(w, i)));
            }
        }
    }
}
