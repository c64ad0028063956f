//! Goods whose name is the term of a subheading or heading.
//!
//! Some subheadings are a name: 8424.20 "spray guns and similar
//! appliances", 8542.31 "processors and controllers". The words of such
//! goods match the siblings as well (a spray gun's tank and nozzle are in
//! the agricultural sprayers of 8424.41–.49; a CPU's "DDR4", "cache" and
//! "logic" in the memories of 8542.32 and the other circuits of 8542.39),
//! so the votes agree on the heading and leave the split to chance, where
//! a broker reads the name and takes the subheading (GRI 6). The same
//! reading sets a heading aside:
//! - a drinking cup, mug, tumbler or water bottle is tableware or
//!   kitchenware (3924), not an article "for the conveyance or packing of
//!   goods" (3923), nor the drink it holds (whiskey glasses had gone to
//!   whisky, 2208.30): 儿童PC塑料水杯 had gone to the bottles of 3923.30;
//! - an adhesive tape is a strip (3919 of plastics, 4823 of paper, 5906
//!   of rubberised textile), never the glue of 3506, which covers glues
//!   and adhesives "put up for retail sale as glues or adhesives";
//! - a retreaded tyre is not a "new pneumatic tyre" (4011) but of 4012,
//!   whose subheadings follow 4011's vehicles (motor cars 4012.11, buses
//!   or lorries .12, aircraft .13, other .19);
//! - a monocular or a telescope is not "binoculars" (9005.10) but one of
//!   the "other instruments" of 9005.80;
//! - a printer's ink or toner cartridge, which carries a chip, a print
//!   head or a mechanism, is a part of the printer (8443.99) in US and
//!   Chinese practice, not the ink (3215) or toner (3707) it holds; a
//!   pen's ink cartridge is ink put up for the pen, and bottled ink stays
//!   ink;
//! - a printed circuit assembly, its components mounted, is not a printed
//!   circuit of 8534, which "does not cover circuits combined with elements
//!   other than those obtained during the printing process" (Chapter 85
//!   Note 8): it is classified as what it is part of.
//!
//! - a tie, bow tie or cravat is 6215 (knitted, 6117), not a garment of
//!   chapters 61 and 62: 男士涤纶领结 had gone to shirts (6205.90);
//! - shorts are trousers' kin (6103.4x, 6104.6x, 6203.4x, 6204.6x), not
//!   underpants or briefs (6107.1x, 6108.2x, 6207.1x), unless underwear or
//!   nightwear is named (boxer shorts, pyjama shorts): 男式针织短裤 had gone
//!   to underpants.
//!
//! - stickers and decals are printed matter (4911) or self-adhesive
//!   plastic film (3919), not the machines, vehicles, toys or festive
//!   articles they decorate (chapters 84, 85, 87, 95): "Anime Car Stickers"
//!   had gone to car body parts (8708.29), "Cute Stickers Reward Sticker
//!   Roll" to toys.
//!
//! - a kit or set (a maintenance kit, a repair kit, 千斤顶套装) is not a
//!   whole vehicle (8601–8606, 8701–8705, 8711, 8712), however much the
//!   words of the vehicle it serves draw one: "a 126 pc. Auto Maintenance
//!   Kit" had gone to motor cars (8703.23);
//! - spectacles and sunglasses are 9004, not the glasses for spectacles of
//!   7015 (not optically worked), which "eyeglasses" had drawn.
//!
//! A name the goods only serve states nothing ("nozzle for a spray gun",
//! "CPU cooler", 喷枪喷嘴): see [`names_goods`].

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::{names_goods, words, Reason};

/// A kind of goods that a subheading or heading names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKind {
    /// A spray gun or airbrush (8424.20).
    SprayGun,
    /// A processor or controller, an integrated circuit (8542.31).
    Processor,
    /// A drinking vessel (3924, not 3923).
    Drinkware,
    /// An adhesive tape (not 3506).
    Tape,
    /// A retreaded tyre (4012.1x, not 4011).
    Retreaded,
    /// A monocular or telescope (9005.80, not binoculars).
    Monocular,
    /// A printer's ink or toner cartridge (8443.99, not the ink).
    PrinterCartridge,
    /// A printed circuit assembly (not the bare printed circuits of 8534).
    CircuitAssembly,
    /// A tie, bow tie or cravat (6215; 6117 knitted).
    Tie,
    /// Shorts, not underwear (6103.4x, 6104.6x, 6203.4x, 6204.6x).
    Shorts,
    /// Stickers or decals (4911 of paper, 3919 of plastics).
    Sticker,
    /// A kit or set (not a vehicle).
    Kit,
    /// Spectacles or sunglasses (9004, not the glass of 7015).
    Spectacles { sun: bool },
}

static SPRAY_GUN: LazyLock<Regex> = LazyLock::new(|| {
    words(r"\b(?:spray ?guns?|paint sprayers?|air ?brush(?:es)?|hvlp guns?)\b|喷枪|喷笔")
});

/// A spray gun of a high-pressure cleaner or a sand blaster is of those
/// machines (8424.30): the name then decides nothing.
static BLASTING: LazyLock<Regex> =
    LazyLock::new(|| words(r"\b(?:sand ?blast\w*|pressure washers?|steam)\b|喷砂|高压清洗"));

static PROCESSOR: LazyLock<Regex> = LazyLock::new(|| {
    words(r"\b(?:cpus?|(?:micro)?processors?|microcontrollers?)\b|处理器|单片机|微控制器")
});

/// What a processor's name is part of without the goods being one.
static NOT_A_CHIP: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:cpu|processor)\s+(?:coolers?|fans?|heat ?sinks?|sockets?|holders?|brackets?|",
        r"thermal|paste|grease|cooling|water blocks?)\b|\b(?:food|bale|meat|kitchen|vegetable) processors?\b",
        r"|\bheat ?sinks?\b|\bthermal (?:pads?|paste|grease)\b|\bcoolers?\b",
        r"|散热|风扇|硅脂",
    ))
});

static DRINKWARE: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:(?:drinking|coffee|tea|sippy|water|travel|beer|wine) cups?|mugs?|tumblers?|",
        r"(?:water|drinking|sports?|shaker) bottles?|",
        r"(?:whiske?y|scotch|wine|beer|shot|drinking|cocktail|champagne|highball|rocks) glass(?:es)?)\b",
        r"|水杯|杯子|保温杯|吸管杯|马克杯|运动水壶|酒杯|玻璃杯",
    ))
});

static TAPE: LazyLock<Regex> = LazyLock::new(|| {
    words(
        r"\b(?:adhesive|sticky|masking|duct|insulating|electrical|double[- ]sided) tapes?\b|胶带|胶粘带|胶布",
    )
});

static MONOCULAR: LazyLock<Regex> = LazyLock::new(|| words(r"\b(?:monoculars?|telescopes?)\b"));

/// In Chinese the kind comes first and the name after (单筒望远镜, 单目夜视仪),
/// which [`names_goods`] would read as more of a name.
static MONOCULAR_ZH: LazyLock<Regex> =
    LazyLock::new(|| words(r"单筒望远镜|单筒夜视|单目夜视|天文望远镜"));

static BINOCULARS: LazyLock<Regex> = LazyLock::new(|| words(r"\bbinoculars?\b|双筒|双目"));

static PRINTER_CARTRIDGE: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:ink|toner|inkjet|ink-jet|printer|print)\s+(?:\w+\s+)?cartridges?\b",
        r"|\bcartridges?\b[^.;]{0,40}\b(?:printers?|copiers?|plotters?)\b|墨盒|硒鼓|粉盒",
    ))
});

/// A pen's ink cartridge is ink put up for the pen (3215).
static PEN: LazyLock<Regex> = LazyLock::new(|| words(r"\b(?:fountain )?pens?\b|钢笔"));

static CIRCUIT_ASSEMBLY: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:pcba|(?:printed )?circuit boards? assembl(?:y|ies)|printed circuit assembl(?:y|ies)|",
        r"assembled (?:pcbs?|circuit boards?)|populated (?:pcbs?|circuit boards?))\b|电路板组件|线路板组件",
    ))
});

static TIE: LazyLock<Regex> =
    LazyLock::new(|| words(r"\b(?:neck ?ties?|bow ?ties?|cravats?)\b|领带|领结"));

static SHORTS: LazyLock<Regex> = LazyLock::new(|| words(r"\bshorts\b|短裤"));

/// Words of underwear and nightwear, whose briefs and pyjama shorts are
/// theirs.
static UNDERWEAR: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:underwear|underpants|briefs|boxers?|panties|knickers|lingerie|",
        r"pa?jamas?|pyjamas?|sleep\w*|nightwear|loungewear)\b|内裤|内衣|平角裤|三角裤|睡",
    ))
});

static STICKER: LazyLock<Regex> = LazyLock::new(|| words(r"\b(?:stickers?|decals?)\b|贴纸|贴画"));

/// What a sticker's name is part of without the goods being stickers.
static NOT_STICKERS: LazyLock<Regex> = LazyLock::new(|| {
    words(
        r"\b(?:stickers?|decals?)\s+(?:books?|albums?|printers?|machines?|makers?|remov\w*|paper|cutters?)\b|贴纸本|贴纸书",
    )
});

static KIT: LazyLock<Regex> = LazyLock::new(|| {
    words(r"\b(?:(?:tool|repair|maintenance) )?kits?\b|\btool ?sets?\b|套装|工具包|工具箱")
});

static SPECTACLES: LazyLock<Regex> = LazyLock::new(|| {
    // "A pair of" is part of the name, not what the goods serve.
    words(
        r"\b(?:pairs? of )?(?:eye ?glasses|spectacles|sunglasses|sun glasses|reading glasses)\b|眼镜",
    )
});

/// Parts and accessories named after the spectacles they serve.
static NOT_SPECTACLES: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:eye ?glasses|spectacles|sunglasses|glasses)\s+(?:nasal|nose|frames?|cases?|chains?|",
        r"cords?|straps?|holders?|lens(?:es)?|cloths?|screws?|repair|hinges?|temples?|boxes?)\b",
        r"|镜框|镜架|眼镜盒|眼镜布|眼镜链|鼻托",
    ))
});

static SUN: LazyLock<Regex> = LazyLock::new(|| words(r"\bsun ?glasses\b|太阳镜|墨镜"));

/// Headings of whole vehicles: railway (8601–8606), motor (8701–8705),
/// motorcycles (8711) and cycles (8712).
const VEHICLES: &[&str] = &[
    "8601", "8602", "8603", "8604", "8605", "8606", "8701", "8702", "8703", "8704", "8705", "8711",
    "8712",
];

static RETREADED: LazyLock<Regex> =
    LazyLock::new(|| words(r"\bretread(?:ed|s)?\b|翻新轮胎|翻新\S{0,6}轮胎"));

impl NamedKind {
    /// The kind `description` names the goods as, if one of these.
    pub fn stated(description: &str) -> Option<Self> {
        if names_goods(&SPRAY_GUN, description) && !BLASTING.is_match(description) {
            Some(NamedKind::SprayGun)
        } else if names_goods(&PROCESSOR, description) && !NOT_A_CHIP.is_match(description) {
            Some(NamedKind::Processor)
        } else if names_goods(&DRINKWARE, description) {
            Some(NamedKind::Drinkware)
        } else if names_goods(&TAPE, description) {
            Some(NamedKind::Tape)
        } else if RETREADED.is_match(description) {
            Some(NamedKind::Retreaded)
        } else if names_goods(&PRINTER_CARTRIDGE, description) && !PEN.is_match(description) {
            Some(NamedKind::PrinterCartridge)
        } else if names_goods(&TIE, description) {
            Some(NamedKind::Tie)
        } else if names_goods(&SHORTS, description) && !UNDERWEAR.is_match(description) {
            Some(NamedKind::Shorts)
        } else if names_goods(&STICKER, description) && !NOT_STICKERS.is_match(description) {
            Some(NamedKind::Sticker)
        } else if names_goods(&SPECTACLES, description) && !NOT_SPECTACLES.is_match(description) {
            Some(NamedKind::Spectacles {
                sun: SUN.is_match(description),
            })
        } else if names_goods(&KIT, description) {
            Some(NamedKind::Kit)
        } else if CIRCUIT_ASSEMBLY.is_match(description) {
            Some(NamedKind::CircuitAssembly)
        } else if (names_goods(&MONOCULAR, description) || MONOCULAR_ZH.is_match(description))
            && !BINOCULARS.is_match(description)
        {
            Some(NamedKind::Monocular)
        } else {
            None
        }
    }

    /// The codes (prefixes of digits) the name rules out.
    fn excluded(self) -> &'static [&'static str] {
        match self {
            // Not parts (8424.90): a spray gun may be sold as one.
            NamedKind::SprayGun => &["842410", "842430", "842441", "842449", "842482", "842489"],
            NamedKind::Processor => &["854232", "854233", "854239"],
            // Nor the drink: whiskey glasses are not whisky, coffee mugs
            // not coffee.
            NamedKind::Drinkware => &["3923", "22", "0901", "0902", "2101"],
            NamedKind::Tape => &["3506"],
            NamedKind::Retreaded => &["4011"],
            NamedKind::Monocular => &["900510"],
            NamedKind::PrinterCartridge => &["3215", "3707"],
            NamedKind::CircuitAssembly => &["8534"],
            NamedKind::Tie => &[
                "6101", "6102", "6103", "6104", "6105", "6106", "6107", "6108", "6109", "6110",
                "6111", "6112", "6113", "6114", "6115", "6116", "6201", "6202", "6203", "6204",
                "6205", "6206", "6207", "6208", "6209", "6210", "6211", "6212", "6213", "6214",
                "6216", "6217",
            ],
            NamedKind::Shorts => &[
                "610711", "610712", "610719", "610821", "610822", "610829", "620711", "620719",
            ],
            NamedKind::Sticker => &["84", "85", "87", "95"],
            NamedKind::Kit => VEHICLES,
            NamedKind::Spectacles { .. } => &["7015"],
        }
    }

    /// Whether `code` (digits) is one the name rules out.
    pub fn excludes(self, code: &str) -> bool {
        self.excluded().iter().any(|p| code.starts_with(p))
    }

    /// Where what was found for a ruled-out subheading goes: the named
    /// subheading; for a tape, nowhere (its material decides between 3919,
    /// 4823 and 5906).
    pub fn sibling(self, code: &str) -> Option<String> {
        if code.len() != 6 || !self.excludes(code) {
            return None;
        }
        if self == NamedKind::Drinkware && !code.starts_with("3923") {
            return None;
        }
        let to = match self {
            NamedKind::SprayGun => "842420",
            NamedKind::Processor => "854231",
            NamedKind::Drinkware => "392410",
            NamedKind::Tape
            | NamedKind::CircuitAssembly
            | NamedKind::Tie
            | NamedKind::Sticker
            | NamedKind::Kit => return None,
            NamedKind::Spectacles { sun: true } => "900410",
            NamedKind::Spectacles { sun: false } => "900490",
            // The same wearer and fibre among trousers and shorts.
            NamedKind::Shorts => match code {
                "610711" => "610342",
                "610712" => "610343",
                "610719" => "610349",
                "610821" => "610462",
                "610822" => "610463",
                "610829" => "610469",
                "620711" => "620342",
                _ => "620349",
            },
            NamedKind::Retreaded => match code {
                "401110" => "401211",
                "401120" => "401212",
                "401130" => "401213",
                _ => "401219",
            },
            NamedKind::Monocular => "900580",
            NamedKind::PrinterCartridge => "844399",
        };
        Some(to.to_string())
    }

    /// What it states and rules out, and by which terms.
    pub fn reason(self) -> Reason {
        let (stated, excluded, notes, terms): (
            &str,
            &str,
            &'static [&'static str],
            &'static [&'static str],
        ) = match self {
            NamedKind::SprayGun => (
                "a spray gun",
                "the other appliances of 8424 (fire extinguishers, blasting machines, sprayers)",
                &["Rule 6"],
                &["842420", "842449"],
            ),
            NamedKind::Processor => (
                "a processor or controller",
                "memories, amplifiers and other integrated circuits (8542.32 to 8542.39)",
                &["Rule 6"],
                &["854231", "854239"],
            ),
            NamedKind::Drinkware => (
                "a drinking cup, glass, mug or bottle (tableware)",
                "articles for the conveyance or packing of goods (3923), and the beverages it holds (chapter 22, coffee and tea)",
                &["Rule 1"],
                &["3923", "3924"],
            ),
            NamedKind::Tape => (
                "an adhesive tape",
                "glues and adhesives (3506)",
                &["Rule 1"],
                &["3506", "3919"],
            ),
            NamedKind::Retreaded => (
                "a retreaded tyre",
                "new pneumatic tyres (4011)",
                &["Rule 1"],
                &["4011", "4012"],
            ),
            NamedKind::Monocular => (
                "a monocular or telescope",
                "binoculars (9005.10)",
                &["Rule 6"],
                &["900510", "900580"],
            ),
            NamedKind::PrinterCartridge => (
                "a printer's ink or toner cartridge",
                "inks (3215) and toner preparations (3707): the cartridge is a part of the printer",
                &["Rule 1"],
                &["3215", "844399"],
            ),
            NamedKind::CircuitAssembly => (
                "a printed circuit assembly (components mounted on the board)",
                "printed circuits (8534), which do not cover circuits combined with other elements",
                &["Chapter 85 Note 8"],
                &["8534"],
            ),
            NamedKind::Tie => (
                "a tie, bow tie or cravat",
                "the garments and other accessories of chapters 61 and 62 (ties are 6215, knitted 6117)",
                &["Rule 1"],
                &["6215", "6117"],
            ),
            NamedKind::Sticker => (
                "stickers or decals",
                "the machines, vehicles, toys and festive articles they decorate (chapters 84, 85, 87, 95)",
                &["Rule 1"],
                &["4911", "3919"],
            ),
            NamedKind::Kit => (
                "a kit or set",
                "whole vehicles (8601–8606, 8701–8705, 8711, 8712), which a kit for one is not",
                &["Rule 1"],
                &["8703", "8206"],
            ),
            NamedKind::Spectacles { .. } => (
                "spectacles or sunglasses",
                "glasses for spectacles not optically worked (7015): the spectacles are 9004",
                &["Rule 1"],
                &["7015", "9004"],
            ),
            NamedKind::Shorts => (
                "shorts (not underwear)",
                "underpants, briefs and panties (6107.1x, 6108.2x, 6207.1x)",
                &["Rule 6"],
                &["610343", "610712"],
            ),
        };
        Reason {
            stated: stated.into(),
            excluded: excluded.into(),
            notes,
            terms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use NamedKind::*;

    #[test]
    fn the_kind_named() {
        let s = NamedKind::stated;
        assert_eq!(
            s("SPRAY GUN with adapter 400cc Mix tank 1.3/1.8mm nozzle"),
            Some(SprayGun)
        );
        assert_eq!(s("HVLP气动喷枪 1.3mm口径 400cc重力壶"), Some(SprayGun));
        assert_eq!(s("Nozzle set for spray gun, 1.4 mm"), None);
        assert_eq!(s("喷枪喷嘴 1.4mm"), None);
        assert_eq!(s("Sandblasting spray gun with hose"), None);
        assert_eq!(
            s("AMD Ryzen 7 5700X 3.4GHz 8-Core Processor 65W DDR4 Socket AM4"),
            Some(Processor)
        );
        assert_eq!(s("AMD Ryzen 7 5700X CPU 散片 AM4"), Some(Processor));
        assert_eq!(s("Computer CPU Chip Heat Sink Cooling Pads"), None);
        assert_eq!(s("CPU cooler 4 heat pipes"), None);
        assert_eq!(s("Food processor 1.5 L, 600 W"), None);
        assert_eq!(s("儿童PC塑料水杯 500ml 防漏"), Some(Drinkware));
        assert_eq!(s("Stainless Steel Coffee Mug 350ml"), Some(Drinkware));
        assert_eq!(s("Car cup holder, suction cup"), None);
        assert_eq!(s("压敏胶粘带，塑料基材"), Some(Tape));
        assert_eq!(s("PVC electrical tape 19mm"), Some(Tape));
        assert_eq!(s("Super glue 3 g tube"), None);
        assert_eq!(s("翻新工程机械轮胎（OTR）"), Some(Retreaded));
        assert_eq!(
            s("retreaded Off the Road (OTR) or earthmoving tires"),
            Some(Retreaded)
        );
        assert_eq!(s("New radial tyre 205/55 R16"), None);
        assert_eq!(s("night vision monoculars"), Some(Monocular));
        assert_eq!(s("夜视单筒望远镜（单目夜视仪）"), Some(Monocular));
        assert_eq!(s("Binoculars 10x42 with monocular mode"), None);
        assert_eq!(s("Eyepiece for telescope, 25 mm"), None);
        assert_eq!(
            s("Eco-Sol Max ink cartridges designed for use with Roland DGA inkjet printers"),
            Some(PrinterCartridge)
        );
        assert_eq!(
            s("Toner Pearls cartridges for an Oce Colorware 600 inkjet printer"),
            Some(PrinterCartridge)
        );
        assert_eq!(s("HP 803 墨盒 黑色"), Some(PrinterCartridge));
        assert_eq!(s("Fountain pen ink cartridges, 30 pcs"), None);
        assert_eq!(s("Refill ink for printer cartridges, 100 ml"), None);
        assert_eq!(
            s("flexible printed circuit board assemblies designed for door switches"),
            Some(CircuitAssembly)
        );
        assert_eq!(s("Double-sided FR4 PCB, bare board, 10 pcs"), None);
        assert_eq!(
            s("Whiskey Glasses, Old Fashioned, set of 4"),
            Some(Drinkware)
        );
        assert_eq!(s("Anti Slip Eyeglasses Nose Pads"), None);
        assert_eq!(s("男士涤纶领结 梭织 165796"), Some(Tie));
        assert_eq!(s("Bow Ties for Men, Wedding, Necktie"), Some(Tie));
        assert_eq!(s("Tie-dye T-shirt, cotton"), None);
        assert_eq!(s("Shirt with tie clip"), None);
        assert_eq!(s("男式针织短裤 涤50%棉50%"), Some(Shorts));
        assert_eq!(s("Boxer shorts, cotton, 3 pack"), None);
        assert_eq!(s("Women's pajama shorts set"), None);
        assert_eq!(s("Panties Underwear for Women Comfortable Shorts"), None);
        assert_eq!(
            s("Anime Car Stickers Cool Decals Personality Car Styling"),
            Some(Sticker)
        );
        assert_eq!(s("500PCS Cute Stickers Reward Sticker Roll"), Some(Sticker));
        assert_eq!(s("Sticker book for kids, 12 scenes"), None);
        assert_eq!(s("Sticker remover spray 450 ml"), None);
        assert_eq!(s("a 126 pc. Auto Maintenance Kit"), Some(Kit));
        assert_eq!(
            s("2吨卧式千斤顶套装（含千斤顶支架、轮挡、收纳袋）"),
            Some(Kit)
        );
        assert_eq!(s("Electric scooter for kids with tool kit"), None);
        assert_eq!(
            s("a pair of eyeglasses suitable for use while gaming, with nonprescription lenses"),
            Some(Spectacles { sun: false })
        );
        assert_eq!(
            s("Polarized Sunglasses for men, UV400"),
            Some(Spectacles { sun: true })
        );
        assert_eq!(s("Lens cloth for eyeglasses"), None);
    }

    #[test]
    fn the_named_subheading_takes_what_its_siblings_were_found() {
        assert!(SprayGun.excludes("842449") && !SprayGun.excludes("842490"));
        assert_eq!(SprayGun.sibling("842441").as_deref(), Some("842420"));
        assert_eq!(Processor.sibling("854239").as_deref(), Some("854231"));
        assert!(Drinkware.excludes("3923") && Drinkware.excludes("392330"));
        assert_eq!(Drinkware.sibling("392330").as_deref(), Some("392410"));
        assert!(Tape.excludes("350691") && Tape.sibling("350691").is_none());
        assert_eq!(Retreaded.sibling("401180").as_deref(), Some("401219"));
        assert_eq!(Retreaded.sibling("401120").as_deref(), Some("401212"));
        assert!(!Retreaded.excludes("401219"));
        assert_eq!(Monocular.sibling("900510").as_deref(), Some("900580"));
        assert_eq!(
            PrinterCartridge.sibling("321590").as_deref(),
            Some("844399")
        );
        assert!(PrinterCartridge.excludes("3707") && !PrinterCartridge.excludes("844399"));
        assert!(CircuitAssembly.excludes("853400") && CircuitAssembly.sibling("853400").is_none());
        assert!(Drinkware.excludes("220830") && Drinkware.sibling("220830").is_none());
        assert!(Tie.excludes("620590") && !Tie.excludes("621520") && !Tie.excludes("611780"));
        assert_eq!(Shorts.sibling("610712").as_deref(), Some("610343"));
        assert!(!Shorts.excludes("610343"));
        assert!(
            Sticker.excludes("870829") && Sticker.excludes("950300") && !Sticker.excludes("491199")
        );
        assert!(Kit.excludes("870323") && Kit.excludes("8604") && !Kit.excludes("870899"));
        let glasses = Spectacles { sun: false };
        assert_eq!(glasses.sibling("701590").as_deref(), Some("900490"));
        assert_eq!(
            Spectacles { sun: true }.sibling("701510").as_deref(),
            Some("900410")
        );
    }
}
