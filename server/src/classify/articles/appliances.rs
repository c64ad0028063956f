//! Electrical appliances by the names they are sold under (see
//! `trade_names` for why): printers, loudspeakers, webcams, projectors, hair
//! straighteners and air purifiers, which the nomenclature calls "printing
//! machinery", "loudspeakers, mounted in their enclosures", "television
//! cameras", "video projectors", "hair-dressing apparatus" and "filtering
//! or purifying machinery for gases". Measured before these entries, an
//! inkjet printer had drawn the ink ribbons of 9612.20, a projector the
//! cinematographic projectors of 9007, a ceramic hair straightener ceramic
//! tiles (6907), an air purifier the fans and hoods of 8414; a petrol
//! chainsaw the saw chains of 8202.40, a blood pressure monitor the
//! pressure gauges of 9026.20, 游戏机 the table games of 9504.90.

use super::trade_names::TITLE_WORDS;
use super::{words, Article};

pub(super) fn appliances() -> Vec<Article> {
    vec![
        Article {
            name: words(r"\b(?:(?:inkjet|ink-jet|laser|photo|thermal|label|receipt|colou?r) )?printers?\b|打印机"),
            // 3D printers are additive-manufacturing machines (8485);
            // cartridges, ink and toner are of their own headings; "printers'
            // blankets" belong to the trade.
            not: words(concat!(
                r"\b(?:3d|three[- ]dimensional|cartridges?|ink|inks|toner|ribbons?|paper|rolls?|",
                r"heads?|parts?|stands?|tables?|covers?|cables?|filament|resin|refill|chips?|",
                r"other than printers|blankets?)\b|printers'",
                r"|3D|墨盒|墨水|碳粉|色带|打印纸|打印头|配件|支架|耗材",
            )),
            // Printers able to connect to a computer or network 8443.31/.32.
            keeps: &["8443"],
            stated: "a printer",
            excluded: "every heading but 8443 (printing machinery; other printers, copying machines), not ink ribbons or office machines of 8472",
            terms: &["8443", "8485"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:(?:bluetooth|wireless|portable|bookshelf|computer|pc|ceiling|outdoor|party) speakers?|",
                r"loudspeakers?|subwoofers?|soundbars?|sound bars?)\b|蓝牙音箱|音箱|扬声器|低音炮",
            )),
            // Smart speakers with a voice assistant may be apparatus of 8517;
            // a car's speakers are its parts only by Section XVII Note 2(f).
            not: words(concat!(
                r"\b(?:smart|alexa|echo|speakers? (?:wires?|cables?|stands?|grilles?|covers?|mounts?|",
                r"brackets?|terminals?|jacks?|bags?|cases?|spikes?)|amplifier boards?|toys?)\b",
                r"|智能音箱|音箱支架|音箱线|喇叭网|玩具",
            )),
            keeps: &["8518"],
            stated: "a loudspeaker",
            excluded: "every heading but 8518 (microphones, loudspeakers, headphones, amplifiers): not radio receivers of 8527",
            terms: &["8518"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\bweb ?cams?\b|网络摄像头|电脑摄像头"),
            not: words(r"\b(?:covers?|shutters?|mounts?|stands?|privacy)\b|遮挡|支架"),
            keeps: &["852589"],
            stated: "a webcam",
            excluded: "every code but 8525.89 (television cameras, digital cameras and video camera recorders, other)",
            terms: &["852589"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:(?:video|lcd|led|dlp|home cinema|home theater|portable|mini|4k|1080p) )?projectors?\b|投影仪|投影机"),
            // Star and galaxy "projectors" are lamps; slide and overhead
            // projectors are optical (9008); a game console with a projector
            // is a console (9504.50); screens and mounts are not the
            // projector.
            not: words(concat!(
                r"\b(?:star|galaxy|sky|night lights?|slide|overhead|film|cinematographic|",
                r"projectors? (?:screens?|mounts?|brackets?|lamps?|bulbs?|remotes?|stands?|bags?|cases?)|",
                r"screens?|laser pointers?|headlights?|logo|toys?|games?|consoles?)\b",
                r"|幕布|吊架|星空|灯泡|支架|玩具|游戏",
            )),
            // Monitors and projectors able to connect to a computer 8528.62,
            // other 8528.69.
            keeps: &["8528"],
            stated: "a video projector",
            excluded: "every heading but 8528 (monitors and projectors): not the cinematographic projectors of 9007",
            terms: &["8528", "9007"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\b(?:hair straighteners?|flat irons?|curling (?:irons?|wands?)|hair crimpers?)\b|直发器|卷发棒|直发夹板"),
            not: words(r"\b(?:covers?|pouch(?:es)?|bags?|mats?|holders?|gloves?|clips?)\b|收纳|隔热垫|手套"),
            keeps: &["851632"],
            stated: "a hair straightener or curling iron",
            excluded: "every code but 8516.32 (electro-thermic hair-dressing apparatus, other than dryers): not the ceramics of its plates",
            terms: &["851632"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\bair purifiers?\b|空气净化器"),
            // A replacement filter is a part (8421.99).
            not: words(r"\b(?:replacement|filters? for|filter replacement|parts?)\b|滤网|滤芯|配件"),
            keeps: &["842139"],
            stated: "an air purifier",
            excluded: "every code but 8421.39 (filtering or purifying machinery and apparatus for gases, other): not a fan or hood of 8414",
            terms: &["842139", "8414"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(r"\bchain ?saws?\b|油锯|汽油锯|汽油链锯"),
            // Electric ones are 8467.22; chains and bars are 8202.40 and
            // 8467.91, and protective wear is clothing.
            not: words(concat!(
                r"\b(?:electric|cordless|corded|battery|brushless|\d+ ?v|saw chains?|guide bars?|",
                r"sharpeners?|files?)\b|\bchain ?saws? (?:chains?|blades?|bars?|parts?|oil|helmets?|",
                r"chaps|trousers|gloves|covers?|scabbards?)\b|\bparts? of chain ?saws?\b",
                r"|电动|锂电|充电|锯链|导板|链条",
            )),
            keeps: &["846781"],
            stated: "a chain saw with its own non-electric motor",
            excluded: "every code but 8467.81 (chain saws for working in the hand, with self-contained non-electric motor): not the saw chains of 8202.40",
            terms: &["846781", "820240"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:electric|cordless|corded|battery|brushless)(?: [\w-]+){0,2} chain ?saws?\b",
                r"|\bchain ?saws?\b[^.;]{0,30}\b(?:electric|corded|cordless|battery|\d+ ?v)\b",
                r"|电动链锯|电链锯|锂电链锯|充电链锯|充电式链锯",
            )),
            not: words(concat!(
                r"\bchain ?saws? (?:chains?|blades?|bars?|sharpeners?|files?|parts?|oil|covers?)\b",
                r"|\bbatter(?:y|ies) (?:packs?|only)\b|\bnon-electric\b|\bparts? of chain ?saws?\b",
                r"|锯链|导板|电池包",
            )),
            keeps: &["846722"],
            stated: "an electric chain saw",
            excluded: "every code but 8467.22 (chain saws for working in the hand, with self-contained electric motor): not the saw chains of 8202.40",
            terms: &["846722", "820240"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:blood pressure (?:monitors?|meters?|machines?|gauges?|devices?)|sphygmomanometers?|",
                r"bp monitors?)\b|血压计|血压仪|血压测量仪",
            )),
            not: words(r"\b(?:batteries|adapters?|cases?|bags?|stickers?|stands?)\b|电池|收纳|支架"),
            keeps: &["901890"],
            stated: "a blood pressure monitor (sphygmomanometer)",
            excluded: "every code but 9018.90 (other instruments and appliances used in medical sciences, sphygmomanometers among them): not the pressure gauges of 9026",
            terms: &["901890", "902620"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            name: words(concat!(
                r"\b(?:video game consoles?|game consoles?|gaming consoles?|handheld (?:game )?consoles?)\b",
                r"|游戏机|掌机",
            )),
            // Coin-operated machines are 9504.30.
            not: words(concat!(
                r"\b(?:arcade|coin[- ]operated|cases?|bags?|stands?|skins?|stickers?|chargers?|cables?|",
                r"covers?|screen protectors?|cooling fans?|docks?)\b|街机|投币|包|支架|贴|充电|保护|游戏机线",
            )),
            keeps: &["950450"],
            stated: "a video game console",
            excluded: "every code but 9504.50 (video game consoles and machines, other than those of 9504.30): not the other table games of 9504.90 nor a toy",
            terms: &["950450", "950430"],
            within_words: Some(TITLE_WORDS),
        },
        Article {
            // A lawn tractor, riding or zero-turn mower is built to mow:
            // a mower of 8433.1x whose cutting device turns in a
            // horizontal plane (8433.11) or not (8433.19), not the tractor
            // of 8701 it looks like.
            name: words(concat!(
                r"\b(?:lawn (?:and garden )?tractors?|riding (?:lawn ?)?mowers?|ride-?on (?:lawn ?)?mowers?|",
                r"zero[- ]turn (?:radius )?mowers?)\b|驾驶式割草机|坐骑式割草机|割草车",
            )),
            not: words(concat!(
                r"\b(?:tractors?|mowers?) (?:tires?|tyres?|blades?|belts?|seats?|covers?|parts?|batter(?:y|ies)|",
                r"filters?|keys?|wheels?)\b|toys?|玩具|刀片|配件",
            )),
            keeps: &["84331"],
            stated: "a lawn tractor or riding mower",
            excluded: "every code but 8433.11 and 8433.19 (mowers for lawns, parks or sports-grounds, powered): not a tractor of 8701",
            terms: &["843311", "843319", "8701"],
            within_words: Some(TITLE_WORDS),
        },
    ]
}
