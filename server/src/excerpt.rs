//! Excerpts of source texts, as citations quote them.
//!
//! Both services quote provisions (the Q&A answer's sources, the
//! classification rationale's notes): whitespace collapsed, because the
//! bundle's line breaks are layout, and cut at a length, marked with `…`, so a
//! reader sees the quote is partial.

/// `text` with its whitespace collapsed, cut after `chars` characters.
pub fn excerpt(text: &str, chars: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= chars {
        return text;
    }
    let cut: String = text.chars().take(chars).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_collapsed_and_long_texts_cut() {
        assert_eq!(excerpt("a\n\n b", 10), "a b");
        let long = "x ".repeat(400);
        let q = excerpt(&long, 320);
        assert!(q.ends_with('…') && q.chars().count() <= 321);
        assert_eq!(excerpt("第三十七条 暂时进境", 5), "第三十七条…");
    }
}
