//! What a classification rules out because of what the description
//! states, and the legal texts that rule it out.
//!
//! What the description states can decide where the votes cannot: knitted
//! or not between the mirrored chapters 61 and 62 and whom a garment is for
//! between their mirrored headings (their notes), the predominant fibre
//! between sibling subheadings (Section XI), a shoe's upper between
//! headings 6401–6405 and its style between their subheadings, a bag's
//! kind and outer surface between the subheadings of 4202, a battery stated
//! rechargeable or not between 8506 and 8507 (their terms), the goods'
//! material between the chapters and subheadings defined by one (the terms
//! of headings and subheadings, GRI 1 and 6), the watch component a
//! listing sells between the subheadings of watch parts and a timepiece
//! named or not for chapter 91, stones set in jewellery against 7117
//! (Chapter 71 Note 11), the kind of book between 4901 and 4903, a shaped
//! article or a textile form against the materials in bulk, a named use
//! between the subheadings that divide by use, a name that is the term of
//! a subheading or heading (a spray gun, a CPU, a drinking cup, a
//! retreaded tyre), a bag carried against the sacks for packing goods,
//! the hair of a wig between synthetic and human, the article of fishing
//! tackle named first between the subheadings of 9507, the fitting a
//! luminaire is named (and its light source) between those of 9405, a
//! vehicle's drive and cylinder capacity between those of 8703, 8711 and
//! 8407, the bird, bone and shell of eggs, meat and nuts, and a stated
//! mass between subheadings divided by weight or capacity. Each rule
//! lives with its domain (`apparel`, `fibres`, `footwear`, `cases`,
//! `batteries`, `materials`, `watches`, `jewellery`, `books`, `forms`,
//! `uses`, `kinds`, `hair`, `fishing`, `lamps`, `vehicles`, `produce`,
//! `masses`); this module applies them to the evidence and says which
//! did, so that a broker who reads that chapter 62 was set aside for a
//! knitted garment can check Chapter 61 Note 1 rather than take the
//! ranking on trust.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

use super::apparel::{Fabrication, Wearer};
use super::articles::NamedArticle;
use super::batteries::Battery;
use super::books::BookKind;
use super::cases::{BagKind, Outer};
use super::components::Component;
use super::evidence::Scores;
use super::explain::{Citation, Explainer};
use super::fibres::Fibre;
use super::fishing::Tackle;
use super::footwear::{ShoeStyle, Upper};
use super::forms::{NoTextileForm, Shaped};
use super::hair::HairKind;
use super::jewellery::SetWithStones;
use super::kinds::NamedKind;
use super::lamps::Luminaire;
use super::masses::StatedMasses;
use super::materials::{self, Material};
use super::produce::Produce;
use super::uses::Use;
use super::vehicles::Drive;
use super::watches::{NoTimepiece, Smartwatch, WatchPart, WholeWatch};
use super::ClassifyRequest;

/// What one rule read in the description and what it rules out, before
/// its texts are quoted.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// What the description states ("knitted or crocheted").
    pub stated: String,
    /// The codes it rules out, in words ("chapter 62, except heading 6212").
    pub excluded: String,
    /// Locators of the notes that rule them out (`Chapter 61 Note 1`), or
    /// of the interpretative rules (`Rule 1`: the terms of the headings).
    pub notes: &'static [&'static str],
    /// HS codes whose terms rule them out (`6404`).
    pub terms: &'static [&'static str],
}

impl Reason {
    /// A reason from the words of a rule's table.
    pub fn new(
        stated: &str,
        excluded: &str,
        notes: &'static [&'static str],
        terms: &'static [&'static str],
    ) -> Self {
        Reason {
            stated: stated.into(),
            excluded: excluded.into(),
            notes,
            terms,
        }
    }
}

/// A fact the description states and the codes the legal texts rule out
/// by it, with those texts quoted.
#[derive(Debug, Clone, Serialize)]
pub struct RuledOut {
    /// What the description states.
    pub stated: String,
    /// What it rules out.
    pub excluded: String,
    /// The notes and HS texts that rule it out, quoted.
    pub citations: Vec<Citation>,
}

impl RuledOut {
    /// `reason` with its texts quoted from `explainer`'s bundle (a text the
    /// bundle lacks is left out, never invented).
    pub fn quoted(reason: Reason, explainer: &Explainer) -> Self {
        let citations = reason
            .notes
            .iter()
            .filter_map(|n| explainer.note(n).or_else(|| explainer.gri(n)))
            .chain(reason.terms.iter().filter_map(|c| explainer.hs_citation(c)))
            .collect();
        RuledOut {
            stated: reason.stated,
            excluded: reason.excluded,
            citations,
        }
    }
}

/// A case-insensitive pattern of the words naming a kind of goods, for
/// the tables [`first_named`] reads.
pub(super) fn words(pattern: &str) -> regex::Regex {
    regex::Regex::new(&format!("(?i){pattern}")).expect("a valid pattern")
}

/// Of several kinds of goods, each with the words naming it, the one `text`
/// names first and where: a listing names what it sells before what it
/// fits or comes with ("Watch Case … for NH35 Movement", "Chest Bag …
/// Crossbody").
pub(super) fn first_named<T: Copy>(kinds: &[(T, regex::Regex)], text: &str) -> Option<(T, usize)> {
    kinds
        .iter()
        .filter_map(|(kind, words)| words.find(text).map(|m| (*kind, m.start())))
        .min_by_key(|(_, at)| *at)
}

/// Before an English name, what makes it the thing the goods serve ("a
/// spacer ring used in a pneumatic valve", "battery for bathroom scales").
static SERVED_BEFORE: LazyLock<regex::Regex> =
    LazyLock::new(|| words(r"\b(?:in|into|for|of|on|with|to)\s+(?:an?\s+|the\s+)?$"));

/// Before an English name, what the goods consist of: a kit "consisting of
/// a trolley jack, jack stands …" names its goods, it does not serve them.
static COMPOSED_OF: LazyLock<regex::Regex> = LazyLock::new(|| {
    words(r"\b(?:consisting|composed|comprised|made up) of\s+(?:an?\s+|the\s+)?$")
});

/// Before an English name, a connector's genders ("Male to Female Plug
/// Extension Cable"): the "to" joins the two ends, it does not name what
/// the goods serve.
static GENDERS: LazyLock<regex::Regex> =
    LazyLock::new(|| words(r"\b(?:fe)?male to (?:fe)?male\s+(?:[\w-]+\s+){0,2}$"));

/// After a Chinese name, a set of the goods named (千斤顶套装: a jack set),
/// not a part of them.
const SET_AFTER: &[&str] = &["套装", "套件", "组合装", "礼盒"];

/// After a Chinese name, more of the name: the goods are a part or an
/// accessory of the thing named (气动阀密封圈, 体重秤电池).
static PART_AFTER: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^门?[^\s，。；、,;.()（）0-9A-Za-z]").expect("a valid pattern")
});

/// The last word before a name, when it may be the name's modifier ("a
/// *pneumatic* valve", "with *diverter* valve").
static LAST_WORD: LazyLock<regex::Regex> = LazyLock::new(|| words(r"[\w'-]+\s+$"));

/// Whether `text` names the goods by `name`, not something they serve.
///
/// English puts what the goods serve after a preposition before the name
/// ("nozzle for a spray gun"), with up to two modifiers between ("a spacer
/// ring used in a pneumatic valve"); Chinese puts the goods' own noun after
/// it (喷枪喷嘴), its head last. So a Chinese alternative in `name` must be a
/// whole name ending in its head noun (单筒望远镜, not the modifier 单筒).
pub(super) fn names_goods(name: &regex::Regex, text: &str) -> bool {
    name.find_iter(text).any(|m| {
        let chinese = !m.as_str().is_ascii();
        if chinese {
            let after = &text[m.end()..];
            SET_AFTER.iter().any(|s| after.starts_with(s)) || !PART_AFTER.is_match(after)
        } else {
            let mut before = &text[..m.start()];
            if COMPOSED_OF.is_match(before) || GENDERS.is_match(before) {
                return true;
            }
            for _ in 0..=MODIFIERS {
                if SERVED_BEFORE.is_match(before) {
                    return false;
                }
                match LAST_WORD.find(before) {
                    Some(w) => before = &before[..w.start()],
                    None => break,
                }
            }
            true
        }
    })
}

/// Words that may stand between a preposition and the name it governs.
const MODIFIERS: usize = 2;

/// A rule as applied: what it rules out, and why.
type Rule<'a> = (Box<dyn Fn(&str) -> bool + 'a>, Option<Reason>);

/// The rule of a statement that rules codes out by itself alone.
fn rule<'a, T: Copy + 'a>(
    stated: Option<T>,
    excludes: fn(T, &str) -> bool,
    reason: fn(T) -> Reason,
) -> Rule<'a> {
    (
        Box::new(move |c| stated.is_some_and(|s| excludes(s, c))),
        stated.map(reason),
    )
}

/// Everything the description states that a rule reads.
#[derive(Debug)]
pub struct Stated {
    made: Option<Fabrication>,
    wearer: Option<Wearer>,
    fibre: Option<Fibre>,
    upper: Option<Upper>,
    style: ShoeStyle,
    outer: Option<Outer>,
    bag: Option<BagKind>,
    battery: Option<Battery>,
    material: Option<Material>,
    watch: Option<WatchPart>,
    whole_watch: Option<WholeWatch>,
    timepiece: Option<NoTimepiece>,
    stones: Option<SetWithStones>,
    book: Option<BookKind>,
    shaped: Option<Shaped>,
    textile_form: Option<NoTextileForm>,
    used: Option<Use>,
    kind: Option<NamedKind>,
    hair: Option<HairKind>,
    tackle: Option<Tackle>,
    smartwatch: Option<Smartwatch>,
    lamp: Option<Luminaire>,
    component: Option<Component>,
    article: Option<NamedArticle>,
    drive: Option<Drive>,
    produce: Option<Produce>,
    masses: Option<StatedMasses>,
}

impl Stated {
    /// What `req` states; `query` is its search text (description, paths
    /// and descriptive attributes).
    pub fn read(req: &ClassifyRequest, query: &str) -> Self {
        let attributes = |names: &[&str]| -> Vec<&str> {
            names.iter().filter_map(|a| req.attribute(a)).collect()
        };
        let materials = attributes(&["material", "main material", "fabric type"]);
        // What the goods are made of: a "fabric type" may be the lining's.
        let of_goods = attributes(&["material", "main material"]);
        let timepiece = NoTimepiece::stated(query);
        Stated {
            made: Fabrication::stated(query, req.attribute("craft of weaving")),
            wearer: Wearer::stated(req.attribute("gender"), &req.description),
            fibre: Fibre::stated(&req.description, &materials),
            upper: Upper::stated(req.attribute("upper material"), &req.description),
            style: ShoeStyle::stated(&req.description),
            outer: Outer::stated(&req.description, &materials),
            bag: BagKind::stated(&req.description),
            battery: Battery::stated(&req.description),
            material: materials::stated(
                &req.description,
                &of_goods,
                req.attribute("metals type"),
                req.attribute("metal stamp"),
            ),
            // A "bracelet" is a watch's only when a watch is in sight.
            watch: timepiece
                .is_none()
                .then(|| WatchPart::stated(&req.description))
                .flatten(),
            whole_watch: WholeWatch::stated(&req.description),
            timepiece,
            stones: SetWithStones::stated(&req.description, &of_goods),
            book: BookKind::stated(&req.description),
            shaped: Shaped::stated(&req.description),
            textile_form: NoTextileForm::stated(&req.description),
            used: Use::stated(&req.description),
            kind: NamedKind::stated(&req.description),
            hair: HairKind::stated(&req.description),
            tackle: Tackle::stated(&req.description),
            smartwatch: Smartwatch::stated(&req.description, query),
            lamp: Luminaire::stated(&req.description),
            component: Component::stated(&req.description),
            article: NamedArticle::stated(&req.description),
            drive: Drive::stated(&req.description),
            produce: Produce::stated(&req.description),
            masses: StatedMasses::stated(&req.description),
        }
    }

    /// The article the description names, if any (its trade name may
    /// need the lines of its codes searched for: see
    /// `Classifier::add_trade_name_lines`).
    pub fn article(&self) -> Option<NamedArticle> {
        self.article
    }

    /// Takes what the statements rule out away from `scores` (`hs`: the
    /// HS 2022 texts by code), moving to its sibling what was found for a
    /// subheading of the wrong fibre, shoe style, bag kind or surface,
    /// battery kind, material, watch part, kind of book, use, named kind,
    /// wig hair, fishing tackle, smartwatch, luminaire, component of its
    /// own heading or article a subheading names; returns the reasons of the rules that
    /// ruled out a code the evidence had found.
    pub fn apply(&self, scores: &mut Scores, hs: &HashMap<String, String>) -> Vec<Reason> {
        let text = |code: &str| hs.get(code).map_or("", String::as_str);
        // A stated mass divides the subheadings of the heading the goods
        // are in; a stray heading of the evidence is not weighed (the
        // black tea of 0902.30, in packings not exceeding 3 kg, found for
        // "Portland cement, grey, 50 kg bags").
        let lead = scores
            .headings
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(c, _)| c.clone());
        let weighed = |code: &str| lead.as_deref().is_some_and(|h| code.starts_with(h));
        let rules: [Rule<'_>; 27] = [
            rule(self.made, Fabrication::excludes, Fabrication::reason),
            rule(self.wearer, Wearer::excludes, Wearer::reason),
            (
                Box::new(|c| self.fibre.is_some_and(|f| f.excludes(c, text(c)))),
                self.fibre.map(Fibre::reason),
            ),
            rule(self.upper, Upper::excludes, Upper::reason),
            (Box::new(|c| self.style.excludes(c)), self.style.reason()),
            rule(self.outer, Outer::excludes, Outer::reason),
            rule(self.bag, BagKind::excludes, BagKind::reason),
            rule(self.battery, Battery::excludes, Battery::reason),
            rule(self.material, Material::excludes, Material::reason),
            rule(self.watch, WatchPart::excludes, WatchPart::reason),
            rule(self.whole_watch, WholeWatch::excludes, WholeWatch::reason),
            rule(self.timepiece, NoTimepiece::excludes, NoTimepiece::reason),
            rule(self.stones, SetWithStones::excludes, SetWithStones::reason),
            rule(self.book, BookKind::excludes, BookKind::reason),
            rule(self.shaped, Shaped::excludes, Shaped::reason),
            rule(
                self.textile_form,
                NoTextileForm::excludes,
                NoTextileForm::reason,
            ),
            rule(self.used, Use::excludes, Use::reason),
            rule(self.kind, NamedKind::excludes, NamedKind::reason),
            rule(self.hair, HairKind::excludes, HairKind::reason),
            rule(self.tackle, Tackle::excludes, Tackle::reason),
            rule(self.smartwatch, Smartwatch::excludes, Smartwatch::reason),
            rule(self.lamp, Luminaire::excludes, Luminaire::reason),
            rule(self.component, Component::excludes, Component::reason),
            rule(self.article, NamedArticle::excludes, NamedArticle::reason),
            (
                Box::new(|c| self.drive.is_some_and(|d| d.excludes(c, text(c)))),
                self.drive.map(Drive::reason),
            ),
            (
                Box::new(|c| self.produce.is_some_and(|p| p.excludes(c, text(c)))),
                self.produce.map(Produce::reason),
            ),
            (
                Box::new(|c| weighed(c) && self.masses.is_some_and(|m| m.excludes(c, hs))),
                self.masses.map(StatedMasses::reason),
            ),
        ];
        let found = |excluded: &dyn Fn(&str) -> bool| {
            scores.subheadings.iter().any(|(c, _)| excluded(c))
                || scores.headings.keys().any(|c| excluded(c))
        };
        let reasons: Vec<Reason> = rules
            .iter()
            .filter(|(excluded, _)| found(excluded.as_ref()))
            .filter_map(|(_, reason)| reason.clone())
            .collect();
        if reasons.is_empty() {
            return reasons;
        }
        // Statements that between them rule out every subheading found
        // contradict one another (a "smart watch sticker" read as a watch
        // and as a sticker): none is applied, and the votes decide.
        let before = (scores.subheadings.clone(), scores.headings.clone());
        let shares: HashMap<String, f32> = scores.subheadings.iter().cloned().collect();
        let share = |code: &str| shares.get(code).copied().unwrap_or(0.0);
        scores.move_shares(|code| {
            let by_fibre = self.fibre.and_then(|f| {
                f.excludes(code, text(code))
                    .then(|| f.sibling(code, hs))
                    .flatten()
            });
            by_fibre
                .or_else(|| {
                    // A bag of the wrong kind and surface moves across both
                    // digits: 4202.21 → 4202.92 for a nylon backpack.
                    let kind = self.bag.and_then(|b| b.sibling(code));
                    let surface = self
                        .outer
                        .and_then(|o| o.sibling(kind.as_deref().unwrap_or(code)));
                    surface.or(kind)
                })
                .or_else(|| self.style.sibling(code))
                .or_else(|| self.battery.and_then(|b| b.sibling(code)))
                .or_else(|| self.material.and_then(|m| m.sibling(code, share)))
                .or_else(|| self.watch.and_then(|w| w.sibling(code)))
                .or_else(|| self.book.and_then(|b| b.sibling(code)))
                .or_else(|| self.used.and_then(|u| u.sibling(code)))
                .or_else(|| self.kind.and_then(|k| k.sibling(code)))
                .or_else(|| self.hair.and_then(|h| h.sibling(code)))
                .or_else(|| self.tackle.and_then(|t| t.sibling(code)))
                .or_else(|| self.smartwatch.and_then(|s| s.sibling(code)))
                .or_else(|| self.lamp.and_then(|l| l.sibling(code)))
                .or_else(|| self.component.and_then(|c| c.sibling(code)))
                .or_else(|| self.article.and_then(|a| a.sibling(code)))
                .or_else(|| self.drive.and_then(|d| d.sibling(code, hs)))
                .or_else(|| self.produce.and_then(|p| p.sibling(code, hs)))
                .or_else(|| {
                    self.masses
                        .filter(|_| weighed(code))
                        .and_then(|m| m.sibling(code, hs))
                })
        });
        scores.rule_out(|code| rules.iter().any(|(excluded, _)| excluded(code)));
        if scores.subheadings.is_empty() {
            (scores.subheadings, scores.headings) = before;
            return Vec::new();
        }
        reasons
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(subheadings: &[(&str, f32)]) -> Scores {
        let mut headings = HashMap::new();
        for (code, share) in subheadings {
            *headings.entry(code[..4].to_string()).or_insert(0.0) += share;
        }
        Scores {
            subheadings: subheadings
                .iter()
                .map(|(c, s)| (c.to_string(), *s))
                .collect(),
            headings,
        }
    }

    #[test]
    fn a_name_after_a_preposition_and_its_modifiers_is_what_the_goods_serve() {
        let valve = words(r"\bvalves?\b");
        assert!(names_goods(&valve, "hydraulic relief valves"));
        assert!(names_goods(&valve, "Brass ball valve, DN20"));
        assert!(!names_goods(&valve, "spring for a valve"));
        assert!(!names_goods(
            &valve,
            "a spacer ring used in a pneumatic valve"
        ));
        assert!(!names_goods(&valve, "Shower head with diverter valve"));
        // A connector's genders are not what the goods serve.
        let cable = words(r"\bextension cables?\b");
        assert!(names_goods(
            &cable,
            "XT30 Male to Female Plug Extension Cable"
        ));
        assert!(!names_goods(&cable, "Adapter to extension cable"));
        // What a kit consists of is what it sells; a Chinese set likewise.
        assert!(names_goods(
            &valve,
            "a repair kit consisting of a valve and seals"
        ));
        let jack = words("千斤顶");
        assert!(names_goods(&jack, "2吨卧式千斤顶套装（含千斤顶支架）"));
        assert!(!names_goods(&jack, "千斤顶支架"));
        // Three words between are not modifiers: the name is the goods'.
        assert!(names_goods(
            &valve,
            "Water timer for garden use brass valve"
        ));
    }

    #[test]
    fn statements_that_rule_out_everything_found_are_not_applied() {
        let req = ClassifyRequest {
            description: "Whiskey glass, 300 ml".into(),
            ..Default::default()
        };
        let stated = Stated::read(&req, &req.description);
        let hs = HashMap::new();

        // Only the drink was found: ruling it out would leave nothing.
        let mut only_drink = scores(&[("220830", 0.7), ("220890", 0.3)]);
        assert!(stated.apply(&mut only_drink, &hs).is_empty());
        assert_eq!(only_drink.subheadings.len(), 2);
        assert_eq!(only_drink.headings.len(), 1);

        // With the glass among them, the drink goes and the glass stays.
        let mut with_glass = scores(&[("220830", 0.6), ("701337", 0.4)]);
        assert!(!stated.apply(&mut with_glass, &hs).is_empty());
        let codes: Vec<&str> = with_glass
            .subheadings
            .iter()
            .map(|(c, _)| c.as_str())
            .collect();
        assert_eq!(codes, ["701337"]);
    }

    #[test]
    fn a_stated_mass_weighs_only_the_heading_the_goods_are_in() {
        let req = ClassifyRequest {
            description: "Portland cement, grey, 50 kg bags".into(),
            ..Default::default()
        };
        let stated = Stated::read(&req, &req.description);
        let hs: HashMap<String, String> = [
            ("842381", "Weighing machines; having a maximum weighing capacity not exceeding 30kg"),
            ("842382", "Weighing machines; having a maximum weighing capacity exceeding 30kg but not exceeding 5000kg"),
        ]
        .into_iter()
        .map(|(c, t)| (c.to_string(), t.to_string()))
        .collect();

        // Cement leads; the scales found beside it are not weighed.
        let mut cement = scores(&[("252329", 0.8), ("842381", 0.2)]);
        assert!(stated.apply(&mut cement, &hs).is_empty());
        assert_eq!(cement.subheadings.len(), 2);

        // Where the scales lead, 50 kg is a capacity above 30 kg.
        let mut scales = scores(&[("842381", 0.7), ("252329", 0.3)]);
        assert_eq!(stated.apply(&mut scales, &hs).len(), 1);
        let codes: Vec<&str> = scales.subheadings.iter().map(|(c, _)| c.as_str()).collect();
        assert!(
            codes.contains(&"842382") && !codes.contains(&"842381"),
            "{codes:?}"
        );
    }
}
