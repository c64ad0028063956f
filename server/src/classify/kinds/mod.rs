//! Goods whose name is the term of a subheading or heading.
//!
//! Some subheadings are a name: 8424.20 "spray guns and similar
//! appliances", 8542.31 "processors and controllers". The words of such
//! goods match the siblings as well (a spray gun's tank and nozzle are in
//! the agricultural sprayers of 8424.41–.49; a CPU's "DDR4", "cache" and
//! "logic" in the memories of 8542.32 and the other circuits of 8542.39),
//! so the votes agree on the heading and leave the split to chance, where
//! a broker reads the name and takes the subheading (GRI 6). The same
//! reading sets other codes aside, a heading or a subheading:
//! - a drinking cup, mug, tumbler, water bottle or drinking glass is
//!   tableware or kitchenware (3924 of plastics), not an article "for the
//!   conveyance or packing of goods" (3923), nor the drink it holds, nor
//!   one of the spoons, ladles and tongs of 8215: 儿童PC塑料水杯 had gone to
//!   the bottles of 3923.30, whiskey glasses to whisky (2208.30), a
//!   stainless steel shaker cup to 8215.99 (a vacuum-insulated one is a
//!   vacuum vessel of 9617, an article the `articles` table names);
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
//!   Note 8): it is classified as what it is part of;
//! - a tie, bow tie or cravat is 6215 (knitted, 6117), not a garment of
//!   chapters 61 and 62: 男士涤纶领结 had gone to shirts (6205.90);
//! - shorts are trousers' kin (6103.4x, 6104.6x, 6203.4x, 6204.6x), not
//!   underpants or briefs (6107.1x, 6108.2x, 6207.1x), unless underwear or
//!   nightwear is named (boxer shorts, pyjama shorts): 男式针织短裤 had gone
//!   to underpants;
//! - stickers and decals are printed matter (4911) or self-adhesive
//!   plastic film (3919), not the machines, vehicles, toys or festive
//!   articles they decorate (chapters 84, 85, 87, 95): "Anime Car Stickers"
//!   had gone to car body parts (8708.29), "Cute Stickers Reward Sticker
//!   Roll" to toys;
//! - a kit or set (a maintenance kit, a repair kit, 千斤顶套装) is not a
//!   whole vehicle (8601–8606, 8701–8705, 8711, 8712), however much the
//!   words of the vehicle it serves draw one: "a 126 pc. Auto Maintenance
//!   Kit" had gone to motor cars (8703.23);
//! - a set or kit of tools (a carving set, a tool kit, 工具套装) is not
//!   the produce it works either (chapters 1 to 24): "pumpkin carving sets"
//!   had gone to pumpkins (0709.93);
//! - spectacles and sunglasses are 9004, not the glasses for spectacles of
//!   7015 (not optically worked), which "eyeglasses" had drawn;
//! - a hand-operated appliance (manual, hand-cranked, 手摇, 手动) with no
//!   motor, battery or electric supply named is not one of the powered
//!   machines of 8418, 8438, 8509 or 8516; for food or drink and under
//!   10 kg it is 8210's "hand-operated mechanical appliance", where what
//!   was found for them goes: 手摇刨冰机 had gone to ice machines (8418.69).
//!
//! - a monitor or laptop stand, a desk riser or organiser stands on a desk,
//!   not on the floor, so it is not furniture of 9401 to 9403 (Chapter 94
//!   Note 2) but an article of its material (4421 of wood, 7326 of steel):
//!   a wooden dual-monitor riser had gone to 9403.20.
//!
//! A name the goods only serve states nothing ("nozzle for a spray gun",
//! "CPU cooler", 喷枪喷嘴): see [`names_goods`].

mod names;

use super::ruled_out::{names_goods, Reason};
use names::*;

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
    /// A set or kit of tools (not a vehicle, nor the produce it works).
    ToolSet,
    /// Spectacles or sunglasses (9004, not the glass of 7015).
    Spectacles { sun: bool },
    /// A hand-operated appliance (8210, not the powered machines).
    HandOperated,
    /// An article for a desk top (not furniture of 9401 to 9403).
    Desktop,
    /// A supplement in measured doses (not a compound of chapters 28–29).
    DosedSupplement,
}

impl NamedKind {
    /// The kind `description` names the goods as, if one of these; of two
    /// named, the first tested below.
    pub fn stated(description: &str) -> Option<Self> {
        if names_goods(&SPRAY_GUN, description) && !BLASTING.is_match(description) {
            Some(NamedKind::SprayGun)
        } else if names_goods(&PROCESSOR, description) && !NOT_A_CHIP.is_match(description) {
            Some(NamedKind::Processor)
        } else if names_goods(&DRINKWARE, description) && !VACUUM.is_match(description) {
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
        } else if HAND_OPERATED.is_match(description)
            && !POWERED.is_match(description)
            && !MANUAL_BOOK.is_match(description)
        {
            Some(NamedKind::HandOperated)
        } else if names_goods(&TOOL_SET, description) {
            Some(NamedKind::ToolSet)
        } else if names_goods(&KIT, description) {
            Some(NamedKind::Kit)
        } else if CIRCUIT_ASSEMBLY.is_match(description) {
            Some(NamedKind::CircuitAssembly)
        } else if names_goods(&MONOCULAR, description) && !BINOCULARS.is_match(description) {
            Some(NamedKind::Monocular)
        } else if names_goods(&DESKTOP, description) {
            Some(NamedKind::Desktop)
        } else if DOSES.is_match(description) && SUPPLEMENT.is_match(description) {
            Some(NamedKind::DosedSupplement)
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
            // Nor cutlery: a shaker cup is not among 8215's spoons, ladles
            // and tongs, which "kitchen" and "stainless" draw.
            NamedKind::Drinkware => &["3923", "22", "0901", "0902", "2101", "8215"],
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
            // And whole vehicles, as a kit: see `excludes`.
            NamedKind::ToolSet => PRODUCE,
            NamedKind::Spectacles { .. } => &["7015"],
            NamedKind::HandOperated => &["8418", "8438", "8509", "8516"],
            NamedKind::Desktop => &["9401", "9402", "9403"],
            NamedKind::DosedSupplement => &["28", "29"],
        }
    }

    /// Whether `code` (digits) is one the name rules out.
    pub fn excludes(self, code: &str) -> bool {
        self.excluded().iter().any(|p| code.starts_with(p))
            || (self == NamedKind::ToolSet && NamedKind::Kit.excludes(code))
    }

    /// Where what was found for a ruled-out subheading goes: the named
    /// subheading, or the one of the same vehicle, wearer or fibre; nowhere
    /// when the goods' material or what they are part of decides (a tape
    /// between 3919, 4823 and 5906; a drink ruled out for a glass).
    pub fn sibling(self, code: &str) -> Option<String> {
        if code.len() != 6 || !self.excludes(code) {
            return None;
        }
        let to = match self {
            NamedKind::SprayGun => "842420",
            NamedKind::Processor => "854231",
            NamedKind::Drinkware if code.starts_with("3923") => "392410",
            NamedKind::Drinkware
            | NamedKind::Tape
            | NamedKind::CircuitAssembly
            | NamedKind::Tie
            | NamedKind::Sticker
            | NamedKind::Kit
            | NamedKind::ToolSet
            | NamedKind::Desktop
            | NamedKind::DosedSupplement => return None,
            NamedKind::Spectacles { sun: true } => "900410",
            NamedKind::Spectacles { sun: false } => "900490",
            NamedKind::HandOperated => "821000",
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
        match self {
            NamedKind::SprayGun => Reason::new(
                "a spray gun",
                "the other appliances of 8424 (fire extinguishers, blasting machines, sprayers)",
                &["Rule 6"],
                &["842420", "842449"],
            ),
            NamedKind::Processor => Reason::new(
                "a processor or controller",
                "memories, amplifiers and other integrated circuits (8542.32 to 8542.39)",
                &["Rule 6"],
                &["854231", "854239"],
            ),
            NamedKind::Drinkware => Reason::new(
                "a drinking cup, glass, mug or bottle (tableware)",
                "articles for the conveyance or packing of goods (3923), the beverages it holds (chapter 22, coffee and tea), and spoons, ladles and other kitchen or tableware of 8215",
                &["Rule 1"],
                &["3923", "3924", "8215"],
            ),
            NamedKind::Tape => Reason::new(
                "an adhesive tape",
                "glues and adhesives (3506)",
                &["Rule 1"],
                &["3506", "3919"],
            ),
            NamedKind::Retreaded => Reason::new(
                "a retreaded tyre",
                "new pneumatic tyres (4011)",
                &["Rule 1"],
                &["4011", "4012"],
            ),
            NamedKind::Monocular => Reason::new(
                "a monocular or telescope",
                "binoculars (9005.10)",
                &["Rule 6"],
                &["900510", "900580"],
            ),
            NamedKind::PrinterCartridge => Reason::new(
                "a printer's ink or toner cartridge",
                "inks (3215) and toner preparations (3707): the cartridge is a part of the printer",
                &["Rule 1"],
                &["3215", "844399"],
            ),
            NamedKind::CircuitAssembly => Reason::new(
                "a printed circuit assembly (components mounted on the board)",
                "printed circuits (8534), which do not cover circuits combined with other elements",
                &["Chapter 85 Note 8"],
                &["8534"],
            ),
            NamedKind::Tie => Reason::new(
                "a tie, bow tie or cravat",
                "the garments and other accessories of chapters 61 and 62 (ties are 6215, knitted 6117)",
                &["Rule 1"],
                &["6215", "6117"],
            ),
            NamedKind::Sticker => Reason::new(
                "stickers or decals",
                "the machines, vehicles, toys and festive articles they decorate (chapters 84, 85, 87, 95)",
                &["Rule 1"],
                &["4911", "3919"],
            ),
            NamedKind::Kit => Reason::new(
                "a kit or set",
                "whole vehicles (8601–8606, 8701–8705, 8711, 8712), which a kit for one is not",
                &["Rule 1"],
                &["8703", "8206"],
            ),
            NamedKind::ToolSet => Reason::new(
                "a set or kit of tools",
                "whole vehicles (8601–8606, 8701–8705, 8711, 8712) and the animals, plants and foodstuffs of chapters 1 to 24 that the tools work: pumpkin carving tools are not pumpkins",
                &["Rule 1"],
                &["8206", "8215"],
            ),
            NamedKind::Spectacles { .. } => Reason::new(
                "spectacles or sunglasses",
                "glasses for spectacles not optically worked (7015): the spectacles are 9004",
                &["Rule 1"],
                &["7015", "9004"],
            ),
            NamedKind::HandOperated => Reason::new(
                "a hand-operated appliance",
                "refrigerating, food-processing, electro-mechanical and electro-thermic machines (8418, 8438, 8509, 8516)",
                &["Rule 1"],
                &["8210", "8509"],
            ),
            NamedKind::DosedSupplement => Reason::new(
                "a supplement in tablets, capsules or gummies",
                "the separate chemically defined compounds of chapters 28 and 29: a vitamin or mineral mixed with excipients and put up in doses is a preparation (a food preparation of 2106 or a medicament of 3004)",
                &["Chapter 29 Note 1", "Rule 1"],
                &["2106", "3004"],
            ),
            NamedKind::Desktop => Reason::new(
                "an article for a desk top (a monitor or laptop stand, a desk organiser)",
                "the furniture of 9401 to 9403, which covers only articles designed for placing on the floor: the stand is an article of its material",
                &["Chapter 94 Note 2"],
                &["9403"],
            ),
            NamedKind::Shorts => Reason::new(
                "shorts (not underwear)",
                "underpants, briefs and panties (6107.1x, 6108.2x, 6207.1x)",
                &["Rule 6"],
                &["610343", "610712"],
            ),
        }
    }
}

#[cfg(test)]
mod tests;
