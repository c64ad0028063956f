//! Q&A evaluation: citation recall and precision against the gold
//! `(doc, locator)` pairs, coverage of the `must_include` facts, refusals on
//! unanswerable questions and wrongful refusals on answerable ones, time to
//! first token and total time; by language and question type.

use std::collections::{BTreeMap, HashMap};

use portolan_corpus::numerals::{chinese_numbers_as_digits, english_number};
use portolan_corpus::Chunk;
use portolan_model::ChatMessage;
use portolan_server::ask::{
    passage_label, source_text, without_markers, Answer, AskRequest, Asker, LeftOut, LeftOutReason,
    Recorded,
};
use serde::Serialize;

use crate::qa_set::{matches, QaItem};

/// Figures of a slice.
#[derive(Debug, Clone, Default, Serialize)]
pub struct QaFigures {
    /// Questions.
    pub n: usize,
    /// Answerable questions.
    pub answerable: usize,
    /// Answerable questions with a gold provision among the sources the
    /// model was given: the ceiling of citation recall, which separates
    /// what retrieval missed from what the answer failed to cite.
    pub gold_in_sources: f64,
    /// Mean share of `must_include` facts (answerable) found in the text of
    /// the sources as the model was given it: what an answer copying its
    /// figures from them could hold (the answer's closing quotation, cut
    /// from the whole provision, may hold more). Facts are matched in the
    /// sources' own words, so one written in the other language counts as
    /// absent (a cross-lingual answer must translate it).
    pub facts_in_sources: f64,
    /// Answerable questions whose answer cites a gold provision.
    pub citation_recall: f64,
    /// Citations (of answerable questions) that are gold provisions.
    pub citation_precision: f64,
    /// Mean share of `must_include` facts found in the answer (answerable).
    pub must_include: f64,
    /// Unanswerable questions refused.
    pub refusal_rate: f64,
    /// Answerable questions refused.
    pub wrongful_refusal_rate: f64,
}

/// The report.
#[derive(Debug, Clone, Serialize)]
pub struct QaReport {
    /// Set name.
    pub set: String,
    /// Model used.
    pub model: String,
    /// Per slice.
    pub slices: BTreeMap<String, QaFigures>,
    /// The machine the times were taken on.
    pub machine: String,
    /// Time to first token, p50 / p95 (seconds; retrieval included).
    pub ttft_p50: f64,
    /// 95th percentile.
    pub ttft_p95: f64,
    /// Whole answer, p50 / p95 (seconds).
    pub total_p50: f64,
    /// 95th percentile.
    pub total_p95: f64,
    /// Answers replayed from an earlier report's generation for the same
    /// prompt (`--reuse`) instead of generated anew; their times are the
    /// ones measured then, on the same machine.
    pub reused: usize,
    /// Every answer.
    pub items: Vec<QaItemResult>,
}

/// One question's result.
#[derive(Debug, Clone, Serialize)]
pub struct QaItemResult {
    /// Question id.
    pub id: String,
    /// The answer.
    pub answer: String,
    /// `doc locator` of each citation.
    pub citations: Vec<String>,
    /// Refused.
    pub refused: bool,
    /// `doc locator` of each source the model was given, in order.
    pub sources: Vec<String>,
    /// A gold provision was among the sources.
    pub gold_in_sources: bool,
    /// Share of `must_include` facts found in the sources' text as given.
    pub facts_in_sources: f64,
    /// A gold provision was cited.
    pub gold_cited: bool,
    /// Share of `must_include` facts found.
    pub must_include: f64,
    /// Sentences the post-check left out, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<LeftOut>,
    /// Cosine of the question to the closest provision (the refusal gate's measure).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relevance: Option<f32>,
    /// Seconds to the first token.
    pub time_to_first_token: f64,
    /// Seconds for the whole answer.
    pub total_time: f64,
    /// Fingerprint of what the model was given.
    pub prompt: String,
    /// What the model wrote, before the post-check.
    pub generated: String,
}

/// The generations of an earlier report, by question id, with the
/// fingerprints of their prompts.
#[derive(Debug, Default)]
pub struct Recordings(HashMap<String, (String, Recorded)>);

impl Recordings {
    /// Reads the generations `report` recorded. Only a report of the same
    /// model on the same machine will do: another machine's kernels may
    /// round differently, and its times are not ours.
    pub fn from_report(report: &serde_json::Value, model: &str) -> anyhow::Result<Self> {
        let machine = crate::report::machine();
        anyhow::ensure!(
            report["model"].as_str() == Some(model),
            "the report to reuse was made with {}, not {model}",
            report["model"]
        );
        anyhow::ensure!(
            report["machine"].as_str() == Some(machine.as_str()),
            "the report to reuse was made on {}, not on this machine ({machine})",
            report["machine"]
        );
        let items = report["items"].as_array().cloned().unwrap_or_default();
        Ok(Self(
            items
                .iter()
                .filter_map(|it| {
                    let text = |k: &str| it[k].as_str().filter(|s| !s.is_empty());
                    let recorded = Recorded {
                        generated: text("generated")?.to_string(),
                        time_to_first_token: it["time_to_first_token"].as_f64()?,
                        total_time: it["total_time"].as_f64()?,
                    };
                    Some((
                        text("id")?.to_string(),
                        (text("prompt")?.to_string(), recorded),
                    ))
                })
                .collect(),
        ))
    }

    /// The recording for question `id` if it was generated from `prompt`.
    fn get(&self, id: &str, prompt: &str) -> Option<&Recorded> {
        self.0.get(id).filter(|(p, _)| p == prompt).map(|(_, r)| r)
    }
}

/// The sources one question would be given, without answering it.
#[derive(Debug, Clone, Serialize)]
pub struct SourcesResult {
    /// Question id.
    pub id: String,
    /// The question is answerable.
    pub answerable: bool,
    /// `doc locator` of each source, in order.
    pub sources: Vec<String>,
    /// A gold provision was among the sources.
    pub gold_in_sources: bool,
    /// Share of `must_include` facts found in the sources' text as given.
    pub facts_in_sources: f64,
    /// Tokens of the whole prompt (system prompt, rules, sources, question),
    /// when a tokenizer was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prompt_tokens: Option<usize>,
    /// The cosine of the question to its closest provision by meaning,
    /// which the relevance gate reads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relevance: Option<f32>,
    /// That provision is in the other language than the question.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_lingual: Option<bool>,
}

/// Share of `facts` found in what the model is given of `passages` for
/// `request`: their labels and their text as the prompt holds them.
fn facts_given(request: &AskRequest, passages: &[Chunk], facts: &[String]) -> f64 {
    let given: Vec<String> = passages
        .iter()
        .map(|p| format!("{} {}", passage_label(p), source_text(request, p)))
        .collect();
    coverage(&given.join("\n"), facts)
}

/// Counts the tokens of a conversation as the model reads it.
pub type TokenCount<'a> = &'a dyn Fn(&[ChatMessage]) -> anyhow::Result<usize>;

/// Retrieval as the Q&A service runs it, without generation: which sources
/// each question gets and whether a gold provision is among them. Seconds
/// instead of an hour of answering, so a change to how sources are chosen
/// can be measured first, and only the questions whose sources it changes
/// answered again. With `count_tokens`, also how long each prompt is, so a
/// change to what the sources hold can be weighed against the prompt
/// processing it costs.
pub fn sources(
    asker: &Asker,
    items: &[QaItem],
    count_tokens: Option<TokenCount>,
) -> anyhow::Result<Vec<SourcesResult>> {
    items
        .iter()
        .map(|item| {
            let request = AskRequest {
                question: item.question.clone(),
                ..AskRequest::default()
            };
            let (given, closest) = asker.passages(&request)?;
            let prompt_tokens = match count_tokens {
                Some(count) => Some(count(&asker.messages(&request, &given))?),
                None => None,
            };
            Ok(SourcesResult {
                facts_in_sources: facts_given(&request, &given, &item.must_include),
                prompt_tokens,
                relevance: closest.map(|c| c.cosine),
                cross_lingual: closest.map(|c| c.cross_lingual),
                id: item.id.clone(),
                answerable: item.answerable,
                gold_in_sources: given
                    .iter()
                    .any(|c| item.gold.iter().any(|g| matches(g, &c.doc, &c.locator))),
                sources: given
                    .iter()
                    .map(|c| format!("{} {}", c.doc, c.locator))
                    .collect(),
            })
        })
        .collect()
}

/// Lower case without spaces or punctuation, numbers as digits, so that
/// "10 per cent" matches "ten per cent," and "六个月" matches "6 个月": a
/// fact is the same fact however the answer writes its figures.
fn normalise(s: &str) -> String {
    let words = s
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| {
            let lower = w.to_lowercase();
            english_number(&lower).map_or(lower, |n| n.to_string())
        })
        .collect::<String>();
    // A decimal point the numerals gave (零点五 → 0.5) goes the way of the
    // punctuation already removed: "0.5%" reads 05.
    chinese_numbers_as_digits(&words)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Share of `facts` found in `answer` (1 when there are none). Citation
/// markers are read past: once punctuation is gone, a marker's number would
/// run on from a figure before it ("heading 6213.[1]" reading 62131).
pub fn coverage(answer: &str, facts: &[String]) -> f64 {
    if facts.is_empty() {
        return 1.0;
    }
    let a = normalise(&without_markers(answer));
    facts
        .iter()
        .filter(|f| contains_fact(&a, &normalise(f)))
        .count() as f64
        / facts.len() as f64
}

/// `fact` occurs in `text` without a figure running on ("6个月" is not in "16个月").
fn contains_fact(text: &str, fact: &str) -> bool {
    if fact.is_empty() {
        return true;
    }
    text.match_indices(fact).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + fact.len()..].chars().next();
        let digit_edge = |edge: Option<char>, inner: Option<char>| {
            edge.is_some_and(|c| c.is_ascii_digit()) && inner.is_some_and(|c| c.is_ascii_digit())
        };
        !digit_edge(before, fact.chars().next()) && !digit_edge(after, fact.chars().next_back())
    })
}

struct Scored<'a> {
    item: &'a QaItem,
    answer: Answer,
    sources: Vec<String>,
    gold_in_sources: bool,
    facts_in_sources: f64,
    gold_hits: usize,
    cover: f64,
}

/// Asks every question and scores the answers; `progress` is called after
/// each. A question whose prompt `reuse` holds a generation for is answered
/// with that generation (greedy decoding would write it again, but for
/// near-ties).
pub fn evaluate(
    asker: &Asker,
    items: &[QaItem],
    set: &str,
    model: &str,
    adapter: Option<&str>,
    reuse: Option<&Recordings>,
    progress: &mut dyn FnMut(usize),
) -> anyhow::Result<QaReport> {
    let mut scored = Vec::with_capacity(items.len());
    let mut reused = 0;
    for (i, item) in items.iter().enumerate() {
        let request = AskRequest {
            question: item.question.clone(),
            history: Vec::new(),
            adapter: adapter.map(str::to_string),
        };
        let recorded = match reuse {
            Some(r) => r.get(&item.id, &asker.prompt(&request)?),
            None => None,
        };
        let answer = match recorded {
            Some(r) => {
                reused += 1;
                asker.replay(&request, r)?
            }
            None => asker.ask(&request, &mut |_| true)?,
        };
        let is_gold = |doc: &str, locator: &str| item.gold.iter().any(|g| matches(g, doc, locator));
        let gold_in_sources = answer.sources.iter().any(|c| is_gold(&c.doc, &c.locator));
        let sources = answer
            .sources
            .iter()
            .map(|c| format!("{} {}", c.doc, c.locator))
            .collect();
        let gold_hits = answer
            .citations
            .iter()
            .filter(|c| is_gold(&c.doc, &c.locator))
            .count();
        let cover = coverage(&answer.answer, &item.must_include);
        let facts_in_sources = facts_given(&request, &answer.sources, &item.must_include);
        scored.push(Scored {
            item,
            answer,
            sources,
            gold_in_sources,
            facts_in_sources,
            gold_hits,
            cover,
        });
        progress(i + 1);
    }
    let mut slices: BTreeMap<String, Vec<&Scored>> = BTreeMap::new();
    for s in &scored {
        for name in [
            "all".to_string(),
            format!("lang={}", s.item.lang),
            format!("type={}", s.item.kind),
        ] {
            slices.entry(name).or_default().push(s);
        }
    }
    let slices = slices
        .into_iter()
        .map(|(name, ss)| {
            let ans: Vec<&&Scored> = ss.iter().filter(|s| s.item.answerable).collect();
            let unans: Vec<&&Scored> = ss.iter().filter(|s| !s.item.answerable).collect();
            let share = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
            let cites: usize = ans.iter().map(|s| s.answer.citations.len()).sum();
            let figures = QaFigures {
                n: ss.len(),
                answerable: ans.len(),
                gold_in_sources: share(ans.iter().filter(|s| s.gold_in_sources).count(), ans.len()),
                facts_in_sources: mean(ans.iter().map(|s| s.facts_in_sources)),
                citation_recall: share(ans.iter().filter(|s| s.gold_hits > 0).count(), ans.len()),
                citation_precision: share(ans.iter().map(|s| s.gold_hits).sum(), cites),
                must_include: mean(ans.iter().map(|s| s.cover)),
                refusal_rate: share(
                    unans.iter().filter(|s| s.answer.refused).count(),
                    unans.len(),
                ),
                wrongful_refusal_rate: share(
                    ans.iter().filter(|s| s.answer.refused).count(),
                    ans.len(),
                ),
            };
            (name, figures)
        })
        .collect();
    let ttft: Vec<f64> = scored
        .iter()
        .map(|s| s.answer.time_to_first_token)
        .collect();
    let total: Vec<f64> = scored.iter().map(|s| s.answer.total_time).collect();
    Ok(QaReport {
        set: set.into(),
        model: model.into(),
        slices,
        machine: crate::report::machine(),
        ttft_p50: crate::report::percentile(&ttft, 0.5),
        ttft_p95: crate::report::percentile(&ttft, 0.95),
        total_p50: crate::report::percentile(&total, 0.5),
        total_p95: crate::report::percentile(&total, 0.95),
        reused,
        items: scored
            .iter()
            .map(|s| QaItemResult {
                id: s.item.id.clone(),
                answer: s.answer.answer.clone(),
                citations: s
                    .answer
                    .citations
                    .iter()
                    .map(|c| format!("{} {}", c.doc, c.locator))
                    .collect(),
                refused: s.answer.refused,
                sources: s.sources.clone(),
                gold_in_sources: s.gold_in_sources,
                facts_in_sources: s.facts_in_sources,
                gold_cited: s.gold_hits > 0,
                must_include: s.cover,
                left_out: s.answer.left_out.clone(),
                relevance: s.answer.relevance,
                time_to_first_token: s.answer.time_to_first_token,
                total_time: s.answer.total_time,
                prompt: s.answer.prompt.clone(),
                generated: s.answer.generated.clone(),
            })
            .collect(),
    })
}

/// The mean of `xs` (0 when there are none).
pub fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = xs.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// What the post-check left out of the answers, by reason: the sentences
/// a streaming reader saw and the answer does not hold. A sentence saying
/// the reverse of its source is left out, but must_include still finds the
/// facts in the closing quotation of that source: these counts say how
/// often the model itself got it wrong.
fn left_out_summary(items: &[QaItemResult]) -> String {
    let count = |reason: LeftOutReason| {
        let answers = items
            .iter()
            .filter(|i| i.left_out.iter().any(|l| l.reason == reason))
            .count();
        let sentences: usize = items
            .iter()
            .map(|i| i.left_out.iter().filter(|l| l.reason == reason).count())
            .sum();
        (answers, sentences)
    };
    let rows = [
        (LeftOutReason::OtherSource, "resting only on a source other than the best, in the answer to a single question"),
        (LeftOutReason::UnstatedFigure, "stating a period, rate or amount its sources do not"),
        (LeftOutReason::ContraryCharge, "saying a duty, tax or fee is due where its sources say only that it is not, or the reverse"),
    ];
    let mut md = String::from(
        "\nSentences the post-check left out (the stream showed them; a note in the answer names them):\n\n| why | answers | sentences |\n|---|---:|---:|\n",
    );
    for (reason, why) in rows {
        let (answers, sentences) = count(reason);
        md.push_str(&format!("| {why} | {answers} | {sentences} |\n"));
    }
    md
}

/// The Markdown view.
pub fn markdown(r: &QaReport) -> String {
    let mut md = format!(
        "# Q&A evaluation: {}\n\nModel `{}`, greedy decoding, the best 5 passages of hybrid search over policy texts; \
         refusals decided by the relevance gate (closest provision's cosine) unless it is off. \
         Citation recall: answerable questions whose answer cites a gold provision. Precision: citations that are gold. \
         must_include: mean share of the facts found in the answer, which closes with the words of the sources it cites (case, spaces, punctuation and citation markers ignored; figures compared as digits, 六个月 = 6个月).\n\n\
         Gold in sources: answerable questions with a gold provision among the passages given (the ceiling of recall). \
         Facts in sources: mean share of the must_include facts found in the text of the passages as the model was given them \
         (what an answer copying them could hold, and what its closing quotations hold of the sources it cites; a fact in the other language than its source counts as absent).\n\n\
         | slice | n | answerable | gold in sources | facts in sources | citation recall | citation precision | must_include | refusal (unanswerable) | wrongful refusal |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        r.set, r.model
    );
    for (name, f) in &r.slices {
        md.push_str(&format!(
            "| {name} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |\n",
            f.n,
            f.answerable,
            f.gold_in_sources,
            f.facts_in_sources,
            f.citation_recall,
            f.citation_precision,
            f.must_include,
            f.refusal_rate,
            f.wrongful_refusal_rate
        ));
    }
    md.push_str(&format!(
        "\nTime to first token (retrieval included): p50 {:.1} s, p95 {:.1} s. Whole answer: p50 {:.1} s, p95 {:.1} s. Machine: {}.\n",
        r.ttft_p50, r.ttft_p95, r.total_p50, r.total_p95, r.machine
    ));
    md.push_str(&left_out_summary(&r.items));
    if r.reused > 0 {
        md.push_str(&format!(
            "\n{} of {} answers replay the generation an earlier report recorded for the same prompt \
             (same model, same machine: greedy decoding writes the same text but for near-ties); \
             retrieval, the gate and the post-check ran again, and their times are the ones \
             measured then.\n",
            r.reused,
            r.items.len()
        ));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentences_left_out_are_counted_by_reason() {
        let item = |id: &str, left_out: Vec<LeftOut>| QaItemResult {
            id: id.into(),
            answer: String::new(),
            citations: Vec::new(),
            refused: false,
            sources: Vec::new(),
            gold_in_sources: true,
            facts_in_sources: 1.0,
            gold_cited: true,
            must_include: 1.0,
            left_out,
            relevance: None,
            time_to_first_token: 1.0,
            total_time: 2.0,
            prompt: String::new(),
            generated: String::new(),
        };
        let out = |reason, sentence: &str| LeftOut {
            sentence: sentence.into(),
            reason,
        };
        let md = left_out_summary(&[
            item(
                "qa-1",
                vec![
                    out(LeftOutReason::ContraryCharge, "需要交税。"),
                    out(LeftOutReason::ContraryCharge, "再缴纳滞报金。"),
                    out(LeftOutReason::UnstatedFigure, "三个月内。"),
                ],
            ),
            item(
                "qa-2",
                vec![out(LeftOutReason::ContraryCharge, "要交关税。")],
            ),
            item("qa-3", Vec::new()),
        ]);
        assert!(md.contains("| resting only on a source other than the best, in the answer to a single question | 0 | 0 |"), "{md}");
        assert!(md.contains("its sources do not | 1 | 1 |"), "{md}");
        assert!(md.contains("or the reverse | 2 | 3 |"), "{md}");
    }

    #[test]
    fn recordings_come_only_from_the_same_model_on_this_machine() {
        let report = |model: &str, machine: &str| {
            serde_json::json!({
                "model": model,
                "machine": machine,
                "items": [
                    {"id": "qa-1", "prompt": "abc", "generated": "text [1]",
                     "time_to_first_token": 2.0, "total_time": 5.0},
                    {"id": "qa-2", "answer": "an older report's item, without its generation"}
                ]
            })
        };
        let here = crate::report::machine();
        let r = Recordings::from_report(&report("m", &here), "m").unwrap();
        let got = r.get("qa-1", "abc").unwrap();
        assert_eq!(
            (
                got.generated.as_str(),
                got.time_to_first_token,
                got.total_time
            ),
            ("text [1]", 2.0, 5.0)
        );
        assert!(r.get("qa-1", "abd").is_none(), "another prompt");
        assert!(r.get("qa-2", "abc").is_none(), "nothing recorded");
        assert!(Recordings::from_report(&report("other", &here), "m").is_err());
        assert!(Recordings::from_report(&report("m", "another CPU"), "m").is_err());
    }

    #[test]
    fn facts_in_sources_are_read_from_what_the_model_is_given() {
        let law = |locator: &str, text: String| {
            Chunk::undated(
                "regulations/cn-law/关税法(2024-04-26).md",
                locator.into(),
                "关税法",
                Vec::new(),
                portolan_corpus::DocType::Law,
                "CN",
                text,
            )
        };
        // The deciding clause sits far into a long article: the prompt
        // holds it only because it is cut where the question's words are.
        let filler = "本条所称的其他事项，依照国务院的有关规定办理。".repeat(30);
        let passages = [
            law(
                "第五十二条",
                format!(
                    "{filler}纳税人可以自缴纳税款之日起一年内，以书面形式要求海关退还。{filler}"
                ),
            ),
            law(
                "第三十九条",
                "暂时进境的货物，应当在六个月内复运出境。".into(),
            ),
        ];
        let request = AskRequest {
            question: "已缴关税的货物退运出境后，多长时间内可以要求退还关税？".into(),
            ..AskRequest::default()
        };
        let facts = |f: &[&str]| f.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            facts_given(
                &request,
                &passages,
                &facts(&["自缴纳税款之日起一年内", "书面形式"])
            ),
            1.0
        );
        // Six months is in the second passage; ninety days is nowhere.
        assert_eq!(
            facts_given(&request, &passages, &facts(&["六个月", "九十日"])),
            0.5
        );
        // Labels count: the model is given the document's name.
        assert_eq!(
            facts_given(&request, &passages[1..], &facts(&["关税法"])),
            1.0
        );
        // Text beyond the cut was not given.
        let far = format!("{filler}{filler}{filler}其中一项为九十日。");
        assert_eq!(
            facts_given(&request, &[law("第一条", far)], &facts(&["九十日"])),
            0.0
        );
    }

    #[test]
    fn coverage_ignores_case_spaces_and_punctuation() {
        let facts = vec!["10 per cent of the value".to_string(), "六个月".to_string()];
        assert_eq!(
            coverage("It is 10 Per-Cent of the value; 六 个月。", &facts),
            1.0
        );
        assert_eq!(coverage("六个月", &facts), 0.5);
        assert_eq!(coverage("anything", &[]), 1.0);
        // A citation marker is not part of the figure before it.
        let heading = vec!["6213".to_string()];
        assert_eq!(
            coverage("classified in heading 6213.[1] Next", &heading),
            1.0
        );
        assert_eq!(coverage("heading 62131", &heading), 0.0);
        assert_eq!(coverage("see [a] and 6213[", &heading), 1.0);
    }

    #[test]
    fn figures_match_however_they_are_written() {
        let facts = vec![
            "六个月".to_string(),
            "一百五十天".to_string(),
            "ten per cent".to_string(),
            "十五日".to_string(),
        ];
        assert_eq!(
            coverage("须在6个月内；150天；10 percent；15日内", &facts),
            1.0
        );
        assert_eq!(coverage("须在16个月内", &facts[..1]), 0.0);
    }
}
