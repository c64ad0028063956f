//! Unit vectors held in eight bits per dimension, scanned exhaustively.
//!
//! An exhaustive scan is bound by memory: 37k tariff lines of 768 f32 are
//! 113 MB read per query, about 10 ms of one core, and the classifier scans
//! them for every description. Stored as `i8` with one scale per vector they
//! are 28 MB. The query stays f32, so the only error is the rounding of the
//! stored side: under 0.4% of a dimension's largest value, a few thousandths
//! of cosine, well inside the gaps that decide a ranking.

use super::lane_sums;

/// A matrix of `dim`-wide vectors, each rounded to `i8` against its own
/// largest magnitude.
#[derive(Debug, Clone, Default)]
pub struct CompactVectors {
    dim: usize,
    codes: Vec<i8>,
    scales: Vec<f32>,
}

impl CompactVectors {
    /// An empty matrix of `dim`-wide vectors.
    pub fn new(dim: usize) -> Self {
        Self {
            dim,
            codes: Vec::new(),
            scales: Vec::new(),
        }
    }

    /// Vector width.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Vectors held.
    pub fn len(&self) -> usize {
        self.scales.len()
    }

    /// True when none are held.
    pub fn is_empty(&self) -> bool {
        self.scales.is_empty()
    }

    /// Appends a vector; `None` when its width is not the matrix's.
    pub fn push(&mut self, v: &[f32]) -> Option<()> {
        if v.len() != self.dim {
            return None;
        }
        let scale = scale_of(v);
        self.codes.extend(v.iter().map(|x| code(*x, scale)));
        self.scales.push(scale);
        Some(())
    }

    /// Replaces vector `i`; `None` when there is no such vector or the
    /// width is not the matrix's.
    pub fn set(&mut self, i: usize, v: &[f32]) -> Option<()> {
        if v.len() != self.dim || i >= self.len() {
            return None;
        }
        let scale = scale_of(v);
        for (c, x) in self.codes[i * self.dim..(i + 1) * self.dim]
            .iter_mut()
            .zip(v)
        {
            *c = code(*x, scale);
        }
        self.scales[i] = scale;
        Some(())
    }

    /// Inner product of vector `i` with `query` (which must be `dim` wide).
    pub fn dot(&self, i: usize, query: &[f32]) -> f32 {
        let codes = &self.codes[i * self.dim..(i + 1) * self.dim];
        dot_i8(codes, query) * self.scales[i]
    }

    /// The `k` vectors most similar to `query` among those `accept` lets
    /// through, best first (ties by index); empty when the query's width is
    /// not the matrix's.
    pub fn top_k(
        &self,
        query: &[f32],
        k: usize,
        accept: impl Fn(usize) -> bool,
    ) -> Vec<(usize, f32)> {
        if query.len() != self.dim || k == 0 {
            return Vec::new();
        }
        let mut scored: Vec<(usize, f32)> = (0..self.len())
            .filter(|&i| accept(i))
            .map(|i| (i, self.dot(i, query)))
            .collect();
        let order = |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if scored.len() > k {
            scored.select_nth_unstable_by(k - 1, order);
            scored.truncate(k);
        }
        scored.sort_by(order);
        scored
    }
}

/// The step of a vector's codes: its largest magnitude is 127.
fn scale_of(v: &[f32]) -> f32 {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    if max > 0.0 {
        max / 127.0
    } else {
        1.0
    }
}

fn code(x: f32, scale: f32) -> i8 {
    (x / scale).round().clamp(-127.0, 127.0) as i8
}

/// `Σ codes[j] · query[j]`, with AVX2 and FMA when the CPU has them (the
/// build targets plain x86-64, so the compiler would not use them itself).
fn dot_i8(codes: &[i8], query: &[f32]) -> f32 {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: the CPU supports the features the function is compiled for.
            return unsafe { dot_i8_fma(codes, query) };
        }
    }
    dot_i8_portable(codes, query)
}

/// Thirty-two independent fused sums, four AVX2 registers: with one, each
/// multiply-add waited for the one before, and the scan of the search's
/// eight-bit matrix took a third of a repeated search.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn dot_i8_fma(codes: &[i8], query: &[f32]) -> f32 {
    lane_sums::<i8, 32>(codes, query, |c, q, sum| c.mul_add(q, sum))
}

/// Eight independent partial sums (no `mul_add`: without FMA in the
/// hardware it is a library call).
fn dot_i8_portable(codes: &[i8], query: &[f32]) -> f32 {
    lane_sums::<i8, 8>(codes, query, |c, q, sum| sum + c * q)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vector::dot;

    /// Deterministic pseudo-random unit vectors.
    fn unit_vectors(n: usize, dim: usize, seed: u64) -> Vec<Vec<f32>> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                let v: Vec<f32> = (0..dim)
                    .map(|_| {
                        s = s
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        ((s >> 33) as f32 / (1u64 << 31) as f32) - 0.5
                    })
                    .collect();
                let norm = dot(&v, &v).sqrt();
                v.into_iter().map(|x| x / norm).collect()
            })
            .collect()
    }

    fn compact(vs: &[Vec<f32>]) -> CompactVectors {
        let mut m = CompactVectors::new(vs[0].len());
        for v in vs {
            m.push(v).unwrap();
        }
        m
    }

    #[test]
    fn products_stay_within_a_few_thousandths_of_the_exact_ones() {
        let vs = unit_vectors(200, 771, 1);
        let mut m = compact(&vs);
        let q = &unit_vectors(1, 771, 2)[0];
        let worst = (0..vs.len())
            .map(|i| (m.dot(i, q) - dot(&vs[i], q)).abs())
            .fold(0f32, f32::max);
        assert!(worst < 0.004, "{worst}");
        assert!(
            (dot_i8(&m.codes[..771], q) - dot_i8_portable(&m.codes[..771], q)).abs() < 1e-3,
            "the dispatched kernel computes what the portable one does"
        );
        assert!(
            m.push(&[1.0]).is_none(),
            "a vector of another width is refused"
        );
    }

    #[test]
    fn top_k_ranks_like_the_exact_scan_and_honours_the_filter() {
        let vs = unit_vectors(500, 64, 3);
        let m = compact(&vs);
        // A query close to vector 7: it must come first, then the rest in
        // the exact order wherever the exact gaps exceed the rounding.
        let q: Vec<f32> = vs[7].iter().zip(&vs[9]).map(|(a, b)| a + 0.3 * b).collect();
        let got = m.top_k(&q, 5, |_| true);
        assert_eq!(got.len(), 5);
        assert_eq!(got[0].0, 7);
        assert!(got.windows(2).all(|w| w[0].1 >= w[1].1), "best first");
        let without_7 = m.top_k(&q, 3, |i| i != 7);
        assert!(without_7.iter().all(|(i, _)| *i != 7));
        assert_eq!(without_7[0].0, got[1].0);
        assert!(m.top_k(&q[..10], 3, |_| true).is_empty(), "wrong width");
    }
}
