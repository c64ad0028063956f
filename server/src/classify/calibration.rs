//! From vote shares to probabilities.
//!
//! A share of the votes is not a probability: with evidence spread over many
//! codes the best one may hold 0.3 and still be right most of the time, and a
//! lone confident source can hold 0.8 and be wrong. A logistic curve over the
//! candidate's share and its margin over the runner-up maps shares to the
//! observed rate of being right. The coefficients were fitted by `portolan
//! eval classify --fit-calibration` on `classify-dev.jsonl` (labelled
//! neighbours left out per item), one curve for subheadings and one for
//! headings; refit them when the evidence or its weights change. The
//! subheading curve was refit after the rules that rule codes out had grown
//! (they move whole shares onto one sibling, so shares run higher than the
//! old curve knew).
//!
//! The heading curve is consulted only when the best subheading is unsure
//! ([`SUBHEADING_SURE`]), to decide whether its heading is sure enough to
//! come first, so it is fitted on those items alone. Fitted on all items it
//! had said 0.5 to 0.86 for headings that, on the 143 unsure items of
//! classify-dev, were right 35% of the time (34 answers led by a heading, 12
//! of them right). On the unsure items a heading's share says nothing (its
//! weight fits to zero) and its lead little: the refit curve stays below 0.5
//! at every lead, so no heading there is sure enough to come first, and the
//! answer is the likeliest subheadings at their low confidence, marked
//! unsure. Refit on other evidence, a heading may come first again.
//!
//! Chinese descriptions get the subheading curve moved up in log-odds
//! ([`CHINESE_SHIFT`]): with the English curve they were right far more
//! often than it said (classify-zh-dev: mean confidence 0.45, right 0.64,
//! ECE 0.188). A Chinese description draws its votes from China's lines by
//! their Chinese names and from translated neighbours, which spread over
//! more codes than the English evidence does, so a given share stands for
//! more. One parameter, fitted on the 79 subheading answers of
//! classify-zh-dev with the curve held fixed (`--fit-calibration` prints
//! it); left-one-out fits range 0.96 to 1.06.

/// Below this probability a subheading is not asserted…
pub const SUBHEADING_SURE: f32 = 0.25;
/// …when its heading is at least this likely: the heading comes first.
pub const HEADING_SURE: f32 = 0.5;

/// The log-odds by which the subheading curve is moved for a Chinese
/// description (see the module doc).
pub const CHINESE_SHIFT: f32 = 1.0;

/// `sigmoid(intercept + share_coef * share + margin_coef * margin)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Curve {
    /// Intercept.
    pub intercept: f32,
    /// Coefficient of the candidate's share.
    pub share: f32,
    /// Coefficient of its margin over the best other candidate (negative
    /// for every candidate but the first).
    pub margin: f32,
}

impl Curve {
    /// The same curve moved by `shift` in log-odds.
    pub fn shifted(self, shift: f32) -> Curve {
        Curve {
            intercept: self.intercept + shift,
            ..self
        }
    }

    /// The probability that a candidate with this share and margin is right.
    pub fn probability(&self, share: f32, margin: f32) -> f32 {
        let z = self.intercept + self.share * share + self.margin * margin;
        1.0 / (1.0 + (-z).exp())
    }
}

/// Subheadings (six digits).
pub const SUBHEADING: Curve = Curve {
    intercept: -2.012,
    share: 6.539,
    margin: 2.860,
};

/// Headings (four digits), where the best subheading is unsure.
pub const HEADING: Curve = Curve {
    intercept: -0.669,
    share: 0.0,
    margin: 0.647,
};

/// Fits a curve to `(share, margin, right)` observations by logistic
/// regression (full-batch gradient descent on the log loss; three
/// parameters need nothing more). The share and margin coefficients are
/// kept at zero or above: more of the votes, or a wider lead, never makes a
/// code less likely, and a negative weight fitted on a few hundred items is
/// noise.
pub fn fit(samples: &[(f32, f32, bool)]) -> Curve {
    let (mut a, mut b, mut c) = (0f64, 0f64, 0f64);
    let n = samples.len().max(1) as f64;
    let rate = 1.0;
    for _ in 0..20_000 {
        let (mut ga, mut gb, mut gc) = (0f64, 0f64, 0f64);
        for &(s, m, y) in samples {
            let (s, m) = (s as f64, m as f64);
            let p = 1.0 / (1.0 + (-(a + b * s + c * m)).exp());
            let err = p - if y { 1.0 } else { 0.0 };
            ga += err;
            gb += err * s;
            gc += err * m;
        }
        a -= rate * ga / n;
        b = (b - rate * gb / n).max(0.0);
        c = (c - rate * gc / n).max(0.0);
    }
    Curve {
        intercept: a as f32,
        share: b as f32,
        margin: c as f32,
    }
}

/// The log-odds shift of `curve` that best fits `samples` (a one-parameter
/// logistic regression, the curve's own coefficients held).
pub fn fit_shift(samples: &[(f32, f32, bool)], curve: Curve) -> f32 {
    let n = samples.len().max(1) as f64;
    let mut d = 0f64;
    for _ in 0..5_000 {
        let g: f64 = samples
            .iter()
            .map(|&(s, m, y)| {
                let z = curve.intercept as f64
                    + d
                    + curve.share as f64 * s as f64
                    + curve.margin as f64 * m as f64;
                1.0 / (1.0 + (-z).exp()) - if y { 1.0 } else { 0.0 }
            })
            .sum();
        d -= g / n;
    }
    d as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_recovers_the_rate_of_being_right() {
        // Right 80% of the time at share 0.9, 20% at share 0.1.
        let mut samples = Vec::new();
        for i in 0..100 {
            samples.push((0.9, 0.5, i % 5 != 0));
            samples.push((0.1, 0.0, i % 5 == 0));
        }
        let curve = fit(&samples);
        assert!(
            (curve.probability(0.9, 0.5) - 0.8).abs() < 0.02,
            "{curve:?}"
        );
        assert!(
            (curve.probability(0.1, 0.0) - 0.2).abs() < 0.02,
            "{curve:?}"
        );
    }

    #[test]
    fn a_shift_recovers_a_rate_the_curve_understates() {
        // At share 0.3, margin 0.1 the curve says ~0.37; the samples are
        // right 70% of the time.
        let samples: Vec<_> = (0..100).map(|i| (0.3, 0.1, i % 10 < 7)).collect();
        let d = fit_shift(&samples, SUBHEADING);
        let p = SUBHEADING.shifted(d).probability(0.3, 0.1);
        assert!(d > 0.0 && (p - 0.7).abs() < 0.01, "{d} {p}");
    }

    #[test]
    fn probability_never_falls_with_share_or_margin() {
        for curve in [SUBHEADING, HEADING] {
            assert!(curve.probability(0.6, 0.1) >= curve.probability(0.3, 0.1));
            assert!(curve.probability(0.4, 0.3) >= curve.probability(0.4, 0.0));
        }
        assert!(SUBHEADING.probability(0.6, 0.1) > SUBHEADING.probability(0.3, 0.1));
    }

    #[test]
    fn a_fit_never_weighs_share_or_margin_negatively() {
        // Right 40% of the time at share 0.8 and 60% at 0.3: the fit
        // flattens the share out, at the overall rate, rather than invert it.
        let samples: Vec<_> = (0..200)
            .map(|i| {
                let high = i % 2 == 0;
                let share = if high { 0.8 } else { 0.3 };
                (share, 0.1, if high { i % 10 < 3 } else { i % 10 < 6 })
            })
            .collect();
        let c = fit(&samples);
        assert_eq!(c.share, 0.0, "{c:?}");
        assert!(c.margin >= 0.0, "{c:?}");
        let rate = c.probability(0.5, 0.1);
        assert!((rate - 0.5).abs() < 0.01, "the overall rate: {c:?} {rate}");
    }
}
