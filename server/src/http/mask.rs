//! Masking personal data before it reaches a log or the audit trail, as the
//! single window's data-security rules require: e-mail addresses, phone
//! numbers (mainland mobiles, with or without +86, and landlines), PRC
//! resident ID numbers (18 characters, the last a digit or X) and bank card
//! numbers (13–19 digits, spaced or not).
//!
//! Boundaries are ASCII word boundaries: in Chinese text a number follows a
//! character directly ("手机13812345678"), and a Unicode `\b` would see no
//! boundary there.
//!
//! A masked value keeps just enough to be recognisable to its owner (the
//! first and last characters), never enough to be reused.

use std::sync::OnceLock;

use regex::Regex;

struct Patterns {
    email: Regex,
    id_card: Regex,
    card: Regex,
    phone: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        email: Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
            .expect("email pattern"),
        // Six-digit region, birth date 18xx–20xx, sequence, check digit.
        id_card: Regex::new(
            r"\b[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]\b",
        )
        .expect("id pattern"),
        card: Regex::new(r"(?-u:\b)\d{4}(?:[ -]?\d{4}){2}[ -]?\d{1,7}(?-u:\b)")
            .expect("card pattern"),
        phone: Regex::new(
            r"(?:\+?86[ -]?)?(?-u:\b)1[3-9]\d{9}(?-u:\b)|(?-u:\b)0\d{2,3}-?\d{7,8}(?-u:\b)",
        )
        .expect("phone pattern"),
    })
}

/// Keeps the first `head` and last `tail` characters of `s`, stars between.
fn keep_ends(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// `text` with personal data masked.
pub fn mask(text: &str) -> String {
    let p = patterns();
    let text = p.email.replace_all(text, |c: &regex::Captures| {
        let m = &c[0];
        match m.split_once('@') {
            Some((user, domain)) => format!("{}@{domain}", keep_ends(user, 1, 0)),
            None => "***".into(),
        }
    });
    // ID numbers before card numbers: an 18-digit ID also looks like a card.
    let text = p
        .id_card
        .replace_all(&text, |c: &regex::Captures| keep_ends(&c[0], 3, 2));
    let text = p
        .card
        .replace_all(&text, |c: &regex::Captures| keep_ends(&c[0], 4, 4));
    let text = p
        .phone
        .replace_all(&text, |c: &regex::Captures| keep_ends(&c[0], 3, 2));
    text.into_owned()
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn personal_data_is_masked() {
        let m = mask("联系人张三，手机13812345678，邮箱zhang.san@example.com.cn");
        assert!(!m.contains("13812345678") && m.contains("138"), "{m}");
        assert!(
            !m.contains("zhang.san@") && m.contains("@example.com.cn"),
            "{m}"
        );

        let m = mask("身份证 110105199003071234 与 11010519900307123X");
        assert!(
            !m.contains("110105199003071234") && !m.contains("11010519900307123X"),
            "{m}"
        );

        let m = mask("card 6222 0212 3456 7890 123 or 4111111111111111");
        assert!(
            !m.contains("3456 7890") && !m.contains("4111111111111111"),
            "{m}"
        );

        let m = mask("我的手机13812345678，身份证110105199003071234。");
        assert!(
            !m.contains("13812345678") && !m.contains("110105199003071234"),
            "{m}"
        );

        let m = mask("tel +86 13912345678, 021-61234567");
        assert!(!m.contains("13912345678") && !m.contains("61234567"), "{m}");
    }

    #[test]
    fn trade_data_is_left_alone() {
        // HS codes, article numbers, dates and amounts are not personal data.
        for s in [
            "HS 0306.17 冻虾",
            "关税法 第五十一条",
            "2024-12-01 起施行",
            "税率 6%，金额 12,500 美元",
            "8471300000",
        ] {
            assert_eq!(mask(s), s);
        }
    }
}
