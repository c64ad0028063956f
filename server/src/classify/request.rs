//! What is asked of the classifier: a description with its attributes and
//! category paths, and the text of it that is searched.
//!
//! A listing says more than what the goods are (brand, origin, packaging)
//! and sometimes what they are not ("No Fan"); the search text keeps the
//! description, the category paths and the attributes that describe the
//! goods, and leaves out what the description says they lack.

use std::sync::LazyLock;

/// What to classify.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ClassifyRequest {
    /// Goods description, Chinese or English, terse or listing-style.
    pub description: String,
    /// Attributes (material, type, …), if any.
    #[serde(default)]
    pub attributes: Option<serde_json::Map<String, serde_json::Value>>,
    /// Marketplace category path (English).
    #[serde(default)]
    pub category_path: Option<String>,
    /// Marketplace category path (Chinese).
    #[serde(default)]
    pub category_path_zh: Option<String>,
}

/// A word the description says the goods lack or come without ("CPU …
/// No Fan", "(No LEGO, Just Light) USB Lights Set for Lego"): a word of
/// what is not there is no evidence of what is, and left in it votes for
/// fans and toys. English only: Chinese 无 begins words that name what is
/// there (无线 wireless, 无纺布 nonwovens, 无水 anhydrous).
static NEGATED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(?:no|without|w/o)\s+[a-z][a-z-]*\b").expect("a valid pattern")
});

/// Attribute names whose values describe the goods (not brand, origin,
/// packaging). Besides the material and kind of article, the nomenclature
/// splits on who wears it (men's or boys' 6103 against women's or girls'
/// 6104), on knitted against woven (chapter 61 against 62), and footwear on
/// the materials of its outer sole and upper (headings 6401–6405).
const DESCRIPTIVE_ATTRIBUTES: &[&str] = &[
    "material",
    "main material",
    "metals type",
    "item type",
    "type",
    "product type",
    "fabric type",
    "style",
    "gender",
    "department name",
    "craft of weaving",
    "upper material",
    "outsole material",
    "human hair type",
];

impl ClassifyRequest {
    /// The value of attribute `name` (compared without case or spaces
    /// around it), when it is text.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .as_ref()?
            .iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.as_str())
    }

    /// The text searched and embedded: the description (less what it says
    /// the goods lack), the category paths and the attributes that describe
    /// the goods.
    pub fn search_text(&self) -> String {
        let mut q = NEGATED.replace_all(&self.description, " ").into_owned();
        for path in [&self.category_path, &self.category_path_zh]
            .into_iter()
            .flatten()
        {
            q.push(' ');
            q.push_str(&path.replace('>', " "));
        }
        if let Some(attrs) = &self.attributes {
            for (k, v) in attrs {
                if DESCRIPTIVE_ATTRIBUTES.contains(&k.trim().to_lowercase().as_str()) {
                    if let Some(v) = v.as_str() {
                        q.push(' ');
                        q.push_str(v);
                    }
                }
            }
        }
        q
    }
}
