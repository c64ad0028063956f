//! The model's part of a briefing: a few sentences narrating the findings
//! (whose figures are the facts table's), then the number check against
//! the whole table. A sentence stating a figure the table does
//! not hold is not shown: the narrative is regenerated once with the
//! offending figures named, and sentences still failing are dropped. The
//! headline and bullets are written by template and never go through the
//! model.

use portolan_model::{ChatMessage, FinishReason, Generator, Role, SamplingParams};
use serde::Serialize;

use super::draft::BriefLang;
use super::facts::FactsTable;
use super::numbers::{figure_count, untraced, Window};
use super::BriefError;

/// Tokens the narrative may take: three short sentences. Decoding is most
/// of a briefing's time (about 14 tokens a second for the 1.5B on 2 cores).
const MAX_TOKENS: usize = 100;
/// A second attempt is made only if the first left this much of the
/// briefing's 10-second budget; otherwise failing sentences are dropped.
const RETRY_WITHIN: f64 = 4.0;

/// What the number check did.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct NumberCheck {
    /// Sentences the model wrote in the attempt published (dropped ones included).
    pub sentences: usize,
    /// Figures the model stated that the table does not hold (all attempts).
    pub untraced: Vec<String>,
    /// Whether the narrative was written a second time.
    pub regenerated: bool,
    /// Sentences dropped for untraceable figures.
    pub dropped: Vec<String>,
    /// Figures in the narrative as published, all traced to the table.
    pub figures: usize,
}

/// Splits prose into sentences: after `。！？`, and after `.!?` followed
/// by a space or the end (a decimal point is followed by a digit).
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        let end = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => chars.peek().is_none_or(|n| n.is_whitespace()),
            '\n' => true,
            _ => false,
        };
        if end {
            let s = current.trim().to_string();
            if !s.is_empty() {
                out.push(s);
            }
            current.clear();
        }
    }
    let s = current.trim().to_string();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// Words by which a sentence claims a cause. The data shows what moved,
/// not why: such a sentence is the model's speculation and is not published.
const CAUSAL: &[&str] = &[
    "because",
    "due to",
    "driven by",
    "as a result",
    "led to",
    "leading to",
    "caused",
    "owing to",
    "thanks to",
    "导致",
    "由于",
    "因为",
    "受益于",
    "得益于",
    "拉动",
    "带动",
    "所致",
    "造成",
];

/// Whether `sentence` states a cause.
pub fn claims_cause(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    CAUSAL.iter().any(|w| lower.contains(w))
}

/// Joins sentences back in the language's way.
fn join(sentences: &[String], lang: BriefLang) -> String {
    sentences.join(if lang.zh() { "" } else { " " })
}

/// Writes and checks the narrative.
pub fn narrate(
    model: &dyn Generator,
    template: &str,
    context: &str,
    findings: &str,
    facts: &FactsTable,
    window: &Window,
    lang: BriefLang,
) -> Result<(String, NumberCheck), BriefError> {
    let system = template
        .replace("{sentences}", "2 to 3")
        .replace("{language}", lang.pick("Chinese (简体中文)", "English"));
    // The model rewrites the findings (headline and bullets, whose figures
    // are the table's, each with its subject and period) rather than read
    // the table: labels cost a third more prompt, and the 1.5B model given
    // the table pinned figures on the wrong subject or period more often (in
    // a trial of six briefings, three topics in both languages, the check
    // dropped about 15 of 21 sentences written from the table and 7 of 19
    // written from the findings).
    let base = format!("{context}\n\nFindings:\n{findings}");
    let mut check = NumberCheck::default();
    let mut prompt = base.clone();
    for attempt in 0..2 {
        let messages = [
            ChatMessage::new(Role::System, system.clone()),
            ChatMessage::new(Role::User, prompt.clone()),
        ];
        let params = SamplingParams {
            max_tokens: MAX_TOKENS,
            ..SamplingParams::default()
        };
        let completion = model
            .chat(&messages, &params, &mut |_| true)
            .map_err(BriefError::Model)?;
        tracing::info!(
            attempt,
            prompt_tokens = completion.prompt_tokens,
            cached = completion.cached_prompt_tokens,
            generated = completion.completion_tokens,
            ttft = completion.time_to_first_token,
            total = completion.total_time,
            "briefing narrative"
        );
        let mut written = sentences(&completion.text);
        check.sentences = written.len();
        // A sentence cut off by the token limit is not published.
        let cut = completion.finish_reason == FinishReason::Length
            && written
                .last()
                .is_some_and(|s| !s.ends_with(['。', '.', '！', '!', '？', '?']));
        if cut {
            if let Some(last) = written.pop() {
                check.dropped.push(last);
            }
        }
        // A sentence fails for a figure not in the table, or for a cause the
        // data cannot show ("the weaker yuan led to…").
        let verdicts: Vec<(String, Vec<String>, bool)> = written
            .into_iter()
            .map(|s| {
                let bad = untraced(&s, facts, window);
                let causal = claims_cause(&s);
                (s, bad, causal)
            })
            .collect();
        let bad: Vec<String> = verdicts.iter().flat_map(|(_, b, _)| b.clone()).collect();
        let any_causal = verdicts.iter().any(|(_, _, c)| *c);
        check.untraced.extend(bad.iter().cloned());
        if (bad.is_empty() && !any_causal) || attempt == 1 || completion.total_time > RETRY_WITHIN {
            let (kept, dropped): (Vec<_>, Vec<_>) = verdicts
                .into_iter()
                .partition(|(_, b, causal)| b.is_empty() && !causal);
            check.dropped.extend(dropped.into_iter().map(|(s, ..)| s));
            let kept: Vec<String> = kept.into_iter().map(|(s, ..)| s).collect();
            let text = join(&kept, lang);
            check.figures = figure_count(&text);
            return Ok((text, check));
        }
        check.regenerated = true;
        check.dropped.clear();
        prompt = if bad.is_empty() {
            format!("{base}\n\nYour previous draft gave causes the findings do not state. Write it again without causes.")
        } else {
            format!(
                "{base}\n\nYour previous draft stated figures that are not in the findings: {}. Write the narrative again using only the findings' figures.",
                bad.join(", ")
            )
        };
    }
    unreachable!("the second attempt always returns")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::facts::FactUnit;
    use portolan_model::Completion;
    use std::sync::Mutex;

    /// Replies with the next of its drafts, and keeps the prompts it saw.
    struct Drafts {
        drafts: Mutex<Vec<&'static str>>,
        prompts: Mutex<Vec<String>>,
    }

    impl Generator for Drafts {
        fn chat(
            &self,
            m: &[ChatMessage],
            _: &SamplingParams,
            _: &mut dyn FnMut(&str) -> bool,
        ) -> portolan_model::Result<Completion> {
            self.prompts
                .lock()
                .unwrap()
                .push(m.last().map(|m| m.content.clone()).unwrap_or_default());
            // The last draft is repeated once the others are used.
            let mut drafts = self.drafts.lock().unwrap();
            let text = if drafts.len() > 1 {
                drafts.remove(0)
            } else {
                drafts[0]
            }
            .to_string();
            Ok(Completion {
                text,
                prompt_tokens: 10,
                cached_prompt_tokens: 0,
                completion_tokens: 10,
                finish_reason: FinishReason::Stop,
                time_to_first_token: 0.1,
                total_time: 0.2,
            })
        }

        fn complete(
            &self,
            _: &str,
            _: &SamplingParams,
            _: &mut dyn FnMut(&str) -> bool,
        ) -> portolan_model::Result<Completion> {
            unimplemented!("briefings chat")
        }
    }

    fn drafts(list: Vec<&'static str>) -> Drafts {
        Drafts {
            drafts: Mutex::new(list),
            prompts: Mutex::new(Vec::new()),
        }
    }

    /// Narrates with `model` over [`table`], as a briefing of 2016–2019 in `lang`.
    fn run(model: &Drafts, lang: BriefLang) -> (String, NumberCheck) {
        let window = Window {
            years: 2016..=2019,
            partners: false,
        };
        narrate(
            model,
            "{sentences} {language}",
            "Topic",
            "findings",
            &table(),
            &window,
            lang,
        )
        .unwrap()
    }

    fn table() -> FactsTable {
        let mut t = FactsTable::new(false);
        let usd = FactUnit::Money {
            currency: "USD".into(),
            scale: 1e6,
        };
        t.add("US imports from China, June 2019", 38733.0, usd, vec![]);
        t.add(
            "US imports from China year-on-year change",
            -13.0,
            FactUnit::Percent,
            vec![],
        );
        t
    }

    #[test]
    fn a_misstated_figure_is_regenerated_then_dropped_and_never_published() {
        let model = drafts(vec![
            "US imports from China were USD 38.7 billion. They rose 13.0% on the year.",
            "US imports from China were USD 38.7 billion. The deficit was USD 29.6 billion.",
        ]);
        let (text, check) = run(&model, BriefLang::En);
        assert_eq!(text, "US imports from China were USD 38.7 billion.");
        assert!(check.regenerated);
        assert_eq!(
            check.untraced,
            vec!["13.0%".to_string(), "29.6 billion".to_string()]
        );
        assert_eq!(
            check.dropped,
            vec!["The deficit was USD 29.6 billion.".to_string()]
        );
        let prompts = model.prompts.lock().unwrap();
        assert!(
            prompts[1].contains("13.0%"),
            "the retry names the figure: {}",
            prompts[1]
        );
    }

    #[test]
    fn a_sentence_giving_a_cause_is_not_published() {
        let model = drafts(vec![
            "美国自中国进口387.3亿美元。人民币贬值导致进口同比下降13.0%。",
        ]);
        // Retried once, and still causal: dropped.
        let (text, check) = run(&model, BriefLang::Zh);
        assert_eq!(text, "美国自中国进口387.3亿美元。");
        assert_eq!(
            check.dropped,
            vec!["人民币贬值导致进口同比下降13.0%。".to_string()]
        );
        assert!(check.regenerated && check.untraced.is_empty());
        assert!(model.prompts.lock().unwrap()[1].contains("without causes"));
    }

    #[test]
    fn a_clean_draft_is_published_as_written() {
        let model = drafts(vec!["美国自中国进口387.3亿美元，同比下降13.0%。"]);
        let (text, check) = run(&model, BriefLang::Zh);
        assert_eq!(text, "美国自中国进口387.3亿美元，同比下降13.0%。");
        assert!(!check.regenerated && check.dropped.is_empty());
        assert_eq!(check.figures, 2);
    }

    #[test]
    fn splits_sentences_but_not_decimals() {
        assert_eq!(
            sentences(
                "Imports fell 12.3% to USD 38.7 billion. Exports rose! 出口增长5.0%。进口下降"
            ),
            vec![
                "Imports fell 12.3% to USD 38.7 billion.",
                "Exports rose!",
                "出口增长5.0%。",
                "进口下降"
            ]
        );
    }
}
