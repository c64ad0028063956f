//! Chinese laws and regulations (`regulations/cn-law/*.md`), one chunk per
//! article (条).
//!
//! File name = title + version date, e.g. `关税法(2024-04-26).md`. A header
//! (title, adoption and amendment history) ends at `<!-- INFO END -->`;
//! chapters are `## 第X章`, sections `### 第X节`, and each article is a
//! paragraph starting `第X条`. A text without article numbers (国务院关于
//! 口岸开放的若干规定) is chunked by its own section labels (`一、`).

use std::sync::LazyLock;

use regex::Regex;

use crate::chunk::{Chunk, DocType, Lang, Status};
use crate::split;

/// Articles longer than this are split by paragraph (款), keeping the locator.
const MAX_CHARS: usize = 700;

static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(第[一二三四五六七八九十百千零〇两]+条(?:之[一二三四五六七八九十]+)?)[\s\u{3000}]+",
    )
    .expect("static regex")
});
static SECTION_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([一二三四五六七八九十百]+)、").expect("static regex"));
static FILE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)(?:\((\d{4}-\d{2}-\d{2})\))?\.md$").expect("static regex"));
static IN_FORCE_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|实施|生效)").expect("static regex")
});

/// Title and version date from a file name such as `关税法(2024-04-26).md`.
pub fn title_and_date(file_name: &str) -> (String, Option<String>) {
    match FILE_NAME.captures(file_name) {
        Some(c) => (c[1].to_string(), c.get(2).map(|d| d.as_str().to_string())),
        None => (file_name.trim_end_matches(".md").to_string(), None),
    }
}

/// Chunks one law. `doc` is its path relative to the bundle root; status is
/// set later by [`crate::versions`], which sees all versions together.
pub fn parse(doc: &str, file_name: &str, text: &str) -> Vec<Chunk> {
    let (title, version_date) = title_and_date(file_name);
    let body = text
        .split_once("<!-- INFO END -->")
        .map_or(text, |(_, b)| b);
    let effective_date = IN_FORCE_FROM
        .captures_iter(text)
        .last()
        .map(|c| format!("{}-{:0>2}-{:0>2}", &c[1], &c[2], &c[3]));
    let numbered = body.lines().any(|l| ARTICLE.is_match(l.trim_start()));

    let mut provisions: Vec<(String, Vec<String>, String)> = Vec::new();
    let mut headings: Vec<(usize, String)> = Vec::new();
    let mut current: Option<(String, Vec<String>, String)> = None;
    for line in body.lines() {
        let trimmed = line.trim();
        if let Some(h) = trimmed.strip_prefix('#') {
            let level = 1 + h.chars().take_while(|&c| c == '#').count();
            let name = h.trim_start_matches('#').trim().to_string();
            if level >= 2 && !name.is_empty() {
                if let Some(p) = current.take() {
                    provisions.push(p);
                }
                headings.retain(|(l, _)| *l < level);
                headings.push((level, name));
            }
            continue;
        }
        let label = if numbered {
            ARTICLE.captures(trimmed).map(|c| c[1].to_string())
        } else {
            SECTION_LABEL.captures(trimmed).map(|c| c[1].to_string())
        };
        if let Some(locator) = label {
            if let Some(p) = current.take() {
                provisions.push(p);
            }
            let path = headings.iter().map(|(_, h)| h.clone()).collect();
            current = Some((locator, path, String::new()));
        }
        if let Some((_, _, text)) = current.as_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    provisions.extend(current);

    let mut chunks = Vec::new();
    for (locator, heading_path, text) in provisions {
        for (part, piece) in split::by_paragraphs(text.trim(), MAX_CHARS)
            .into_iter()
            .enumerate()
        {
            chunks.push(Chunk {
                id: Chunk::make_id(doc, &locator, part),
                doc: doc.to_string(),
                locator: locator.clone(),
                title: title.clone(),
                heading_path: heading_path.clone(),
                lang: Lang::Zh,
                doc_type: DocType::Law,
                jurisdiction: "CN".into(),
                version_date: version_date.clone(),
                effective_date: effective_date.clone(),
                status: Status::InForce,
                text: piece,
            });
        }
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAW: &str = "# 中华人民共和国关税法\n\n2024年4月26日 通过\n\n<!-- INFO END -->\n\n## 第一章 总 则\n\n第一条 为了规范关税的征收和缴纳，制定本法。\n\n第二条 中华人民共和国准许进出口的货物。\n\n第二款内容。\n\n## 第七章 附 则\n\n第七十二条 本法自2024年12月1日起施行。\n";

    #[test]
    fn one_chunk_per_article_with_chapter_path_and_dates() {
        let chunks = parse(
            "regulations/cn-law/关税法(2024-04-26).md",
            "关税法(2024-04-26).md",
            LAW,
        );
        let locators: Vec<&str> = chunks.iter().map(|c| c.locator.as_str()).collect();
        assert_eq!(locators, ["第一条", "第二条", "第七十二条"]);
        assert_eq!(chunks[1].heading_path, ["第一章 总 则"]);
        assert_eq!(chunks[2].heading_path, ["第七章 附 则"]);
        assert!(
            chunks[1].text.contains("第二款内容"),
            "paragraphs stay with their article"
        );
        assert_eq!(chunks[0].title, "关税法");
        assert_eq!(chunks[0].version_date.as_deref(), Some("2024-04-26"));
        assert_eq!(chunks[0].effective_date.as_deref(), Some("2024-12-01"));
        assert_eq!(
            chunks[0].id,
            "regulations/cn-law/关税法(2024-04-26).md#第一条"
        );
    }

    #[test]
    fn unnumbered_text_is_chunked_by_section_labels() {
        let text = "# 规定\n\n<!-- INFO END -->\n\n一、口岸是对外开放的门户。\n\n二、口岸开放由国务院批准。\n";
        let chunks = parse("x.md", "规定(1985-09-18).md", text);
        let locators: Vec<&str> = chunks.iter().map(|c| c.locator.as_str()).collect();
        assert_eq!(locators, ["一", "二"]);
    }

    #[test]
    fn file_names_give_title_and_date() {
        assert_eq!(
            title_and_date("对外贸易法(2022-12-30).md"),
            ("对外贸易法".into(), Some("2022-12-30".into()))
        );
        assert_eq!(
            title_and_date("中国（浙江）自由贸易试验区条例.md"),
            ("中国（浙江）自由贸易试验区条例".into(), None)
        );
    }
}
