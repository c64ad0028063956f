//! Country and region names, from China's single-window parameter table
//! (`single-window/CusCountry.json`): the Chinese name and the English name
//! a question may call a country by.
//!
//! The table is the customs code list, so its English names are written
//! without spaces ("UnitedStates", "VietNam", "Korea,Rep."): they are split
//! where a lower-case letter meets an upper-case one, and a qualifier after
//! a comma is dropped. Rows that are not a country a question would name
//! (aggregates such as 亚洲其他国家(地区), "unknown", tariff placeholders)
//! are left out, and so are China and its customs territories (中国香港,
//! 中国澳门, 中国台湾): they are not foreign to a bundle of China's law.

use std::path::Path;

use serde::Deserialize;

use crate::{CorpusError, Result};

/// Path of the table in the bundle.
pub const COUNTRY_TABLE: &str = "single-window/CusCountry.json";

/// A country or region, as a question may name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// Customs country code (three digits).
    pub code: String,
    /// Chinese name (美国, 日本).
    pub name_zh: String,
    /// English name with spaces restored ("United States"), when the table
    /// has one.
    pub name_en: Option<String>,
}

#[derive(Deserialize)]
struct Row {
    #[serde(rename = "COUNTRY_CODE")]
    code: String,
    #[serde(rename = "COUN_C_NAME")]
    name_zh: String,
    #[serde(rename = "COUN_E_NAME", default)]
    name_en: Option<String>,
}

/// Codes from 700 up are not countries (unknown, international
/// organisations, tariff placeholders, neutral packaging).
const FIRST_NON_COUNTRY: u32 = 700;

/// Parses the table at `path` (its text `text`).
pub fn parse(path: &Path, text: &str) -> Result<Vec<Country>> {
    let rows: Vec<Row> = serde_json::from_str(text)
        .map_err(|e| CorpusError::malformed(path, format!("country table: {e}")))?;
    Ok(rows
        .into_iter()
        .filter(|r| r.code.parse::<u32>().is_ok_and(|c| c < FIRST_NON_COUNTRY))
        .filter(|r| !r.name_zh.starts_with("中国") && !r.name_zh.contains("其他"))
        .map(|r| Country {
            code: r.code,
            // 刚果(布), 塞卜泰(休达): a question writes the name before the bracket.
            name_zh: r
                .name_zh
                .split(['(', '（'])
                .next()
                .unwrap_or_default()
                .trim()
                .to_string(),
            name_en: r.name_en.as_deref().and_then(english_name),
        })
        .filter(|c| c.name_zh.chars().count() >= 2)
        .collect())
}

/// "UnitedStates" → "United States", "Korea,Rep." → "Korea"; abbreviations
/// ("Oth.Asianes") are not names a question uses.
fn english_name(raw: &str) -> Option<String> {
    let head = raw.split([',', '，']).next().unwrap_or_default().trim();
    if head.is_empty() || head.contains('.') {
        return None;
    }
    let mut name = String::new();
    let mut prev: Option<char> = None;
    for c in head.chars() {
        if c.is_ascii_uppercase() && prev.is_some_and(|p| p.is_ascii_lowercase()) {
            name.push(' ');
        }
        name.push(c);
        prev = Some(c);
    }
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_as_questions_write_them() {
        let text = r#"[
          {"ISO_E":"USA","COUN_E_NAME":"UnitedStates","COUN_C_NAME":"美国","COUNTRY_CODE":"502"},
          {"ISO_E":"KOR","COUN_E_NAME":"Korea,Rep.","COUN_C_NAME":"韩国","COUNTRY_CODE":"133"},
          {"COUN_E_NAME":"Congo","COUN_C_NAME":"刚果(布)","COUNTRY_CODE":"206"},
          {"ISO_E":"CHN","COUN_E_NAME":"China","COUN_C_NAME":"中国","COUNTRY_CODE":"142"},
          {"ISO_E":"HKG","COUN_E_NAME":"HongKong，China","COUN_C_NAME":"中国香港","COUNTRY_CODE":"110"},
          {"COUN_E_NAME":"Oth.Asianes","COUN_C_NAME":"亚洲其他国家(地区)","COUNTRY_CODE":"199"},
          {"COUN_C_NAME":"相关成员最高税率","COUNTRY_CODE":"801"}
        ]"#;
        let got = parse(Path::new("CusCountry.json"), text).unwrap();
        let names: Vec<(&str, Option<&str>)> = got
            .iter()
            .map(|c| (c.name_zh.as_str(), c.name_en.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("美国", Some("United States")),
                ("韩国", Some("Korea")),
                ("刚果", Some("Congo")),
            ]
        );
    }

    #[test]
    fn a_table_of_another_shape_is_an_error() {
        assert!(parse(Path::new("CusCountry.json"), r#"{"countries": []}"#).is_err());
    }
}
