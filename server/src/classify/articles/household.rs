//! Household goods, food and vehicle parts by the names they are sold under
//! (see `trade_names` for why). Measured before these entries, a nylon
//! zipper had drawn the tyre-cord fabric of 5902, an artificial Christmas
//! tree the cut conifers of 0604.20, 卫生纸 the cellulose wadding in bulk of
//! 4803, a car's brake discs the friction material of 6813, frozen French
//! fries frozen potatoes (0710.10), canned tuna the fresh fish of 0302;
//! a stainless 保温杯 the steel tableware of 7323.93, 老花镜 pig iron and
//! mirrors (7201, 7009), 剃须刀片 the razors of 8212.10, 自行车外胎 the inner
//! tubes of 4013.20.

use super::trade_names::TITLE_WORDS;
use super::{words, Article};

pub(super) fn household() -> Vec<Article> {
    vec![
        Article {
            name: words(r"\b(?:zippers?|zip fasteners?|slide fasteners?)\b|拉链"),
            // A garment or bag with a zipper is the garment or bag.
            not: words(concat!(
                r"\b(?:hoodies?|jackets?|coats?|pants|trousers|jeans|boots?|bags?|pouch(?:es)?|",
                r"cases?|wallets?|purses?|pencil cases?|cushions?|pillows?|dresses|skirts?|tents?|",
                r"sleeping bags?|lock bags?)\b|外套|卫衣|夹克|裤|靴|包|袋|笔袋|钱包|连衣裙|帐篷",
            )),
            // Chain scoops of base metal 9607.11, other 9607.19, sliders
            // and pulls 9607.20.
            keeps: &["9607"],
            stated: "slide fasteners (zippers)",
            excluded: "every heading but 9607 (slide fasteners and parts thereof): not the nylon or textile tape of chapters 54 to 59",
            terms: &["9607"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:toilet (?:paper|tissues?|rolls?)|bath tissues?)\b|卫生纸|卷纸|厕纸"),
            not: words(r"\b(?:holders?|dispensers?|stands?|racks?|toilet roll holders?|covers?)\b|架|盒|置物"),
            keeps: &["481810"],
            stated: "toilet paper",
            excluded: "every code but 4818.10 (toilet paper, in rolls or sheets cut to size): not cellulose wadding in bulk of 4803",
            terms: &["481810", "4803"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:artificial |fake |pvc |pe )?christmas trees?\b|圣诞树"),
            // A real tree is a conifer of 0604.20; lighting strings are
            // 9405.31, and not festive articles (Chapter 95 Note 1(u)).
            not: words(r"\b(?:real|natural|live|fresh|lights?|led|lamps?|stands?)\b|鲜|真|灯|支架"),
            keeps: &["950510"],
            stated: "an artificial Christmas tree or Christmas article",
            excluded: "every code but 9505.10 (articles for Christmas festivities): not the cut conifers of 0604.20 nor artificial foliage of 6702",
            terms: &["950510", "060420"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:chess(?: sets?| boards?)?|board games?|checkers|draughts|mahjong|dominoes|backgammon)\b|国际象棋|象棋|围棋|跳棋|麻将|桌游"),
            // A chess clock is a time switch or clock; a card game is
            // played with playing cards (9504.40).
            not: words(concat!(
                r"\b(?:clocks?|timers?|keychains?|key ?rings?|pendants?|charms?|tables?|cards?|",
                r"card games?)\b|计时器|钥匙扣|挂件|桌|扑克|卡牌|纸牌",
            )),
            keeps: &["950490"],
            stated: "a board game",
            excluded: "every code but 9504.90 (table or parlour games, other): not a toy of 9503 nor the wood it is made of",
            terms: &["950490", "9503"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:ski|snowboard|swimming|swim|safety|motorcycle|protective|welding) goggles\b|滑雪镜|泳镜|护目镜"),
            // Goggles are 9004.90: spectacles, goggles and the like,
            // corrective, protective or other.
            not: words(r"\b(?:straps?|cases?|bags?|lens(?:es)? for|replacement lens(?:es)?)\b|镜带|镜盒|镜片"),
            keeps: &["900490"],
            stated: "goggles",
            excluded: "every code but 9004.90 (spectacles, goggles and the like, other than sunglasses): not sports equipment of 9506",
            terms: &["900490"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\bshower ?heads?\b|花洒|淋浴喷头"),
            not: words(r"\b(?:holders?|hoses?|brackets?|arms?|filters? for|cleaners?)\b|软管|支架|底座"),
            keeps: &["848180"],
            stated: "a shower head",
            excluded: "every code but 8481.80 (taps, cocks, valves and similar appliances, other): not sanitary ware or its metal",
            terms: &["848180"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\bbrake (?:discs?|disks?|rotors?|drums?)\b|刹车盘|制动盘|刹车鼓|制动鼓"),
            // A motor vehicle's brakes are 8708.30; a cycle's or
            // motorcycle's are of 8714.
            not: words(concat!(
                r"\b(?:bicycles?|bikes?|mtb|motorcycles?|motorbikes?|scooters?|cycling|pads?|shoes?|",
                r"linings?)\b|自行车|单车|摩托车|刹车片|刹车皮",
            )),
            keeps: &["870830"],
            stated: "brake discs or drums for a motor vehicle",
            excluded: "every code but 8708.30 (brakes and servo-brakes and parts thereof, of motor vehicles): not the friction material of 6813",
            terms: &["870830", "6813"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:french fries|frozen fries|potato fries|chips \(fries\))\b|薯条"),
            not: words(r"\b(?:cutters?|slicers?|fryers?|machines?|boxes|holders?|toys?)\b|切|机|盒|玩具"),
            // Frozen 2004.10, not frozen 2005.20.
            keeps: &["200410", "200520"],
            stated: "French fries (prepared potatoes)",
            excluded: "every code but 2004.10 and 2005.20 (potatoes prepared or preserved): cut and pre-fried potatoes are not vegetables of chapter 7",
            terms: &["200410", "071010"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:canned|tinned) tuna\b|\btuna (?:in (?:oil|brine|water|sunflower oil|olive oil)|cans?|chunks in)\b|金枪鱼罐头|吞拿鱼罐头"),
            keeps: &["160414"],
            not: words(r"\b(?:for (?:cats?|dogs?|pets?)|cat food|pet food)\b|猫粮|宠物"),
            stated: "canned tuna",
            excluded: "every code but 1604.14 (prepared or preserved tunas, skipjack and bonito, whole or in pieces): not fresh or frozen fish of chapter 3",
            terms: &["160414"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:car|auto|automotive|vehicle|truck|lorry|motorcycle|motorbike)s?'? (?:led |xenon |halogen )?",
                r"(?:head ?lights?|head ?lamps?|tail ?lights?|tail ?lamps?|fog (?:lights?|lamps?)|",
                r"rear lights?|brake lights?)\b|\b(?:head ?lights?|head ?lamps?) (?:assembly|assemblies)\b",
                r"|汽车大灯总成|汽车尾灯总成|车灯总成|大灯总成|汽车大灯|汽车前照灯|汽车尾灯|汽车雾灯|摩托车大灯",
            )),
            // A vehicle's lamps are 8512.20 (Chapter 94 Note 1(f) leaves
            // them out of the luminaires); the bulbs they take are of 8539,
            // a headlamp worn on the head is a portable lamp of 8513.
            not: words(concat!(
                r"\b(?:bulbs?|globes?|covers?|lens(?:es)? (?:covers?|restoration)|restoration|",
                r"cleaners?|polish|films?|tints?|stickers?|decals?|toys?|models?|bicycles?|bikes?)\b",
                r"|灯泡|灯罩|贴膜|翻新|玩具|模型|自行车",
            )),
            keeps: &["851220"],
            stated: "a motor vehicle's lamps",
            excluded: "every code but 8512.20 (other lighting or visual signalling equipment of a kind used for motor vehicles): not luminaires of 9405 (Chapter 94 Note 1(f)) nor lamps of 8539",
            terms: &["851220", "9405"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:vacuum (?:flasks?|bottles?|jugs?|cups?|mugs?|tumblers?)|vacuum[- ]insulated|",
                r"thermos(?: flasks?| bottles?)?|thermal flasks?)\b|保温杯|保温瓶|保温壶|焖烧杯|真空杯",
            )),
            // A lid, sleeve or brush for one is not one; a glass inner is
            // of 7020.
            not: words(concat!(
                r"\b(?:flasks?|bottles?|tumblers?|cups?|mugs?|thermos)\s+(?:lids?|caps?|straps?|sleeves?|",
                r"covers?|bags?|brush(?:es)?|holders?|carriers?|stoppers?)\b|\b(?:glass inners?|refills?|",
                r"replacement (?:lids?|stoppers?))\b|杯盖|杯套|瓶胆|玻璃胆|杯刷",
            )),
            keeps: &["961700"],
            stated: "a vacuum flask or vacuum-insulated bottle or cup",
            excluded: "every code but 9617.00 (vacuum flasks and other vacuum vessels, complete with cases): not the tableware of 7323 or 3924 its metal or plastic would draw",
            terms: &["961700", "7323"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:(?:safety |double[- ]edged? |de )?razor blades?|razor (?:blade )?cartridges?|",
                r"shaving (?:blades?|cartridges?))\b|剃须刀片|剃刀片|刮胡刀片|双面刀片",
            )),
            // Scrapers and utility knives take "razor blades" too.
            not: words(concat!(
                r"\b(?:scrapers?|utility|box cutters?|knife|knives|holders?|dispensers?|disposal|banks?|",
                r"razor blade steel|other than for shaving)\b|刮刀|美工",
            )),
            keeps: &["821220"],
            stated: "razor blades or razor blade cartridges",
            excluded: "every code but 8212.20 (safety razor blades, including razor blade blanks in strips): not the razors of 8212.10",
            terms: &["821220", "821210"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\breading glasses\b|老花镜|老花眼镜"),
            not: words(r"\b(?:cases?|chains?|cords?|holders?|stands?|frames? only|lens(?:es)? only)\b|眼镜盒|眼镜链|镜框|镜架"),
            keeps: &["900490"],
            stated: "reading glasses (spectacles)",
            excluded: "every code but 9004.90 (spectacles other than sunglasses, corrective): not the glass or mirrors of chapter 70",
            terms: &["900490", "7015"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:bicycle|bike|mtb|road bike|mountain bike|bmx|cycling|fat bike|folding bike) ",
                r"(?:tyres?|tires?)\b|自行车外胎|自行车轮胎|山地车外胎|山地车轮胎|公路车外胎|单车外胎|自行车胎",
            )),
            // Inner tubes are 4013.20; levers, patches and sealant are tools
            // or preparations.
            not: words(concat!(
                r"\b(?:inner tubes?|tubes?|levers?|repair|patch(?:es)?|pumps?|valves?|sealant|liners?|",
                r"tools?)\b|内胎|撬棒|补胎|气门|打气",
            )),
            keeps: &["401150"],
            stated: "a bicycle tyre",
            excluded: "every code but 4011.50 (new pneumatic tyres of rubber, of a kind used on bicycles): not the inner tubes of 4013.20",
            terms: &["401150", "401320"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:(?:bicycle|bike|mtb|road bike|mountain bike|cycling) inner tubes?|",
                r"inner tubes? for (?:bicycles?|bikes?))\b|自行车内胎|山地车内胎|单车内胎",
            )),
            not: words(r"\b(?:patch(?:es)?|repair|levers?|pumps?)\b|补胎|撬棒|打气"),
            keeps: &["401320"],
            stated: "a bicycle inner tube",
            excluded: "every code but 4013.20 (inner tubes of rubber, of a kind used on bicycles): not the tyres of 4011",
            terms: &["401320", "401150"],
            within_words: Some(TITLE_WORDS),
        },
    ]
}
