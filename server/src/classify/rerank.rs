//! Classification, second stage: the language model weighs the short list.
//!
//! The first stage's votes put the right subheading among the first five
//! far more often than first (top-5 0.57 against top-1 0.27 on
//! classify-dev): what is missing is the reading of the description
//! against each subheading's own words. The model does that reading, but it
//! never writes a code. Each short-listed subheading becomes the reply the
//! fine-tuned model was trained to give ("HS 851712: Telephones for cellular
//! networks…"), and the model's log-probability of that reply, given the
//! description, is its opinion. The same prompt and reply format build the
//! training examples (`portolan train data`), so an adapter learns exactly
//! what is asked of it here.
//!
//! The opinion multiplies the votes: over the short list, each share is
//! scaled by the model's probability (its softmax over the list) raised to
//! a weight, and the list keeps its total share. Candidates outside the
//! list, the calibration curves and the heading fallback of the first stage
//! are untouched, so a model that knows nothing leaves the ranking as it was.

use std::sync::Arc;

use portolan_corpus::Lang;
use portolan_model::{ChatMessage, Role, Scorer};

use super::ClassifyError;

/// Subheadings the model weighs.
pub const SHORTLIST: usize = 5;

/// The instruction of classification prompts.
pub fn system_prompt() -> String {
    crate::prompts::built_in("classify.md").unwrap_or_default()
}

/// The conversation asking for the subheading of `goods`, in Chinese when
/// the description holds any (as the calibration decides it).
pub fn messages(goods: &str) -> Vec<ChatMessage> {
    messages_in(goods, Lang::has_chinese(goods))
}

/// The conversation asking for the subheading of `goods`, in Chinese or English.
pub fn messages_in(goods: &str, chinese: bool) -> Vec<ChatMessage> {
    let user = if chinese {
        format!("请为以下商品归类（HS 6位）：{goods}")
    } else {
        format!("Classify (HS, 6 digits): {goods}")
    };
    vec![
        ChatMessage::new(Role::System, system_prompt()),
        ChatMessage::new(Role::User, user),
    ]
}

/// The opening of the answer, up to the code: what the model is asked to
/// weigh. Every candidate's is as long as the others' (the subheading's
/// text would tilt the weighing towards short texts, and once the code is
/// chosen its text follows from it).
pub fn reply_code(code: &str) -> String {
    format!("HS {code}")
}

/// The first line of the answer: the subheading and its HS 2022 text.
pub fn reply_head(code: &str, subheading: &str, chinese: bool) -> String {
    if chinese {
        format!("HS {code}：{subheading}")
    } else {
        format!("HS {code}: {subheading}")
    }
}

/// The whole answer: subheading, heading and the rules that decide them
/// (GRI 1, the terms of the heading, then GRI 6, the terms of the
/// subheading: the rules every subheading reached by its own words rests on).
pub fn reply(code: &str, subheading: &str, heading: &str, chinese: bool) -> String {
    let head = reply_head(code, subheading, chinese);
    let h = &code[..4.min(code.len())];
    if chinese {
        format!("{head}\n品目 {h}：{heading}\n依据：规则一（按品目条文）及规则六（按子目条文）。")
    } else {
        format!(
            "{head}\nHeading {h}: {heading}\nRule: GRI 1 (terms of the heading) and GRI 6 (terms of the subheading)."
        )
    }
}

/// The language model's weighing of a short list.
#[derive(Clone)]
pub struct ModelRanker {
    scorer: Arc<dyn Scorer>,
    adapter: Option<String>,
    weight: f32,
}

impl ModelRanker {
    /// Weighs with `scorer` (under `adapter`, if given); `weight` is the
    /// exponent of the model's probabilities (0 leaves the votes alone).
    pub fn new(scorer: Arc<dyn Scorer>, adapter: Option<String>, weight: f32) -> Self {
        Self {
            scorer,
            adapter,
            weight,
        }
    }

    /// Rescales the shares of the first [`SHORTLIST`] subheadings of
    /// `ranked` (best first) by the model's probability of each, and
    /// re-sorts them.
    pub fn rerank(&self, goods: &str, ranked: &mut [(String, f32)]) -> Result<(), ClassifyError> {
        let n = ranked.len().min(SHORTLIST);
        if n < 2 {
            return Ok(());
        }
        let replies: Vec<String> = ranked[..n]
            .iter()
            .map(|(code, _)| reply_code(code))
            .collect();
        let scores = self
            .scorer
            .score_chat(&messages(goods), &replies, self.adapter.as_deref())?;
        let logp: Vec<f64> = scores.iter().map(|s| s.logprob).collect();
        tracing::debug!(?replies, ?logp, "the model weighs the short list");
        let opinion = softmax(&logp);
        let total: f32 = ranked[..n].iter().map(|(_, s)| s).sum();
        let scaled: Vec<f64> = ranked[..n]
            .iter()
            .zip(&opinion)
            .map(|((_, s), q)| *s as f64 * q.powf(self.weight as f64))
            .collect();
        let z: f64 = scaled.iter().sum();
        if z <= 0.0 || !z.is_finite() {
            return Ok(());
        }
        for ((_, s), v) in ranked[..n].iter_mut().zip(&scaled) {
            *s = (v / z) as f32 * total;
        }
        ranked[..n].sort_by(|a, b| b.1.total_cmp(&a.1));
        Ok(())
    }
}

fn softmax(xs: &[f64]) -> Vec<f64> {
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exp: Vec<f64> = xs.iter().map(|x| (x - max).exp()).collect();
    let sum: f64 = exp.iter().sum();
    exp.iter().map(|e| e / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use portolan_model::ContinuationScore;

    /// A scorer that likes replies naming one code.
    struct Likes(&'static str);

    impl Scorer for Likes {
        fn score(&self, _: &str, _: &[String]) -> portolan_model::Result<Vec<ContinuationScore>> {
            unreachable!("the ranker scores conversations")
        }

        fn score_chat(
            &self,
            messages: &[ChatMessage],
            replies: &[String],
            _: Option<&str>,
        ) -> portolan_model::Result<Vec<ContinuationScore>> {
            assert!(messages[1].content.contains("frozen shrimp"));
            Ok(replies
                .iter()
                .map(|r| ContinuationScore {
                    logprob: if r.contains(self.0) { -1.0 } else { -6.0 },
                    tokens: 1,
                    token_logprobs: vec![],
                })
                .collect())
        }
    }

    fn ranked() -> Vec<(String, f32)> {
        vec![
            ("030617".into(), 0.40),
            ("160521".into(), 0.30),
            ("030616".into(), 0.10),
            ("030695".into(), 0.05),
            ("030619".into(), 0.05),
            ("030749".into(), 0.01),
        ]
    }

    #[test]
    fn the_model_reorders_the_short_list_and_keeps_its_total() {
        let ranker = ModelRanker::new(Arc::new(Likes("160521")), None, 1.0);
        let mut r = ranked();
        ranker.rerank("frozen shrimp", &mut r).unwrap();
        assert_eq!(r[0].0, "160521");
        let total: f32 = r[..SHORTLIST].iter().map(|(_, s)| s).sum();
        assert!((total - 0.90).abs() < 1e-5, "{total}");
        // Outside the list nothing moves.
        assert_eq!(r[5], ("030749".to_string(), 0.01));
    }

    #[test]
    fn weight_zero_keeps_the_votes() {
        let ranker = ModelRanker::new(Arc::new(Likes("160521")), None, 0.0);
        let mut r = ranked();
        ranker.rerank("frozen shrimp", &mut r).unwrap();
        for (a, b) in r.iter().zip(ranked()) {
            assert_eq!(a.0, b.0);
            assert!((a.1 - b.1).abs() < 1e-6);
        }
    }

    #[test]
    fn replies_follow_the_language_of_the_description() {
        assert!(messages("冻虾仁")[1]
            .content
            .starts_with("请为以下商品归类"));
        assert!(messages("frozen shrimp")[1].content.starts_with("Classify"));
        assert_eq!(reply_head("030617", "Shrimps", true), "HS 030617：Shrimps");
        let full = reply("030617", "Shrimps", "Crustaceans", false);
        assert!(full.starts_with("HS 030617: Shrimps\nHeading 0306: Crustaceans\nRule: GRI 1"));
    }
}
