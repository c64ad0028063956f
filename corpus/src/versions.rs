//! Which version of a document is in force.
//!
//! Two files with the same title and different dates are versions of one law
//! (对外贸易法 2016/2022, 国际海运条例 2019/2023, …): the newest is in force
//! and the older one is superseded by it. Some instruments are replaced by a
//! differently named one; those facts are listed in [`REPLACEMENTS`].

use std::collections::HashMap;

use crate::chunk::{Chunk, DocType, Status};

/// An instrument replaced by another of a different title.
pub struct Replacement {
    /// Title of the replaced instrument.
    pub old_title: &'static str,
    /// Title of the replacing instrument.
    pub new_title: &'static str,
    /// Date the replacement took effect.
    pub from: &'static str,
}

/// 关税法 (adopted 2024-04-26, in force 2024-12-01) replaced the
/// 进出口关税条例 as the basis of tariff collection; the State Council
/// repealed the regulation from the same day.
pub const REPLACEMENTS: &[Replacement] = &[Replacement {
    old_title: "进出口关税条例",
    new_title: "关税法",
    from: "2024-12-01",
}];

/// Sets the status of every law chunk from the versions present in `chunks`.
pub fn assign_status(chunks: &mut [Chunk]) {
    // title -> (version date, doc) of each version present
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
    for c in chunks.iter_mut().filter(|c| c.doc_type == DocType::Law) {
        if let Some(r) = REPLACEMENTS.iter().find(|r| r.old_title == c.title) {
            if let Some((by, _)) = newest.get(r.new_title) {
                c.status = Status::Superseded {
                    by: by.clone(),
                    from: Some(r.from.to_string()),
                };
                continue;
            }
        }
        if let Some((doc, effective)) = newest.get(&c.title) {
            if doc != &c.doc {
                c.status = Status::Superseded {
                    by: doc.clone(),
                    from: effective.clone(),
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chunk::Lang;

    fn law(doc: &str, title: &str, date: &str) -> Chunk {
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
            text: String::new(),
        }
    }

    #[test]
    fn newest_version_wins_and_replacements_apply() {
        let mut chunks = vec![
            law("对外贸易法(2016-11-07).md", "对外贸易法", "2016-11-07"),
            law("对外贸易法(2022-12-30).md", "对外贸易法", "2022-12-30"),
            law(
                "进出口关税条例(2017-03-01).md",
                "进出口关税条例",
                "2017-03-01",
            ),
            law("关税法(2024-04-26).md", "关税法", "2024-04-26"),
        ];
        assign_status(&mut chunks);
        assert_eq!(
            chunks[0].status,
            Status::Superseded {
                by: "对外贸易法(2022-12-30).md".into(),
                from: None
            }
        );
        assert!(chunks[1].status.in_force());
        assert_eq!(
            chunks[2].status,
            Status::Superseded {
                by: "关税法(2024-04-26).md".into(),
                from: Some("2024-12-01".into())
            }
        );
        assert!(chunks[3].status.in_force());
    }
}
