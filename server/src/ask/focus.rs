//! An answer to a single question rests on the source that answers it best.
//!
//! The small model copies from every passage it is given and cites each one
//! it copies from, so an answer to one question often runs on into whatever
//! the lower-ranked passages say: a GACC press note after the article that
//! answers, the next article of the same law. On qa-dev (the committed report
//! of 9fafc21), a citation of passage [1], the one retrieval ranked best, was
//! a gold provision 50 times in 55; citations of the passages ranked third to
//! fifth were gold 6 times in 33.
//!
//! So when the answer to one question cites [1], the sentences that rest
//! only on other passages are left out, with their citations, and a note
//! says so (the stream has shown them already). A question that asks several
//! things ("关税要先交吗？最晚多久得运出去？") may need a source for each, and
//! an answer that does not cite [1] rests on what it cites: both are left as
//! they are. Sentences that cite nothing stay, listed as unsupported.

use super::grounding::Checked;

/// The question asks more than one thing: two question marks or more.
pub(super) fn asks_several(question: &str) -> bool {
    question.matches(['？', '?']).count() > 1
}

/// `checked` resting on passage [1] alone when it cites [1], and the
/// sentences left out.
pub(super) fn resting_on_best(checked: Checked) -> (Checked, Vec<String>) {
    if checked.refused || !checked.cited.contains(&1) || checked.cited == [1] {
        return (checked, Vec::new());
    }
    let (kept, left_out): (Vec<_>, Vec<_>) = checked
        .sentences
        .into_iter()
        .partition(|(_, cites)| cites.is_empty() || cites.contains(&1));
    let sentences: Vec<(String, Vec<usize>)> = kept
        .into_iter()
        .map(|(sentence, mut cites)| {
            cites.retain(|&n| n == 1);
            (sentence, cites)
        })
        .collect();
    let left_out = left_out.into_iter().map(|(sentence, _)| sentence).collect();
    (Checked::from_sentences(sentences, false), left_out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ask::grounding::check;
    use crate::ask::grounding::tests::labels;

    #[test]
    fn sentences_resting_only_on_other_sources_are_left_out() {
        let c = check(
            "暂时进境的货物可以暂不缴纳关税[1][3]。应当自进境之日起六个月内复运出境[1]。\
             企业购买关税保证保险可以避免资金占压[2]。另需缴纳高额保证金和手续费用。",
            &labels(3),
        );
        let (focused, left_out) = resting_on_best(c);
        assert_eq!(left_out, ["企业购买关税保证保险可以避免资金占压。"]);
        assert_eq!(focused.cited, [1]);
        assert_eq!(
            focused.text,
            "暂时进境的货物可以暂不缴纳关税。[1]应当自进境之日起六个月内复运出境。[1]\
             另需缴纳高额保证金和手续费用。"
        );
        assert_eq!(focused.unsupported, ["另需缴纳高额保证金和手续费用。"]);
    }

    #[test]
    fn an_answer_not_citing_the_best_source_rests_on_what_it_cites() {
        let c = check(
            "The limit is six months [2]. A bond is required [3].",
            &labels(3),
        );
        let (same, left_out) = resting_on_best(c.clone());
        assert!(left_out.is_empty());
        assert_eq!(same, c);
        let only_best = check("The limit is six months [1].", &labels(3));
        assert_eq!(resting_on_best(only_best.clone()), (only_best, Vec::new()));
    }

    #[test]
    fn a_question_of_several_parts_is_told_apart() {
        assert!(asks_several("关税要先交吗？最晚多久得运出去？"));
        assert!(asks_several(
            "Do CPTPP and RCEP both ban duties on electronic transmissions? Is the wording the same?"
        ));
        assert!(!asks_several("什么时候得去申请自动进口许可？"));
        assert!(!asks_several("Which consignments get priority clearance"));
    }
}
