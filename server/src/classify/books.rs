//! Printed books by the kind the description names.
//!
//! Heading 4903 is for children's picture, drawing or colouring books, and
//! 4901 for the other printed books, split into dictionaries and
//! encyclopaedias (4901.91) and the rest (4901.99). A listing for a
//! children's encyclopaedia or a drawing tutorial says "kids", "animal",
//! "drawing", and the votes had gone to 4903. A book named as a dictionary
//! or encyclopaedia (百科全书, 词典) is 4901.91 and never 4903; one named as
//! a tutorial, textbook, guide or novel (教程, 教材, 小说) is read, not looked
//! at or drawn in, and is 4901.99 (GRI 1 and 6). A book named as neither
//! ("story books", "drawing book") decides nothing.

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::{first_named, words, Reason};

/// The kind of printed book a description names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookKind {
    /// A dictionary or encyclopaedia (4901.91).
    Reference,
    /// A book to be read or studied: tutorial, textbook, guide, novel
    /// (4901.99).
    Text,
}

/// The words naming each kind; the first named decides.
static KINDS: LazyLock<Vec<(BookKind, Regex)>> = LazyLock::new(|| {
    vec![
        (
            BookKind::Reference,
            words(r"\b(?:encyclopa?edias?|dictionar(?:y|ies))\b|百科全书|百科|词典|字典|辞典"),
        ),
        (
            BookKind::Text,
            words(concat!(
                r"\b(?:tutorial|textbook|guidebook|guide book|novels?|workbook|handbook)s?\b",
                r"|教程|教材|课本|小说|指南|手册",
            )),
        ),
    ]
});

impl BookKind {
    /// What `description` names, when it names a book's kind.
    pub fn stated(description: &str) -> Option<Self> {
        first_named(&KINDS, description).map(|(kind, _)| kind)
    }

    /// The subheading of printed books of this kind.
    fn home(self) -> &'static str {
        match self {
            BookKind::Reference => "490191",
            BookKind::Text => "490199",
        }
    }

    /// Whether `code` (digits) is for children's picture books or for the
    /// other kind of book.
    pub fn excludes(self, code: &str) -> bool {
        code.starts_with("4903") || (code.starts_with("49019") && code != self.home())
    }

    /// Where what was found for a ruled-out book code goes.
    pub fn sibling(self, code: &str) -> Option<String> {
        (code == "490300" || (code.starts_with("49019") && code != self.home()))
            .then(|| self.home().to_string())
    }

    /// What it states and rules out, and by which terms.
    pub fn reason(self) -> Reason {
        let (stated, terms): (&str, &'static [&'static str]) = match self {
            BookKind::Reference => ("a dictionary or encyclopaedia", &["4903", "490191"]),
            BookKind::Text => (
                "a book to be read (tutorial, textbook, novel)",
                &["4903", "490199"],
            ),
        };
        Reason {
            stated: stated.into(),
            excluded: "children's picture, drawing or colouring books (4903) and the other subheading of 4901".into(),
            notes: &["Rule 1", "Rule 6"],
            terms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BookKind::*;

    #[test]
    fn the_kind_of_book_named() {
        assert_eq!(
            BookKind::stated("Children Kids Encyclopedia Phonetic Version Story Books"),
            Some(Reference)
        );
        assert_eq!(BookKind::stated("儿童百科全书注音版6册"), Some(Reference));
        assert_eq!(
            BookKind::stated("A pencil drawing tutorial book: cute animals"),
            Some(Text)
        );
        assert_eq!(BookKind::stated("铅笔画入门教程书，萌宠动物"), Some(Text));
        assert_eq!(BookKind::stated("Kids colouring book, 50 animals"), None);
        assert_eq!(BookKind::stated("Bedtime story books for toddlers"), None);
    }

    #[test]
    fn picture_books_and_the_other_subheading_are_ruled_out() {
        assert!(Reference.excludes("490300") && Reference.excludes("490199"));
        assert!(!Reference.excludes("490191") && !Reference.excludes("490110"));
        assert_eq!(Reference.sibling("490300").as_deref(), Some("490191"));
        assert!(Text.excludes("490191") && !Text.excludes("490199"));
        assert_eq!(Text.sibling("490191").as_deref(), Some("490199"));
        assert_eq!(Text.sibling("490199"), None);
        assert!(!Text.excludes("950300"));
    }
}
