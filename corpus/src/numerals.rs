//! Chinese numerals and article numbers.
//!
//! Chinese law numbers its provisions in words (`第八十八条`), treaties in
//! figures (`Article 88`, `Article 5.7`). An answer written in one language
//! about a provision printed in the other names it the other way ("Article
//! 88 of the Maritime Law" for 海商法 第八十八条), and a fact checked against
//! a law reads 六个月 where the question's gold says 6个月. Both need the
//! numerals as numbers.

/// The value of a single Chinese digit (`六` 6, `〇` 0); `None` for a unit
/// such as `十` and for anything else.
pub fn chinese_digit(c: char) -> Option<u64> {
    match c {
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

fn unit(c: char) -> Option<u64> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        '万' => Some(10_000),
        _ => None,
    }
}

/// Whether `c` is a Chinese numeral (digit or unit).
pub fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || unit(c).is_some()
}

/// The value of a run of Chinese numerals (`十五` 15, `一百零八` 108,
/// `两万` 20000); `None` if `s` is empty or holds anything else.
pub fn chinese_number(s: &str) -> Option<u64> {
    if s.is_empty() || !s.chars().all(is_chinese_numeral) {
        return None;
    }
    let (mut total, mut section, mut pending) = (0u64, 0u64, None::<u64>);
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            pending = Some(d);
        } else if let Some(u) = unit(c) {
            if u == 10_000 {
                // 万 multiplies all that came before it: 五十万 is 500000.
                let n = pending.take().unwrap_or(0);
                let count = if section + n == 0 { 1 } else { section + n };
                total += count * u;
                section = 0;
            } else {
                // A unit with no digit before it counts one of it: 十五 is 15.
                section += pending.take().unwrap_or(1) * u;
            }
        }
    }
    Some(total + section + pending.unwrap_or(0))
}

/// `s` with each run of Chinese numerals written as digits (六个月 →
/// 6个月), read as a reader of Chinese reads them:
///
/// - a year or a code written digit by digit is its digits (二〇二四 is
///   2024, not the sum a positional reading would make of it);
/// - a point between numerals is a decimal point (零点五 is 0.5);
/// - 百分之五十 is a percentage, 百分之50, and its 百 no hundred;
/// - the 一 of a word that only contains it stays a word: 同一日 is "the
///   same day", 某一日 "some day", 每一年 "every year", 唯一 "sole".
///
/// Ordinals are converted like any number (第三十七条 → 第37条): a
/// reader who needs them told apart from quantities looks for the 第.
pub fn chinese_numbers_as_digits(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let run_end = (i..chars.len())
            .find(|&j| !is_chinese_numeral(chars[j]))
            .unwrap_or(chars.len());
        if run_end == i {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let run: String = chars[i..run_end].iter().collect();
        let before = i.checked_sub(1).map(|b| chars[b]);
        let in_word = run == "一"
            && matches!(
                before,
                Some('同' | '某' | '每' | '任' | '唯' | '统' | '单' | '逐' | '上' | '下')
            );
        let percent = matches!(run.as_str(), "百" | "千") && chars.get(run_end) == Some(&'分');
        let digit_by_digit = run.chars().all(|c| chinese_digit(c).is_some());
        let decimals = before == Some('点') && out.ends_with('.');
        match chinese_number(&run) {
            _ if in_word || percent => out.push_str(&run),
            Some(_) if digit_by_digit && (decimals || run.chars().count() > 1) => out.extend(
                run.chars()
                    .filter_map(chinese_digit)
                    .filter_map(|d| char::from_digit(d as u32, 10)),
            ),
            Some(n) => out.push_str(&n.to_string()),
            None => out.push_str(&run),
        }
        i = run_end;
        if chars.get(i) == Some(&'点')
            && out.ends_with(|c: char| c.is_ascii_digit())
            && chars
                .get(i + 1)
                .is_some_and(|c| chinese_digit(*c).is_some())
        {
            out.push('.');
            i += 1;
        }
    }
    out
}

/// The value of an English number word as laws and answers write periods
/// and shares (`six` 6, `sixty` 60, `twenty-one` 21, `hundred` 100), in any
/// case; `None` for anything else.
pub fn english_number(word: &str) -> Option<u64> {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let w = word.to_ascii_lowercase();
    if let Some(n) = ONES.iter().position(|o| *o == w) {
        return Some(n as u64);
    }
    if w == "hundred" {
        return Some(100);
    }
    let (tens, ones) = w.split_once('-').unwrap_or((&w, ""));
    let t = TENS.iter().position(|t| *t == tens)? as u64 * 10 + 20;
    let o = if ones.is_empty() {
        0
    } else {
        ONES[1..10].iter().position(|o| *o == ones)? as u64 + 1
    };
    Some(t + o)
}

/// The article number a locator or a mention names, in figures: `第八十八条`
/// and `Article 88` are both `88`; `Article 5.7` is `5.7`; `第十条之一` is
/// `10-1`. `None` when it names no article (a note, a rule, a record id).
pub fn article_number(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix('第') {
        let end = rest.find('条')?;
        let n = number(&rest[..end])?;
        let after = &rest[end + '条'.len_utf8()..];
        return Some(match after.strip_prefix('之') {
            Some(sub) => {
                let sub: String = sub.chars().take_while(|c| is_chinese_numeral(*c)).collect();
                match chinese_number(&sub) {
                    Some(s) => format!("{n}-{s}"),
                    None => n.to_string(),
                }
            }
            None => n.to_string(),
        });
    }
    let lower = t.to_ascii_lowercase();
    let at = lower.rfind("article ")?;
    let figures: String = t[at + "article ".len()..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let figures = figures.trim_end_matches('.');
    (!figures.is_empty()).then(|| figures.to_string())
}

fn number(s: &str) -> Option<u64> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        s.parse().ok()
    } else {
        chinese_number(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_words() {
        assert_eq!(chinese_number("十五"), Some(15));
        assert_eq!(chinese_number("八十八"), Some(88));
        assert_eq!(chinese_number("一百零八"), Some(108));
        assert_eq!(chinese_number("一万二千"), Some(12000));
        assert_eq!(chinese_number("五十万"), Some(500_000));
        assert_eq!(chinese_number("万"), Some(10_000));
        assert_eq!(english_number("Six"), Some(6));
        assert_eq!(english_number("ninety"), Some(90));
        assert_eq!(english_number("twenty-one"), Some(21));
        assert_eq!(english_number("sixes"), None);
        assert_eq!(chinese_number("两"), Some(2));
        assert_eq!(chinese_number(""), None);
        assert_eq!(chinese_number("十a"), None);
        assert_eq!(
            chinese_numbers_as_digits("第三十七条两年二十"),
            "第37条2年20"
        );
        assert_eq!(chinese_numbers_as_digits("二〇二四年"), "2024年");
        assert_eq!(chinese_numbers_as_digits("百分之零点五"), "百分之0.5");
        assert_eq!(chinese_numbers_as_digits("十一点钟"), "11点钟");
        assert_eq!(chinese_numbers_as_digits("同一日起一年"), "同一日起1年");
        assert_eq!(chinese_numbers_as_digits("每三个月"), "每3个月");
    }

    #[test]
    fn article_numbers_across_languages() {
        assert_eq!(article_number("第八十八条").as_deref(), Some("88"));
        assert_eq!(article_number("第88条").as_deref(), Some("88"));
        assert_eq!(article_number("第十条之一").as_deref(), Some("10-1"));
        assert_eq!(article_number("Article 88").as_deref(), Some("88"));
        assert_eq!(article_number("Article 5.7").as_deref(), Some("5.7"));
        assert_eq!(
            article_number("Agreement on Safeguards Article 7").as_deref(),
            Some("7")
        );
        assert_eq!(article_number("Chapter 97 Note 4"), None);
        assert_eq!(article_number("gacc-interp-016"), None);
        assert_eq!(article_number("第一章"), None);
    }
}
