//! Everyday goods by the names they are sold under.
//!
//! The nomenclature names some of the most traded goods in words no listing
//! uses: a laptop is a "portable automatic data processing machine", a solar
//! panel "photovoltaic cells assembled in modules", an electric toothbrush an
//! "electro-mechanical domestic appliance". Search by words then finds
//! nothing, and search by meaning follows the words the goods do share with
//! the nomenclature, usually their material: "Laptop computer" had drawn the
//! computed-tomography apparatus of 9022.12, "单晶硅光伏组件" the silicon of
//! 2804.61, "Electric toothbrush" the hand toothbrushes of 9603.21, "Backpack
//! polyester" the anoraks of man-made fibres (6101.30, at 0.90), "木制餐桌"
//! the wooden tableware of 4419. A broker's commodity index maps the trade
//! name to the heading (GRI 1), and so does this table.
//!
//! These entries were written from the nomenclature and the national lines
//! that name the goods (China's 电动自行车 8711.60, 电热水壶 8516.71, the US
//! "Electric toothbrushes" 8509.80.50.45), not from the evaluation sets.
//! Accessories are not the goods: a name followed by what it serves
//! ("laptop stand", "solar panel bracket", 笔记本电脑包) or preceded by "for"
//! states nothing.

use super::{words, Article};

/// Accessory nouns that, right after a computer's name, make it what the
/// goods serve.
const COMPUTER_ACCESSORIES: &str = concat!(
    r"accessor\w+|bags?|backpacks?|sleeves?|cases?|covers?|skins?|stickers?|decals?|stands?|",
    r"holders?|mounts?|trays?|desks?|tables?|cooling|coolers?|fans?|pads?|chargers?|adapters?|",
    r"power|batter(?:y|ies)|keyboards?|screens?|lcd|hinges?|motherboards?|mainboards?|locks?|",
    r"docks?|docking|hubs?|cables?|protectors?|parts?|speakers?|carts?|shel(?:f|ves)|risers?",
);

/// What a pillow, cushion or quilt named is not: its cases and covers are
/// bed or furnishing linen (6302, 6304); massage, heated and inflatable
/// ones are apparatus or articles of their material; seat cushions go with
/// the seats; "cushion tyres" are tyres.
const NOT_BEDDING: &str = concat!(
    r"\b(?:pillow ?cases?|pillow ?covers?|pillowcases?|pillow ?shams?|cushion covers?|",
    r"duvet covers?|quilt covers?|covers?|protectors?|slips?|massag\w+|electric|heated|",
    r"inflatable|air|blow[- ]up|toys?|shoes?|insoles?|in-soles?|heel|shells?|pads? for|",
    r"(?:car|vehicle|seat|chair|wheelchair) cushions?|tires?|tyres?)\b",
    r"|枕套|靠垫套|抱枕套|被套|按摩|电热|充气|玩具|坐具|座椅|车用|汽车",
);

/// Where a listing title names its goods: trade names are everyday words,
/// and titles repeat them further on as keywords for what the goods go
/// with.
pub(super) const TITLE_WORDS: usize = 8;

/// The entries of this table, appended to the main one.
pub(super) fn trade_names() -> Vec<Article> {
    vec![
        Article {
            name: words(concat!(
                r"\b(?:laptops?(?: computers?| pcs?)?|notebook (?:computers?|pcs?)|ultrabooks?|",
                r"chromebooks?|macbooks?|(?:android |windows )?tablet (?:computers?|pcs?)|",
                r"android tablets?|ipads?)\b|笔记本电脑|平板电脑|手提电脑",
            )),
            not: {
                let after = format!(
                    r"\b(?:laptops?|notebooks?|ultrabooks?|chromebooks?|macbooks?|tablets?|ipads?)(?: computers?| pcs?)?\s+(?:{COMPUTER_ACCESSORIES})\b"
                );
                words(&format!(
                    r"{after}|\b(?:toys?|learning machines?|educational|stickers?|decals?|decor)\b|(?:笔记本电脑|平板电脑|手提电脑)(?:包|套|支架|散热|充电器|适配器|电池|键盘|屏|主板|贴膜|保护|配件|零件|桌)|儿童|玩具|学习机"
                ))
            },
            keeps: &["847130"],
            stated: "a laptop, notebook or tablet computer",
            excluded: "every code but 8471.30 (portable automatic data processing machines, not more than 10 kg, with at least a central processing unit, a keyboard and a display)",
            terms: &["847130"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:desktop (?:computers?|pcs?)|(?:gaming |office )?(?:pc|computer) towers?|",
                r"all[- ]in[- ]one (?:computers?|pcs?)|mini (?:pcs?|computers?))\b",
                r"|台式电脑|台式机|电脑主机|一体机电脑|迷你主机",
            )),
            not: {
                let after = format!(
                    r"\b(?:desktop (?:computers?|pcs?)|pc towers?|computer towers?|mini pcs?)\s+(?:{COMPUTER_ACCESSORIES}|chassis|monitors?|psu|dust)\b"
                );
                words(&format!(
                    r"{after}|\b(?:toys?|educational)\b|机箱|电脑桌|音箱|电源|显示器|儿童|玩具"
                ))
            },
            // Systems (8471.41/.49) or a processing unit alone (8471.50):
            // what the listing includes decides.
            keeps: &["8471"],
            stated: "a desktop computer",
            excluded: "every heading but 8471 (automatic data processing machines and units thereof)",
            terms: &["8471"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:solar (?:pv )?(?:panels?|modules?)|photovoltaic (?:panels?|modules?)|",
                r"pv (?:panels?|modules?))\b|光伏组件|光伏板|太阳能电池板|太阳能板|太阳能组件",
            )),
            // Panels with an inverter, controller or battery are generators
            // (8501.71/.72) or kits; solar water heaters are 8419.12; lamps,
            // fans and pumps are what the panel powers.
            not: words(concat!(
                r"\b(?:water heaters?|heaters?|thermal|collectors?|hot water|generators?|",
                r"power stations?|inverters?|controllers?|chargers?|lights?|lamps?|fans?|pumps?|",
                r"kits?|systems?|toys?|cars?|batter(?:y|ies))\b",
                r"|\b(?:panels?|modules?)\s+(?:brackets?|mounts?|mounting|racks?|rails?|clamps?|",
                r"cleaning|cleaners?|brushes|covers?|cables?|connectors?|junction)\b",
                r"|热水器|集热|发电机|发电系统|逆变器|控制器|充电器|灯|风扇|水泵|支架|套件|系统|玩具|电池组|蓄电池",
            )),
            keeps: &["854143"],
            stated: "solar panels (photovoltaic modules)",
            excluded: "every code but 8541.43 (photovoltaic cells assembled in modules or made up into panels): not the silicon they are made of, nor generators",
            terms: &["854143", "2804"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:electric|sonic|electronic|rechargeable|ultrasonic|battery[- ]powered)",
                r"(?: \w+)? tooth ?brush(?:es)?\b|电动牙刷|声波牙刷",
            )),
            // The heads are toothbrushes of 9603.21, "including such
            // brushes constituting parts of appliances".
            not: words(concat!(
                r"\btooth ?brush(?:es)?\s+(?:heads?|refills?|holders?|cases?|chargers?|stands?|",
                r"covers?|sterili[sz]ers?|boxes)\b|\breplacement (?:brush )?heads?\b",
                r"|刷头|牙刷架|牙刷盒|收纳|消毒",
            )),
            keeps: &["850980"],
            stated: "an electric toothbrush",
            excluded: "every code but 8509.80 (electro-mechanical domestic appliances with a self-contained electric motor): not the toothbrushes of 9603.21, which take in their replacement heads",
            terms: &["850980", "960321"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:electric (?:\w+ )?(?:tea )?kettles?|cordless kettles?)\b|电热水壶|电水壶"),
            not: words(r"\bkettles?\s+(?:bases?|lids?|filters?|parts?|descal\w+)\b|\bdescal\w+|壶盖|底座|配件"),
            // China puts electric kettles with tea makers (8516.71), the US
            // some under 8516.79.
            keeps: &["851671", "851679"],
            stated: "an electric kettle",
            excluded: "every code but 8516.71 and 8516.79 (electro-thermic domestic appliances): not a kettle of base metal of 7323",
            terms: &["851671", "7323"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:electric|e-|motori[sz]ed) ?(?:kick )?scooters?\b|电动滑板车"),
            // Children's scooters are toys (9503); mobility scooters are
            // carriages for the disabled (8713.90).
            not: words(concat!(
                r"\b(?:kids?|children|child|toddlers?|toys?|mobility|disabled|elderly|handicapped|seniors?)\b",
                r"|\bscooters?\s+(?:parts?|tyres?|tires?|wheels?|batter(?:y|ies)|chargers?|controllers?|",
                r"motors?|brakes?|fenders?|mudguards?|handlebars?|grips?|decks?|lights?|bags?|locks?|",
                r"covers?|mounts?|holders?|accessor\w+)\b|儿童|玩具|老年|残疾|代步车|配件|轮胎|电池|充电器|控制器",
            )),
            keeps: &["871160"],
            stated: "an electric scooter",
            excluded: "every code but 8711.60 (motorcycles and cycles with an electric motor for propulsion)",
            terms: &["871160", "9503"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:back ?packs?|rucksacks?|knapsacks?|daypacks?|school ?bags?)\b|双肩包|背包|书包"),
            // Appliances carried on the back (sprayers 8424.41, vacuum
            // cleaners, blowers), what a backpack is fitted with, and the
            // pins and charms whose listings name the backpack they go on
            // ("Enamel Badge … Jacket Backpack Pin") are not.
            not: words(concat!(
                r"\b(?:sprayers?|vacuums?|blowers?|coolers?|fire extinguishers?|engines?|jet packs?|",
                r"carriers?|chairs?|pins?|badges?|brooch(?:es)?|patch(?:es)?|keychains?|key ?rings?|",
                r"charms?|pendants?|stickers?|decals?)\b|\b(?:back ?packs?|rucksacks?)\s+(?:rain )?(?:covers?|straps?|",
                r"hooks?|hangers?|frames?|clips?|buckles?|parts?|inserts?|organi[sz]ers?)\b",
                r"|喷雾器|吸尘器|吹风机|防雨罩|背带|挂钩|冰包|背包架|徽章|胸针|挂件|挂饰|钥匙扣|贴纸",
            )),
            // The outer surface decides the subheading (4202.91 to .99).
            keeps: &["4202"],
            stated: "a backpack or rucksack",
            excluded: "every heading but 4202 (trunks, bags and similar containers): not the garments or fabrics of its material",
            terms: &["4202"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:(?:dining|coffee|side|end|console|dressing|bedside|night|study|computer|",
                r"office|writing|folding|picnic|patio|kitchen) (?:tables?|desks?)|nightstands?|",
                r"wardrobes?|bookcases?|bookshel(?:f|ves)|sideboards?|dressers?)\b",
                r"|餐桌|茶几|书桌|办公桌|电脑桌|床头柜|衣柜|书柜|书架|梳妆台",
            )),
            // Parts and fittings, what stands on or around a table (餐桌用器皿
            // is tableware), and what
            // goes inside a wardrobe (organisers, hangers) are not the
            // furniture; a desk-top stand is not furniture (Chapter 94 Note 2).
            not: words(concat!(
                r"\b(?:tables? (?:lamps?|cloths?|covers?|runners?|mats?|legs?|tops?|clamps?|saws?|",
                r"tennis|games?|skirts?|decorations?|numbers?|protectors?)|desks? (?:lamps?|mats?|",
                r"pads?|organi[sz]ers?|converters?|risers?|clamps?|legs?|frames?|shel(?:f|ves)|",
                r"fans?|calendars?)|lamps?|tablecloths?|placemats?|toys?|dolls?|miniatures?|",
                r"dollhouses?|models?|stickers?|desktop|desk top|converters?|risers?|monitor|",
                r"organi[sz]ers?|protectors?|mats?|pads?|covers?|storage|hangers?|racks?|hooks?|",
                r"liners?|knobs?|handles?|hinges?|slides?|rails?)\b",
                r"|\b(?:tableware|table ware|kitchenware|for (?:the )?table)\b",
                r"|台灯|桌布|桌垫|桌腿|桌旗|玩具|模型|贴纸|桌面|收纳|整理|挂钩|衣架|拉手|铰链|滑轨",
                r"|器皿|器具|餐具|厨具|(?:餐桌|茶几|书桌|办公桌)(?:用|、|上|及|和)",
            )),
            // Of wood, metal or plastics, for office, kitchen or bedroom:
            // the subheadings of 9403 divide it.
            keeps: &["9403"],
            stated: "a table, desk or cabinet (furniture)",
            excluded: "every heading but 9403 (other furniture): not the wood, tableware or builders' joinery of its material",
            terms: &["9403"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:light ?bulbs?|led bulbs?|halogen bulbs?|incandescent bulbs?|filament bulbs?|",
                r"smart bulbs?|(?:e27|e14|b22|gu10) (?:led )?bulbs?|bulbs? (?:e27|e14|b22|gu10))\b",
                r"|灯泡|球泡灯",
            )),
            // Flower bulbs are plants (0601), flashbulbs photographic
            // (9006.69); holders, fittings and the machines making bulbs are
            // not the lamp.
            not: words(concat!(
                r"\b(?:bulb (?:holders?|sockets?|bases?|covers?|changers?)|lamp holders?|sockets?|",
                r"fixtures?|fittings?|pendants?|chandeliers?|plants?|flowers?|tulips?|planters?|",
                r"flash ?bulbs?|machines?|equipment)\b|灯座|灯头|灯罩|吊灯|种球|闪光灯泡",
                r"|(?:灯泡|球泡灯)\S*(?:机|设备)",
            )),
            // LED lamps 8539.52, filament lamps 8539.2x: the light source
            // named decides.
            keeps: &["8539"],
            stated: "a light bulb (a lamp)",
            excluded: "every heading but 8539 (electric filament or discharge lamps, LED lamps): a bulb is the light source, not a luminaire of 9405",
            terms: &["8539", "9405"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:power ?banks?|external batter(?:y|ies))\b|移动电源|充电宝"),
            not: words(concat!(
                r"\bpower ?banks? (?:cases?|covers?|bags?|pouches?|cables?|shells?|boxes|kits?|",
                r"pcba?|boards?|modules?)\b|\bdiy\b|外壳|收纳|电路板|套件",
            )),
            keeps: &["850760"],
            stated: "a power bank (a lithium-ion battery)",
            excluded: "every code but 8507.60 (lithium-ion accumulators): not a charger of 8504.40 nor a vehicle",
            terms: &["850760", "850440"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:usb (?:flash )?(?:drives?|sticks?|disks?)|flash (?:drives?|disks?)|thumb drives?|",
                r"pen ?drives?|memory sticks?|(?:micro ?sd|sd|tf) (?:memory )?cards?|memory cards?)\b",
                r"|U盘|优盘|闪存盘|内存卡|存储卡|TF卡|SD卡",
            )),
            not: words(r"\b(?:readers?|adapters?|cases?|holders?|boxes|cables?|hubs?)\b|读卡器|卡套|卡托|收纳"),
            keeps: &["852351"],
            stated: "a flash drive or memory card",
            excluded: "every code but 8523.51 (solid-state non-volatile storage devices): not magnetic media of 8523.2",
            terms: &["852351"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\btooth ?pastes?\b|牙膏"),
            not: words(r"\b(?:dispensers?|squeezers?|holders?|tubes? (?:empty|squeezers?))\b|挤牙膏器|牙膏架|牙膏挤"),
            keeps: &["330610"],
            stated: "toothpaste",
            excluded: "every code but 3306.10 (dentifrices)",
            terms: &["330610"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:dumbbells?|kettlebells?|barbells?|weight plates?|yoga mats?|exercise mats?|",
                r"resistance bands?|pull[- ]up bars?|ab rollers?|ab wheels?|skipping ropes?|jump ropes?)\b",
                r"|哑铃|壶铃|杠铃|瑜伽垫|健身垫|弹力带|拉力带|跳绳|健腹轮",
            )),
            not: words(concat!(
                r"\b(?:dumbbells?|kettlebells?|barbells?|mats?|bands?|ropes?)\s+(?:racks?|stands?|",
                r"holders?|bags?|straps?|storage|cleaners?|sprays?)\b|\b(?:towels?|toys?|keychains?|",
                r"key ?rings?|pendants?|charms?)\b|毛巾|收纳|架|挂件|钥匙扣",
            )),
            keeps: &["950691"],
            stated: "equipment for physical exercise",
            excluded: "every code but 9506.91 (articles and equipment for general physical exercise, gymnastics or athletics): not the cast iron, rubber or plastics it is made of",
            terms: &["950691"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:candles?|tea ?lights?)\b|蜡烛"),
            // Electric "candles" are lamps (9405).
            not: words(concat!(
                r"\b(?:candle (?:holders?|sticks?|jars?|lanterns?|warmers?|wicks?|molds?|moulds?|",
                r"making|snuffers?|lamps?)|candlesticks?|holders?|led|electric|electronic|flameless|",
                r"battery|lamps?)\b|烛台|蜡烛杯|电子蜡烛|模具|烛芯|灯",
            )),
            keeps: &["340600"],
            stated: "candles",
            excluded: "every code but 3406.00 (candles, tapers and the like): not the paraffin wax or stearin they are made of",
            terms: &["340600", "2712"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:(?:colou?r(?:ed)? |graphite |wooden |hb |2b )?pencils?|crayons?)\b|铅笔|彩铅|蜡笔"),
            // Mechanical pencils are 9608.40; eyebrow and lip pencils are
            // make-up (3304.20); "a pencil drawing tutorial book" is a book.
            not: words(concat!(
                r"\b(?:pencils? (?:cases?|sharpeners?|holders?|bags?|pouch(?:es)?|boxes|grips?|",
                r"extenders?|skirts?|leads?|cedar|slats?|wood)|mechanical|propelling|eyebrow|eyeliner|",
                r"lip ?liner|lip|",
                r"cosmetic|make-?up|sharpeners?|stylus|apple pencil|books?|tutorials?|drawings?)\b",
                r"|笔袋|笔盒|削笔|卷笔|自动铅笔|活动铅笔|眉笔|眼线|唇|笔芯|书|教程",
            )),
            keeps: &["9609"],
            stated: "pencils or crayons",
            excluded: "every heading but 9609 (pencils, crayons, pastels): not the wood they are cased in",
            terms: &["9609"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:pillows?|cushions?)\b|枕头|靠垫|抱枕"),
            not: words(NOT_BEDDING),
            keeps: &["940490"],
            stated: "a pillow or cushion",
            excluded: "every code but 9404.90 (articles of bedding and similar furnishing, stuffed: pillows and cushions): not mattresses, nor the fibre or fabric they are filled with",
            terms: &["940490"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:duvets?|quilts?|comforters?|eiderdowns?)\b|羽绒被|蚕丝被"),
            not: words(NOT_BEDDING),
            keeps: &["940440"],
            stated: "a quilt, duvet or eiderdown",
            excluded: "every code but 9404.40 (quilts, bedspreads, eiderdowns and duvets): not the fibre or fabric they are filled with",
            terms: &["940440"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:electric(?:al)? (?:cables?|wires?)|power (?:cables?|cords?)|",
                r"insulated (?:copper )?(?:wires?|cables?)|(?:copper|pvc) (?:insulated )?(?:electric )?cables?)\b",
                r"|电缆|电线|电源线",
            )),
            not: words(concat!(
                r"\b(?:cable (?:ties?|clips?|glands?|lugs?|organi[sz]ers?|trays?|reels?|cutters?|",
                r"strippers?|protectors?|sleeves?|management|markers?|tags?|tester)|wire strippers?|",
                r"crimp\w*|winders?|winding|machines?|machinery|waste|scrap)\b",
                r"|扎带|线槽|线卡|剥线|端子|接线端|废|机",
            )),
            // With connectors 8544.42, without 8544.49, winding wire 8544.11:
            // the votes and what is named divide the heading.
            keeps: &["8544"],
            stated: "insulated electric wire or cable",
            excluded: "every heading but 8544 (insulated wire and cable): not the copper wire or stranded wire of chapter 74",
            terms: &["8544", "7413"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:swim(?:ming)? (?:shorts|trunks|briefs|boxers?|bottoms?|tops?|suits?|dress(?:es)?)|",
                r"swimsuits?|swimwear|bathing (?:suits?|trunks)|bikinis?|tankinis?)\b",
                r"|泳衣|泳裤|泳装|比基尼|游泳衣|游泳裤",
            )),
            // Its bag, its cover-up worn over it and a doll's swimsuit are
            // not swimwear; a wetsuit is an article of its rubber or fabric.
            not: words(concat!(
                r"\b(?:bags?|pouch(?:es)?|cover[- ]?ups?|dryers?|hangers?|wetsuits?|dolls?|",
                r"patterns?|fabrics?|pads?|inserts?|caps?|goggles)\b",
                r"|包|袋|罩衫|潜水服|面料|胸垫|泳帽|泳镜",
            )),
            // Swimwear has its own subheadings in both chapters: knitted
            // 6112.31/.39 (men's or boys') and 6112.41/.49 (women's or
            // girls'), not knitted 6211.11/.12; whether it is knitted and
            // whom it is for decide between them (`apparel`), not shorts,
            // briefs or suits of 6103-6108 or 6203-6204.
            keeps: &["61123", "61124", "62111"],
            stated: "swimwear",
            excluded: "every code but swimwear (6112.31, 6112.39, 6112.41, 6112.49, 6211.11, 6211.12): not the shorts, briefs or suits of the other headings",
            terms: &["6112", "6211"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            // 皮带 is how a leather belt is sold, once its leather or wearer
            // is said (alone it is as often a machine's drive belt);
            // China's lines call it a waist belt (腰带) and give 皮带 only to
            // the belt weighers of 8423.20 (皮带秤), which 真皮男士皮带 had
            // drawn at 0.80.
            name: words(concat!(
                r"\b(?:(?:genuine |real |cowhide |full[- ]grain )?leather (?:waist ?)?belts?|belts? (?:of|in) (?:genuine )?leather)\b",
                r"|(?:真皮|牛皮|头层皮|皮革|皮质|男士|女士|男式|女式)\S{0,4}(?:皮带|腰带)|(?:皮带|腰带)\s*(?:男|女)",
            )),
            // Belts of plastics or "PU leather" are of their material, and
            // machine belts, belt weighers, pulleys, buckles and watch
            // straps are other goods.
            not: words(concat!(
                r"\b(?:pu|faux|vegan|artificial|synthetic|imitation|conveyor|transmission|timing|drive|",
                r"v-?belts?|fan|machines?|scales?|weighers?|pulleys?|watch(?:es)?|buckles?|sanders?)\b",
                r"|人造|仿皮|PU|输送|传动|同步|三角带|皮带秤|皮带轮|皮带扣|皮带头|机|秤|表带|车",
            )),
            keeps: &["420330"],
            stated: "a leather belt",
            excluded: "every code but 4203.30 (belts and bandoliers, of leather or of composition leather)",
            terms: &["420330"],
            within_words: Some(TITLE_WORDS),
        },
    ]
}
