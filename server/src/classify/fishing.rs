//! Fishing tackle (heading 9507) by the article a description names first.
//!
//! Heading 9507 divides line-fishing tackle by article: rods (9507.10),
//! fish-hooks, whether or not snelled (9507.20), reels (9507.30), and the
//! rest (9507.90: lures, floats, sinkers, landing nets). A listing names
//! the tackle it sells first and what it comes with after ("Fishing Rod and
//! Reel Combo … Spinning Reel … Hooks", "Spoon Artificial Bait … Jigbait"),
//! and the votes, spread over the four by the shared words, had picked the
//! reel for a rod-and-reel combo and the hooks for a spoon lure that
//! carries one. A lure is 9507.90 even with its hooks attached: it is the
//! lure that is sold. The first article named decides among the four, and
//! what was found for the others moves to it; it is read only where
//! fishing is named (fish, fishing, angling, 钓, 渔, 鱼).

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::{first_named, words, Reason};

/// An article of line-fishing tackle, by the subheadings of 9507.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tackle {
    /// Fishing rods (9507.10).
    Rod,
    /// Fish-hooks (9507.20).
    Hook,
    /// Fishing reels (9507.30).
    Reel,
    /// Lures, floats, sinkers and other tackle (9507.90).
    Other,
}

static FISHING: LazyLock<Regex> =
    LazyLock::new(|| words(r"\b(?:fish\w*|angling|angler)\b|钓|渔|鱼"));

static TACKLE: LazyLock<Vec<(Tackle, Regex)>> = LazyLock::new(|| {
    vec![
        (Tackle::Rod, words(r"\brods?\b|鱼竿|钓竿|海竿|路亚竿")),
        (Tackle::Hook, words(r"\bhooks?\b|鱼钩|钓钩")),
        (Tackle::Reel, words(r"\breels?\b|渔轮|鱼线轮|纺车轮|水滴轮")),
        (
            Tackle::Other,
            words(concat!(
                r"\b(?:lures?|(?:artificial |soft )?baits?|spoons?|jigs?|jigbaits?|spinners?|",
                r"crankbaits?|minnows?|poppers?|floats?|bobbers?|sinkers?|landing nets?)\b",
                r"|路亚饵|假饵|拟饵|亮片|浮漂|鱼漂|铅坠",
            )),
        ),
    ]
});

impl Tackle {
    /// The article `description` names first, where it names fishing.
    pub fn stated(description: &str) -> Option<Self> {
        if !FISHING.is_match(description) {
            return None;
        }
        first_named(&TACKLE, description).map(|(t, _)| t)
    }

    fn code(self) -> &'static str {
        match self {
            Tackle::Rod => "950710",
            Tackle::Hook => "950720",
            Tackle::Reel => "950730",
            Tackle::Other => "950790",
        }
    }

    /// Whether `code` (digits) is a subheading of 9507 for another article.
    pub fn excludes(self, code: &str) -> bool {
        code.len() == 6 && code.starts_with("9507") && code != self.code()
    }

    /// The article's subheading, for a ruled-out one.
    pub fn sibling(self, code: &str) -> Option<String> {
        self.excludes(code).then(|| self.code().to_string())
    }

    /// What it states and rules out, and by which terms.
    pub fn reason(self) -> Reason {
        let stated = match self {
            Tackle::Rod => "a fishing rod",
            Tackle::Hook => "fish-hooks",
            Tackle::Reel => "a fishing reel",
            Tackle::Other => "a lure, float, sinker or other fishing tackle",
        };
        Reason {
            stated: stated.into(),
            excluded: "the subheadings of 9507 for other articles of fishing tackle".into(),
            notes: &["Rule 6"],
            terms: &["950710", "950790"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tackle::*;

    #[test]
    fn the_article_named_first_decides() {
        assert_eq!(
            Tackle::stated("Fishing Rod and Reel Combo Telescopic Fishing Rod Spinning Reel Hooks"),
            Some(Rod)
        );
        assert_eq!(
            Tackle::stated("Trout Fishing 75mm Spoon Artificial Bait Freshwater Jigbait"),
            Some(Other)
        );
        assert_eq!(
            Tackle::stated("100pcs Japan Izu Fish Hook High Carbon Steel Barbed"),
            Some(Hook)
        );
        assert_eq!(
            Tackle::stated("伊豆鱼钩 高碳钢 有倒刺 100枚/盒"),
            Some(Hook)
        );
        assert_eq!(
            Tackle::stated("Spinning reel 5.2:1 for sea fishing"),
            Some(Reel)
        );
        assert_eq!(Tackle::stated("Coat hooks, stainless steel, 5 pcs"), None);
        assert_eq!(Tackle::stated("Curtain rod 2 m"), None);
    }

    #[test]
    fn the_other_articles_are_ruled_out_and_moved() {
        assert!(Rod.excludes("950730") && !Rod.excludes("950710") && !Rod.excludes("9507"));
        assert_eq!(Other.sibling("950720").as_deref(), Some("950790"));
        assert_eq!(Hook.sibling("950790").as_deref(), Some("950720"));
        assert!(!Hook.excludes("731940"));
    }
}
