//! Which provisions a question is given: the search, the narrowing of
//! agreements' texts (`instruments`), and old texts giving way to the texts
//! in force.
//!
//! An answer can only be as good as its five sources: a repealed article
//! in place of the one in force, or another agreement's article on the same
//! subject, is copied by the model as readily as the right one.

use portolan_corpus::{Chunk, Lang, Status};
use portolan_retrieval::{Filter, Mode};

use super::instruments::TreatyScope;
use super::{
    doc_name, glossary, instruments, standalone_query, title, AskError, AskRequest, Asker, PASSAGES,
};

/// The question's closest provision by meaning: how close, and whether it
/// is in the other language (an English question on Chinese law finds
/// its provision at a lower cosine than a Chinese question would).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Closest {
    /// Cosine of the question to the provision.
    pub cosine: f32,
    /// The provision is not in the question's language.
    pub cross_lingual: bool,
}

impl Asker {
    /// The provisions the answer may rest on, and the closest provision by
    /// meaning (`None` without dense search).
    pub fn passages(&self, req: &AskRequest) -> Result<(Vec<Chunk>, Option<Closest>), AskError> {
        let query = standalone_query(req);
        let vector = match self.searcher.vector_len() {
            0 => None,
            _ => Some(self.searcher.embed_query(&query)?),
        };
        let filter = Filter::policy();
        // An index without vectors still answers, by words alone.
        let mode = match vector {
            Some(_) => Mode::Hybrid,
            None => Mode::Lexical,
        };
        // A question naming an agreement sets aside other agreements' texts,
        // and an English one on Chinese law all but China's texts and the HS
        // rules (see `instruments`); old texts give way to texts in force
        // (see `in_force_after_the_first`): search deeper so that five remain.
        let scope = instruments::scope(&query);
        let hit_filter = scope.search_filter(&filter);
        // An English question on Chinese law is searched by words in the
        // Chinese terms it names (see `glossary`), by meaning as asked.
        // A Chinese question asked under an agreement held in English is
        // searched by the agreement's words for its terms (not under the
        // WCO's conventions: the bundle holds the Kyoto General Annex
        // partly in Dutch, which English words would rank below the rest).
        let translated = match scope {
            TreatyScope::ChineseLaw if vector.is_some() => glossary::chinese_terms(&query),
            TreatyScope::Under(ref families)
                if vector.is_some()
                    && Lang::has_chinese(&query)
                    && !families
                        .iter()
                        .any(|f| instruments::PARTLY_DUTCH.contains(f)) =>
            {
                glossary::english_terms(&query)
            }
            _ => Vec::new(),
        };
        let translated = translated.join(" ");
        let words = if translated.is_empty() {
            &query
        } else {
            &translated
        };
        // A WTO agreement named narrows the WTO's texts to it: search
        // deeper, as the others are set aside after the search.
        let agreements = instruments::wto_agreements(&query);
        let depth = if agreements.is_empty() { 3 } else { 6 } * PASSAGES;
        let hits = self
            .searcher
            .search_with_vector(words, vector.as_deref(), depth, &hit_filter, mode)?
            .into_iter()
            .filter(|h| instruments::admits(&scope, h.chunk.doc_type, &h.chunk.jurisdiction))
            .filter(|h| {
                instruments::admits_agreement(&agreements, &h.chunk.jurisdiction, &h.chunk.locator)
            })
            .map(|h| h.chunk);
        let asked_in = Lang::detect(&req.question);
        let relevance = match &vector {
            Some(v) => self
                .searcher
                .search_with_vector(&query, Some(v), 1, &filter, Mode::Dense)?
                .first()
                .map(|h| Closest {
                    cosine: h.score,
                    cross_lingual: h.chunk.lang != asked_in,
                }),
            None => None,
        };
        let mut passages = in_force_after_the_first(hits, &query, PASSAGES);
        if let Some(id) = repealing_provision(&passages) {
            if let Some(clause) = self.searcher.chunk(&id)? {
                passages.insert(0, clause);
                passages.truncate(PASSAGES);
            }
        }
        Ok((passages, relevance))
    }
}

/// The first `n` hits, of which only the best may be from a text no longer
/// in force. Search ranks old versions a little below the provision in force
/// saying the same thing, so an old text below the best hit is one the
/// answer must not rest on (关税法 第三十七条 decides, not the repealed
/// 进出口关税条例's article on the same point), and it would take the place
/// of a provision in force. As the best hit, the question is about the old
/// text itself: it stays, and the provision that repealed it joins
/// ([`repealing_provision`]). A question that names an old text by title
/// ("进出口关税条例 规定的纳税义务人是谁？") is about it too, but the demotion
/// of old versions can put the law in force first: then the best passage of
/// the named text stays, and only that one (an old text is given to explain
/// the change, not to answer from).
fn in_force_after_the_first(
    hits: impl Iterator<Item = Chunk>,
    query: &str,
    n: usize,
) -> Vec<Chunk> {
    let named = |c: &Chunk| {
        let title = title(doc_name(&c.doc));
        !title.is_empty() && query.contains(title)
    };
    let mut old_given = false;
    hits.enumerate()
        .filter(|(rank, c)| {
            let keep = c.status.in_force() || *rank == 0 || (named(c) && !old_given);
            old_given |= keep && !c.status.in_force();
            keep
        })
        .map(|(_, c)| c)
        .take(n)
        .collect()
}

/// The chunk id of the provision that repealed the best passage's
/// instrument, when the best passage is from a repealed text and that
/// provision is not among the passages: a question about the old text
/// ("还按《生物两用品…条例》申请许可吗？") finds the old text first, and the
/// answer must rest on what replaced it. Not for revisions under the same
/// title, which have no such provision and whose newer text search ranks
/// first anyway.
fn repealing_provision(passages: &[Chunk]) -> Option<String> {
    let Some(Status::Superseded {
        by,
        clause: Some(locator),
        ..
    }) = passages.first().map(|p| &p.status)
    else {
        return None;
    };
    let given = passages
        .iter()
        .any(|p| &p.doc == by && &p.locator == locator);
    (!given).then(|| Chunk::make_id(by, locator, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ask::tests::provision;

    #[test]
    fn the_repealing_provision_joins_an_answer_resting_on_a_repealed_text() {
        let new = "regulations/cn-law/两用物项出口管制条例(2024-09-30).md";
        let repealed = Status::Superseded {
            by: new.into(),
            from: Some("2024-12-01".into()),
            clause: Some("第五十条".into()),
        };
        let old = provision(
            "regulations/cn-law/生物两用品(2002-10-14).md",
            "第十二条",
            repealed.clone(),
        );
        let current = provision(new, "第十七条", Status::InForce);
        assert_eq!(
            repealing_provision(&[old.clone(), current.clone()]).as_deref(),
            Some("regulations/cn-law/两用物项出口管制条例(2024-09-30).md#第五十条")
        );
        // Not when the best passage is in force, nor when the clause is given.
        assert_eq!(repealing_provision(&[current.clone(), old.clone()]), None);
        let clause = provision(new, "第五十条", Status::InForce);
        assert_eq!(repealing_provision(&[old.clone(), clause]), None);
        // A revision under the same title names no clause.
        let revised = provision(
            "regulations/cn-law/对外贸易法(2016-11-07).md",
            "第十条",
            Status::Superseded {
                by: "regulations/cn-law/对外贸易法(2022-12-30).md".into(),
                from: None,
                clause: None,
            },
        );
        assert_eq!(repealing_provision(&[revised]), None);
    }

    #[test]
    fn old_texts_give_way_to_texts_in_force_below_the_best_hit() {
        let old = |locator: &str| {
            provision(
                "regulations/cn-law/进出口关税条例(2017-03-01).md",
                locator,
                Status::Superseded {
                    by: "regulations/cn-law/关税法(2024-04-26).md".into(),
                    from: Some("2024-12-01".into()),
                    clause: Some("第七十二条".into()),
                },
            )
        };
        let law = |locator: &str| {
            provision(
                "regulations/cn-law/关税法(2024-04-26).md",
                locator,
                Status::InForce,
            )
        };
        let locators =
            |chunks: Vec<Chunk>| -> Vec<String> { chunks.into_iter().map(|c| c.locator).collect() };
        let hits = vec![
            law("第三十八条"),
            old("第四十二条"),
            law("第三十七条"),
            law("第三十九条"),
        ];
        assert_eq!(
            locators(in_force_after_the_first(hits.clone().into_iter(), "", 2)),
            ["第三十八条", "第三十七条"]
        );
        // Unless the question names the old text.
        assert_eq!(
            locators(in_force_after_the_first(
                hits.into_iter(),
                "进出口关税条例 第四十二条 说了什么",
                2
            )),
            ["第三十八条", "第四十二条"]
        );
        // One old text at most: the best hit, or the best of the named text.
        let named_hits = vec![
            law("第三十八条"),
            old("第四十二条"),
            old("第四十三条"),
            law("第三十七条"),
        ];
        assert_eq!(
            locators(in_force_after_the_first(
                named_hits.into_iter(),
                "进出口关税条例 规定的期限",
                5
            )),
            ["第三十八条", "第四十二条", "第三十七条"]
        );
        let old_first = vec![old("第四十二条"), old("第四十三条"), law("第三十七条")];
        assert_eq!(
            locators(in_force_after_the_first(
                old_first.into_iter(),
                "进出口关税条例 规定的期限",
                5
            )),
            ["第四十二条", "第三十七条"]
        );
        // The best hit stays whatever its status: the question is about it.
        let hits = vec![old("第四十二条"), old("第四十三条"), law("第三十七条")];
        assert_eq!(
            locators(in_force_after_the_first(hits.into_iter(), "", 5)),
            ["第四十二条", "第三十七条"]
        );
    }
}
