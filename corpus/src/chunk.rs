//! The unit of retrieval: a chunk of a document, with the provenance a
//! citation needs (document path + locator as printed) and the metadata
//! filters need (type, language, jurisdiction, dates, status).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What kind of document a chunk comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocType {
    /// A Chinese law or regulation, chunked by article (条).
    Law,
    /// A GACC announcement or normative document.
    Announcement,
    /// A GACC policy interpretation (政策解读).
    Interpretation,
    /// A treaty or convention (CPTPP, RCEP, WTO, Kyoto, …), chunked by article.
    Treaty,
    /// A General Rule for the Interpretation of the HS.
    Gri,
    /// A legal note of an HS section or chapter.
    Note,
    /// An HS 2022 node (chapter, heading or subheading).
    Hs,
    /// A China 10-digit tariff line with its Chinese names.
    CnTariff,
    /// The declaration elements (申报要素) required for a China code prefix.
    DeclarationElements,
    /// A US HTS line with its inherited description and duty rates.
    UsTariff,
    /// An EU Combined Nomenclature line.
    EuTariff,
    /// A row of a published tariff annex (FTA schedule, origin criterion, code list).
    TariffAnnex,
}

impl DocType {
    /// Every type, for parsing filters and reporting.
    pub const ALL: [DocType; 12] = [
        DocType::Law,
        DocType::Announcement,
        DocType::Interpretation,
        DocType::Treaty,
        DocType::Gri,
        DocType::Note,
        DocType::Hs,
        DocType::CnTariff,
        DocType::DeclarationElements,
        DocType::UsTariff,
        DocType::EuTariff,
        DocType::TariffAnnex,
    ];

    /// The name used in filters and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Law => "law",
            DocType::Announcement => "announcement",
            DocType::Interpretation => "interpretation",
            DocType::Treaty => "treaty",
            DocType::Gri => "gri",
            DocType::Note => "note",
            DocType::Hs => "hs",
            DocType::CnTariff => "cn-tariff",
            DocType::DeclarationElements => "declaration-elements",
            DocType::UsTariff => "us-tariff",
            DocType::EuTariff => "eu-tariff",
            DocType::TariffAnnex => "tariff-annex",
        }
    }

    /// Parses a filter name.
    pub fn parse(s: &str) -> Option<DocType> {
        DocType::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Policy texts: what a regulation question is answered from.
    pub fn is_policy(self) -> bool {
        matches!(
            self,
            DocType::Law
                | DocType::Announcement
                | DocType::Interpretation
                | DocType::Treaty
                | DocType::Gri
                | DocType::Note
        )
    }

    /// Whether chunks of this type get a dense vector: policy prose, and the
    /// HS 2022 nodes (about 7,000 short descriptions), which a listing or a
    /// Chinese description must reach by meaning, not only by shared words.
    /// National tariff lines and annex rows are numerous and matched by their
    /// words and codes: BM25 serves them, and embedding them would cost most
    /// of the index-build budget.
    pub fn wants_vector(self) -> bool {
        self.is_policy() || self == DocType::Hs
    }
}

/// Language of a chunk's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese.
    Zh,
    /// English (and the few Dutch passages of the treaty database, indexed alike).
    En,
}

impl Lang {
    /// `zh` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// A CJK unified ideograph (the basic block and extension A).
    pub fn is_ideograph(c: char) -> bool {
        matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
    }

    /// Whether `text` holds any Chinese: an ideograph that is not mojibake.
    ///
    /// A goods description mixes Chinese with Latin brand names, models and
    /// glosses ("AMD Ryzen 7 5700X CPU 散片 AM4", "芴（fluorene）"), so
    /// [`Lang::detect`]'s fifth of the letters misses it; English listings
    /// copied through a GBK page carry ideographs that are only broken
    /// punctuation ("100锛 Human Hair"), which are not Chinese.
    pub fn has_chinese(text: &str) -> bool {
        text.chars()
            .any(|c| Lang::is_ideograph(c) && !Lang::is_mojibake(c))
    }

    /// The ideographs a UTF-8 punctuation mark's first two bytes become when
    /// the text is read as GBK: 锛 (EF BC, fullwidth ，（）：), 锟 (EF BF, the
    /// replacement character), 鈥 (E2 80, ‘ ’ “ ” — …) and 銆 (E3 80, 、。【】).
    /// All four are rare, archaic characters, not the words of goods.
    fn is_mojibake(c: char) -> bool {
        matches!(c, '锛' | '锟' | '鈥' | '銆')
    }

    /// Chinese when at least a fifth of the letters are CJK ideographs.
    pub fn detect(text: &str) -> Lang {
        let (mut cjk, mut letters) = (0usize, 0usize);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            if Lang::is_ideograph(c) {
                cjk += 1;
            }
        }
        if letters > 0 && cjk * 5 >= letters {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

/// Whether a provision is the one in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Status {
    /// In force (or nothing says otherwise).
    InForce,
    /// Replaced by a newer version or another instrument.
    Superseded {
        /// The document that replaces it (path relative to the bundle root).
        by: String,
        /// From when, if known (YYYY-MM-DD).
        from: Option<String>,
        /// The provision of `by` that repeals it, when one says so in words
        /// (`第五十条`); none for a revision under the same title.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        clause: Option<String>,
    },
    /// Repealed or expired (失效/废止).
    Repealed,
}

impl Status {
    /// True unless superseded or repealed.
    pub fn in_force(&self) -> bool {
        matches!(self, Status::InForce)
    }
}

/// One retrievable piece of the knowledge bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chunk {
    /// Stable id: the same provision keeps the same id across rebuilds.
    pub id: String,
    /// Document path relative to the bundle root (what a citation names).
    pub doc: String,
    /// Where in the document, as printed (`第五十一条`, `Article 5.1`, `Rule 3(b)`, `0306.17`).
    pub locator: String,
    /// Document title.
    pub title: String,
    /// Headings above the chunk (chapter, section, agreement, …), outermost first.
    pub heading_path: Vec<String>,
    /// Language of the text.
    pub lang: Lang,
    /// Kind of document.
    pub doc_type: DocType,
    /// `CN`, `US`, `EU`, `WTO`, `CPTPP`, `RCEP`, `WCO`, `IMO`, …
    pub jurisdiction: String,
    /// Date of this version of the document (YYYY-MM-DD), if known.
    pub version_date: Option<String>,
    /// Date it takes effect (YYYY-MM-DD), if known.
    pub effective_date: Option<String>,
    /// In force, superseded or repealed.
    pub status: Status,
    /// The text.
    pub text: String,
}

impl Chunk {
    /// A provision with no version information (in force, no dates), whose
    /// language is read from its text: rules, notes and tariff lines.
    pub fn undated(
        doc: &str,
        locator: String,
        title: &str,
        heading_path: Vec<String>,
        doc_type: DocType,
        jurisdiction: &str,
        text: String,
    ) -> Self {
        Chunk {
            id: Chunk::make_id(doc, &locator, 0),
            doc: doc.to_string(),
            lang: Lang::detect(&text),
            locator,
            title: title.to_string(),
            heading_path,
            doc_type,
            jurisdiction: jurisdiction.to_string(),
            version_date: None,
            effective_date: None,
            status: Status::InForce,
            text,
        }
    }

    /// Builds the stable id of part `part` of the provision at `doc` + `locator`.
    pub fn make_id(doc: &str, locator: &str, part: usize) -> String {
        if part == 0 {
            format!("{doc}#{locator}")
        } else {
            format!("{doc}#{locator}#{part}")
        }
    }

    /// Hash of everything indexed about the chunk: unchanged hash, nothing to re-index.
    pub fn content_hash(&self) -> String {
        let mut h = Sha256::new();
        for field in [
            self.doc.as_str(),
            self.locator.as_str(),
            self.title.as_str(),
            &self.heading_path.join("\u{1f}"),
            self.text.as_str(),
            self.doc_type.as_str(),
            self.jurisdiction.as_str(),
            self.version_date.as_deref().unwrap_or(""),
            self.effective_date.as_deref().unwrap_or(""),
            &serde_json::to_string(&self.status).unwrap_or_default(),
        ] {
            h.update(field.as_bytes());
            h.update([0x1e]);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Text given to the embedder: title and locator give an article its
    /// context in few tokens (the embedder's input is capped, so headings
    /// are left to the lexical index).
    ///
    /// An HS node is different: its own words often mean nothing alone
    /// ("Other", "Of cotton"), so it is embedded as the path of
    /// descriptions from its chapter down (the section, and the codes, add
    /// tokens but no meaning).
    pub fn embedding_text(&self) -> String {
        if self.doc_type == DocType::Hs {
            let mut parts: Vec<&str> = self
                .heading_path
                .iter()
                .filter(|p| !p.starts_with("Section "))
                .map(|p| p.split_once(": ").map_or(p.as_str(), |(_, d)| d))
                .collect();
            parts.push(&self.text);
            return parts.join(" > ");
        }
        format!("{} {}\n{}", self.title, self.locator, self.text)
    }

    /// True for the first piece of a provision (the only one, unless it was split).
    pub fn is_first_piece(&self) -> bool {
        self.id == Chunk::make_id(&self.doc, &self.locator, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hs_nodes_are_embedded_with_their_path() {
        let c = Chunk::undated(
            "hs/hs2022.csv",
            "7116.10".into(),
            "Harmonized System 2022",
            vec![
                "Section XIV: Pearls, precious stones".into(),
                "71: Natural or cultured pearls".into(),
                "7116: Articles of natural or cultured pearls".into(),
            ],
            DocType::Hs,
            "HS",
            "Of natural or cultured pearls".into(),
        );
        assert_eq!(
            c.embedding_text(),
            "Natural or cultured pearls > Articles of natural or cultured pearls > Of natural or cultured pearls"
        );
    }

    #[test]
    fn detects_language_by_ideograph_share() {
        assert_eq!(Lang::detect("进出口货物的纳税人"), Lang::Zh);
        assert_eq!(Lang::detect("Article 5.1 Customs Procedures"), Lang::En);
        assert_eq!(
            Lang::detect("HS编码8471.30（便携式自动数据处理设备）"),
            Lang::Zh
        );
    }

    #[test]
    fn any_chinese_word_makes_a_description_chinese_but_broken_punctuation_does_not() {
        assert!(Lang::has_chinese("男式针织短裤"));
        assert!(Lang::has_chinese("AMD Ryzen 7 5700X CPU 散片 AM4"));
        assert!(Lang::has_chinese("芴（fluorene）CAS 86-73-7"));
        assert!(!Lang::has_chinese("Men's knit shorts, 100% cotton"));
        assert!(!Lang::has_chinese("ショーツ"), "kana are not Chinese");
        assert!(!Lang::has_chinese("锛2 PCS锛 bearing unit BLFL4J"));
        assert!(!Lang::has_chinese("Lace Front Wigs 100锛 Human Hair"));
    }

    #[test]
    fn doc_types_round_trip_their_names() {
        for t in DocType::ALL {
            assert_eq!(DocType::parse(t.as_str()), Some(t));
        }
        assert_eq!(DocType::parse("nonsense"), None);
    }
}
