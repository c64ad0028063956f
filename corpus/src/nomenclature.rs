//! Tariff nomenclatures and tables: the HS 2022 tree, China's 10-digit lines
//! and declaration elements, the US HTS, the EU CN, and GACC tariff annexes.
//!
//! Every line becomes a chunk located by its code, with the descriptions of
//! its ancestors in the heading path: an HTS line reading only "Other" means
//! nothing without the lines above it.

use std::collections::BTreeMap;
use std::path::Path;

#[cfg(test)]
use crate::chunk::Lang;
use crate::chunk::{Chunk, DocType};
use crate::{CorpusError, Result};

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
}

fn malformed(path: &Path, e: csv::Error) -> CorpusError {
    let line = e
        .position()
        .map_or(String::new(), |p| format!("line {}: ", p.line()));
    CorpusError::malformed(path, format!("{line}{e}"))
}

/// `0306.17` for a 6-digit HS code, the code itself otherwise.
pub fn hs_locator(code: &str) -> String {
    if code.len() == 6 {
        format!("{}.{}", &code[..4], &code[4..])
    } else {
        code.to_string()
    }
}

/// The digits of a tariff code as printed (`7116.10.25.00` → `7116102500`):
/// the inverse of [`hs_locator`], and how codes of different systems compare.
pub fn code_digits(locator: &str) -> String {
    locator.chars().filter(char::is_ascii_digit).collect()
}

/// The HS 2022 tree (`hs/hs2022.csv`), with section names from `hs2022-sections.csv`.
pub fn parse_hs2022(doc: &str, path: &Path, text: &str, sections: &str) -> Result<Vec<Chunk>> {
    let mut section_names = BTreeMap::new();
    for rec in reader(sections, b',').records() {
        let rec = rec.map_err(|e| malformed(path, e))?;
        section_names.insert(rec[0].to_string(), rec.get(1).unwrap_or("").to_string());
    }
    let mut desc: BTreeMap<String, String> = BTreeMap::new();
    let mut rows = Vec::new();
    for rec in reader(text, b',').records() {
        let rec = rec.map_err(|e| malformed(path, e))?;
        let (section, code, description) =
            (rec[0].to_string(), rec[1].to_string(), rec[2].to_string());
        desc.insert(code.clone(), description.clone());
        rows.push((section, code, description));
    }
    Ok(rows
        .into_iter()
        .map(|(section, code, description)| {
            let mut heading_path = vec![format!(
                "Section {section}: {}",
                section_names.get(&section).map_or("", String::as_str)
            )];
            for len in [2, 4] {
                if code.len() > len {
                    let anc = &code[..len];
                    heading_path.push(format!(
                        "{anc}: {}",
                        desc.get(anc).map_or("", String::as_str)
                    ));
                }
            }
            Chunk::undated(
                doc,
                hs_locator(&code),
                "Harmonized System 2022",
                heading_path,
                DocType::Hs,
                "HS",
                description,
            )
        })
        .collect())
}

/// China's 10-digit lines with their Chinese names (`hs/cn-hs10-names.csv`); one chunk per code.
pub fn parse_cn_names(doc: &str, path: &Path, text: &str) -> Result<Vec<Chunk>> {
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for rec in reader(text, b',').records() {
        let rec = rec.map_err(|e| malformed(path, e))?;
        let v = names.entry(rec[0].to_string()).or_default();
        let name = rec.get(2).unwrap_or("").to_string();
        if !v.contains(&name) {
            v.push(name);
        }
    }
    Ok(names
        .into_iter()
        .map(|(code, names)| {
            let path = vec![hs_locator(&code[..code.len().min(6)])];
            Chunk::undated(
                doc,
                code,
                "中华人民共和国进出口税则商品编码",
                path,
                DocType::CnTariff,
                "CN",
                names.join("；"),
            )
        })
        .collect())
}

/// Declaration elements (申报要素) per China code prefix (`hs/cn-declaration-elements.csv`).
pub fn parse_declaration_elements(doc: &str, path: &Path, text: &str) -> Result<Vec<Chunk>> {
    let mut elements: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for rec in reader(text, b',').records() {
        let rec = rec.map_err(|e| malformed(path, e))?;
        // optional = 0 marks a required element.
        let required = rec.get(2).map(str::trim) == Some("0");
        let e = format!("{}{}", &rec[1], if required { "" } else { "（选填）" });
        elements.entry(rec[0].to_string()).or_default().push(e);
    }
    Ok(elements
        .into_iter()
        .map(|(prefix, els)| {
            let text = format!("申报要素：{}", els.join("；"));
            Chunk::undated(
                doc,
                prefix,
                "申报要素",
                vec![],
                DocType::DeclarationElements,
                "CN",
                text,
            )
        })
        .collect())
}

/// The US HTS (`hs/us-hts-2025.csv`): lines with a number become chunks whose
/// heading path is the chain of indented descriptions above them.
pub fn parse_us_hts(doc: &str, path: &Path, text: &str) -> Result<Vec<Chunk>> {
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut chunks = Vec::new();
    for rec in reader(text, b',').records() {
        let rec = rec.map_err(|e| malformed(path, e))?;
        let number = rec[0].trim().to_string();
        let indent: usize = rec.get(1).and_then(|i| i.trim().parse().ok()).unwrap_or(0);
        let description = rec.get(2).unwrap_or("").trim().to_string();
        stack.retain(|(i, _)| *i < indent);
        let heading_path: Vec<String> = stack.iter().map(|(_, d)| d.clone()).collect();
        stack.push((indent, description.clone()));
        if number.is_empty() {
            continue;
        }
        let field = |i: usize| rec.get(i).map(str::trim).filter(|s| !s.is_empty());
        let mut text = description;
        for (label, i) in [("Unit", 3), ("General", 4), ("Special", 5), ("Column 2", 6)] {
            if let Some(v) = field(i) {
                text.push_str(&format!("\n{label}: {v}"));
            }
        }
        chunks.push(Chunk::undated(
            doc,
            number,
            "Harmonized Tariff Schedule of the United States 2025",
            heading_path,
            DocType::UsTariff,
            "US",
            text,
        ));
    }
    Ok(chunks)
}

/// The EU Combined Nomenclature (`hs/eu-cn-2023.csv`, `;`-separated).
pub fn parse_eu_cn(doc: &str, path: &Path, text: &str) -> Result<Vec<Chunk>> {
    let mut chunks = Vec::new();
    for rec in reader(text, b';').records() {
        let rec = rec.map_err(|e| malformed(path, e))?;
        let code = rec[0].trim().to_string();
        let path_hs6 = vec![hs_locator(&code[..code.len().min(6)])];
        chunks.push(Chunk::undated(
            doc,
            code,
            "EU Combined Nomenclature 2023",
            path_hs6,
            DocType::EuTariff,
            "EU",
            rec.get(1).unwrap_or("").trim().to_string(),
        ));
    }
    Ok(chunks)
}

/// Columns that hold a tariff code in GACC annex tables.
const CODE_COLUMNS: &[&str] = &[
    "税则号列",
    "税号",
    "海关商品编号",
    "商品编号",
    "子目",
    "品目",
    "HS编码",
];

/// A GACC tariff annex (`regulations/cn-customs/tariff-annexes/*.json`): one chunk per row,
/// located by its tariff code (or row number when it has none).
pub fn parse_tariff_annex(doc: &str, path: &Path, text: &str) -> Result<Vec<Chunk>> {
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(text).map_err(|e| CorpusError::malformed(path, e.to_string()))?;
    let title = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut chunks = Vec::with_capacity(rows.len());
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        let value = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.trim().to_string(),
            other => other.to_string(),
        };
        let code = CODE_COLUMNS
            .iter()
            .find_map(|c| {
                row.iter()
                    .find(|(k, _)| k.trim() == *c)
                    .map(|(_, v)| value(v))
            })
            .filter(|c| !c.is_empty() && c != "null");
        let locator = code.unwrap_or_else(|| format!("row {}", i + 1));
        let text: Vec<String> = row
            .iter()
            .filter(|(k, _)| k.trim() != "序号")
            .map(|(k, v)| format!("{}：{}", k.trim(), value(v)))
            .collect();
        // A code can appear on several rows of one table.
        let part = seen.entry(locator.clone()).or_insert(0);
        let mut c = Chunk::undated(
            doc,
            locator.clone(),
            &title,
            vec![title.clone()],
            DocType::TariffAnnex,
            "CN",
            text.join("；"),
        );
        c.id = Chunk::make_id(doc, &locator, *part);
        *part += 1;
        chunks.push(c);
    }
    Ok(chunks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hs_nodes_carry_section_chapter_and_heading() {
        let sections = "\u{feff}section,name\nI,live animals; animal products\n";
        let text = "section,hscode,description,parent,level\nI,03,Fish and crustaceans,TOTAL,2\nI,0306,Crustaceans,03,4\nI,030617,Shrimps and prawns; frozen,0306,6\n";
        let chunks = parse_hs2022("hs/hs2022.csv", Path::new("x"), text, sections).unwrap();
        let c = &chunks[2];
        assert_eq!(c.locator, "0306.17");
        assert_eq!(
            c.heading_path,
            [
                "Section I: live animals; animal products",
                "03: Fish and crustaceans",
                "0306: Crustaceans"
            ]
        );
    }

    #[test]
    fn hts_lines_inherit_the_indented_descriptions_and_rates() {
        let text = "HTS Number,Indent,Description,Unit of Quantity,General Rate of Duty,Special Rate of Duty,Column 2 Rate of Duty,Quota Quantity,Additional Duties\n0101,0,\"Live horses:\",,,,,,\n,1,Horses:,,,,,,\n0101.21.00,2,Purebred breeding animals,No.,Free,,Free,,\n0101.29.00,2,Other,No.,Free,,20%,,\n";
        let chunks = parse_us_hts("hs/us-hts-2025.csv", Path::new("x"), text).unwrap();
        let other = chunks.iter().find(|c| c.locator == "0101.29.00").unwrap();
        assert_eq!(other.heading_path, ["Live horses:", "Horses:"]);
        assert!(other.text.contains("General: Free") && other.text.contains("Column 2: 20%"));
    }

    #[test]
    fn cn_names_group_by_code_and_elements_mark_optional_ones() {
        let names = parse_cn_names(
            "hs/cn-hs10-names.csv",
            Path::new("x"),
            "hs10,ciq,name_zh\n0306170000,101,冻虾\n0306170000,102,冻对虾\n",
        )
        .unwrap();
        assert_eq!(names.len(), 1);
        assert_eq!(names[0].text, "冻虾；冻对虾");
        assert_eq!(names[0].lang, Lang::Zh);
        let els = parse_declaration_elements(
            "d",
            Path::new("x"),
            "code_prefix,element,optional\n0306,品名,0\n0306,品牌,1\n",
        )
        .unwrap();
        assert_eq!(els[0].text, "申报要素：品名；品牌（选填）");
    }

    #[test]
    fn annex_rows_are_located_by_code_and_bad_json_is_an_error() {
        let text = r#"[{"序号": 1, "税号": 34051000, "货物名称": "上光剂", "原产地标准": "税号改变标准。"}, {"序号": 2, "货物名称": "无编码"}]"#;
        let chunks = parse_tariff_annex("a.json", Path::new("a.json"), text).unwrap();
        assert_eq!(chunks[0].locator, "34051000");
        assert!(chunks[0].text.contains("原产地标准：税号改变标准。"));
        assert_eq!(chunks[1].locator, "row 2");
        assert!(parse_tariff_annex("a", Path::new("a.json"), "[{").is_err());
    }
}
