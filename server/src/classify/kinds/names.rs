//! The words naming each kind of goods, and the words that show a name
//! is only part of another (a CPU cooler, a sticker book, nose pads for
//! eyeglasses).

use std::sync::LazyLock;

use regex::Regex;

use super::super::ruled_out::words;

pub(super) static SPRAY_GUN: LazyLock<Regex> = LazyLock::new(|| {
    words(r"\b(?:spray ?guns?|paint sprayers?|air ?brush(?:es)?|hvlp guns?)\b|喷枪|喷笔")
});

/// A spray gun of a high-pressure cleaner or a sand blaster is of those
/// machines (8424.30): the name then decides nothing.
pub(super) static BLASTING: LazyLock<Regex> =
    LazyLock::new(|| words(r"\b(?:sand ?blast\w*|pressure washers?|steam)\b|喷砂|高压清洗"));

pub(super) static PROCESSOR: LazyLock<Regex> = LazyLock::new(|| {
    words(r"\b(?:cpus?|(?:micro)?processors?|microcontrollers?)\b|处理器|单片机|微控制器")
});

/// What a processor's name is part of without the goods being one.
pub(super) static NOT_A_CHIP: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:cpu|processor)\s+(?:coolers?|fans?|heat ?sinks?|sockets?|holders?|brackets?|",
        r"thermal|paste|grease|cooling|water blocks?)\b|\b(?:food|bale|meat|kitchen|vegetable) processors?\b",
        r"|\bheat ?sinks?\b|\bthermal (?:pads?|paste|grease)\b|\bcoolers?\b",
        r"|散热|风扇|硅脂",
    ))
});

pub(super) static DRINKWARE: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:(?:drinking|coffee|tea|sippy|water|travel|beer|wine) cups?|mugs?|tumblers?|",
        r"(?:water|drinking|sports?|shaker) bottles?|",
        r"(?:whiske?y|scotch|wine|beer|shot|drinking|cocktail|champagne|highball|rocks) glass(?:es)?)\b",
        r"|水杯|杯子|吸管杯|马克杯|运动水壶|酒杯|玻璃杯",
    ))
});

pub(super) static TAPE: LazyLock<Regex> = LazyLock::new(|| {
    words(
        r"\b(?:adhesive|sticky|masking|duct|insulating|electrical|double[- ]sided) tapes?\b|胶带|胶粘带|胶布",
    )
});

/// The Chinese names are whole, their head noun last (单筒望远镜, not 单筒):
/// `names_goods` reads what follows a Chinese name as more of it.
pub(super) static MONOCULAR: LazyLock<Regex> = LazyLock::new(|| {
    words(r"\b(?:monoculars?|telescopes?)\b|单筒望远镜|单筒夜视仪|单目夜视仪|天文望远镜")
});

pub(super) static BINOCULARS: LazyLock<Regex> =
    LazyLock::new(|| words(r"\bbinoculars?\b|双筒|双目"));

pub(super) static PRINTER_CARTRIDGE: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:ink|toner|inkjet|ink-jet|printer|print)\s+(?:\w+\s+)?cartridges?\b",
        r"|\bcartridges?\b[^.;]{0,40}\b(?:printers?|copiers?|plotters?)\b|墨盒|硒鼓|粉盒",
    ))
});

/// A pen's ink cartridge is ink put up for the pen (3215).
pub(super) static PEN: LazyLock<Regex> = LazyLock::new(|| words(r"\b(?:fountain )?pens?\b|钢笔"));

pub(super) static CIRCUIT_ASSEMBLY: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:pcba|(?:printed )?circuit boards? assembl(?:y|ies)|printed circuit assembl(?:y|ies)|",
        r"assembled (?:pcbs?|circuit boards?)|populated (?:pcbs?|circuit boards?))\b|电路板组件|线路板组件",
    ))
});

pub(super) static TIE: LazyLock<Regex> =
    LazyLock::new(|| words(r"\b(?:neck ?ties?|bow ?ties?|cravats?)\b|领带|领结"));

pub(super) static SHORTS: LazyLock<Regex> = LazyLock::new(|| words(r"\bshorts\b|短裤"));

/// Words of underwear and nightwear, whose briefs and pyjama shorts are
/// theirs.
pub(super) static UNDERWEAR: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:underwear|underpants|briefs|boxers?|panties|knickers|lingerie|",
        r"pa?jamas?|pyjamas?|sleep\w*|nightwear|loungewear)\b|内裤|内衣|平角裤|三角裤|睡",
    ))
});

pub(super) static STICKER: LazyLock<Regex> =
    LazyLock::new(|| words(r"\b(?:stickers?|decals?)\b|贴纸|贴画"));

/// What a sticker's name is part of without the goods being stickers.
pub(super) static NOT_STICKERS: LazyLock<Regex> = LazyLock::new(|| {
    words(
        r"\b(?:stickers?|decals?)\s+(?:books?|albums?|printers?|machines?|makers?|remov\w*|paper|cutters?)\b|贴纸本|贴纸书",
    )
});

pub(super) static KIT: LazyLock<Regex> = LazyLock::new(|| {
    words(r"\b(?:(?:tool|repair|maintenance) )?kits?\b|\btool ?sets?\b|套装|工具包|工具箱")
});

/// A vacuum vessel is of 9617, not tableware (see the articles).
pub(super) static VACUUM: LazyLock<Regex> =
    LazyLock::new(|| words(r"\b(?:vacuum|thermos)\b|保温|真空"));

pub(super) static SPECTACLES: LazyLock<Regex> = LazyLock::new(|| {
    // "A pair of" is part of the name, not what the goods serve.
    words(
        r"\b(?:pairs? of )?(?:eye ?glasses|spectacles|sunglasses|sun glasses|reading glasses)\b|眼镜|老花镜|太阳镜|墨镜|近视镜",
    )
});

/// Parts and accessories named after the spectacles they serve.
pub(super) static NOT_SPECTACLES: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:eye ?glasses|spectacles|sunglasses|glasses)\s+(?:nasal|nose|frames?|cases?|chains?|",
        r"cords?|straps?|holders?|lens(?:es)?|cloths?|screws?|repair|hinges?|temples?|boxes?)\b",
        r"|镜框|镜架|眼镜盒|眼镜布|眼镜链|鼻托",
    ))
});

pub(super) static SUN: LazyLock<Regex> = LazyLock::new(|| words(r"\bsun ?glasses\b|太阳镜|墨镜"));

/// Headings of whole vehicles: railway (8601–8606), motor (8701–8705),
/// motorcycles (8711) and cycles (8712).
pub(super) const VEHICLES: &[&str] = &[
    "8601", "8602", "8603", "8604", "8605", "8606", "8701", "8702", "8703", "8704", "8705", "8711",
    "8712",
];

pub(super) static RETREADED: LazyLock<Regex> =
    LazyLock::new(|| words(r"\bretread(?:ed|s)?\b|翻新轮胎|翻新\S{0,6}轮胎"));

pub(super) static HAND_OPERATED: LazyLock<Regex> = LazyLock::new(|| {
    words(r"\bmanual(?:ly)?\b|\bhand[- ]?(?:operated|crank(?:ed)?|powered)\b|手摇|手动|手压")
});

/// "Manual" as the book that comes with the goods, not the way they work.
pub(super) static MANUAL_BOOK: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:user|users|instruction|instructions|owner'?s?|english|operating|service|repair) manuals?\b",
        r"|\bmanuals? (?:included|in english|book)\b|\bwith (?:an? |the )?manuals?\b|说明书",
    ))
});

/// A motor, battery or electric supply: the appliance is powered.
pub(super) static POWERED: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\belectric\w*|\bmotori[sz]ed\b|\bmotors?\b|\bbatter(?:y|ies)\b|\brechargeable\b|",
        r"\busb\b|\bcordless\b|\b\d+\s?w\b|电动|充电|电池|插电",
    ))
});

/// Articles standing on a desk rather than on the floor.
pub(super) static DESKTOP: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:monitor (?:stands?|risers?)|laptop stands?|desk(?:top)? (?:organi[sz]ers?|risers?))\b",
        r"|显示器增高架|显示器支架|笔记本支架|桌面收纳",
    ))
});

pub(super) static TOOL_SET: LazyLock<Regex> = LazyLock::new(|| {
    words(
        r"\b(?:carving|tool|repair|maintenance) (?:kits?|sets?)\b|\btool ?kits?\b|工具套装|工具包|工具箱",
    )
});

/// What a set of tools is not besides a vehicle: the live animals,
/// vegetable products and foodstuffs of chapters 1 to 24.
pub(super) const PRODUCE: &[&str] = &[
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "20", "21", "22", "23", "24",
];

/// Measured doses: tablets, capsules, softgels, gummies.
pub(super) static DOSES: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:tablets?|capsules?|softgels?|gummies|chewables?|lozenges?)\b",
        r"|片剂|胶囊|软糖|含片|咀嚼片|(?:维生素|钙|鱼油|益生菌)\S{0,4}(?:片|粒)",
    ))
});

/// Words of a dietary supplement.
pub(super) static SUPPLEMENT: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:supplements?|vitamins?|multivitamins?|dietary|nutritional|probiotics?|omega-?3)\b",
        r"|\bvitamin [a-k]\d*\b|维生素|补充剂|保健|营养|益生菌|钙片",
    ))
});
