//! What the service adds to the model's text: the closing quotations of the
//! sources an answer rests on, and the notes beside the answer (a cited text
//! that was superseded, sentences left out of the answer, a question on
//! another country's rules).
//!
//! These are written by the service, not the model: they quote and name
//! what the index holds, so they are right whatever the model wrote.

use portolan_corpus::{Chunk, Lang, Status};

use super::attribution::containment;
use super::grounding::without_markers;
use super::{doc_name, AnswerCitation};

/// A source this much of whose words (character trigrams) the answer
/// already holds is not quoted again: the model often copies the whole
/// provision, split by its citation markers, and a second copy below it
/// only doubles the answer.
const ALREADY_QUOTED: f32 = 0.9;

/// The words of each source the answer cites, best-ranked first (their
/// citations' quotes), to close the answer; for an answer that cites
/// nothing (`uncited`), the closest source, said to be that. A 1.5B model
/// often states the conclusion without the figure or condition that decides
/// it ("可以要求赔偿", without 实际损失), or paraphrases it wrongly; the
/// provisions' own words let the reader check the answer against the law.
/// On qa-dev (the same generations) quoting the best-ranked cited source
/// raised the answers' share of `must_include` facts from 0.52 to 0.69;
/// quoting every cited source, once a single question's answer keeps to
/// its best source (`focus`), raised it from 0.703 to 0.733 (the answers of
/// questions in several parts, whose second source holds the second fact),
/// the median answer growing from 422 to 485 characters. Closing uncited
/// answers with the closest source raised citation recall from 0.72 to
/// 0.76; closing every answer with it (cited or not) raised recall to 0.81
/// but cut precision to 0.48. A source whose words the answer already
/// holds ([`ALREADY_QUOTED`]) is not quoted again. None when nothing is
/// left to quote.
pub(super) fn source_quotations(
    answer: &str,
    citations: &[AnswerCitation],
    lang: Lang,
    uncited: bool,
) -> Option<String> {
    let read = without_markers(answer);
    let mut closing = String::new();
    for c in citations {
        let core = c.quote.trim_matches('…').trim();
        if core.is_empty() || containment(core, &read) >= ALREADY_QUOTED {
            continue;
        }
        let (n, quote) = (c.n, &c.quote);
        closing.push_str(&match (lang == Lang::Zh, uncited) {
            (true, false) => format!("\n\n依据原文[{n}]：“{quote}”"),
            (true, true) => format!("\n\n最相关的来源[{n}]原文：“{quote}”"),
            (false, false) => format!("\n\nThe source [{n}] reads: “{quote}”"),
            (false, true) => format!("\n\nThe closest source [{n}] reads: “{quote}”"),
        });
    }
    (!closing.is_empty()).then_some(closing)
}

/// Why a question on another country's rules is refused.
pub(super) fn outside_note(countries: &[String], lang: Lang) -> String {
    if lang == Lang::Zh {
        format!(
            "知识库收录中国的法律法规、海关文件和国际协定，检索到的来源均未涉及{}的规定。",
            countries.join("、")
        )
    } else {
        format!(
            "The knowledge base holds China's law, customs records and international agreements; none of the sources found deals with the rules of {}.",
            countries.join(", ")
        )
    }
}

/// The plural ending and verb for `n` sentences: "1 sentence was", "2 sentences were".
fn plural(n: usize) -> (&'static str, &'static str) {
    if n == 1 {
        ("", "was")
    } else {
        ("s", "were")
    }
}

/// Why sentences the stream showed are not in the answer (see `focus`).
pub(super) fn left_out_note(sentences: usize, lang: Lang) -> String {
    if lang == Lang::Zh {
        format!("答案依据最相关的来源[1]；模型依据其他来源所写的{sentences}句已略去。")
    } else {
        let (s, were) = plural(sentences);
        format!(
            "The answer rests on the best-matching source [1]; {sentences} sentence{s} the model drew from other sources {were} left out."
        )
    }
}

/// Names the sentences left out for stating a figure (a period, a rate, an
/// amount) that their sources do not state (see `figures`): the stream
/// showed them, and a reader who saw a wrong time limit must learn which
/// one it was.
pub(super) fn unstated_figures_note(sentences: &[String], lang: Lang) -> String {
    sentences_left_out_note(
        sentences,
        lang,
        "以下句子所含数字（期限、比率或金额）不见于其来源",
        "for stating a figure (a period, rate or amount) its sources do not give",
    )
}

/// Names the sentences left out for saying a charge is due where their
/// sources say only that it is not, or the reverse (see `levies`): the
/// stream showed them, and a trader who read "需要缴纳关税" must learn that
/// the answer does not say it.
pub(super) fn contrary_levies_note(sentences: &[String], lang: Lang) -> String {
    sentences_left_out_note(
        sentences,
        lang,
        "以下句子称应缴（或免缴）的税费，其来源只说相反的情形",
        "for saying a duty, tax or fee is due (or not) where its sources say only the reverse",
    )
}

/// A note quoting the `sentences` left out, `why` (in Chinese, or in
/// English after "Left out, "), and that the quoted sources decide.
fn sentences_left_out_note(sentences: &[String], lang: Lang, why_zh: &str, why_en: &str) -> String {
    let quoted: Vec<String> = sentences
        .iter()
        .map(|s| format!("“{}”", s.trim()))
        .collect();
    if lang == Lang::Zh {
        format!("{why_zh}，已略去：{}。以所引原文为准。", quoted.join("；"))
    } else {
        let (s, _) = plural(sentences.len());
        format!(
            "Left out, {why_en}: the sentence{s} {}. The quoted sources decide.",
            quoted.join("; ")
        )
    }
}

/// A note for each cited passage of a superseded text, naming the text (and,
/// when known, the provision) that replaced it and from when: the answer
/// may quote an old text only with what governs now beside it.
pub(super) fn supersession_notes(
    citations: &[AnswerCitation],
    passages: &[Chunk],
    lang: Lang,
) -> Vec<String> {
    let mut notes = Vec::new();
    for c in citations {
        if let Some(Status::Superseded { by, from, clause }) =
            passages.get(c.n - 1).map(|p| &p.status)
        {
            // "关税法(2024-04-26) 第七十二条" when the repealing provision is known.
            let by = match clause {
                Some(l) => format!("{} {l}", doc_name(by)),
                None => doc_name(by).to_string(),
            };
            notes.push(match lang {
                Lang::Zh => format!(
                    "[{}] {} 已被 {} 取代{}；现行规定以后者为准。",
                    c.n,
                    doc_name(&c.doc),
                    by,
                    from.as_deref()
                        .map_or(String::new(), |f| format!("（自 {f} 起）"))
                ),
                _ => format!(
                    "[{}] {} was superseded by {}{}; the text in force governs.",
                    c.n,
                    doc_name(&c.doc),
                    by,
                    from.as_deref()
                        .map_or(String::new(), |f| format!(" from {f}"))
                ),
            });
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ask::tests::provision;

    #[test]
    fn a_source_the_answer_already_copied_is_not_quoted_again() {
        let quote = "第十一条 当事人在一定期限内多次办理同一类海关事务的，可以向海关申请提供总担保。海关接受总担保的，当事人办理该类海关事务，不再单独提供担保。";
        let cited = [AnswerCitation {
            n: 1,
            id: "id".into(),
            doc: "regulations/cn-law/海关事务担保条例(2018-03-19).md".into(),
            locator: "第十一条".into(),
            quote: quote.into(),
        }];
        // Copied whole, split by its markers: nothing to add.
        let copied = "当事人在一定期限内多次办理同一类海关事务的，可以向海关申请提供总担保。[1]海关接受总担保的，当事人办理该类海关事务，不再单独提供担保。[1]";
        assert_eq!(source_quotations(copied, &cited, Lang::Zh, false), None);
        // Stated in the model's words: the provision follows.
        let own = "可以申请总担保，不必每票单独担保。[1]";
        assert_eq!(
            source_quotations(own, &cited, Lang::Zh, false),
            Some(format!("\n\n依据原文[1]：“{quote}”"))
        );
    }

    #[test]
    fn sentences_left_out_are_quoted_with_the_reason() {
        let one = ["展览品需要缴纳关税。".to_string()];
        assert_eq!(
            contrary_levies_note(&one, Lang::Zh),
            "以下句子称应缴（或免缴）的税费，其来源只说相反的情形，已略去：“展览品需要缴纳关税。”。以所引原文为准。"
        );
        let two = [
            "The limit is 3 months.".to_string(),
            "Duty is due.".to_string(),
        ];
        assert_eq!(
            unstated_figures_note(&two, Lang::En),
            "Left out, for stating a figure (a period, rate or amount) its sources do not give: the sentences “The limit is 3 months.”; “Duty is due.”. The quoted sources decide."
        );
    }

    #[test]
    fn a_cited_superseded_text_is_named_with_its_replacement() {
        let old = provision(
            "regulations/cn-law/进出口关税条例(2017-03-01).md",
            "第三十七条",
            Status::Superseded {
                by: "regulations/cn-law/关税法(2024-04-26).md".into(),
                from: Some("2024-12-01".into()),
                clause: Some("第七十二条".into()),
            },
        );
        let law = provision(
            "regulations/cn-law/关税法(2024-04-26).md",
            "第四十三条",
            Status::InForce,
        );
        let cite = |n: usize, c: &Chunk| AnswerCitation {
            n,
            id: c.id.clone(),
            doc: c.doc.clone(),
            locator: c.locator.clone(),
            quote: String::new(),
        };
        let passages = [old.clone(), law.clone()];
        let citations = [cite(1, &old), cite(2, &law)];
        assert_eq!(
            supersession_notes(&citations, &passages, Lang::Zh),
            ["[1] 进出口关税条例(2017-03-01) 已被 关税法(2024-04-26) 第七十二条 取代（自 2024-12-01 起）；现行规定以后者为准。"]
        );
        assert_eq!(
            supersession_notes(&citations, &passages, Lang::En),
            ["[1] 进出口关税条例(2017-03-01) was superseded by 关税法(2024-04-26) 第七十二条 from 2024-12-01; the text in force governs."]
        );
        // Only cited passages get a note.
        assert!(supersession_notes(&citations[1..], &passages, Lang::Zh).is_empty());
    }
}
