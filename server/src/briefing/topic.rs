//! What a briefing is about: a pair of countries as one side reports their
//! trade, or one country's trade across the partners the data covers.

use portolan_corpus::trade::{SeriesKey, TradeStore};

use super::BriefError;

/// A briefing's subject, resolved against the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Topic {
    /// `reporter`'s trade with `partner`, as `reporter` states it.
    Bilateral {
        /// Reporting country (ISO alpha-3).
        reporter: String,
        /// Partner (ISO alpha-3).
        partner: String,
    },
    /// `focus`'s trade with every partner the data has, from the partners'
    /// reports where `focus` reports nothing itself (mirror statistics).
    Partners {
        /// The country at the centre (ISO alpha-3).
        focus: String,
    },
}

/// Names the briefing uses for the countries the bundle covers.
const COUNTRIES: &[(&str, &str, &str, &[&str])] = &[
    (
        "CHN",
        "China",
        "中国",
        &["china", "cn", "chn", "中国", "中"],
    ),
    (
        "USA",
        "the US",
        "美国",
        &["us", "usa", "united-states", "america", "美国", "美"],
    ),
    (
        "JPN",
        "Japan",
        "日本",
        &["japan", "jp", "jpn", "日本", "日"],
    ),
    (
        "KOR",
        "Korea",
        "韩国",
        &["korea", "kr", "kor", "south-korea", "韩国", "韩"],
    ),
];

/// The ISO code a topic word names.
fn code_of(word: &str) -> Option<String> {
    let word = word.trim().to_lowercase();
    COUNTRIES
        .iter()
        .find(|(_, _, _, aliases)| aliases.contains(&word.as_str()))
        .map(|(code, ..)| code.to_string())
        .or_else(|| {
            (word.len() == 3 && word.bytes().all(|b| b.is_ascii_alphabetic()))
                .then(|| word.to_uppercase())
        })
}

/// A country's short name for titles (`US`, `China`, `中国`).
pub fn short_name(code: &str, zh: bool) -> String {
    country_name(code, zh)
        .trim_start_matches("the ")
        .to_string()
}

/// A country's name in running text, English or Chinese (its code when unknown).
pub fn country_name(code: &str, zh: bool) -> String {
    COUNTRIES
        .iter()
        .find(|(c, ..)| *c == code)
        .map(|(_, en, cn, _)| if zh { cn.to_string() } else { en.to_string() })
        .unwrap_or_else(|| code.to_string())
}

impl Topic {
    /// Reads `china-us`, `us-china`, `中美`, `CHN-USA`, or a single country
    /// (`china`) for its trade across partners, and checks the data has it.
    /// For a pair, the side that reports is whichever the data has; when
    /// both report, the one with more months.
    pub fn resolve(text: &str, store: &TradeStore) -> Result<Self, BriefError> {
        let text = text.trim();
        let words: Vec<String> = if text.contains(['-', ' ', '_', '/']) {
            text.split(['-', ' ', '_', '/'])
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        } else if text.chars().count() == 2 && !text.is_ascii() {
            text.chars().map(String::from).collect()
        } else {
            vec![text.to_string()]
        };
        let codes: Option<Vec<String>> = words.iter().map(|w| code_of(w)).collect();
        let unknown = || BriefError::UnknownTopic(text.to_string(), available(store));
        let codes = codes.ok_or_else(unknown)?;
        match codes.as_slice() {
            [focus] => {
                let topic = Topic::Partners {
                    focus: focus.clone(),
                };
                if store.keys().any(|k| topic.covers(k)) {
                    Ok(topic)
                } else {
                    Err(unknown())
                }
            }
            [a, b] if a != b => {
                let months = |r: &str, p: &str| -> usize {
                    store
                        .keys()
                        .filter(|k| k.reporter == r && k.partner == p)
                        .filter_map(|k| store.series(k).map(|s| s.len()))
                        .max()
                        .unwrap_or(0)
                };
                let (ab, ba) = (months(a, b), months(b, a));
                if ab == 0 && ba == 0 {
                    return Err(unknown());
                }
                let (reporter, partner) = if ab >= ba { (a, b) } else { (b, a) };
                Ok(Topic::Bilateral {
                    reporter: reporter.clone(),
                    partner: partner.clone(),
                })
            }
            _ => Err(unknown()),
        }
    }

    /// Whether a series belongs to this topic.
    pub fn covers(&self, key: &SeriesKey) -> bool {
        match self {
            Topic::Bilateral { reporter, partner } => {
                &key.reporter == reporter && &key.partner == partner
            }
            Topic::Partners { focus } => &key.partner == focus || &key.reporter == focus,
        }
    }

    /// A stable slug (`usa-chn`, `chn`), for file names and subscriptions.
    pub fn slug(&self) -> String {
        match self {
            Topic::Bilateral { reporter, partner } => {
                format!("{}-{}", reporter, partner).to_lowercase()
            }
            Topic::Partners { focus } => focus.to_lowercase(),
        }
    }

    /// A title: `US–China trade` / `中美贸易`.
    pub fn title(&self, zh: bool) -> String {
        match (self, zh) {
            (Topic::Bilateral { reporter, partner }, false) => {
                format!(
                    "{}–{} trade",
                    country_name(reporter, false),
                    country_name(partner, false)
                )
            }
            (Topic::Bilateral { reporter, partner }, true) => {
                format!(
                    "{}与{}贸易",
                    country_name(reporter, true),
                    country_name(partner, true)
                )
            }
            (Topic::Partners { focus }, false) => {
                format!("{}'s trade with its partners", country_name(focus, false))
            }
            (Topic::Partners { focus }, true) => {
                format!("{}与主要伙伴贸易", country_name(focus, true))
            }
        }
    }
}

/// The topics the data supports, for an error message.
fn available(store: &TradeStore) -> String {
    let mut pairs: Vec<String> = store
        .keys()
        .map(|k| format!("{}-{}", k.partner, k.reporter).to_lowercase())
        .collect();
    pairs.sort();
    pairs.dedup();
    format!("{} (or a single country, e.g. chn)", pairs.join(", "))
}
