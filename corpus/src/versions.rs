//! Which version of a document is in force.
//!
//! Two files with the same title and different dates are versions of one law
//! (对外贸易法 2016/2022, 国际海运条例 2019/2023, …): the newest is in force
//! and the older one is superseded by it. An instrument replaced by one of a
//! different title is found from the replacing text itself: Chinese laws
//! close with a repeal clause, "本法自2024年12月1日起施行。《中华人民共和国进出口
//! 关税条例》同时废止。" ([`repeal_clauses`]). The repealed text is superseded
//! from the date the clause's instrument takes effect, and remembers the
//! clause, so an answer about the old text can cite the provision that
//! replaced it.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::chunk::{Chunk, DocType, Status};

/// A provision repealing other instruments by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepealClause {
    /// Titles repealed, without the "中华人民共和国" of their full names.
    pub titles: Vec<String>,
    /// From when, if the provision says (`自2024年12月1日起施行`).
    pub from: Option<String>,
}

static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《([^》]+)》").expect("static regex"));
static FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起(?:施行|实施|生效)").expect("static regex")
});

/// A title as the bundle's file names write it: "中华人民共和国" dropped.
pub fn short_title(title: &str) -> &str {
    title.trim().trim_start_matches("中华人民共和国")
}

/// The instruments a provision repeals: every 《title》 in a sentence that
/// ends "同时废止" or "废止". A sentence repealing only part of an
/// instrument ("…条例》中关于反倾销的规定同时废止") repeals none of it as a
/// whole and is left out.
pub fn repeal_clauses(text: &str) -> Option<RepealClause> {
    let mut titles = Vec::new();
    for sentence in text.split(['。', '；']) {
        let Some(before) = sentence.trim().strip_suffix("废止") else {
            continue;
        };
        let before = before
            .trim_end_matches("同时")
            .trim_end_matches(['，', ',']);
        if !before.ends_with('》') {
            continue;
        }
        titles.extend(
            TITLE
                .captures_iter(before)
                .map(|c| short_title(&c[1]).to_string()),
        );
    }
    if titles.is_empty() {
        return None;
    }
    let from = FROM
        .captures(text)
        .map(|c| format!("{}-{:0>2}-{:0>2}", &c[1], &c[2], &c[3]));
    Some(RepealClause { titles, from })
}

/// Where a title is repealed: the repealing chunk's index and the date.
struct Repealed {
    by: usize,
    from: Option<String>,
}

/// Sets the status of every law chunk from the versions present in `chunks`
/// and the repeal clauses among them.
pub fn assign_status(chunks: &mut [Chunk]) {
    // title -> (version date, doc, effective date) of each version present
    let mut versions: HashMap<String, Vec<(String, String, Option<String>)>> = HashMap::new();
    for c in chunks.iter().filter(|c| c.doc_type == DocType::Law) {
        let v = versions.entry(c.title.clone()).or_default();
        if !v.iter().any(|(_, d, _)| d == &c.doc) {
            v.push((
                c.version_date.clone().unwrap_or_default(),
                c.doc.clone(),
                c.effective_date.clone(),
            ));
        }
    }
    let newest: HashMap<String, (String, Option<String>)> = versions
        .iter()
        .filter_map(|(t, v)| {
            v.iter()
                .max_by(|a, b| a.0.cmp(&b.0))
                .map(|(_, d, e)| (t.clone(), (d.clone(), e.clone())))
        })
        .collect();
    // Only the version in force repeals: an older text's clause was
    // already in the newer one, or the newer one dropped it.
    let mut repealed: HashMap<String, Repealed> = HashMap::new();
    for (i, c) in chunks.iter().enumerate() {
        let in_force = newest.get(&c.title).is_some_and(|(d, _)| d == &c.doc);
        if c.doc_type != DocType::Law || !in_force {
            continue;
        }
        if let Some(clause) = repeal_clauses(&c.text) {
            for t in clause.titles {
                if t != c.title {
                    repealed.entry(t).or_insert(Repealed {
                        by: i,
                        from: clause.from.clone().or_else(|| c.effective_date.clone()),
                    });
                }
            }
        }
    }
    let statuses: Vec<Option<Status>> = chunks
        .iter()
        .map(|c| {
            if c.doc_type != DocType::Law {
                return None;
            }
            if let Some(r) = repealed.get(short_title(&c.title)) {
                let by = &chunks[r.by];
                // A text dated after the repealing instrument is a later
                // enactment under the same name, not the one repealed.
                if c.version_date <= by.version_date {
                    return Some(Status::Superseded {
                        by: by.doc.clone(),
                        from: r.from.clone(),
                        clause: Some(by.locator.clone()),
                    });
                }
            }
            match newest.get(&c.title) {
                Some((doc, effective)) if doc != &c.doc => Some(Status::Superseded {
                    by: doc.clone(),
                    from: effective.clone(),
                    clause: None,
                }),
                _ => None,
            }
        })
        .collect();
    for (c, s) in chunks.iter_mut().zip(statuses) {
        if let Some(s) = s {
            c.status = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chunk::Lang;

    fn law(doc: &str, title: &str, date: &str, text: &str) -> Chunk {
        Chunk {
            id: doc.into(),
            doc: doc.into(),
            locator: "第一条".into(),
            title: title.into(),
            heading_path: vec![],
            lang: Lang::Zh,
            doc_type: DocType::Law,
            jurisdiction: "CN".into(),
            version_date: Some(date.into()),
            effective_date: None,
            status: Status::InForce,
            text: text.into(),
        }
    }

    #[test]
    fn newest_version_wins_and_repeal_clauses_apply() {
        let mut chunks = vec![
            law("对外贸易法(2016-11-07).md", "对外贸易法", "2016-11-07", ""),
            law("对外贸易法(2022-12-30).md", "对外贸易法", "2022-12-30", ""),
            law(
                "进出口关税条例(2017-03-01).md",
                "进出口关税条例",
                "2017-03-01",
                "",
            ),
            law(
                "关税法(2024-04-26).md",
                "关税法",
                "2024-04-26",
                "本法自2024年12月1日起施行。《中华人民共和国进出口关税条例》同时废止。",
            ),
            // An older text's clause repeals nothing: its newer version governs.
            law(
                "对外贸易法(2016-11-07).md",
                "对外贸易法",
                "2016-11-07",
                "《中华人民共和国关税法》同时废止。",
            ),
        ];
        assign_status(&mut chunks);
        assert_eq!(
            chunks[0].status,
            Status::Superseded {
                by: "对外贸易法(2022-12-30).md".into(),
                from: None,
                clause: None,
            }
        );
        assert!(chunks[1].status.in_force());
        assert_eq!(
            chunks[2].status,
            Status::Superseded {
                by: "关税法(2024-04-26).md".into(),
                from: Some("2024-12-01".into()),
                clause: Some("第一条".into()),
            }
        );
        assert!(chunks[3].status.in_force());
    }

    #[test]
    fn repeal_clauses_name_whole_instruments() {
        let c = repeal_clauses(
            "第五十条 本条例自2024年12月1日起施行。《中华人民共和国核两用品及相关技术出口管制条例》、\
             《中华人民共和国生物两用品及相关设备和技术出口管制条例》和《有关化学品及相关设备和技术出口管制办法》同时废止。",
        )
        .expect("a repeal clause");
        assert_eq!(
            c.titles,
            [
                "核两用品及相关技术出口管制条例",
                "生物两用品及相关设备和技术出口管制条例",
                "有关化学品及相关设备和技术出口管制办法"
            ]
        );
        assert_eq!(c.from.as_deref(), Some("2024-12-01"));
        // Part of an instrument, or a mention that repeals nothing.
        assert!(repeal_clauses(
            "1997年3月25日国务院发布的《中华人民共和国反倾销和反补贴条例》中关于反倾销的规定同时废止。"
        )
        .is_none());
        assert!(repeal_clauses("依照《海关法》的规定办理。").is_none());
        let c = repeal_clauses(
            "1995年7月5日国务院发布的《中华人民共和国知识产权海关保护条例》同时废止。",
        )
        .expect("a repeal clause");
        assert_eq!(c.titles, ["知识产权海关保护条例"]);
        assert_eq!(c.from, None);
    }
}
