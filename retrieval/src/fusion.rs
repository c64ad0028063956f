//! Combining ranked lists from the lexical and dense retrievers.
//!
//! Reciprocal rank fusion (Cormack et al., 2009) needs no score
//! calibration: BM25 scores and cosines live on different scales, ranks do
//! not. The weighted alternative min-max normalises each list's scores and
//! mixes them, for deployments that want to tune the balance.

use std::collections::HashMap;

/// How to fuse.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fusion {
    /// `Σ 1 / (k + rank)`, rank from 1.
    Rrf {
        /// Damping constant (60 in the original paper).
        k: f32,
    },
    /// `w · norm(lexical) + (1 − w) · norm(dense)`.
    Weighted {
        /// Weight of the lexical list.
        lexical_weight: f32,
    },
}

impl Default for Fusion {
    fn default() -> Self {
        Fusion::Rrf { k: 60.0 }
    }
}

/// Fuses two lists of `(key, score)` sorted best first; returns keys with fused scores, best first.
pub fn fuse(lexical: &[(usize, f32)], dense: &[(usize, f32)], how: Fusion) -> Vec<(usize, f32)> {
    fuse_seeing(lexical, dense, how, |_| false, |_| false)
}

/// Like [`fuse`], but a retriever that cannot see a candidate does not vote
/// against it: BM25 cannot match a Chinese question to an English treaty, and
/// the dense store has no vector for a tariff line. Where a list is blind to a
/// key, the key takes its rank (or normalised score) in the other list,
/// instead of counting as absent.
pub fn fuse_seeing(
    lexical: &[(usize, f32)],
    dense: &[(usize, f32)],
    how: Fusion,
    lexical_blind: impl Fn(usize) -> bool,
    dense_blind: impl Fn(usize) -> bool,
) -> Vec<(usize, f32)> {
    // Per list: key -> contribution.
    let contributions = |list: &[(usize, f32)], w: f32| -> HashMap<usize, f32> {
        match how {
            Fusion::Rrf { k } => list
                .iter()
                .enumerate()
                .map(|(rank, (key, _))| (*key, 1.0 / (k + rank as f32 + 1.0)))
                .collect(),
            Fusion::Weighted { .. } => {
                let (lo, hi) = list
                    .iter()
                    .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), (_, s)| {
                        (lo.min(*s), hi.max(*s))
                    });
                list.iter()
                    .map(|(key, s)| (*key, w * if hi > lo { (s - lo) / (hi - lo) } else { 1.0 }))
                    .collect()
            }
        }
    };
    let (wl, wd) = match how {
        Fusion::Rrf { .. } => (1.0, 1.0),
        Fusion::Weighted { lexical_weight } => (lexical_weight, 1.0 - lexical_weight),
    };
    let lex = contributions(lexical, wl);
    let den = contributions(dense, wd);
    let mut keys: Vec<usize> = lex.keys().chain(den.keys()).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    let mut out: Vec<(usize, f32)> = keys
        .into_iter()
        .map(|key| {
            let l = lex.get(&key).copied();
            let d = den.get(&key).copied();
            let l = l.or_else(|| {
                lexical_blind(key)
                    .then(|| d.map(|d| d * wl / wd.max(f32::EPSILON)))
                    .flatten()
            });
            let d = d.or_else(|| {
                dense_blind(key)
                    .then(|| lex.get(&key).map(|l| l * wd / wl.max(f32::EPSILON)))
                    .flatten()
            });
            (key, l.unwrap_or(0.0) + d.unwrap_or(0.0))
        })
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rrf_rewards_agreement_between_lists() {
        let lexical = [(1, 12.0), (2, 11.0)];
        let dense = [(3, 0.9), (2, 0.8), (4, 0.7)];
        let fused = fuse(&lexical, &dense, Fusion::default());
        assert_eq!(
            fused[0].0, 2,
            "second in both beats first in one: {fused:?}"
        );
        assert_eq!(fused.len(), 4);
    }

    #[test]
    fn a_blind_retriever_does_not_vote_against_a_candidate() {
        // Key 7 is an English treaty found first by dense for a Chinese
        // question; BM25 cannot see it. Key 1 is a Chinese law both found.
        let lexical = [(1, 9.0), (2, 8.0)];
        let dense: Vec<(usize, f32)> = std::iter::once((7, 0.9))
            .chain((10..30).map(|k| (k, 0.5)))
            .chain([(1, 0.1)])
            .collect();
        let plain = fuse(&lexical, &dense, Fusion::default());
        assert_eq!(plain[0].0, 1, "plain RRF prefers agreement: {plain:?}");
        let seeing = fuse_seeing(&lexical, &dense, Fusion::default(), |k| k == 7, |_| false);
        assert_eq!(seeing[0].0, 7, "{seeing:?}");
    }

    #[test]
    fn weighted_fusion_follows_its_weight() {
        let lexical = [(1, 10.0), (2, 0.0)];
        let dense = [(2, 0.9), (1, 0.1)];
        assert_eq!(
            fuse(
                &lexical,
                &dense,
                Fusion::Weighted {
                    lexical_weight: 0.9
                }
            )[0]
            .0,
            1
        );
        assert_eq!(
            fuse(
                &lexical,
                &dense,
                Fusion::Weighted {
                    lexical_weight: 0.1
                }
            )[0]
            .0,
            2
        );
    }
}
