//! Articles a subheading names, whatever else their listing says.
//!
//! Some subheadings are the name of an article: 8714.95 "saddles" (of
//! bicycles), 9615.90 the hair-slides and hairpins of "combs, hair-slides
//! and the like", 6507 the "linings … for headgear", 9504.40 "playing
//! cards". A listing names the article and then what it goes with: a road
//! bike saddle "PU leather" drew the motor-vehicle seats of 9401.20, a
//! flower claw clip "jewelry" the imitation jewellery of 7117, a hard hat's
//! suspension lining the safety helmets of 6506.10, waterproof plastic
//! playing cards the waterproof footwear of 6401. A broker reads the name
//! (GRI 1) and the subheading follows; every other code is ruled out, and
//! what was found for them goes to the named subheading. Where the name
//! gives only the heading (a blanket is 6301, its fibre picks .20 to .90; a
//! base layer top 6109, cotton or not), the other headings are ruled out and
//! the heading's own subheadings divide what is left.
//!
//! Each article lists the words that name it, the words that show the
//! name is only part of another (a bike seat cover, a photocard holder, a
//! clip-in hair extension) or that send it elsewhere (a card game's
//! collectible cards are playing cards; heated insoles are electric
//! appliances; insoles made to measure may be orthopaedic, 9021.10), and
//! the codes it keeps. A name the goods only serve states nothing
//! (`names_goods`: "insole for a boot").
//!
//! The table here holds names the nomenclature uses. Everyday goods the
//! nomenclature calls otherwise (a laptop, solar panels, a power bank) are
//! in `trade_names`, `appliances` and `household`, and count only among a
//! title's first words, where a listing names what it sells.

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::{names_goods, words, Reason};

mod appliances;
mod household;
mod trade_names;

/// An article a subheading names: its words and what it keeps.
struct Article {
    /// The words naming it.
    name: Regex,
    /// Words that show the goods are something else.
    not: Regex,
    /// The codes (prefixes of digits) it keeps; the first is where what was
    /// found for the others goes.
    keeps: &'static [&'static str],
    /// What the description states.
    stated: &'static str,
    /// What is ruled out, in words.
    excluded: &'static str,
    /// HS codes whose terms decide.
    terms: &'static [&'static str],
    /// When set, the name counts only among the description's first words:
    /// a listing title names its goods first and then the things they go
    /// with ("Enamel Badge … Jacket Backpack Pin", "Car Stickers … Laptop
    /// Decor").
    within_words: Option<usize>,
}

static ARTICLES: LazyLock<Vec<Article>> = LazyLock::new(|| {
    let mut all = vec![
        Article {
            name: words(r"\b(?:playing|poker) cards?\b|扑克牌|纸牌"),
            not: words(r"\bcards?\s+(?:holders?|shufflers?|tables?|guards?|protectors?)\b|洗牌机|牌桌"),
            keeps: &["950440"],
            stated: "playing cards",
            excluded: "every code but 9504.40 (playing cards), whatever their material or waterproofing",
            terms: &["950440"],
            within_words: None,
        },
        Article {
            name: words(concat!(
                r"\b(?:collect(?:ion|ible|ors?) (?:of )?cards?|photo ?cards?|laser cards?|3d cards?)\b",
                r"|收藏卡|闪卡|小卡|镭射卡",
            )),
            // A game played with them makes them playing cards (9504.40);
            // a holder or album only holds them.
            not: words(concat!(
                r"\b(?:card games?|board games?|playing cards?|poker|tcg|trading card games?|decks?|booster)\b",
                r"|cards?\s+(?:holders?|sleeves?|binders?|albums?|frames?|cases?|protectors?|stands?|",
                r"displays?|boxes|storage)\b|卡牌游戏|桌游|扑克|卡套|卡册|卡砖",
            )),
            keeps: &["491191"],
            stated: "collectible picture cards, no game named",
            excluded: "every code but 4911.91: printed pictures on card are not a game (9504.40 covers playing cards), a toy or imitation jewellery",
            terms: &["491191", "950440"],
            within_words: None,
        },
        Article {
            name: words(concat!(
                r"\b(?:(?:road |mountain |racing |mtb |bmx )?(?:bike|bicycle|cycling) (?:saddles?|seats?))\b",
                r"|\bsaddles?\b[^.;]{0,40}\b(?:bikes?|bicycles?|cycling|mtb)\b",
                r"|(?:自行车|公路车|山地车|单车|骑行)\S{0,4}(?:坐垫|座垫|车座|鞍座)",
            )),
            not: words(concat!(
                r"\b(?:seat|saddle) (?:covers?|bags?|posts?|clamps?|rails?)\b|\b(?:child|baby|kids?|toddler) ",
                r"(?:bike |bicycle )?seats?\b|\bhorse\b|坐垫套|座套|座杆|儿童座椅",
            )),
            keeps: &["871495"],
            stated: "a bicycle saddle",
            excluded: "every code but 8714.95 (saddles of bicycles), the seats of 9401 and the saddlery of 4201 included",
            terms: &["871495", "9401"],
            within_words: None,
        },
        Article {
            name: words(concat!(
                r"\b(?:rollators?|walking (?:frames?|aids?)|(?:adult|elderly|folding|mobility|",
                r"rolling|medical|seniors?) walkers?)\b|助行器|助步器",
            )),
            not: words(r"\b(?:baby|infant|toddler|dog|pet)\b|婴儿|学步"),
            keeps: &["902110"],
            stated: "a walking frame or rollator",
            excluded: "every code but 9021.10 (orthopaedic appliances): not a wheelchair or invalid carriage of 8713",
            terms: &["902110", "8713"],
            within_words: None,
        },
        Article {
            name: words(concat!(
                r"\b(?:hair (?:clips?|claws?|slides?|barrettes?|pins?|grips?)|claw clips?|barrettes?|",
                r"hairpins?|bobby pins?)\b|抓夹|发夹|发卡|边夹|鲨鱼夹|一字夹",
            )),
            not: words(r"\b(?:extensions?|wigs?|ponytails?|hairpieces?|toppers?)\b|接发|假发"),
            // Of precious metal or stones they are jewellery (7113, 7116).
            keeps: &["961590", "7113", "7116"],
            stated: "a hair clip, slide or pin",
            excluded: "every code but 9615.90 (hair-slides, hairpins and the like) and jewellery of precious metal or stones (7113, 7116): not imitation jewellery, headgear or combs",
            terms: &["961590", "7117"],
            within_words: None,
        },
        Article {
            name: words(concat!(
                r"\b(?:(?:hard ?hat|helmet|hat|cap) (?:linings?|liners?|suspensions?)|sweatbands? for (?:hats?|helmets?))\b",
                r"|帽内衬|帽衬|帽箍",
            )),
            not: words(r"\bbicycle|motorcycle|(?:ski|cycling|motorcycle) helmet|头盔"),
            keeps: &["650700"],
            stated: "a lining or suspension for headgear",
            excluded: "every code but 6507.00 (linings, head-bands and the like for headgear): not the helmet or hat itself",
            terms: &["650700", "650610"],
            within_words: None,
        },
        Article {
            name: words(concat!(
                r"\b(?:(?:dog|cat|pet|puppy) (?:harness(?:es)?|leash(?:es)?|leads?|collars?|muzzles?|coats?)|",
                r"harness(?:es)? for (?:dogs?|cats?|pets?))\b",
                r"|(?:狗|犬|猫|宠物)\S{0,3}(?:胸背带|牵引绳|项圈|背带|嘴套)",
            )),
            // A flea collar is an insecticide (3808); a GPS, bark or shock
            // collar an electrical apparatus.
            not: words(concat!(
                r"\b(?:flea|tick|gps|trackers?|bark|shock|electric|electronic|remote|vibration)\b",
                r"|驱虫|定位|止吠|电击|电子",
            )),
            keeps: &["420100"],
            stated: "a harness, lead, collar or coat for an animal",
            excluded: "every code but 4201.00 (saddlery and harness for any animal, of any material, leads, muzzles and dog coats included)",
            terms: &["420100"],
            within_words: None,
        },
        Article {
            name: words(r"\b(?:throw )?blankets?\b|毛毯|盖毯|毯子|绒毯"),
            not: words(concat!(
                r"\b(?:electric|heated|heating|wearable|hoodie|poncho|fire|emergency|mylar|space|",
                r"insulation|insulating|ceramic|horse|dogs?|pets?|saddle|welding|moving|sensory|",
                r"blanket (?:clips?|bags?|hangers?|ladders?|racks?|boxes|storage)|rubberi[sz]ed|printing)\b",
                r"|printers'|电热|加热|挂毯|地毯|印刷",
            )),
            // The fibre decides the subheading (6301.20 to .90).
            keeps: &["6301"],
            stated: "a blanket or travelling rug",
            excluded: "every heading but 6301 (blankets and travelling rugs): not the fabric it is made of nor bed linen",
            terms: &["6301"],
            within_words: None,
        },
        Article {
            name: words(r"\b(?:garden|storage|tool|outdoor|bike|bicycle) sheds?\b|工具房|储物房|储物棚|花园房"),
            not: words(r"\bsheds?\s+(?:bases?|floors?|anchors?|doors?|windows?|shel\w+|hinges?|locks?|roof\w*|kits? parts?)\b"),
            // Of wood 9406.10, modular of steel 9406.20, other 9406.90.
            keeps: &["9406"],
            stated: "a garden or storage shed (a prefabricated building)",
            excluded: "every heading but 9406 (prefabricated buildings): not furniture or a structure of 7308",
            terms: &["9406"],
            within_words: None,
        },
        Article {
            name: words(concat!(
                r"\b(?:base ?layer (?:shirts?|tops?)|thermal (?:underwear )?(?:tops?|shirts?)|undershirts?)\b",
                r"|打底衫|秋衣",
            )),
            not: words(r"\b(?:pants|leggings|bottoms?|sets?|suits?|woven)\b|裤|套装|梭织"),
            // Knitted undershirts: 6109.10 of cotton, 6109.90 of other fibres.
            keeps: &["6109"],
            stated: "an undershirt or base layer top (a vest)",
            excluded: "every heading but 6109 (T-shirts, singlets and other vests, knitted): not a shirt, jacket or underwear of 6107/6108",
            terms: &["6109"],
            within_words: None,
        },
        Article {
            name: words(concat!(
                r"\bembroider(?:ed|y) (?:[\w-]+ ){0,2}(?:patch(?:es)?|badges?|appliqu[eé]s?|motifs?)\b",
                r"|刺绣\S{0,6}(?:布贴|贴布|徽章|臂章)",
            )),
            not: words(r"\b(?:machines?|hoops?|kits?|threads?|needles?)\b|绣花机|绣线"),
            // Without visible ground 5810.10, else by the ground's fibre.
            keeps: &["5810"],
            stated: "an embroidered patch or motif",
            excluded: "every heading but 5810 (embroidery in the piece, in strips or in motifs): not tapestry, lace or the garments it is sewn on",
            terms: &["5810"],
            within_words: None,
        },
        Article {
            name: words(r"\b(?:earphones?|headphones?|headsets?|earbuds?|earpieces?)\b|耳机"),
            // A case, pad or cable for them is not them (the pads are parts,
            // 8518.90; a case a container of its material).
            not: words(concat!(
                r"\b(?:earphones?|headphones?|headsets?|earbuds?|airpods)\s+(?:cases?|covers?|pads?|cushions?|",
                r"tips|hooks?|stands?|holders?|cables?|cords?|adapters?|splitters?|sleeves?|skins?|straps?|",
                r"bags?|boxes|organi[sz]ers?|hangers?|jacks?|amplifiers?|amps?)\b|\bear ?pads?\b|\bcushions?\b",
                r"|耳机(?:套|壳|包|线|架|罩|垫|收纳|转接)",
            )),
            keeps: &["851830"],
            stated: "headphones or earphones",
            excluded: "every code but 8518.30 (headphones and earphones, whether or not combined with a microphone): not their parts (8518.90) nor a telephone set",
            terms: &["851830"],
            within_words: None,
        },
        Article {
            name: words(r"\b(?:ear ?pads?|ear cushions?)\b|耳机套|耳罩棉|耳机海绵"),
            not: words(r"\b(?:earplugs?|ear ?muffs?|hearing)\b|耳塞"),
            keeps: &["851890"],
            stated: "ear pads or cushions for headphones",
            excluded: "every code but 8518.90 (parts of headphones): a part suited only to headphones goes with them (Section XVI Note 2(b)), not with the material it is made of",
            terms: &["851890"],
            within_words: None,
        },
        Article {
            name: words(concat!(
                r"\b(?:false nails?|fake nails?|press[- ]on nails?|nail tips|artificial nails?|nail extensions?)\b",
                r"|甲片|假指甲|穿戴甲",
            )),
            // Gels, glues and removers are preparations; files and lamps tools.
            not: words(concat!(
                r"\b(?:glue|adhesive|remover|files?|drills?|lamps?|dryers?|polish|poly ?gel|builder|",
                r"uv gel|stickers?|decals?|cutters?|clippers?|brush(?:es)?|kits?)\b|胶水|卸甲|打磨机|甲油",
            )),
            keeps: &["392690"],
            stated: "false nails",
            excluded: "every code but 3926.90 (other articles of plastics): not a manicure preparation of 3304",
            terms: &["392690", "330430"],
            within_words: None,
        },
        Article {
            name: words(r"\b(?:fan blades?|fan impellers?|fan leaves)\b|扇叶"),
            not: words(r"\b(?:ceiling fan light|light kit)\b"),
            keeps: &["841490"],
            stated: "a fan blade",
            excluded: "every code but 8414.90 (parts of fans): not the fan itself nor the machine it cools",
            terms: &["841490"],
            within_words: None,
        },
        Article {
            name: words(concat!(
                r"\b(?:trolley|floor|bottle|hydraulic|service|low[- ]profile) jacks?\b",
                r"|卧式千斤顶|液压千斤顶|立式千斤顶",
            )),
            not: words(concat!(
                r"\b(?:trolley|floor|bottle|hydraulic|service|low[- ]profile) jacks?\s+",
                r"(?:pads?|stands?|adapters?|handles?|parts?|seals?|oil)\b",
            )),
            // Not the built-in garage jacking systems of 8425.41.
            keeps: &["842542"],
            stated: "a hydraulic jack",
            excluded: "every code but 8425.42 (other jacks, hydraulic): a trolley or bottle jack is not a built-in jacking system of a garage (8425.41)",
            terms: &["842542", "842541"],
            within_words: None,
        },
        Article {
            name: words(r"\b(?:hose nozzles?|garden hose (?:nozzles?|sprayers?|spray guns?)|hose spray(?:ers| guns?))\b|水枪喷头|浇花喷头"),
            not: words(r"\b(?:pressure washers?|sand ?blast\w*|fire)\b|高压清洗"),
            keeps: &["848180"],
            stated: "a hose nozzle (a tap with its shut-off)",
            excluded: "every code but 8481.80 (taps, cocks, valves and similar appliances): not a hand tool or a sprayer of 8424",
            terms: &["848180"],
            within_words: None,
        },
        Article {
            name: words(r"\bbooks?\b|图书|书籍|教程书|教材|百科全书|绘本|画册|字典|词典"),
            // A book light, stand or safe is not a book; a busy or quiet
            // book of felt is a toy.
            not: words(concat!(
                r"\bbooks?\s*(?:lights?|lamps?|stands?|ends?|shel(?:f|ves)|cases?|covers?|bags?|marks?|",
                r"binding|scanners?|holders?|racks?|sleeves?|safes?|boxes|shaped|style|nook)\b",
                r"|\b(?:busy|quiet|cloth|bath|sound|felt) books?\b|书架|书柜|书包|书桌|书灯|书立|书签|书皮|书夹",
            )),
            // Printed books, children's picture books, music, maps (49).
            keeps: &["49"],
            stated: "a book",
            excluded: "every chapter but 49 (printed books and other products of the printing industry): not the instruments, sports goods or toys its subject names",
            terms: &["4901"],
            within_words: None,
        },
        Article {
            name: words(r"\bcollagen\b|胶原蛋白"),
            not: words(concat!(
                r"\b(?:casings?|masks?|creams?|drinks?|capsules?|tablets?|gumm(?:y|ies)|supplements?|",
                r"serums?|lotions?|peptide drinks?|sausage)\b|肠衣|面膜|饮|胶囊|片|精华|霜|口服",
            )),
            keeps: &["350400"],
            stated: "collagen (a protein substance)",
            excluded: "every code but 3504.00 (other protein substances and their derivatives): not an albumin (3502) nor gelatin (3503)",
            terms: &["350400", "3502"],
            within_words: None,
        },
        Article {
            name: words(concat!(
                r"\b(?:(?:dna|rna) polymerases?|lipases?|proteases?|amylases?|cellulases?|lactases?|",
                r"pectinases?|papain|pepsin|rennet|transglutaminases?|trypsin|enzymes?)\b",
                r"|酶制剂|聚合酶|蛋白酶|淀粉酶|脂肪酶",
            )),
            // Enzyme cleaners are washing preparations; digestive enzymes
            // in capsules are food supplements or medicaments.
            not: words(concat!(
                r"\b(?:clean\w*|detergents?|wash\w*|drains?|laundry|supplements?|capsules?|tablets?|",
                r"digestive|inhibitors?)\b|清洁|洗涤|胶囊|片剂",
            )),
            keeps: &["3507"],
            stated: "an enzyme or prepared enzymes",
            excluded: "every heading but 3507 (enzymes; prepared enzymes not elsewhere specified): not a laboratory instrument of chapter 90",
            terms: &["3507"],
            within_words: None,
        },
        Article {
            name: words(concat!(
                r"\b(?:pvc|silicone|plastic|pe|ptfe|nylon|polyurethane|pu|tpu|pp|hdpe) ",
                r"(?:tubing|tubes?|hoses?|pipes?)\b|塑料软管|硅胶管|PVC管|PU管",
            )),
            // Squeeze tubes are packing (3923), test tubes laboratory ware.
            not: words(concat!(
                r"\b(?:cosmetic|squeeze|test|centrifuge|toothpaste|lotion|cream|sample|lip gloss|",
                r"mascara|shrink|heat shrink|cutters?|benders?)\b|化妆品|试管|热缩",
            )),
            keeps: &["3917"],
            stated: "tubes, pipes or hoses of plastics",
            excluded: "every heading but 3917 (tubes, pipes and hoses, and fittings therefor, of plastics): not the apparatus they are for",
            terms: &["3917"],
            within_words: None,
        },
        Article {
            name: words(concat!(
                r"\b(?:(?:extension|usb|usb-c|type-c|hdmi|displayport|dp|audio|aux|jumper|patch|",
                r"ethernet|lan|network) (?:cables?|cords?|leads?)|extension leads?)\b|数据线|延长线|连接线",
            )),
            // Fibre-optic cables are 8544.70; ties, clips and tools for
            // cables are not cables.
            not: words(concat!(
                r"\b(?:fib(?:er|re) optic|optical fib(?:er|re)|cables? (?:ties?|clips?|organi[sz]ers?|",
                r"management|protectors?|sleeves?|glands?|cutters?|strippers?|testers?|trays?|boxes))\b",
                r"|光纤|扎带|理线",
            )),
            keeps: &["854442"],
            stated: "an insulated cable fitted with connectors",
            excluded: "every code but 8544.42 (electric conductors for a voltage not exceeding 1,000 V, fitted with connectors): not the apparatus it connects, nor a plug or socket of 8536",
            terms: &["854442"],
            within_words: None,
        },
        Article {
            name: words(concat!(
                r"\b(?:sim racing (?:pedals?|wheels?|rigs?|shifters?)|racing (?:wheels?|pedals?) for (?:pc|ps\d|xbox)|",
                r"game ?pads?|game controllers?|gaming controllers?)\b|游戏手柄",
            )),
            not: words(r"\b(?:controller (?:cases?|bags?|stands?|holders?|chargers?|skins?|grips?|covers?))\b|手柄(?:套|包|支架)"),
            keeps: &["950450"],
            stated: "a game controller (an accessory of video game consoles)",
            excluded: "every code but 9504.50 (video game consoles and machines, their accessories): not the vehicle part its words name",
            terms: &["950450"],
            within_words: None,
        },
        Article {
            name: words(r"\bbrush(?:es)?\b|刷子|毛刷|钢丝刷"),
            // Tools and machines named after brush, brushes for machines'
            // motors, holders for brushes.
            not: words(concat!(
                r"\bbrush(?:es)?\s+(?:heads?|cutters?|motors?|rolls?|rollers?|bars?|guards?|thinners?|",
                r"holders?|storage|racks?|organi[sz]ers?|pots?|stands?|pens?|mowers?|chippers?)\b",
                r"|\bbrushless\b|\bcarbon brush|\belectric\b|\bsonic\b|\bpaint ?brush pens?|刷头|碳刷|电动",
            )),
            // Of 9603: tooth, hair, cosmetic, paint brushes and the others.
            keeps: &["9603"],
            stated: "a brush",
            excluded: "every heading but 9603 (brooms, brushes, mops): not the tool or machine the brush cleans",
            terms: &["9603"],
            within_words: None,
        },
        Article {
            // Natural stones named before "loose beads" (the name then runs
            // from the stone), or loose gemstones.
            name: words(concat!(
                r"\b(?:(?:natural|jade|agate|chalcedony|quartz|amethyst|turquoise|jasper|onyx|opal|garnet|",
                r"tourmaline|lapis|moonstone|obsidian|citrine|aquamarine|peridot)\b[^.;]{0,60}\bloose beads?|",
                r"loose (?:gem ?)?stones?)\b|(?:天然|玉髓|玛瑙|水晶|翡翠)[^，。；]{0,12}散珠|裸石",
            )),
            // Pearls are of 7101; glass, plastics and rhinestones are not stones.
            not: words(concat!(
                r"\b(?:pearls?|glass|acrylic|plastic|resin|wood(?:en)?|rhinestones?|cubic zirconia|cz|",
                r"synthetic|lab[- ]grown|moissanite)\b|珍珠|玻璃|亚克力|树脂|合成",
            )),
            // Worked precious or semi-precious stones, not strung (7103):
            // articles of them (7116) are strung or mounted.
            keeps: &["7103"],
            stated: "loose natural stones or stone beads, not strung or mounted",
            excluded: "every heading but 7103 (precious or semi-precious stones, not strung, mounted or set, or temporarily strung for transport): not yet an article of 7116",
            terms: &["7103", "7116"],
            within_words: None,
        },
        Article {
            name: words(r"\btowels?\b|毛巾|浴巾|方巾"),
            // Paper towels are of 4818; racks, rails and warmers for towels
            // are not towels.
            not: words(concat!(
                r"\b(?:paper|kitchen roll|wipes?|towelettes?|disposable|towels?\s+(?:racks?|rails?|bars?|",
                r"holders?|rings?|hooks?|warmers?|dispensers?|clips?|cakes?|hangers?|shelf|shelves|steamers?))\b",
                r"|毛巾架|毛巾杆|纸巾|擦手纸|一次性",
            )),
            // Toilet and kitchen linen: terry of cotton 6302.60, the others
            // by fibre.
            keeps: &["6302"],
            stated: "a towel (toilet or kitchen linen)",
            excluded: "every heading but 6302 (bed, table, toilet and kitchen linen): not a garment or the mat it lies on",
            terms: &["630260", "6302"],
            within_words: None,
        },
        Article {
            name: words(r"\b(?:insoles?|shoe inserts?|foot ?beds?)\b|鞋垫"),
            not: words(concat!(
                r"\b(?:heated|heating|electric|made to measure|custom[- ]made|custom[- ]molded)\b",
                r"|发热|加热|电热|定制",
            )),
            keeps: &["640690"],
            stated: "insoles",
            excluded: "every code but 6406.90 (removable insoles and other parts of footwear): not footwear or hosiery; orthopaedic only when made to measure or sold singly (Chapter 90 Note 6)",
            terms: &["640690", "9021"],
            within_words: None,
        },
    ];
    all.extend(trade_names::trade_names());
    all.extend(appliances::appliances());
    all.extend(household::household());
    all
});

/// An article of the table, by its place in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedArticle(usize);

impl NamedArticle {
    /// The article `description` names as the goods; of several, the one
    /// named first (a listing names what it sells before what it comes
    /// with: "Headphones … with USB cable").
    pub fn stated(description: &str) -> Option<Self> {
        ARTICLES
            .iter()
            .enumerate()
            .filter(|(_, a)| names_goods(&a.name, description) && !a.not.is_match(description))
            .filter_map(|(i, a)| a.name.find(description).map(|m| (i, a, m.start())))
            .filter(|(_, a, at)| {
                a.within_words
                    .is_none_or(|n| description[..*at].split_whitespace().count() < n)
            })
            .map(|(i, _, at)| (i, at))
            .min_by_key(|(_, at)| *at)
            .map(|(i, _)| NamedArticle(i))
    }

    fn article(self) -> &'static Article {
        &ARTICLES[self.0]
    }

    /// The codes (prefixes of digits) it keeps.
    pub fn keeps(self) -> &'static [&'static str] {
        self.article().keeps
    }

    /// Whether it is named by a trade name the nomenclature does not use
    /// (a laptop, a zipper): words alone then rarely reach its codes.
    pub fn by_trade_name(self) -> bool {
        self.article().within_words.is_some()
    }

    /// Whether `code` (digits) is ruled out: every code but those the
    /// article keeps (their chapters and headings included).
    pub fn excludes(self, code: &str) -> bool {
        !self
            .article()
            .keeps
            .iter()
            .any(|k| k.starts_with(code) || code.starts_with(k))
    }

    /// Where what was found for a ruled-out subheading goes: the article's
    /// subheading; nowhere when it keeps a heading (its subheadings' own
    /// votes, and the fibre or material stated, divide it).
    pub fn sibling(self, code: &str) -> Option<String> {
        let to = self.article().keeps[0];
        (to.len() == 6 && code.len() == 6 && self.excludes(code)).then(|| to.to_string())
    }

    /// What it states and rules out, and by which terms.
    pub fn reason(self) -> Reason {
        let a = self.article();
        Reason {
            stated: a.stated.into(),
            excluded: a.excluded.into(),
            notes: &["Rule 1"],
            terms: a.terms,
        }
    }
}

#[cfg(test)]
mod tests;
