//! The words of a question in the language of the texts that answer it.
//!
//! China's laws are held in Chinese, and an English question about them
//! ("Can Chinese customs stop our legal representative from leaving China
//! if the company has unpaid duties?") is searched by meaning alone: its
//! words match no word of theirs, so the search by words sees none of them
//! and the one provision that decides (关税法 第四十九条: 欠缴税款 … 法定代表人
//! … 限制出境) must come first by meaning among a dozen on customs debts.
//! A broker reading the question hears the Chinese terms of art in it; this
//! table does the same (dictionary-based cross-language search), and the
//! search by words runs on them (see `passages`). Meaning still ranks: the
//! words only add their votes.
//!
//! The other way, a Chinese question asked under an agreement the bundle
//! holds in English ("按WTO《保障措施协定》，…最长能实施多少年？") is
//! searched by the agreements' English words for its terms
//! (`treaty-terms.tsv`): by meaning alone, the Agreement on Safeguards'
//! article on duration came sixth of its articles.
//!
//! The tables were written from the vocabulary of the laws and agreements
//! in the bundle, not from evaluation questions.

use std::sync::LazyLock;

use regex::Regex;

/// One entry: the English forms, and the Chinese terms for them.
struct Entry {
    english: Regex,
    chinese: Vec<&'static str>,
}

static GLOSSARY: LazyLock<Vec<Entry>> = LazyLock::new(|| parse(include_str!("glossary.tsv")));

/// Chinese words of questions on agreements, and the agreements' English
/// words for them.
static TREATY_TERMS: LazyLock<Vec<(Vec<&'static str>, Vec<&'static str>)>> =
    LazyLock::new(|| parse_word_table(include_str!("treaty-terms.tsv")));

/// The lines of a table that hold entries: not blank, not `#` comments.
fn entry_lines(table: &'static str) -> impl Iterator<Item = &'static str> {
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

/// `words`, each added to `to` unless it holds it already.
fn add_new(to: &mut Vec<&'static str>, words: &[&'static str]) {
    for w in words {
        if !to.contains(w) {
            to.push(w);
        }
    }
}

/// Entries of a table of words found as they are written: `forms<TAB>words`
/// lines.
fn parse_word_table(table: &'static str) -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
    entry_lines(table)
        .filter_map(|l| {
            let (forms, words) = l.split_once('\t')?;
            Some((
                forms.split('|').collect(),
                words.split_whitespace().collect(),
            ))
        })
        .collect()
}

/// The English words of the agreements for what `question` (Chinese)
/// says, each once; empty when it names none.
pub fn english_terms(question: &str) -> Vec<&'static str> {
    found(&TREATY_TERMS, question)
}

/// The words `table` gives for the forms `question` holds, each once.
fn found(table: &[(Vec<&'static str>, Vec<&'static str>)], question: &str) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    for (_, given) in table
        .iter()
        .filter(|(forms, _)| forms.iter().any(|f| question.contains(f)))
    {
        add_new(&mut words, given);
    }
    words
}

/// Entries of `table`: `forms<TAB>terms` lines, `#` comments and blank
/// lines skipped. A line that does not parse is a mistake in the table,
/// which the tests catch; at run time it is skipped.
fn parse(table: &'static str) -> Vec<Entry> {
    entry_lines(table)
        .filter_map(|l| {
            let (forms, terms) = l.split_once('\t')?;
            let english = Regex::new(&format!(r"\b(?:{forms})\b")).ok()?;
            Some(Entry {
                english,
                chinese: terms.split_whitespace().collect(),
            })
        })
        .collect()
}

/// The Chinese terms for what `question` (English) says, each once, in the
/// order of the table; empty when it names none.
pub fn chinese_terms(question: &str) -> Vec<&'static str> {
    let q = question.to_lowercase();
    let mut terms: Vec<&'static str> = Vec::new();
    for entry in GLOSSARY.iter().filter(|e| e.english.is_match(&q)) {
        add_new(&mut terms, &entry.chinese);
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_tables_parses() {
        let glossary = include_str!("glossary.tsv");
        let lines = entry_lines(glossary).count();
        assert_eq!(parse(glossary).len(), lines);
        assert!(lines > 100, "{lines}");
        let treaties = include_str!("treaty-terms.tsv");
        assert_eq!(
            parse_word_table(treaties).len(),
            entry_lines(treaties).count()
        );
    }

    #[test]
    fn a_chinese_question_on_an_agreement_gets_its_english_words() {
        let words = english_terms("按《保障措施协定》，临时措施和延长期在内最长能实施多少年？");
        for w in ["safeguard", "provisional", "extension", "duration"] {
            assert!(words.contains(&w), "{w} in {words:?}");
        }
        let words = english_terms("按RCEP，低值货物可以免交原产地证明吗？");
        for w in ["origin", "certificate", "low", "value"] {
            assert!(words.contains(&w), "{w} in {words:?}");
        }
        assert!(english_terms("天气怎么样").is_empty());
    }

    #[test]
    fn an_english_question_gets_the_terms_of_chinese_law() {
        let terms = chinese_terms(
            "Can Chinese customs stop our legal representative from leaving China \
             if the company has unpaid duties?",
        );
        for t in ["海关", "法定代表人", "限制出境", "欠缴"] {
            assert!(terms.contains(&t), "{t} in {terms:?}");
        }
        let terms =
            chinese_terms("Is a carrier's lien on uncollected cargo enforceable by auction?");
        for t in ["留置", "拍卖", "无人提取"] {
            assert!(terms.contains(&t), "{t} in {terms:?}");
        }
        // Whole words only: "fairs" is not "affairs", "port" not "report".
        assert!(!chinese_terms("foreign affairs report").contains(&"口岸"));
        assert!(!chinese_terms("foreign affairs report").contains(&"展览会"));
        assert!(chinese_terms("What is the weather in Paris?").is_empty());
    }
}
