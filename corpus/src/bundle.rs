//! A knowledge bundle on disk: which files are documents, and which parser
//! reads each. The reference bundle is `../shared/data`; a user's folder of
//! the same shape works the same way.

use std::path::{Path, PathBuf};

use crate::chunk::{Chunk, DocType};
use crate::{cn_law, gacc, hs_rules, nomenclature, treaty, versions, CorpusError, Result};

/// The parser a document path is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    CnLaw,
    Announcements,
    Interpretations,
    TariffAnnex,
    Treaty,
    Gri,
    Notes,
    Hs2022,
    CnNames,
    DeclarationElements,
    UsHts,
    EuCn,
}

fn kind_of(rel: &str) -> Option<Kind> {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let ext = name.rsplit_once('.').map(|(_, e)| e);
    Some(match (dir, name, ext) {
        ("regulations/cn-law", _, Some("md")) => Kind::CnLaw,
        ("regulations/cn-customs", "announcements.jsonl", _) => Kind::Announcements,
        ("regulations/cn-customs", "policy-interpretations.jsonl", _) => Kind::Interpretations,
        ("regulations/cn-customs/tariff-annexes", _, Some("json")) => Kind::TariffAnnex,
        ("regulations/cptpp" | "regulations/rcep-partial" | "regulations/intl", _, Some("md")) => {
            Kind::Treaty
        }
        ("hs", "gri.md", _) => Kind::Gri,
        ("hs", "section-chapter-notes.md", _) => Kind::Notes,
        ("hs", "hs2022.csv", _) => Kind::Hs2022,
        ("hs", "cn-hs10-names.csv", _) => Kind::CnNames,
        ("hs", "cn-declaration-elements.csv", _) => Kind::DeclarationElements,
        ("hs", "us-hts-2025.csv", _) => Kind::UsHts,
        ("hs", "eu-cn-2023.csv", _) => Kind::EuCn,
        _ => return None,
    })
}

/// True for documents that may be added through the API: one law version
/// (`regulations/cn-law/NAME(YYYY-MM-DD).md`) or one treaty text
/// (`regulations/{intl,cptpp,rcep-partial}/NAME.md`), markdown split by
/// article. Record files (announcement lists, nomenclature tables) are whole
/// datasets, not documents one adds.
pub fn is_ingestable(rel: &str) -> bool {
    let plain = !rel.is_empty()
        && rel.len() <= 200
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.starts_with('.'))
        && !rel.contains(['\\', '\0', ':']);
    plain && matches!(kind_of(rel), Some(Kind::CnLaw | Kind::Treaty))
}

/// The reference bundle: `$PORTOLAN_DATA`, else `shared/data` beside the
/// checkout the working directory is in (its root, as in CI, or a crate
/// folder, as tests run), else the same place relative to where this crate
/// was compiled. The working directory comes first because a target
/// directory shared between clones may hold a build compiled in another
/// clone, whose compile-time path may no longer exist.
pub fn reference_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("PORTOLAN_DATA") {
        return PathBuf::from(dir);
    }
    let beside_cwd = PathBuf::from("../shared/data");
    if beside_cwd.is_dir() {
        return beside_cwd;
    }
    if let Ok(cwd) = std::env::current_dir() {
        for dir in cwd.ancestors().skip(1) {
            let candidate = dir.join("../shared/data");
            if candidate.is_dir() {
                return candidate;
            }
        }
    }
    let beside_crate = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data");
    if beside_crate.is_dir() {
        beside_crate
    } else {
        beside_cwd
    }
}

/// True when `rel` (a path relative to the bundle root) is a document Portolan indexes.
pub fn is_document(rel: &str) -> bool {
    kind_of(rel).is_some()
}

/// A bundle folder, optionally with an overlay folder of the same shape
/// holding documents added through the API (`$PORTOLAN_HOME/ingested`): the
/// reference bundle stays read-only, and an overlay document is read in
/// place of a reference one at the same path.
#[derive(Debug, Clone)]
pub struct Bundle {
    root: PathBuf,
    overlay: Option<PathBuf>,
}

impl Bundle {
    /// Opens the bundle at `root`.
    pub fn open(root: impl Into<PathBuf>) -> Result<Self> {
        let root = root.into();
        if !root.is_dir() {
            return Err(CorpusError::io(
                &root,
                std::io::Error::new(std::io::ErrorKind::NotFound, "bundle folder not found"),
            ));
        }
        Ok(Self {
            root,
            overlay: None,
        })
    }

    /// Adds an overlay folder (it need not exist yet).
    pub fn with_overlay(mut self, dir: impl Into<PathBuf>) -> Self {
        self.overlay = Some(dir.into());
        self
    }

    /// The bundle folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The overlay folder, if any.
    pub fn overlay(&self) -> Option<&Path> {
        self.overlay.as_deref()
    }

    /// Every document path (relative, `/`-separated, sorted), of the bundle
    /// and its overlay.
    pub fn documents(&self) -> Result<Vec<String>> {
        let mut out = documents_under(&self.root)?;
        if let Some(o) = self.overlay.as_deref().filter(|o| o.is_dir()) {
            out.extend(documents_under(o)?);
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Where `rel` is read from: the overlay when it has it.
    fn path_of(&self, rel: &str) -> PathBuf {
        match &self.overlay {
            Some(o) if o.join(rel).is_file() => o.join(rel),
            _ => self.root.join(rel),
        }
    }

    /// True when `rel` is in the overlay (added through the API).
    pub fn is_overlaid(&self, rel: &str) -> bool {
        is_document(rel) && self.overlay.as_ref().is_some_and(|o| o.join(rel).is_file())
    }

    /// True when `rel` is in the reference bundle itself.
    pub fn is_reference(&self, rel: &str) -> bool {
        is_document(rel) && self.root.join(rel).is_file()
    }

    fn read(&self, rel: &str) -> Result<String> {
        let path = self.path_of(rel);
        let bytes = std::fs::read(&path).map_err(|e| CorpusError::io(&path, e))?;
        Ok(decode_text(bytes))
    }

    /// Parses one document, without cross-document status.
    fn parse(&self, rel: &str) -> Result<Vec<Chunk>> {
        let kind = kind_of(rel).ok_or_else(|| CorpusError::Unsupported(rel.to_string()))?;
        let path = self.path_of(rel);
        let text = self.read(rel)?;
        let name = rel.rsplit('/').next().unwrap_or(rel);
        Ok(match kind {
            Kind::CnLaw => cn_law::parse(rel, name, &text),
            Kind::Announcements => gacc::parse(rel, &path, &text, false)?,
            Kind::Interpretations => gacc::parse(rel, &path, &text, true)?,
            Kind::TariffAnnex => nomenclature::parse_tariff_annex(rel, &path, &text)?,
            Kind::Treaty => treaty::parse(rel, &text),
            Kind::Gri => hs_rules::parse_gri(rel, &text),
            Kind::Notes => hs_rules::parse_notes(rel, &text),
            Kind::Hs2022 => {
                let sections = self.read("hs/hs2022-sections.csv").unwrap_or_default();
                nomenclature::parse_hs2022(rel, &path, &text, &sections)?
            }
            Kind::CnNames => nomenclature::parse_cn_names(rel, &path, &text)?,
            Kind::DeclarationElements => {
                nomenclature::parse_declaration_elements(rel, &path, &text)?
            }
            Kind::UsHts => nomenclature::parse_us_hts(rel, &path, &text)?,
            Kind::EuCn => nomenclature::parse_eu_cn(rel, &path, &text)?,
        })
    }

    /// Documents whose status depends on `rel`: other versions of the same
    /// law, and instruments it repeals or is repealed by (empty for
    /// anything but a law). `rel` itself need not exist (a deleted version;
    /// then every other law).
    pub fn related_documents(&self, rel: &str) -> Result<Vec<String>> {
        if kind_of(rel) != Some(Kind::CnLaw) {
            return Ok(Vec::new());
        }
        let title_of = |d: &str| cn_law::title_and_date(d.rsplit('/').next().unwrap_or(d)).0;
        let repealed_by = |d: &str| -> Vec<String> {
            self.read(d)
                .ok()
                .and_then(|text| versions::repeal_clauses(&text))
                .map_or_else(Vec::new, |c| c.titles)
        };
        let title = title_of(rel);
        let laws = self
            .documents()?
            .into_iter()
            .filter(|d| d != rel && kind_of(d) == Some(Kind::CnLaw));
        if !self.contains(rel) {
            // A deleted law's repeal clause can no longer be read: any other
            // law may have been superseded by it, so all are re-derived (a
            // rare change, and their vectors are cached).
            return Ok(laws.collect());
        }
        let repeals = repealed_by(rel);
        Ok(laws
            .filter(|d| {
                let t = title_of(d);
                t == title || repeals.contains(&t) || repealed_by(d).contains(&title)
            })
            .collect())
    }

    /// Parses one document with its status set: for a law, the other
    /// versions of the same title (and instruments replacing it) are read
    /// too, so that the document knows whether it is still in force.
    pub fn load_document(&self, rel: &str) -> Result<Vec<Chunk>> {
        self.load_documents(&[rel.to_string()])
    }

    /// Parses several documents, each once, with their status set over the
    /// set and the other versions they depend on (read but not returned).
    pub fn load_documents(&self, rels: &[String]) -> Result<Vec<Chunk>> {
        let mut chunks = Vec::new();
        for rel in rels {
            chunks.extend(self.parse(rel)?);
        }
        let mut related: Vec<String> = Vec::new();
        for rel in rels {
            related.extend(
                self.related_documents(rel)?
                    .into_iter()
                    .filter(|d| !rels.contains(d)),
            );
        }
        if related.is_empty() && !chunks.iter().any(|c| c.doc_type == DocType::Law) {
            return Ok(chunks);
        }
        related.sort();
        related.dedup();
        let own = chunks.len();
        for d in &related {
            chunks.extend(self.parse(d)?);
        }
        versions::assign_status(&mut chunks);
        chunks.truncate(own);
        Ok(chunks)
    }

    /// As [`Bundle::load_document`], or nothing when the bundle (a user's
    /// own folder, say) does not have the document.
    pub fn load_document_if_present(&self, rel: &str) -> Result<Vec<Chunk>> {
        if self.contains(rel) {
            self.load_document(rel)
        } else {
            Ok(Vec::new())
        }
    }

    /// The countries of the single-window country table, or none when the
    /// bundle does not have it (see [`crate::countries`]).
    pub fn countries(&self) -> Result<Vec<crate::countries::Country>> {
        let path = self.path_of(crate::countries::COUNTRY_TABLE);
        if !path.is_file() {
            return Ok(Vec::new());
        }
        let text = self.read(crate::countries::COUNTRY_TABLE)?;
        crate::countries::parse(&path, &text)
    }

    /// True when `rel` is a document present in the bundle or its overlay.
    pub fn contains(&self, rel: &str) -> bool {
        is_document(rel) && self.path_of(rel).is_file()
    }

    /// Parses every document; `progress(done, total)` is called after each.
    pub fn load_all(&self, mut progress: impl FnMut(usize, usize)) -> Result<Vec<Chunk>> {
        let docs = self.documents()?;
        let mut chunks = Vec::new();
        for (i, rel) in docs.iter().enumerate() {
            chunks.extend(self.parse(rel)?);
            progress(i + 1, docs.len());
        }
        versions::assign_status(&mut chunks);
        Ok(chunks)
    }
}

/// Document paths under `root` (relative, `/`-separated, unsorted).
fn documents_under(root: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| CorpusError::io(&dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| CorpusError::io(&dir, e))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(root) {
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().to_string())
                    .collect();
                let rel = rel.join("/");
                if is_document(&rel) {
                    out.push(rel);
                }
            }
        }
    }
    Ok(out)
}

/// UTF-8 text, or ISO-8859-1 when a file is not valid UTF-8 (the EU CN
/// export is Latin-1: `1,2\u{a0}kg`). Every byte is a Latin-1 character, so
/// the fallback never fails and never drops text.
pub fn decode_text(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    }
}

/// Counts chunks per document type, for reports.
pub fn count_by_type(chunks: &[Chunk]) -> Vec<(DocType, usize)> {
    DocType::ALL
        .into_iter()
        .map(|t| (t, chunks.iter().filter(|c| c.doc_type == t).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_files_are_decoded_not_rejected() {
        assert_eq!(decode_text(b"1,2\xa0kg".to_vec()), "1,2\u{a0}kg");
        assert_eq!(decode_text("冻虾".as_bytes().to_vec()), "冻虾");
    }

    #[test]
    fn only_known_document_paths_are_indexed() {
        assert!(is_document("regulations/cn-law/关税法(2024-04-26).md"));
        assert!(is_document("hs/gri.md"));
        assert!(
            !is_document("hs/hs2022-sections.csv"),
            "read together with hs2022.csv"
        );
        assert!(!is_document("trade/ecb-eurofxref-hist.csv"));
        assert!(!is_document("eval/qa-dev.jsonl"));
    }

    #[test]
    fn only_whole_markdown_documents_can_be_ingested() {
        assert!(is_ingestable("regulations/cn-law/港口条例(2026-01-01).md"));
        assert!(is_ingestable("regulations/intl/some-agreement.md"));
        for bad in [
            "regulations/cn-customs/announcements.jsonl",
            "hs/hs2022.csv",
            "../regulations/cn-law/x.md",
            "regulations/cn-law/../x.md",
            "regulations/cn-law/.hidden.md",
            "/regulations/cn-law/x.md",
            "regulations\\cn-law\\x.md",
            "",
        ] {
            assert!(!is_ingestable(bad), "{bad}");
        }
    }

    #[test]
    fn an_overlay_adds_documents_and_shadows_none_of_the_reference() {
        let root = tempfile::tempdir().unwrap();
        let overlay = tempfile::tempdir().unwrap();
        let law = "regulations/cn-law/港口条例(2026-01-01).md";
        std::fs::create_dir_all(overlay.path().join("regulations/cn-law")).unwrap();
        std::fs::write(overlay.path().join(law), "第一条 港口查验。\n").unwrap();
        std::fs::create_dir_all(root.path().join("hs")).unwrap();
        std::fs::write(root.path().join("hs/gri.md"), "x").unwrap();
        let b = Bundle::open(root.path())
            .unwrap()
            .with_overlay(overlay.path());
        assert_eq!(
            b.documents().unwrap(),
            vec!["hs/gri.md".to_string(), law.to_string()]
        );
        assert!(b.contains(law) && b.is_overlaid(law) && !b.is_reference(law));
        assert!(b.is_reference("hs/gri.md") && !b.is_overlaid("hs/gri.md"));
        assert_eq!(b.load_document(law).unwrap()[0].locator, "第一条");
    }
}
