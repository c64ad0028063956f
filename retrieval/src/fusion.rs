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
    fuse_seeing(lexical, dense, how, |_| Sight::Direct, |_| Sight::Direct)
}

/// How a retriever sees a candidate that its list may not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    /// By itself: absent from the list, the retriever judged it irrelevant.
    Direct,
    /// Not at all: BM25 cannot match a Chinese question to an English
    /// treaty, and the dense store has no vector for a tariff line. The
    /// candidate takes its rank (or normalised score) in the other list,
    /// instead of counting as absent.
    Blind,
    /// Through another candidate that stands for it: only the first piece of
    /// a split article is embedded, so the dense retriever ranks the article
    /// by that piece, and a later piece takes the first piece's place. Had it
    /// counted as blind, a later piece BM25 ranked first would get that rank
    /// twice, and long GACC records, split into many pieces full of common
    /// words, would push the laws out of the first five.
    Through(usize),
}

/// Like [`fuse`], but each list sees a candidate as its [`Sight`] says: a
/// retriever that cannot see a candidate does not vote against it, and one
/// that sees it through another candidate gives it that candidate's vote.
pub fn fuse_seeing(
    lexical: &[(usize, f32)],
    dense: &[(usize, f32)],
    how: Fusion,
    lexical_sight: impl Fn(usize) -> Sight,
    dense_sight: impl Fn(usize) -> Sight,
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
    // A candidate's vote in one list when that list does not hold it: from
    // the candidate standing for it, or, when blind, the other list's vote
    // rescaled to this list's weight.
    let unlisted =
        |sight: Sight, own: &HashMap<usize, f32>, other: Option<f32>, scale: f32| match sight {
            Sight::Direct => None,
            Sight::Blind => other.map(|o| o * scale),
            Sight::Through(stand_in) => own.get(&stand_in).copied(),
        };
    let mut keys: Vec<usize> = lex.keys().chain(den.keys()).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    let mut out: Vec<(usize, f32)> = keys
        .into_iter()
        .map(|key| {
            let (l, d) = (lex.get(&key).copied(), den.get(&key).copied());
            let l_seen =
                l.or_else(|| unlisted(lexical_sight(key), &lex, d, wl / wd.max(f32::EPSILON)));
            let d_seen =
                d.or_else(|| unlisted(dense_sight(key), &den, l, wd / wl.max(f32::EPSILON)));
            (key, l_seen.unwrap_or(0.0) + d_seen.unwrap_or(0.0))
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
        let seeing = fuse_seeing(
            &lexical,
            &dense,
            Fusion::default(),
            |k| if k == 7 { Sight::Blind } else { Sight::Direct },
            |_| Sight::Direct,
        );
        assert_eq!(seeing[0].0, 7, "{seeing:?}");
    }

    #[test]
    fn a_later_piece_takes_the_dense_vote_of_its_first_piece() {
        // Key 5 is the second piece of a long record that BM25 ranks first;
        // key 4 is that record's first piece, ranked 41st by the dense
        // retriever. Key 1 is a law article both retrievers rank 2nd or 3rd.
        let lexical = [(5, 30.0), (1, 28.0)];
        let dense: Vec<(usize, f32)> = (10..12)
            .map(|k| (k, 0.6))
            .chain([(1, 0.58)])
            .chain((20..57).map(|k| (k, 0.5)))
            .chain([(4, 0.4)])
            .collect();
        let sight = |k: usize| match k {
            5 => Sight::Through(4),
            _ => Sight::Direct,
        };
        let fused = fuse_seeing(
            &lexical,
            &dense,
            Fusion::default(),
            |_| Sight::Direct,
            sight,
        );
        let score = |key| fused.iter().find(|(k, _)| *k == key).map(|(_, s)| *s);
        let close = |a: Option<f32>, b: f32| a.is_some_and(|a| (a - b).abs() < 1e-7);
        assert!(close(score(5), 1.0 / 61.0 + 1.0 / 101.0), "{fused:?}");
        assert_eq!(fused[0].0, 1, "{fused:?}");
        // Seen as blind, the piece would get BM25's first rank twice and lead.
        let blind = fuse_seeing(
            &lexical,
            &dense,
            Fusion::default(),
            |_| Sight::Direct,
            |k| if k == 5 { Sight::Blind } else { Sight::Direct },
        );
        assert_eq!(blind[0].0, 5, "{blind:?}");
        // Through a stand-in the dense list does not hold, only BM25 votes.
        let unranked = fuse_seeing(
            &lexical,
            &dense[..3],
            Fusion::default(),
            |_| Sight::Direct,
            sight,
        );
        let unranked_score = unranked.iter().find(|(k, _)| *k == 5).map(|(_, s)| *s);
        assert!(close(unranked_score, 1.0 / 61.0), "{unranked:?}");
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
