//! Treaties and conventions (`regulations/cptpp`, `rcep-partial`, `intl`),
//! one chunk per article.
//!
//! The files come from different converters, so an article is recognised by
//! its marker rather than by heading level: a heading `Article 5.1: title`
//! (CPTPP, RCEP), `### Article  VI` (conventions), or a plain line
//! `Article 12.11: Customs Duties` (RCEP annex 4A). Two conventions number
//! their annex provisions instead: the Revised Kyoto Convention's General
//! Annex (`3.33. *Norm* …`, cited `General Annex 3.33`) and the FAL
//! Convention's annex (`5.7 *Standard.* …`, cited `Annex Standard 5.7`).
//! The WTO file bundles many agreements; each article is cited with its
//! agreement's name (`Customs Valuation Agreement Article 8`).

use std::sync::LazyLock;

use regex::Regex;

use crate::chunk::{Chunk, DocType, Lang, Status};
use crate::split;

const MAX_CHARS: usize = 1500;

static ARTICLE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Article\s+([0-9]+(?:\.[0-9]+)*|[IVXLC]+)\s*(?::\s*(.*?))?\s*$")
        .expect("static regex")
});
static ARTICLE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Article\s+([0-9]+(?:\.[0-9]+)+|[0-9]+|[IVXLC]+)\s*:\s*(\S.*?)\s*$")
        .expect("static regex")
});
static KYOTO_PROVISION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]+\.[0-9]+)\.\s+\*").expect("static regex"));
static FAL_PROVISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]+\.[0-9]+)\.?\s+\*(Standard|Recommended Practice)\.?\*")
        .expect("static regex")
});

/// WTO agreement headings (lower-cased prefixes) and the names citations use.
const WTO_AGREEMENTS: &[(&str, &str)] = &[
    (
        "agreement establishing the world trade organization",
        "WTO Agreement",
    ),
    ("general agreement on tariffs and trade 1994", "GATT 1994"),
    ("agreement on agriculture", "Agreement on Agriculture"),
    (
        "agreement on the application of sanitary and phytosanitary measures",
        "SPS Agreement",
    ),
    (
        "agreement on textiles and clothing",
        "Agreement on Textiles and Clothing",
    ),
    ("agreement on technical barriers to trade", "TBT Agreement"),
    (
        "agreement on trade-related investment measures",
        "TRIMs Agreement",
    ),
    (
        "agreement on implementation of article vi of the general agreement",
        "Anti-Dumping Agreement",
    ),
    (
        "agreement on implementation of article vii of the general agreement",
        "Customs Valuation Agreement",
    ),
    (
        "agreement on preshipment inspection",
        "Preshipment Inspection Agreement",
    ),
    (
        "agreement on rules of origin",
        "Agreement on Rules of Origin",
    ),
    (
        "agreement on import licensing procedures",
        "Import Licensing Agreement",
    ),
    (
        "agreement on subsidies and countervailing measures",
        "SCM Agreement",
    ),
    ("agreement on safeguards", "Agreement on Safeguards"),
    ("general agreement on trade in services", "GATS"),
    (
        "agreement on trade-related aspects of intellectual property rights",
        "TRIPS Agreement",
    ),
    (
        "understanding on rules and procedures governing the settlement of disputes",
        "DSU",
    ),
];

/// Which numbering scheme a file's provisions follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Articles,
    Wto,
    Kyoto,
    Fal,
}

/// Jurisdiction (treaty family) and document title for a treaty file.
fn describe(doc: &str) -> (&'static str, &'static str, Scheme) {
    let name = doc.rsplit('/').next().unwrap_or(doc);
    if doc.contains("/cptpp/") {
        ("CPTPP", "CPTPP (TPP text incorporated)", Scheme::Articles)
    } else if doc.contains("/rcep-partial/") {
        (
            "RCEP",
            "Regional Comprehensive Economic Partnership",
            Scheme::Articles,
        )
    } else if name.starts_with("wto-") {
        (
            "WTO",
            "Marrakesh Agreement establishing the WTO and annexes",
            Scheme::Wto,
        )
    } else if name.starts_with("revised-kyoto") {
        ("WCO", "Revised Kyoto Convention", Scheme::Kyoto)
    } else if name.starts_with("fal-") {
        (
            "IMO",
            "Convention on Facilitation of International Maritime Traffic (FAL)",
            Scheme::Fal,
        )
    } else if name.starts_with("csc-") {
        (
            "IMO",
            "International Convention for Safe Containers (CSC)",
            Scheme::Articles,
        )
    } else if name.starts_with("hs-convention") {
        (
            "WCO",
            "International Convention on the Harmonized System (1983)",
            Scheme::Articles,
        )
    } else if name.starts_with("ata-carnet") {
        (
            "WCO",
            "Customs Convention on the A.T.A. Carnet",
            Scheme::Articles,
        )
    } else if name.starts_with("customs-convention-on-containers") {
        (
            "WCO",
            "Customs Convention on Containers (1972)",
            Scheme::Articles,
        )
    } else {
        ("INTL", "International agreement", Scheme::Articles)
    }
}

struct Provision {
    locator: String,
    heading_path: Vec<String>,
    text: String,
    /// Lines seen since the marker: a heading right after it is the article's title.
    lines_since_marker: usize,
}

/// Chunks one treaty file; `doc` is its path relative to the bundle root.
pub fn parse(doc: &str, text: &str) -> Vec<Chunk> {
    let (jurisdiction, title, scheme) = describe(doc);
    let mut provisions: Vec<Provision> = Vec::new();
    let mut current: Option<Provision> = None;
    let mut headings: Vec<(usize, String)> = Vec::new();
    let mut agreement: Option<&'static str> = None;

    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(p) = current.as_mut() {
                p.text.push('\n');
            }
            continue;
        }
        let level = trimmed.chars().take_while(|&c| c == '#').count();
        let content = trimmed.trim_start_matches('#').trim();
        let marker = if level > 0 {
            ARTICLE_HEADING.captures(content).map(|c| {
                (
                    format!("Article {}", &c[1]),
                    c.get(2).map(|t| t.as_str().to_string()),
                )
            })
        } else {
            ARTICLE_LINE
                .captures(content)
                .map(|c| (format!("Article {}", &c[1]), Some(c[2].to_string())))
        }
        .map(|(loc, title)| {
            let loc = match (scheme, agreement) {
                (Scheme::Wto, Some(a)) => format!("{a} {loc}"),
                _ => loc,
            };
            (loc, title)
        })
        .or_else(|| match scheme {
            Scheme::Kyoto if level == 0 => KYOTO_PROVISION
                .captures(content)
                .map(|c| (format!("General Annex {}", &c[1]), None)),
            Scheme::Fal if level == 0 => FAL_PROVISION
                .captures(content)
                .map(|c| (format!("Annex {} {}", &c[2], &c[1]), None)),
            _ => None,
        });

        if let Some((locator, _)) = marker {
            provisions.extend(current.take());
            current = Some(Provision {
                locator,
                heading_path: headings.iter().map(|(_, h)| h.clone()).collect(),
                text: format!("{content}\n"),
                lines_since_marker: 0,
            });
            continue;
        }
        if level > 0 {
            if scheme == Scheme::Wto {
                let lower = content.to_lowercase();
                if let Some((_, name)) = WTO_AGREEMENTS.iter().find(|(p, _)| lower.starts_with(p)) {
                    agreement = Some(name);
                }
            }
            // A heading right after an article marker is that article's title.
            if let Some(p) = current.as_mut().filter(|p| p.lines_since_marker == 0) {
                p.text.push_str(content);
                p.text.push('\n');
                p.lines_since_marker += 1;
                continue;
            }
            provisions.extend(current.take());
            headings.retain(|(l, _)| *l < level);
            headings.push((level, content.to_string()));
            continue;
        }
        if let Some(p) = current.as_mut() {
            p.text.push_str(content);
            p.text.push('\n');
            p.lines_since_marker += 1;
        }
    }
    provisions.extend(current);

    let mut chunks = Vec::new();
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for p in provisions {
        // The same locator can recur (an article quoted in an annex, a
        // restarted numbering); later occurrences continue its part numbers.
        let first_part = seen.get(&p.locator).copied().unwrap_or(0);
        let pieces = split::by_paragraphs(p.text.trim(), MAX_CHARS);
        seen.insert(p.locator.clone(), first_part + pieces.len());
        for (i, piece) in pieces.into_iter().enumerate() {
            chunks.push(Chunk {
                id: Chunk::make_id(doc, &p.locator, first_part + i),
                doc: doc.to_string(),
                locator: p.locator.clone(),
                title: title.to_string(),
                heading_path: p.heading_path.iter().rev().take(3).rev().cloned().collect(),
                lang: Lang::detect(&piece),
                doc_type: DocType::Treaty,
                jurisdiction: jurisdiction.to_string(),
                version_date: None,
                effective_date: None,
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

    fn locators(chunks: &[Chunk]) -> Vec<&str> {
        chunks.iter().map(|c| c.locator.as_str()).collect()
    }

    #[test]
    fn cptpp_articles_with_chapter_path() {
        let text = "# Chapter 5: Customs Administration\n\n#### Article 5.1: Customs Procedures\n\n1. Each Party shall ensure...\n\n#### Article 5.2: Customs Cooperation\n\nText referring to Article 5.1 of this Chapter.\n";
        let chunks = parse("regulations/cptpp/ch05.md", text);
        assert_eq!(locators(&chunks), ["Article 5.1", "Article 5.2"]);
        assert_eq!(
            chunks[0].heading_path,
            ["Chapter 5: Customs Administration"]
        );
        assert!(
            chunks[1].text.contains("referring to Article 5.1"),
            "a reference is not a marker"
        );
        assert_eq!(chunks[0].jurisdiction, "CPTPP");
    }

    #[test]
    fn convention_article_takes_its_title_heading_and_chapters_end_it() {
        let text = "### CHAPTER  I  \n\n### Article  1  \n\n####Definitions\n\nFor the purposes...\n\n### CHAPTER  II  \n\n### Article  VI  \n\nBody.\n";
        let chunks = parse("regulations/intl/csc-safe-containers.md", text);
        assert_eq!(locators(&chunks), ["Article 1", "Article VI"]);
        assert!(chunks[0].text.contains("Definitions"));
        assert!(!chunks[0].text.contains("CHAPTER"));
        assert_eq!(chunks[1].heading_path, ["CHAPTER  II"]);
    }

    #[test]
    fn wto_articles_carry_the_agreement_name() {
        let text = "####Agreement on implementation of article VII of the General Agreement on Tariffs and Trade 1994\n\n### Article  8  \n\nAdditions.\n\n####Agreement on safeguards\n\n### Article  7  \n\nDuration.\n";
        let chunks = parse(
            "regulations/intl/wto-marrakesh-agreement-and-annexes.md",
            text,
        );
        assert_eq!(
            locators(&chunks),
            [
                "Customs Valuation Agreement Article 8",
                "Agreement on Safeguards Article 7"
            ]
        );
    }

    #[test]
    fn annex_provisions_of_kyoto_and_fal_and_plain_rcep_lines() {
        let kyoto = parse(
            "regulations/intl/revised-kyoto-convention.md",
            "3.33. *Norm*  Wanneer de douane...\n",
        );
        assert_eq!(locators(&kyoto), ["General Annex 3.33"]);
        let fal = parse(
            "regulations/intl/fal-convention.md",
            "5.7  *Standard.* Public authorities shall...\n",
        );
        assert_eq!(locators(&fal), ["Annex Standard 5.7"]);
        let rcep = parse(
            "regulations/rcep-partial/annex-4a.md",
            "Article 12.11: Customs Duties\n1. Each Party shall maintain...\n",
        );
        assert_eq!(locators(&rcep), ["Article 12.11"]);
    }
}
