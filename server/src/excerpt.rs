//! Excerpts of source texts, as citations quote them.
//!
//! Both services quote provisions (the Q&A answer's sources, the
//! classification rationale's notes): whitespace collapsed, because the
//! bundle's line breaks are layout, and cut at a length, marked with `…`, so a
//! reader sees the quote is partial.
//!
//! A long provision (a GACC interpretation opens with a page of background;
//! a treaty article lists ten paragraphs) is quoted where it answers the
//! question: [`focused_tokens`] picks the run of sentences that shares most words
//! with it. Giving the model that run instead of the first few hundred
//! characters keeps the prompt short and the answer's figures in view.

use std::collections::HashSet;

/// `text` with its whitespace collapsed, cut after `chars` characters.
pub fn excerpt(text: &str, chars: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    cut(&text, chars, |_| 1)
}

/// `text` cut where the sum of `weight` over its characters would pass
/// `limit`, the cut marked with `…`.
fn cut(text: &str, limit: usize, weight: fn(char) -> usize) -> String {
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|&(_, c)| {
            used += weight(c);
            used > limit
        })
        .map(|(i, _)| i);
    match end {
        None => text.to_string(),
        Some(i) => format!("{}…", text[..i].trim_end()),
    }
}

/// The terms a question is matched by: pairs of adjacent CJK characters
/// (Chinese has no spaces, and two characters are the usual word), and Latin
/// words of four letters or more (shorter ones are mostly function words).
fn terms(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut prev: Option<char> = None;
    let mut word = String::new();
    let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let end_word = |word: &mut String, out: &mut HashSet<String>| {
        if word.chars().count() >= 4 {
            out.insert(std::mem::take(word));
        }
        word.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            if let Some(p) = prev.filter(|p| is_cjk(*p)) {
                out.insert([p, c].iter().collect());
            }
        }
        if c.is_ascii_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            end_word(&mut word, &mut out);
        }
        prev = Some(c);
    }
    end_word(&mut word, &mut out);
    out
}

/// Sentences of a whitespace-collapsed text, each with its end mark.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        // "5.1" and "U.S." do not end a sentence; ". " does.
        let ends = matches!(c, '。' | '；' | '！' | '？' | ';' | '!' | '?')
            || (c == '.' && next.is_none_or(|n| n == ' '));
        if ends {
            let end = i + c.len_utf8();
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// About `tokens` tokens (of a Qwen-style BPE vocabulary) of `text` where
/// it best answers `query`: the run of whole sentences, within the length,
/// holding the most of the query's terms (ties go to the earliest, so a
/// provision with nothing in common with the query, as across languages, is
/// quoted from its start). A run that does not start the text is marked
/// with a leading `…`. Tokens, not characters, are what a prompt costs to
/// process. A character budget gives a Chinese provision three times the
/// tokens of an English one (Chinese legal text runs about 1.6 characters
/// to a token, English about 5), so Chinese questions paid twice the
/// prompt processing of English ones while English passages were cut to
/// a few lines.
pub fn focused_tokens(text: &str, query: &str, tokens: usize) -> String {
    focused_by(text, query, tokens * 10, tenths_of_a_token)
}

/// A character's estimated share of a token, in tenths: a CJK character (or
/// full-width mark) is about 0.6 of a token, anything else about 0.2.
fn tenths_of_a_token(c: char) -> usize {
    if c >= '\u{2e80}' {
        6
    } else {
        2
    }
}

/// [`focused_tokens`] with lengths measured as the sum of `weight` over the characters.
fn focused_by(text: &str, query: &str, limit: usize, weight: fn(char) -> usize) -> String {
    let measure = |s: &str| s.chars().map(weight).sum::<usize>();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if measure(&text) <= limit {
        return text;
    }
    let wanted = terms(query);
    let parts = sentences(&text);
    let lens: Vec<usize> = parts.iter().map(|s| measure(s)).collect();
    let scores: Vec<usize> = parts
        .iter()
        .map(|s| terms(s).intersection(&wanted).count())
        .collect();
    let (mut best, mut best_score) = (0, 0);
    for start in 0..parts.len() {
        let (mut len, mut score) = (0, 0);
        for end in start..parts.len() {
            if len + lens[end] > limit && end > start {
                break;
            }
            len += lens[end];
            score += scores[end];
        }
        if score > best_score {
            (best, best_score) = (start, score);
        }
    }
    let mut out = String::new();
    let (mut len, mut end) = (0, best);
    while end < parts.len() && (len == 0 || len + lens[end] <= limit) {
        out.push_str(parts[end]);
        len += lens[end];
        end += 1;
    }
    // A first sentence longer than the room is cut (and marked).
    let quoted = cut(out.trim(), limit, weight);
    let quoted = if end < parts.len() && !quoted.ends_with('…') {
        format!("{quoted}…")
    } else {
        quoted
    };
    if best > 0 {
        format!("…{}", quoted.trim_start())
    } else {
        quoted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Focused within `chars` characters, to state cases by length.
    fn focused(text: &str, query: &str, chars: usize) -> String {
        focused_by(text, query, chars, |_| 1)
    }

    #[test]
    fn whitespace_is_collapsed_and_long_texts_cut() {
        assert_eq!(excerpt("a\n\n b", 10), "a b");
        let long = "x ".repeat(400);
        let q = excerpt(&long, 320);
        assert!(q.ends_with('…') && q.chars().count() <= 321);
        assert_eq!(excerpt("第三十七条 暂时进境", 5), "第三十七条…");
    }

    #[test]
    fn a_long_text_is_quoted_where_it_answers_the_question() {
        let text = "一、背景依据。这是一段很长的背景说明，介绍政策出台的经过和意义。\
                    二、主要内容。中欧班列回程进口货物的境内段运费，自换轨站起算，可以从完税价格中扣除。\
                    三、其他事项。本公告自发布之日起施行。";
        let q = focused(text, "中欧班列的境内段运费从哪里开始算？", 45);
        assert!(q.starts_with('…'), "{q}");
        assert!(q.contains("自换轨站起算"), "{q}");
        assert!(q.chars().count() <= 47, "{q}");
        // Nothing in common with the query: quoted from the start.
        let q = focused(text, "tariff rate quota", 45);
        assert!(q.starts_with("一、背景依据。"), "{q}");
        assert!(q.ends_with('…'), "{q}");
        // A short text is whole.
        assert_eq!(
            focused("第五条 国家实行联合缉私。", "缉私", 45),
            "第五条 国家实行联合缉私。"
        );
    }

    #[test]
    fn a_token_budget_gives_either_language_about_the_same_prompt() {
        let zh = "进口货物的纳税义务人应当自运输工具申报进境之日起十四日内向海关申报。".repeat(20);
        let en =
            "The importer shall declare the goods to customs within fourteen days of arrival. "
                .repeat(20);
        let (zh, en) = (
            focused_tokens(&zh, "申报", 120),
            focused_tokens(&en, "declare", 120),
        );
        let (zh_chars, en_chars) = (zh.chars().count(), en.chars().count());
        // About 1.6 characters of Chinese and 5 of English to a token.
        assert!((150..=205).contains(&zh_chars), "{zh_chars}: {zh}");
        assert!((450..=610).contains(&en_chars), "{en_chars}: {en}");
        assert!(zh.ends_with('…') && en.ends_with('…'));
        // Whole sentences are kept when they fit; a text within the budget is whole.
        assert!(en.trim_end_matches('…').ends_with("arrival."), "{en}");
        assert_eq!(
            focused_tokens("第五条 国家实行联合缉私。", "缉私", 10),
            "第五条 国家实行联合缉私。"
        );
        // A first sentence longer than the budget is cut inside it.
        let long = "关".repeat(400);
        let cut = focused_tokens(&long, "关", 120);
        assert_eq!(cut.chars().count(), 200 + 1, "{cut}");
    }

    #[test]
    fn english_sentences_split_at_full_stops_not_article_numbers() {
        let text = "Article 5.7: Express Shipments. Each Party shall adopt expedited procedures. \
                    Each Party shall provide for a de minimis shipment value for which no customs duties will be collected. \
                    Nothing in this Article affects other rules.";
        let q = focused(
            text,
            "Is there a de minimis value for express shipments duties?",
            110,
        );
        assert!(q.contains("de minimis shipment value"), "{q}");
        assert!(!q.contains("Nothing in this"), "{q}");
        assert_eq!(
            sentences("See Article 5.1. It applies."),
            ["See Article 5.1.", " It applies."]
        );
    }
}
