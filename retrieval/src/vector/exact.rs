//! The embedded vector store: a flat matrix, exhaustive search, persisted as
//! one binary file of vectors and one JSON file of records.
//!
//! The scan reads an eight-bit copy of the matrix ([`CompactVectors`], a
//! quarter of the bytes), then scores its best candidates again on the f32
//! vectors: results and scores are the exact ones. Scanning the f32 matrix
//! itself (12k provisions, 38 MB a query) was a third of a repeated
//! search's time in the server, bound by memory, not arithmetic: AVX2 and
//! FMA did not shorten it.
//!
//! Files are written to a temporary name and renamed into place, so a crash
//! while saving leaves the previous store intact.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::compact::CompactVectors;
use super::{dot, VectorRecord, VectorStore};
use crate::filter::Filter;
use crate::{Result, RetrievalError};

const VECTORS: &str = "vectors.f32";
const RECORDS: &str = "vectors.json";
/// Candidates of the eight-bit scan beyond the `k` asked for that are scored
/// again exactly: its rounding moves a cosine by a few thousandths, far less
/// than the gap between a search's `k`-th hit and its `2k + 32`-th.
const RESCORED_BEYOND: usize = 32;

/// A flat, exactly searched vector store.
#[derive(Debug, Clone, Default)]
pub struct ExactStore {
    dim: usize,
    records: Vec<VectorRecord>,
    data: Vec<f32>,
    by_id: HashMap<String, usize>,
    /// `data` in eight bits, what the scan reads.
    scan: CompactVectors,
}

impl ExactStore {
    /// An empty store of `dim`-wide vectors.
    pub fn new(dim: usize) -> Self {
        Self {
            dim,
            scan: CompactVectors::new(dim),
            ..Default::default()
        }
    }

    /// The eight-bit copy of `data`, vector by vector.
    fn scan_of(data: &[f32], dim: usize) -> CompactVectors {
        let mut scan = CompactVectors::new(dim);
        if dim > 0 {
            for v in data.chunks_exact(dim) {
                scan.push(v);
            }
        }
        scan
    }

    /// The stored records, in storage order.
    pub fn records(&self) -> &[VectorRecord] {
        &self.records
    }

    /// The vector of record `i`.
    pub fn vector(&self, i: usize) -> &[f32] {
        &self.data[i * self.dim..(i + 1) * self.dim]
    }

    /// Saves into `dir` (atomically per file).
    pub fn save(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| RetrievalError::io(dir, e))?;
        let tmp = dir.join(format!("{VECTORS}.tmp"));
        {
            let f = std::fs::File::create(&tmp).map_err(|e| RetrievalError::io(&tmp, e))?;
            let mut w = BufWriter::new(f);
            for x in &self.data {
                w.write_all(&x.to_le_bytes())
                    .map_err(|e| RetrievalError::io(&tmp, e))?;
            }
            w.flush().map_err(|e| RetrievalError::io(&tmp, e))?;
            w.get_ref()
                .sync_all()
                .map_err(|e| RetrievalError::io(&tmp, e))?;
        }
        let meta = serde_json::json!({"dimension": self.dim, "records": self.records});
        let tmp_meta = dir.join(format!("{RECORDS}.tmp"));
        std::fs::write(
            &tmp_meta,
            serde_json::to_vec(&meta).map_err(|e| RetrievalError::InvalidRequest(e.to_string()))?,
        )
        .map_err(|e| RetrievalError::io(&tmp_meta, e))?;
        std::fs::rename(&tmp, dir.join(VECTORS)).map_err(|e| RetrievalError::io(&tmp, e))?;
        std::fs::rename(&tmp_meta, dir.join(RECORDS))
            .map_err(|e| RetrievalError::io(&tmp_meta, e))?;
        Ok(())
    }

    /// Loads from `dir`; a missing store is empty, a store whose files disagree is an error.
    pub fn load(dir: &Path, dim: usize) -> Result<Self> {
        let meta_path = dir.join(RECORDS);
        if !meta_path.exists() {
            return Ok(Self::new(dim));
        }
        let corrupted = |reason: String| RetrievalError::Corrupted {
            path: meta_path.clone(),
            reason,
        };
        let meta: serde_json::Value = serde_json::from_slice(
            &std::fs::read(&meta_path).map_err(|e| RetrievalError::io(&meta_path, e))?,
        )
        .map_err(|e| corrupted(e.to_string()))?;
        let stored_dim = meta["dimension"].as_u64().unwrap_or(0) as usize;
        let records: Vec<VectorRecord> = serde_json::from_value(meta["records"].clone())
            .map_err(|e| corrupted(e.to_string()))?;
        let bytes = std::fs::read(dir.join(VECTORS))
            .map_err(|e| RetrievalError::io(dir.join(VECTORS), e))?;
        if bytes.len() != records.len() * stored_dim * 4 {
            return Err(corrupted(format!(
                "{} records of {stored_dim} floats but {} bytes",
                records.len(),
                bytes.len()
            )));
        }
        if !records.is_empty() && stored_dim != dim {
            return Err(corrupted(format!(
                "vectors are {stored_dim}-d, the embedder gives {dim}-d: rebuild the index"
            )));
        }
        let data: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let by_id = records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        Ok(Self {
            scan: Self::scan_of(&data, dim),
            dim,
            records,
            data,
            by_id,
        })
    }
}

impl VectorStore for ExactStore {
    fn dimension(&self) -> usize {
        self.dim
    }

    fn upsert(&mut self, records: Vec<(VectorRecord, Vec<f32>)>) -> Result<()> {
        for (record, vector) in records {
            if vector.len() != self.dim {
                return Err(RetrievalError::InvalidRequest(format!(
                    "vector of {} for a {}-d store",
                    vector.len(),
                    self.dim
                )));
            }
            match self.by_id.get(&record.id) {
                Some(&i) => {
                    self.data[i * self.dim..(i + 1) * self.dim].copy_from_slice(&vector);
                    self.scan.set(i, &vector);
                    self.records[i] = record;
                }
                None => {
                    self.by_id.insert(record.id.clone(), self.records.len());
                    self.records.push(record);
                    self.data.extend_from_slice(&vector);
                    self.scan.push(&vector);
                }
            }
        }
        Ok(())
    }

    fn delete(&mut self, ids: &[String]) -> Result<()> {
        let gone: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
        let mut records = Vec::with_capacity(self.records.len());
        let mut data = Vec::with_capacity(self.data.len());
        for (i, r) in self.records.iter().enumerate() {
            if !gone.contains(r.id.as_str()) {
                records.push(r.clone());
                data.extend_from_slice(self.vector(i));
            }
        }
        self.scan = Self::scan_of(&data, self.dim);
        self.records = records;
        self.data = data;
        self.by_id = self
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        Ok(())
    }

    fn search(&self, query: &[f32], k: usize, filter: &Filter) -> Result<Vec<(String, f32)>> {
        if query.len() != self.dim {
            return Err(RetrievalError::InvalidRequest(format!(
                "query of {} for a {}-d store",
                query.len(),
                self.dim
            )));
        }
        if k == 0 {
            return Ok(Vec::new());
        }
        let accepts = |i: usize| filter.accepts(&self.records[i].facets);
        let shortlist = self.scan.top_k(query, 2 * k + RESCORED_BEYOND, accepts);
        // A tie running to the shortlist's end (every vector alike, as with a
        // test fixture's embedder) is not the scan's to settle: the full
        // scan decides it, as it always has.
        let tied = match (shortlist.get(k - 1), shortlist.last()) {
            (Some(kth), Some(last)) => shortlist.len() > k && kth.1 == last.1,
            _ => false,
        };
        let mut scored: Vec<(usize, f32)> = if tied {
            let mut all: Vec<(usize, f32)> = (0..self.records.len())
                .filter(|&i| accepts(i))
                .map(|i| (i, dot(self.vector(i), query)))
                .collect();
            let k = k.min(all.len());
            all.select_nth_unstable_by(k - 1, |a, b| b.1.total_cmp(&a.1));
            all.truncate(k);
            all.sort_by(|a, b| b.1.total_cmp(&a.1));
            all
        } else {
            let mut rescored: Vec<(usize, f32)> = shortlist
                .into_iter()
                .map(|(i, _)| (i, dot(self.vector(i), query)))
                .collect();
            rescored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            rescored
        };
        scored.truncate(k);
        Ok(scored
            .into_iter()
            .map(|(i, s)| (self.records[i].id.clone(), s))
            .collect())
    }

    fn len(&self) -> usize {
        self.records.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::ChunkFacets;
    use portolan_corpus::{DocType, Lang};

    fn rec(id: &str, doc_type: DocType) -> VectorRecord {
        VectorRecord {
            id: id.into(),
            content_hash: format!("h-{id}"),
            facets: ChunkFacets {
                doc_type,
                lang: Lang::En,
                jurisdiction: "WTO".into(),
                in_force: true,
            },
        }
    }

    #[test]
    fn search_upsert_delete_filter_and_round_trip() {
        let mut s = ExactStore::new(2);
        s.upsert(vec![
            (rec("a", DocType::Law), vec![1.0, 0.0]),
            (rec("b", DocType::Treaty), vec![0.0, 1.0]),
            (rec("c", DocType::Treaty), vec![0.6, 0.8]),
        ])
        .unwrap();
        let hits = s.search(&[1.0, 0.0], 2, &Filter::default()).unwrap();
        assert_eq!(
            hits.iter().map(|h| h.0.as_str()).collect::<Vec<_>>(),
            ["a", "c"]
        );
        let only_treaties = Filter {
            doc_types: vec![DocType::Treaty],
            ..Default::default()
        };
        assert_eq!(s.search(&[1.0, 0.0], 1, &only_treaties).unwrap()[0].0, "c");
        s.upsert(vec![(rec("a", DocType::Law), vec![0.0, 1.0])])
            .unwrap();
        assert_eq!(s.len(), 3, "upsert replaces");
        s.delete(&["b".into()]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        s.save(dir.path()).unwrap();
        let loaded = ExactStore::load(dir.path(), 2).unwrap();
        assert_eq!(loaded.records(), s.records());
        assert_eq!(
            loaded.search(&[0.0, 1.0], 1, &Filter::default()).unwrap()[0].0,
            "a"
        );
        assert!(
            s.search(&[1.0], 1, &Filter::default()).is_err(),
            "wrong width is an error"
        );
    }

    #[test]
    fn the_eight_bit_scan_finds_the_exact_hits_and_scores() {
        // Unit vectors in clusters, so that near-ties abound.
        let dim = 64;
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as f32 / (1u64 << 31) as f32) - 0.5
        };
        let centres: Vec<Vec<f32>> = (0..5).map(|_| (0..dim).map(|_| next()).collect()).collect();
        let unit = |v: Vec<f32>| {
            let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.into_iter().map(|x| x / n).collect::<Vec<f32>>()
        };
        let vectors: Vec<Vec<f32>> = (0..2000)
            .map(|i| unit(centres[i % 5].iter().map(|c| c + 0.2 * next()).collect()))
            .collect();
        let mut s = ExactStore::new(dim);
        s.upsert(
            vectors
                .iter()
                .enumerate()
                .map(|(i, v)| (rec(&format!("v{i}"), DocType::Law), v.clone()))
                .collect(),
        )
        .unwrap();
        // A replaced vector is scanned as it is now.
        let replaced = unit(centres[0].iter().map(|c| c + 0.05 * next()).collect());
        s.upsert(vec![(rec("v3", DocType::Law), replaced.clone())])
            .unwrap();
        for q in 0..20 {
            let query = unit(centres[q % 5].iter().map(|c| c + 0.3 * next()).collect());
            let mut exact: Vec<(usize, f32)> =
                (0..2000).map(|i| (i, dot(s.vector(i), &query))).collect();
            exact.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let want: Vec<(String, f32)> = exact[..60]
                .iter()
                .map(|(i, sc)| (format!("v{i}"), *sc))
                .collect();
            assert_eq!(s.search(&query, 60, &Filter::default()).unwrap(), want);
        }
        assert_eq!(
            s.search(&replaced, 1, &Filter::default()).unwrap()[0].0,
            "v3"
        );
    }

    #[test]
    fn a_tie_past_the_shortlist_is_settled_by_the_full_scan() {
        // Every vector alike: the eight-bit scan cannot choose, the full
        // scan returns k hits that pass the filter, at the exact score.
        let mut s = ExactStore::new(4);
        s.upsert(
            (0..300)
                .map(|i| {
                    let t = if i % 2 == 0 {
                        DocType::Law
                    } else {
                        DocType::Treaty
                    };
                    (rec(&format!("v{i}"), t), vec![0.5; 4])
                })
                .collect(),
        )
        .unwrap();
        let treaties = Filter {
            doc_types: vec![DocType::Treaty],
            ..Default::default()
        };
        let hits = s.search(&[0.5; 4], 10, &treaties).unwrap();
        assert_eq!(hits.len(), 10);
        for (id, score) in &hits {
            let i: usize = id[1..].parse().unwrap();
            assert_eq!(i % 2, 1, "{id} is not a treaty");
            assert_eq!(*score, 1.0);
        }
    }

    #[test]
    fn truncated_vector_file_is_reported_not_misread() {
        let mut s = ExactStore::new(2);
        s.upsert(vec![(rec("a", DocType::Law), vec![1.0, 0.0])])
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        s.save(dir.path()).unwrap();
        std::fs::write(dir.path().join(VECTORS), [0u8; 5]).unwrap();
        assert!(matches!(
            ExactStore::load(dir.path(), 2),
            Err(RetrievalError::Corrupted { .. })
        ));
    }
}
