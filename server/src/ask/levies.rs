//! Charges an answer says are due, or not due, against what its sources say.
//!
//! Whether a duty, a tax or a fee must be paid is the first thing a trader
//! reads in an answer, and a small model gets it backwards while copying
//! the words around it. Asked "暂时进境的展览品要缴纳关税吗？", the 1.5B model
//! answered "展览品属于临时进境货物，因此需要缴纳关税。[2]", citing 关税法
//! 第三十七条, which says 可以依法暂不缴纳关税; on qa-dev it wrote that
//! goods sent straight back abroad "需要交税和滞报金[1]" where the cited
//! interpretation says 各种税费及滞报金也免予征收. Such a sentence reads as
//! grounded (it cites the right provision, and the closing quotation shows
//! the provision's words), so it passes every check of words and figures.
//!
//! So each clause that says a charge is levied or not is read for which
//! charge (customs duty, VAT, consumption tax, taxes in general, the late
//! declaration fee, the late payment fee, interest) and which way (due, or
//! exempt, suspended, not levied). A sentence that says a charge is due
//! where every clause of its cited passages (of any given passage, when it
//! cites none or only passages silent on the charge) on that charge says it
//! is not, or the reverse, and no passage given says what it says, is left out
//! of the answer, and a note names it; the closing quotation of the source
//! gives the rule. A sentence that states a charge plainly is read against
//! the sources' plain statements, the rule, when they make one: 关税法
//! 第三十七条 suspends duty on exhibits and levies it, in its last
//! paragraph, on those not re-exported in time, and "需要缴纳关税" states the
//! exception as if it were the rule. Conditions themselves are not
//! compared: a source that says both ways under conditions (免征关税 for
//! bonded goods re-exported, 征收关税 for those sold at home) decides nothing
//! for a sentence that sets a condition, and the sentence stays. A subject
//! narrowed by exclusion ("本法第三十七条规定以外的其他暂时进境的货物") is a
//! condition too. A sentence that a passage given states as it is, only
//! miscited, stays: telling which passage it rests on is `attribution`'s.
//! In a cited passage, taxes due in general ("应当……缴纳税款") do not
//! decide a given tax, while taxes in general exempt (各种税费……免予征收)
//! decide each one.
//!
//! This is a reading of words, not an understanding of them, kept narrow on
//! purpose: a charge named in the clause, and a verb of levying or of
//! exemption beside it. A sentence it cannot read is left as it is.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::attribution::containment;
use super::grounding::{cited_or_all, ends_sentence, Checked};

/// A charge an answer or a source speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Charge {
    /// Customs duty (关税; "duty", "tariff").
    Duty,
    /// Import VAT (增值税).
    Vat,
    /// Consumption tax (消费税).
    ConsumptionTax,
    /// Taxes in general (税, 税费, 税款; "tax", "taxes"): any of the taxes.
    AnyTax,
    /// The late declaration fee (滞报金).
    LateDeclarationFee,
    /// The late payment fee (滞纳金).
    LatePaymentFee,
    /// Interest (缓税利息, 利息).
    Interest,
}

impl Charge {
    fn is_tax(self) -> bool {
        matches!(
            self,
            Charge::Duty | Charge::Vat | Charge::ConsumptionTax | Charge::AnyTax
        )
    }

    /// Whether a statement that `self` goes `way` says which way `other`
    /// goes: the same charge; taxes in general exempt, for any one tax
    /// ("各种税费……免予征收" exempts VAT too); one tax due, for taxes in
    /// general. Taxes in general due says nothing of a given tax: "应当……
    /// 缴纳税款" (the article on when tax is paid) does not make duty due on
    /// goods returned within a year.
    fn decides(self, way: Way, other: Charge) -> bool {
        self == other
            || (self == Charge::AnyTax && way == Way::NotDue && other.is_tax())
            || (other == Charge::AnyTax && way == Way::Due && self.is_tax())
    }

    /// Whether a clause on `self` speaks of `other`: the same charge, or
    /// taxes in general and one of the taxes.
    fn meets(self, other: Charge) -> bool {
        self == other
            || (self == Charge::AnyTax && other.is_tax())
            || (other == Charge::AnyTax && self.is_tax())
    }
}

/// Which way a clause says a charge goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Way {
    /// Levied, to be paid.
    Due,
    /// Exempt, suspended, not levied.
    NotDue,
}

/// A clause's statement on charges.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Levy {
    way: Way,
    charges: Vec<Charge>,
}

/// Names that hold a charge's word without speaking of the charge: laws
/// (关税法, 《进出口关税条例》), tariff schedules and rates, tax numbers.
static NOT_A_CHARGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"《[^》]*》|[\p{Han}]{0,6}(?:税法|关税条例|税条例)",
        // Goods granted a reduction or exemption, as a class ("减免税货物
        // 应当接受海关监管"): a name, not an exemption granted here.
        r"|减免税",
        // Who withholds or collects a charge, and its papers: roles and
        // documents, not a charge said to be due.
        r"|代扣代缴|代收代缴|扣缴义务人|扣缴|缴款书|缴款凭证|纳税申报",
        // A deposit or guarantee the size of the tax is not the tax.
        r"|相当于[^，。；]*?税款|税款担保",
        r"|税率|税则|税号|税目|税收|税务|计税价格|完税价格|纳税人|纳税义务人|税额",
        r"|(?i:\b(?:tariff|tax)\s+(?:rates?|schedules?|lines?|items?|headings?|classification|authorit(?:y|ies)|law|base|value|payer)\b)",
        r"|(?i:\b(?:customs|dutiable|taxable)\s+value\b|\bduty\s+(?:of|to)\b)",
    ))
    .expect("a valid pattern")
});

/// The charges a clause names, in either language.
static CHARGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<duty>关税|(?i:\b(?:customs\s+|import\s+|export\s+)?dut(?:y|ies)\b|\btariffs?\b))",
        r"|(?P<vat>增值税|(?i:\bvat\b|value[- ]added\s+tax(?:es)?))",
        r"|(?P<consumption>消费税|(?i:\bconsumption\s+tax(?:es)?))",
        r"|(?P<late_declaration>滞报金|(?i:\blate[- ](?:declaration|filing)\s+fees?\b|\blate\s+fees?\b))",
        r"|(?P<late_payment>滞纳金|(?i:\blate[- ]payment\s+(?:fees?|charges?|surcharges?)\b))",
        r"|(?P<interest>利息|(?i:\binterest\b))",
        r"|(?P<tax>税|(?i:\btax(?:es)?\b))",
    ))
    .expect("a valid pattern")
});

/// Words saying a charge is not levied: exempt (免征, 免予征收, "exempt"),
/// suspended (暂不缴纳, "suspension of duties"), not levied (不征收, "not
/// subject to"), nothing to pay (无需缴纳, "free of duty").
static NOT_DUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"免(?:予|于|征|税|缴|交|纳|除)|不予征|不征|不再征|零关税",
        r"|暂不(?:缴|征|交|纳)",
        r"|(?:不|无|毋)(?:需要|需|须|用|必|要|应)(?:再|另|另行|还|额外|重新|先)?(?:缴|交|支付|纳|征)",
        r"|不(?:缴|交纳|交税|交关税|支付|纳税|征)",
        // Exempt from, free of, waiving or suspending the charge itself:
        // not "the general rate of" it (a lower rate is still a charge),
        // nor "concessions" (suspending those raises duties).
        r"|(?i:\b(?:exempt(?:ed|ion|ions)?(?:\s+from)?|free\s+(?:of|from)|waiv(?:e|es|ed|ing|er\s+of)|suspen(?:d|ds|ded|ding|sion\s+of))",
        r"\s+(?:(?:the|all|any|such|its|their|payment|of|import|export|customs|anti-dumping|countervailing|safeguard|applicable|relevant)\s+){0,3}",
        r"(?:dut(?:y|ies)|tax(?:es)?|vat|fees?|charges?|tariffs?|levies|interest)\b",
        r"|\b(?:dut(?:y|ies)|tax(?:es)?|fees?|charges?|interest)\s+(?:is|are|will\s+be|shall\s+be|may\s+be|being)\s+(?:waived|suspended)\b",
        r"|\b(?:duty|tax)[- ]exempt|\b(?:duty|tax)[- ]free\b|\bzero[- ](?:duty|tariff)",
        r"|\bno\s+(?:customs\s+|import\s+)?(?:dut(?:y|ies)|tax(?:es)?|fees?|tariffs?|interest)\b",
        r"|\bwithout\s+(?:paying|payment)\b",
        r"|\b(?:not|never|neither|nor)\s+(?:be\s+|been\s+|need\s+to\s+|have\s+to\s+|required\s+to\s+)?(?:subject|liable|levied|levying|charged|collected|collecting|payable|imposed|imposing|pay|paying|paid|due)\b",
        r"|\b(?:do|does|did|need|must|shall|will|would|should)\s*(?:n't|\s+not)\s+(?:need\s+to\s+|have\s+to\s+)?(?:be\s+)?(?:pay|paid|levied|charged|collected|imposed)\b)",
    ))
    .expect("a valid pattern")
});

/// Words saying a charge is levied or to be paid.
static DUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"征收|计征|征税|补征|缴纳|交纳|补缴|补交|补足|缴|支付|收取|应纳",
        r"|(?:要|需|需要|得|先|应|应当|必须|才|再|去)交",
        r"|交(?:税|关税|税费|滞报金|滞纳金|利息)",
        r"|(?i:\b(?:pay|pays|paid|paying|payable|levied|levy|levies|levying|charged|collected|collect|collecting|imposed|impose|imposes|imposing|subject\s+to|liable|owe|owed|owes)\b)",
    ))
    .expect("a valid pattern")
});

/// A clause that sets a condition for the next: Chinese law's "…的，"
/// ("未复运出境的，应当依法缴纳关税"), "如果…", "if …", "where …".
static CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"的$|^(?:如果|如|若|假如|倘若|凡|一旦|对于?)|^在.*(?:后|以后|之后|前|之前|时)$",
        r"|(?i:^(?:if|where|unless|when|whenever|in\s+case|provided|once)\b)",
    ))
    .expect("a valid pattern")
});

/// A subject narrowed by exclusion: "本法第三十七条规定以外的其他暂时进境的
/// 货物" levies duty on the goods the article before it does not cover, not
/// on temporary imports as such. Statements in such a sentence hold under a
/// condition.
static EXCLUSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"以外的|除[^，。；]*(?:以外|之外|外)|(?i:\bother\s+than\b|\bexcept\b)")
        .expect("a valid pattern")
});

/// A condition inside the clause that levies: "未复运出境的应当缴纳关税".
static CONDITIONED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"的(?:应当|应|须|需|需要|可以|可|免|不|暂不|由|按照|依法)")
        .expect("a valid pattern")
});

/// What a text says of a charge: which way, and whether only under a
/// condition it sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Statement {
    charge: Charge,
    way: Way,
    conditional: bool,
}

/// The sentences of `text`, each as its clauses: a sentence's parts between
/// commas and colons, where a condition and its consequence part.
fn sentences(text: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if ends_sentence(c, next) {
            out.push(&text[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    out.push(&text[start..]);
    out.into_iter()
        .map(|s| {
            s.split(['，', ',', '：', ':', '。', '；', '！', '？', '!', '?', '\n'])
                .map(|c| {
                    c.trim()
                        .trim_end_matches(['.', '”', '"', '」', ')', '）', ' '])
                })
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// `text` with each single line break made a space; blank lines stay.
fn unwrapped(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let soft =
                c == '\n' && chars.get(i + 1) != Some(&'\n') && (i == 0 || chars[i - 1] != '\n');
            if soft {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// What `clause` says of charges: which way, on which charges; `None` when
/// it names no charge, or no verb of levying or exemption, or both ways.
fn levy(clause: &str) -> Option<Levy> {
    let clause = NOT_A_CHARGE.replace_all(clause, " ");
    let charges = charges(&clause);
    if charges.is_empty() {
        return None;
    }
    let not_due = NOT_DUE.is_match(&clause);
    // A verb of levying that is not part of an exemption's words ("免予征收"
    // holds "征收").
    let due = DUE.is_match(&NOT_DUE.replace_all(&clause, " "));
    let way = match (due, not_due) {
        (_, true) => Way::NotDue,
        (true, false) => Way::Due,
        (false, false) => return None,
    };
    Some(Levy { way, charges })
}

/// The charges `text` names (names that only hold a charge's word taken out
/// first), each once, in order.
fn charges(text: &str) -> Vec<Charge> {
    let mut charges: Vec<Charge> = Vec::new();
    for c in CHARGE.captures_iter(text) {
        let charge = if c.name("duty").is_some() {
            Charge::Duty
        } else if c.name("vat").is_some() {
            Charge::Vat
        } else if c.name("consumption").is_some() {
            Charge::ConsumptionTax
        } else if c.name("late_declaration").is_some() {
            Charge::LateDeclarationFee
        } else if c.name("late_payment").is_some() {
            Charge::LatePaymentFee
        } else if c.name("interest").is_some() {
            Charge::Interest
        } else {
            Charge::AnyTax
        };
        if !charges.contains(&charge) {
            charges.push(charge);
        }
    }
    charges
}

/// What a passage says of charges, and which it names at all.
struct Reading {
    statements: HashSet<Statement>,
    named: Vec<Charge>,
}

impl Reading {
    fn of(text: &str) -> Self {
        Self {
            statements: statements(text),
            named: charges(&NOT_A_CHARGE.replace_all(text, " ")),
        }
    }
}

/// Every statement `text` makes on a charge: for every clause that says
/// which way a charge goes, each charge it names, conditional when an
/// earlier clause of its sentence sets a condition or the clause holds one.
fn statements(text: &str) -> HashSet<Statement> {
    let mut out = HashSet::new();
    // A single line break is where a line of a PDF or a wrapped file ended
    // ("its current practice of not imposing\ncustoms duties"), not a
    // sentence's end: only a blank line parts paragraphs.
    let text = unwrapped(text);
    for sentence in sentences(&text) {
        let mut conditional = sentence.iter().any(|c| EXCLUSION.is_match(c));
        let last = sentence.len() - 1;
        for (i, clause) in sentence.into_iter().enumerate() {
            if let Some(l) = levy(clause) {
                // A clause that is itself a condition ("逾期未缴纳税款的，…")
                // states nothing but under it; the last clause sets none
                // ("关税是先交的").
                let conditional = conditional
                    || CONDITIONED.is_match(clause)
                    || (i < last && CONDITION.is_match(clause));
                out.extend(l.charges.into_iter().map(|charge| Statement {
                    charge,
                    way: l.way,
                    conditional,
                }));
            }
            conditional |= CONDITION.is_match(clause);
        }
    }
    out
}

/// Whether a sentence saying `said` says a charge goes the way its sources
/// (`cited` by it, or all given) do not say it goes, where they say it goes
/// the other way. When the sentence states it
/// without a condition, the sources' statements without one are the rule
/// it is read against ("可以依法暂不缴纳关税" decides "需要缴纳关税", not the
/// exception "未复运出境的，应当依法缴纳关税"); when it sets a condition, the
/// conditions are not compared and every statement counts.
///
/// A sentence that another passage given states as it is (plainly, when the
/// sentence is plain), and whose words that passage holds more of than the
/// cited one (`closer`), is miscited rather than wrong: "暂时进境的货物可以
/// 暂不缴纳关税" citing 第三十八条, which levies duty on other temporary
/// imports, has more of 第三十七条's words, which say it. It stays; which
/// passage it rests on is `attribution`'s to say. Any passage would not do:
/// some given passage levies duty plainly on something (第五条, on personal
/// effects) beside nearly every question on duty.
fn contradicts(
    said: &HashSet<Statement>,
    cited: bool,
    sources: &[&Reading],
    given: &[Reading],
    closer: &[&Reading],
) -> bool {
    said.iter().any(|s| {
        // A sentence that says both ways ("免征关税，但需缴纳增值税" on
        // taxes in general) is not read for this charge.
        let both = said
            .iter()
            .any(|o| o.way != s.way && (o.charge.meets(s.charge) || s.charge.meets(o.charge)));
        // The passages a sentence cites are read for what decides its
        // charge; every passage given, for a sentence citing none (or only
        // passages silent on the charge), for anything on it, so that a
        // general levy ("原则上按照进口征税") beside an exemption of other
        // goods leaves the matter undecided.
        let on = |passages: &mut dyn Iterator<Item = &Reading>, cited: bool| -> Vec<Statement> {
            passages
                .flat_map(|p| &p.statements)
                .filter(|o| {
                    if cited {
                        o.charge.decides(o.way, s.charge)
                    } else {
                        o.charge.meets(s.charge)
                    }
                })
                .copied()
                .collect()
        };
        // Cited passages that do not name the charge leave the claim to be
        // read against every passage given, as a claim citing nothing is.
        // One that names it in words this reading cannot place ("the
        // practice of not imposing customs duties") is not silent on it.
        let silent = sources
            .iter()
            .all(|p| !p.named.iter().any(|c| c.meets(s.charge)));
        let on_it = if silent || !cited {
            on(&mut given.iter(), false)
        } else {
            on(&mut sources.iter().copied(), true)
        };
        let rule: Vec<Statement> = if s.conditional {
            on_it
        } else {
            let plain: Vec<Statement> = on_it.iter().copied().filter(|o| !o.conditional).collect();
            if plain.is_empty() {
                on_it
            } else {
                plain
            }
        };
        let stated_elsewhere = closer.iter().flat_map(|p| &p.statements).any(|o| {
            o.charge.meets(s.charge) && o.way == s.way && (s.conditional || !o.conditional)
        });
        !both && !stated_elsewhere && !rule.is_empty() && rule.iter().all(|o| o.way != s.way)
    })
}

/// `checked` without the sentences that say a charge is due (or not) where
/// the passages they cite (any given passage, for a sentence citing none)
/// say only the reverse, and those sentences. The passages they cite stay
/// among the answer's citations.
pub(super) fn as_sources_say(checked: Checked, passages: &[&str]) -> (Checked, Vec<String>) {
    if checked.refused {
        return (checked, Vec::new());
    }
    let in_passage: Vec<Reading> = passages.iter().map(|p| Reading::of(p)).collect();
    let agrees = |sentence: &str, cites: &[usize]| {
        let said = statements(sentence);
        // Most sentences say nothing of a charge: nothing to weigh.
        if said.is_empty() {
            return true;
        }
        let from = cited_or_all(cites, &in_passage);
        let held = |n: usize| passages.get(n).map_or(0.0, |p| containment(sentence, p));
        let by_cited = cites
            .iter()
            .map(|n| held(n.wrapping_sub(1)))
            .fold(0.0_f32, f32::max);
        let closer: Vec<&Reading> = in_passage
            .iter()
            .enumerate()
            .filter(|&(i, _)| held(i) > by_cited)
            .map(|(_, r)| r)
            .collect();
        !contradicts(&said, !cites.is_empty(), &from, &in_passage, &closer)
    };
    let (mut kept, left_out) = checked.keeping(agrees);
    // The passages a left-out sentence cited stay cited: their words, quoted
    // at the close of the answer, are what the reader must see instead.
    kept.cited
        .extend(left_out.iter().flat_map(|(_, cites)| cites));
    kept.cited.sort_unstable();
    kept.cited.dedup();
    let left_out = left_out.into_iter().map(|(sentence, _)| sentence).collect();
    (kept, left_out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ask::grounding::check;
    use crate::ask::grounding::tests::labels;

    const ARTICLE_37: &str = "第三十七条 暂时进境或者暂时出境的下列货物、物品，可以依法暂不缴纳关税，但该货物、物品应当自进境或者出境之日起六个月内复运出境或者复运进境；需要延长复运出境或者复运进境期限的，应当根据海关总署的规定向海关办理延期手续：";
    /// The article's last paragraph levies duty on goods not re-exported
    /// in time: an exception, under a condition.
    const ARTICLE_37_WHOLE: &str = "第三十七条 暂时进境或者暂时出境的下列货物、物品，可以依法暂不缴纳关税，但该货物、物品应当自进境或者出境之日起六个月内复运出境或者复运进境：\n\n（一）在展览会、交易会、会议以及类似活动中展示或者使用的货物、物品；\n\n前款所列货物、物品在规定期限内未复运出境或者未复运进境的，应当依法缴纳关税。";
    const RETURNED: &str = "经海关批准或者责令直接退运的货物，企业办理通关手续时，不需要提供进出口许可证或者其他监管证件，各种税费及滞报金也免予征收。";
    const BONDED: &str = "第三十六条 保税货物复运出境的，免征关税；不复运出境转为内销的，按照规定征收关税。加工贸易保税进口料件或者其制成品内销的，除按照规定征收关税外，还应当征收缓税利息。";

    fn way(clause: &str) -> Option<Way> {
        levy(clause).map(|l| l.way)
    }

    #[test]
    fn clauses_are_read_for_the_charge_and_its_way() {
        assert_eq!(
            levy("可以依法暂不缴纳关税"),
            Some(Levy {
                way: Way::NotDue,
                charges: vec![Charge::Duty]
            })
        );
        assert_eq!(
            levy("各种税费及滞报金也免予征收"),
            Some(Levy {
                way: Way::NotDue,
                charges: vec![Charge::AnyTax, Charge::LateDeclarationFee]
            })
        );
        assert_eq!(way("还应当征收缓税利息"), Some(Way::Due));
        assert_eq!(way("需要交税和滞报金"), Some(Way::Due));
        assert_eq!(way("展品临时进境的关税是先交的"), Some(Way::Due));
        assert_eq!(way("不需要缴纳关税"), Some(Way::NotDue));
        assert_eq!(way("无需交税"), Some(Way::NotDue));
        assert_eq!(way("不需要再交出口关税"), Some(Way::NotDue));
        assert_eq!(way("无需另行缴纳滞报金"), Some(Way::NotDue));
        assert_eq!(
            way("Exhibits are exempt from customs duties"),
            Some(Way::NotDue)
        );
        assert_eq!(way("exempt from the payment of duties"), Some(Way::NotDue));
        assert_eq!(
            way("the duty is waived for small consignments"),
            Some(Way::NotDue)
        );
        assert_eq!(way("goods free of customs duty"), Some(Way::NotDue));
        // Suspending concessions raises duties.
        assert_eq!(
            way("a Member may suspend concessions and impose duties"),
            Some(Way::Due)
        );
        // Exempt from a rate is not exempt from the charge: "instead pay a
        // preferential rate".
        assert_eq!(
            way("exempt from the general rate of ship tonnage tax and instead pay a preferential rate"),
            Some(Way::Due)
        );
        assert_eq!(way("you do not have to pay import duty"), Some(Way::NotDue));
        assert_eq!(way("the goods are not subject to duty"), Some(Way::NotDue));
        assert_eq!(
            way("you must pay the duty and the late fee"),
            Some(Way::Due)
        );
        assert_eq!(way("VAT is levied at import"), Some(Way::Due));
        assert_eq!(
            way("Each Party shall maintain its current practice of not imposing customs duties on electronic transmissions"),
            Some(Way::NotDue)
        );
        // A line wrapped inside a sentence is one sentence.
        assert_eq!(
            statements("1. Each Party shall maintain its current practice of not imposing\ncustoms duties on electronic transmissions."),
            HashSet::from([Statement {
                charge: Charge::Duty,
                way: Way::NotDue,
                conditional: false
            }])
        );
    }

    #[test]
    fn names_and_words_that_levy_nothing_are_not_read() {
        // A law's name, a rate, a taxable value: no charge said to be due.
        for clause in [
            "根据关税法第三十七条",
            "适用纳税人完成申报之日实施的税率",
            "组成计税价格＝(关税完税价格＋关税)÷(1－消费税比例税率)",
            "Under the Customs Tariff Law",
            "the tariff rate applies",
            "The duty to declare rests with the importer",
            "提交许可证",
            "需由海关监管使用的减免税货物应当接受海关监管",
            "负有代扣代缴、代收代缴关税税款义务的单位和个人，是关税的扣缴义务人",
            "在货物收发货人向海关缴纳相当于税款的保证金或者提供担保后",
        ] {
            assert_eq!(levy(clause), None, "{clause}");
        }
    }

    #[test]
    fn a_sentence_saying_the_reverse_of_its_source_is_left_out() {
        let c = check(
            "展览品属于临时进境货物，因此需要缴纳关税。[1]应当自进境之日起六个月内复运出境。[1]",
            &labels(1),
        );
        let (kept, left_out) = as_sources_say(c, &[ARTICLE_37]);
        assert_eq!(left_out, ["展览品属于临时进境货物，因此需要缴纳关税。"]);
        assert_eq!(kept.text, "应当自进境之日起六个月内复运出境。[1]");
        // Left out alone, its source is still cited.
        let c = check("展览品需要缴纳关税。[2]", &labels(2));
        let (kept, _) = as_sources_say(c, &["", ARTICLE_37]);
        assert_eq!(kept.text, "");
        assert_eq!(kept.cited, [2]);
        let c = check(
            "进口货物到港还没放行，想直接退回国外，需要交税和滞报金。[1]应当在海关放行货物前提出申请。[1]",
            &labels(1),
        );
        let (_, left_out) = as_sources_say(c, &[RETURNED]);
        assert_eq!(left_out.len(), 1, "{left_out:?}");
        // The reverse: the source levies, the answer exempts.
        let c = check("保税料件内销的，不用交缓税利息。[1]", &labels(1));
        let (_, left_out) = as_sources_say(c, &[BONDED]);
        assert_eq!(left_out.len(), 1);
        // In English, on a Chinese source.
        let c = check(
            "Exhibits brought in temporarily must pay customs duty [1].",
            &labels(1),
        );
        let (_, left_out) = as_sources_say(c, &[ARTICLE_37]);
        assert_eq!(left_out.len(), 1);
    }

    #[test]
    fn a_sentence_agreeing_with_its_source_or_one_it_cannot_decide_stays() {
        // Agrees.
        let c = check(
            "展览品可以暂不缴纳关税[1]。直接退运的货物免征税费和滞报金[2]。",
            &labels(2),
        );
        let (kept, left_out) = as_sources_say(c.clone(), &[ARTICLE_37, RETURNED]);
        assert!(left_out.is_empty(), "{left_out:?}");
        assert_eq!(kept, c);
        // The source says both ways on duty: conditions decide, and they
        // are not compared.
        let c = check("保税料件内销需要缴纳关税[1]。", &labels(1));
        let (_, left_out) = as_sources_say(c, &[BONDED]);
        assert!(left_out.is_empty());
        // The source says nothing on the charge the sentence names.
        let c = check("展览品需要缴纳增值税[1]。", &labels(1));
        let (_, left_out) = as_sources_say(c, &[ARTICLE_37]);
        assert!(left_out.is_empty());
        // The sentence says both ways on taxes: the duty exempt, taxes due.
        let c = check("复运出境的免征关税，内销的要交税[1]。", &labels(1));
        let (_, left_out) = as_sources_say(c, &[ARTICLE_37]);
        assert!(left_out.is_empty());
        // "Every tax and fee" is exempt: VAT said to be due is the reverse.
        let c = check("直接退运免征关税，但需缴纳增值税[1]。", &labels(1));
        let (_, left_out) = as_sources_say(c, &[RETURNED]);
        assert_eq!(left_out.len(), 1);
    }

    #[test]
    fn the_rule_decides_a_plain_statement_and_its_exception_a_conditional_one() {
        let statements = statements(ARTICLE_37_WHOLE);
        assert!(statements.contains(&Statement {
            charge: Charge::Duty,
            way: Way::NotDue,
            conditional: false
        }));
        assert!(statements.contains(&Statement {
            charge: Charge::Duty,
            way: Way::Due,
            conditional: true
        }));
        let c = check(
            "“展览品”属于临时进境货物，因此需要缴纳关税。[1]",
            &labels(1),
        );
        let (_, left_out) = as_sources_say(c, &[ARTICLE_37_WHOLE]);
        assert_eq!(left_out.len(), 1);
        // The exception, stated as one, stays; so does the rule.
        let c = check(
            "展品可以暂不缴纳关税。[1]超过六个月未复运出境的，应当缴纳关税。[1]If the exhibits are not re-exported in time, duty must be paid [1].",
            &labels(1),
        );
        let (kept, left_out) = as_sources_say(c.clone(), &[ARTICLE_37_WHOLE]);
        assert!(left_out.is_empty(), "{left_out:?}");
        assert_eq!(kept, c);
    }

    #[test]
    fn a_sentence_another_given_source_states_is_miscited_not_wrong() {
        let article_38 = "第三十八条 本法第三十七条规定以外的其他暂时进境的货物、物品，应当根据该货物、物品的计税价格和其在境内滞留时间与折旧时间的比例计算缴纳进口关税。";
        let c = check("暂时进境的展览品可以暂不缴纳关税。[1]", &labels(2));
        let (kept, left_out) = as_sources_say(c.clone(), &[article_38, ARTICLE_37_WHOLE]);
        assert!(left_out.is_empty(), "{left_out:?}");
        assert_eq!(kept, c);
        // A passage levying duty on something else, whose words the
        // sentence does not share, does not excuse it.
        let article_5 = "第五条 个人合理自用的进境物品，按照简易征收办法征收关税。";
        let c = check("展览品属于临时进境货物，因此需要缴纳关税。[1]", &labels(2));
        let (_, left_out) = as_sources_say(c, &[ARTICLE_37_WHOLE, article_5]);
        assert_eq!(left_out.len(), 1);
        // Article 38 levies duty on other temporary imports: a narrowed
        // subject, so it does not state the rule for exhibits.
        assert!(statements(article_38).iter().all(|s| s.conditional));
        let c = check("展览品需要缴纳关税。[2]", &labels(2));
        let (_, left_out) = as_sources_say(c, &[article_38, ARTICLE_37_WHOLE]);
        assert_eq!(left_out.len(), 1);
        // Not when the other source states it only under a condition.
        let c = check("展览品需要缴纳关税。[1]", &labels(2));
        let (_, left_out) = as_sources_say(c, &[ARTICLE_37_WHOLE, BONDED]);
        assert_eq!(left_out.len(), 1);
    }

    #[test]
    fn tax_due_in_general_does_not_make_a_given_tax_due() {
        // On qa-dev the model cited the article on when tax is paid for a
        // sentence on goods returned within a year (第三十九条: 不征收进口关税).
        let article_52 = "第五十二条 进出口货物的纳税人应当自完成申报之日起十五日内缴纳税款。";
        let c = check(
            "出口的货因为不可抗力，一年内原样退运回来了，再进口时不需要交进口关税。[1]",
            &labels(1),
        );
        let (_, left_out) = as_sources_say(c, &[article_52]);
        assert!(left_out.is_empty(), "{left_out:?}");
        // One tax due does make taxes in general due.
        let c = check("展览品无需交税。[1]", &labels(1));
        let (_, left_out) = as_sources_say(
            c,
            &["第五条 个人合理自用的进境物品，按照简易征收办法征收关税。"],
        );
        assert_eq!(left_out.len(), 1);
    }

    #[test]
    fn a_sentence_citing_nothing_is_read_against_every_source() {
        let c = check("展品临时进境的关税是先交的。", &labels(2));
        let (_, left_out) = as_sources_say(c.clone(), &[ARTICLE_37, RETURNED]);
        assert_eq!(left_out.len(), 1);
        // Another given source levies duty as its rule: nothing decides.
        let article_5 = "第五条 个人合理自用的进境物品，按照简易征收办法征收关税。";
        let (_, left_out) = as_sources_say(c.clone(), &[ARTICLE_37, article_5]);
        assert!(left_out.is_empty());
        // A source levying it only under conditions does not outweigh the
        // rule of the other.
        let (_, left_out) = as_sources_say(c, &[ARTICLE_37, BONDED]);
        assert_eq!(left_out.len(), 1);
        // Citing a passage silent on duty is citing nothing on it.
        let entry = "第八条 进出境运输工具、货物、物品，必须通过设立海关的地点进境或者出境。";
        let c = check("根据第八条，展品临时进境的关税是先交的。[2]", &labels(2));
        let (_, left_out) = as_sources_say(c, &[ARTICLE_37, entry]);
        assert_eq!(left_out.len(), 1);
        // Citing a passage that names the charge in words not read is not.
        let named = "Article 12.11: Customs Duties. The Parties shall review this Article.";
        let article_5 = "第五条 个人合理自用的进境物品，按照简易征收办法征收关税。";
        let c = check(
            "Customs duties are not imposed on electronic transmissions [1].",
            &labels(2),
        );
        let (_, left_out) = as_sources_say(c, &[named, article_5]);
        assert!(left_out.is_empty(), "{left_out:?}");
    }
}
