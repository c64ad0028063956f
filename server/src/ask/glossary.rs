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

/// Entries of a table of words found as they are written: `forms<TAB>words`
/// lines.
fn parse_word_table(table: &'static str) -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
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
        for w in given {
            if !words.contains(w) {
                words.push(w);
            }
        }
    }
    words
}

/// Entries of `table`: `forms<TAB>terms` lines, `#` comments and blank
/// lines skipped. A line that does not parse is a mistake in the table,
/// which the tests catch; at run time it is skipped.
fn parse(table: &'static str) -> Vec<Entry> {
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
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
        for t in &entry.chinese {
            if !terms.contains(t) {
                terms.push(t);
            }
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_table_parses() {
        let table = include_str!("glossary.tsv");
        let lines = table
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(parse(table).len(), lines);
        assert!(lines > 100, "{lines}");
    }

    #[test]
    fn every_line_of_the_treaty_terms_parses() {
        let table = include_str!("treaty-terms.tsv");
        let lines = table
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(parse_word_table(table).len(), lines);
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
