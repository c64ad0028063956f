//! Splitting long provisions into pieces that keep the same locator.
//!
//! A long article is cut at paragraph boundaries (for a Chinese law, a
//! paragraph is a 款), so each piece is still a readable legal unit and a
//! citation of any piece names the article.

/// Pieces of at most about `max_chars` characters, cut between paragraphs
/// (blank-line separated); a single paragraph longer than that is cut at
/// sentence ends.
pub fn by_paragraphs(text: &str, max_chars: usize) -> Vec<String> {
    if text.chars().count() <= max_chars {
        return vec![text.trim().to_string()];
    }
    let mut pieces = Vec::new();
    let mut current = String::new();
    let paragraphs = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
    for para in paragraphs.flat_map(|p| by_sentences(p, max_chars)) {
        if !current.is_empty() && current.chars().count() + para.chars().count() > max_chars {
            pieces.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push_str("\n\n");
        }
        current.push_str(&para);
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

fn by_sentences(para: &str, max_chars: usize) -> Vec<String> {
    if para.chars().count() <= max_chars {
        return vec![para.to_string()];
    }
    let mut out = Vec::new();
    let mut current = String::new();
    for c in para.chars() {
        current.push(c);
        let end = matches!(c, '。' | '；' | '!' | '?' | '！' | '？')
            || (c == '.' && current.ends_with(". "));
        if (end || c == ' ') && current.chars().count() >= max_chars {
            out.push(std::mem::take(&mut current).trim().to_string());
        } else if current.chars().count() >= max_chars * 2 {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_piece() {
        assert_eq!(by_paragraphs("第一条 短。", 100), vec!["第一条 短。"]);
    }

    #[test]
    fn long_text_is_cut_between_paragraphs_and_loses_nothing() {
        let paras: Vec<String> = (0..10)
            .map(|i| format!("第{i}款。{}", "字".repeat(50)))
            .collect();
        let text = paras.join("\n\n");
        let pieces = by_paragraphs(&text, 120);
        assert!(pieces.len() >= 5);
        assert!(pieces.iter().all(|p| p.chars().count() <= 120));
        let rejoined: String = pieces.join("\n\n");
        assert_eq!(rejoined, text);
    }

    #[test]
    fn an_overlong_paragraph_is_cut_at_sentence_ends() {
        let para = "一句话。".repeat(100);
        let pieces = by_paragraphs(&para, 50);
        assert!(pieces.len() > 5);
        assert!(pieces.iter().all(|p| p.ends_with('。')));
        assert_eq!(pieces.concat(), para);
    }
}
