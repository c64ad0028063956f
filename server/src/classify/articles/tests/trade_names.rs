//! Trade names: each description names its goods as a shop or a listing
//! does, and none of the accessories, parts or look-alikes sold beside
//! them takes the goods' code.

use super::*;

#[test]
fn everyday_goods_are_known_by_their_trade_names_not_their_accessories() {
    name_each_and_none(
        &[
            ("Laptop computer 14 inch, 16GB RAM, 512GB SSD", "847130"),
            ("笔记本电脑 14英寸 16GB内存", "847130"),
            ("Android tablet 10 inch 64GB", "847130"),
            ("Desktop computer tower PC i5", "8471"),
            (
                "Solar panel 400W monocrystalline with MC4 connectors",
                "854143",
            ),
            ("单晶硅光伏组件 450W", "854143"),
            (
                "Electric toothbrush rechargeable sonic with 4 brush heads",
                "850980",
            ),
            ("电动牙刷 充电式", "850980"),
            ("Electric kettle stainless steel 1.7L", "851671"),
            ("Electric scooter for adults 350W", "871160"),
            ("Backpack polyester waterproof 30L", "4202"),
            ("Wooden dining table, oak", "9403"),
            ("木制餐桌 橡木", "9403"),
            ("Bookcase, 5 shelves, oak", "9403"),
            ("Electric toothbrush, sonic, 5 modes", "850980"),
        ],
        &[
            "Laptop stand aluminium adjustable",
            "Replacement keyboard for laptop",
            "笔记本电脑包 15.6寸",
            "Solar panel mounting brackets",
            "Solar panel kit with inverter and battery",
            "Solar water heater panel",
            "Replacement brush heads for electric toothbrush",
            "Electric toothbrush heads compatible with Philips",
            "Kids electric scooter toy",
            "Electric scooter tyres 10 inch",
            "Backpack sprayer 16L",
            "Backpack rain cover",
            "Table lamp for the bedroom",
            "Dining table cloth",
            "Wardrobe closet organizer hanging shelf",
            "其他玻璃制餐桌、厨房用器皿",
            // Named only among a title's keywords.
            "Vintage Magic Movie Anime Enamel Badge Gothic Metal Brooch Lapel Jacket Backpack",
            "Large Size Office Computer Desk Protector Mat Table Wool Felt Mouse Pad \
             Laptop Cushion",
        ],
    );
}

#[test]
fn lamps_batteries_and_storage_are_known_by_their_trade_names() {
    name_each_and_none(
        &[
            ("LED light bulb E27 9W warm white", "8539"),
            ("LED灯泡 E27 9瓦", "8539"),
            ("Power bank 20000mAh fast charging", "850760"),
            ("移动电源 20000毫安", "850760"),
            ("USB flash drive 64GB metal", "852351"),
            ("U盘 64GB", "852351"),
            ("Whitening toothpaste 120 g", "330610"),
        ],
        &[
            "Tulip bulbs for planting, 20 pcs",
            "E27 bulb holder socket with switch",
            "白炽灯泡、灯管等的封装机",
            "Power bank case DIY 18650 battery box",
            "USB SD card reader 3.0",
            "Toothpaste dispenser wall mounted",
        ],
    );
}

#[test]
fn household_goods_are_known_by_the_names_their_headings_give_them() {
    name_each_and_none(
        &[
            ("Dumbbells cast iron 2 x 10 kg", "950691"),
            ("瑜伽垫 加厚 防滑", "950691"),
            ("Scented candles paraffin wax in glass jar", "340600"),
            ("Wooden pencils HB, 12 pcs", "9609"),
            ("Pillow filled with polyester fibre", "940490"),
            ("Goose down duvet, king size", "940440"),
            ("Copper wire insulated electric cable, 2.5 mm²", "8544"),
        ],
        &[
            "Yoga mat towel non-slip microfibre",
            "Dumbbell rack 3 tier",
            "LED flameless candles with remote",
            "Candle holders glass, set of 3",
            "Mechanical pencil 0.5 mm",
            "Eyebrow pencil waterproof",
            "A pencil drawing tutorial book for children",
            "Pencil slats of cedar",
            "Pillowcases cotton 2 pcs",
            "Inflatable travel pillow",
            "Car seat cushion memory foam",
            "Electric wire coil winding machine",
            "Cable ties nylon 200 pcs",
            "废电线 以回收铜为主",
        ],
    );
}

#[test]
fn appliances_and_household_goods_are_known_by_their_trade_names() {
    name_each_and_none(
        &[
            ("Inkjet printer for home use, WiFi", "8443"),
            ("喷墨打印机 家用", "8443"),
            ("Bluetooth speaker portable waterproof", "8518"),
            ("Webcam USB 1080p for computer", "852589"),
            ("Projector LCD home cinema 1080p", "8528"),
            ("Hair straightener ceramic plates", "851632"),
            ("Air purifier with HEPA filter", "842139"),
            ("Zipper nylon coil, 20 cm", "9607"),
            ("卫生纸 卷纸 10卷", "481810"),
            ("Christmas tree artificial 180 cm", "950510"),
            ("Chess set wooden, folding board", "950490"),
            ("Ski goggles anti-fog", "900490"),
            ("Shower head chrome, high pressure", "848180"),
            ("Car brake discs, front pair", "870830"),
            ("Frozen French fries 2.5 kg", "200410"),
            ("Canned tuna in oil, 185 g", "160414"),
        ],
        &[
            "3D printer PLA filament 1.75 mm",
            "Printer ink cartridges for HP",
            "Smart speaker with Alexa",
            "Speaker wire 16 AWG",
            "Galaxy star projector night light",
            "Velec Android 11 Game Projector Mini Retro Video Game Consoles",
            "Air purifier replacement filter H13",
            "Hoodie with zipper, cotton",
            "Toilet paper holder stainless",
            "Christmas tree lights LED 10 m",
            "Dungeon Mayhem Board games Monster Madness Card game",
            "Chess clock digital",
            "Shower head holder adhesive",
            "Bicycle brake disc rotor 160 mm",
            "French fries cutter stainless",
            "Tuna in oil for cats",
        ],
    );
}

/// Asserts that each description of `named` keeps its code first and that
/// none of `others` keeps any of those codes.
fn name_each_and_none(named: &[(&str, &str)], others: &[&str]) {
    for (description, code) in named {
        assert_eq!(keeps(description), Some(*code), "{description}");
    }
    for other in others {
        let got = keeps(other);
        assert!(
            !named.iter().any(|(_, code)| got == Some(*code)),
            "{other}: {got:?}"
        );
    }
}

/// Asserts that each of `named` keeps `code` first and none of `others`
/// does.
fn names_and_not(code: &str, named: &[&str], others: &[&str]) {
    let named: Vec<(&str, &str)> = named.iter().map(|d| (*d, code)).collect();
    name_each_and_none(&named, others);
}

#[test]
fn swimwear_is_known_by_what_it_is_sold_as() {
    names_and_not(
        "61123",
        &[
            "Men's swim shorts polyester woven",
            "a men's knit swim boxer made of 80% nylon and 20% elastane",
            "Bikini set women, padded",
            "男式针织平角泳裤",
            "连体泳衣 女",
        ],
        &[
            "Swimsuit bag waterproof dry bag",
            "Swimwear fabric nylon spandex 4-way stretch",
            "Bikini cover up beach dress",
            "泳镜 防雾",
            "Barbie doll swimsuit outfit",
            "Men's cotton shorts woven",
        ],
    );
}

#[test]
fn a_leather_belt_is_a_belt_not_a_belt_weigher() {
    names_and_not(
        "420330",
        &[
            "真皮男士皮带",
            "Leather belt for men",
            "牛皮自动扣腰带 男",
            "皮带 男 自动扣",
        ],
        &[
            "电子皮带秤",
            "Conveyor belt rubber",
            "皮带轮 铸铁",
            "PU leather belt women",
            "Leather belt buckle brass",
            "Leather watch belt 20 mm",
            "汽车发动机皮带",
            "汽车皮带",
            "皮带 A型 橡胶",
        ],
    );
}

#[test]
fn a_vehicles_lamps_are_its_lighting_equipment() {
    names_and_not(
        "851220",
        &[
            "Car headlights LED assembly",
            "LED headlight assembly for Toyota Hilux",
            "Truck tail lights 24V",
            "汽车大灯总成 LED",
        ],
        &[
            "Car headlight bulbs H4 LED",
            "Headlamp LED rechargeable for running",
            "Bicycle tail light USB",
            "Car headlight restoration kit",
            "汽车大灯灯泡 H7",
        ],
    );
}

#[test]
fn a_vacuum_flask_is_a_vacuum_vessel_whatever_its_metal() {
    names_and_not(
        "961700",
        &[
            "不锈钢保温杯",
            "Thermos vacuum flask 1 L",
            "Stainless steel vacuum insulated water bottle with lid",
            "保温壶 家用 2升",
        ],
        &[
            "Replacement lids for vacuum flask",
            "Thermos flask glass inner refill",
            "Vacuum sealer machine for food",
            "Vacuum cleaner cordless",
            "保温杯杯套 硅胶",
        ],
    );
}

#[test]
fn razor_blades_chainsaws_and_bicycle_tyres_are_known_by_their_names() {
    names_and_not(
        "821220",
        &[
            "剃须刀片",
            "Razor blades for safety razors",
            "Double edge razor blades 100 pcs",
        ],
        &[
            "Razor blade scraper for glass",
            "Utility knife razor blades",
        ],
    );
    names_and_not(
        "846781",
        &["Chainsaw petrol 52cc", "油锯", "Gas chain saw 20 inch bar"],
        &[
            "Electric chainsaw corded",
            "Chainsaw chain 3/8",
            "Chainsaw sharpener file",
        ],
    );
    names_and_not(
        "846722",
        &[
            "Electric chainsaw corded",
            "Cordless chainsaw 21V brushless",
            "电动链锯",
        ],
        &["Chainsaw petrol 52cc", "Electric chainsaw chains 2 pcs"],
    );
    names_and_not(
        "401150",
        &["Bicycle tyres 700x25C", "自行车外胎", "MTB tire 29 x 2.1"],
        &[
            "Bicycle inner tubes",
            "Bike tyre levers",
            "Bicycle tire repair kit",
            "自行车内胎",
        ],
    );
    names_and_not(
        "401320",
        &["Bicycle inner tubes", "自行车内胎"],
        &["Bicycle tyres 700x25C", "Bicycle inner tube patches"],
    );
}

#[test]
fn medical_goods_glasses_and_consoles_are_known_by_their_names() {
    names_and_not(
        "901890",
        &[
            "Digital blood pressure monitor",
            "电子血压计",
            "Aneroid sphygmomanometer",
        ],
        &["Blood pressure monitor case", "Tire pressure gauge"],
    );
    names_and_not(
        "900490",
        &["老花镜", "Reading glasses +2.0, 3 pairs", "老花眼镜 防蓝光"],
        &["Reading glasses case", "老花镜眼镜盒"],
    );
    names_and_not(
        "950450",
        &[
            "游戏机",
            "Video game console 4K",
            "Handheld game console retro",
        ],
        &["Game console carrying case", "街机 投币", "游戏机充电底座"],
    );
}

#[test]
fn a_lawn_tractor_or_riding_mower_is_a_mower() {
    names_and_not(
        "84331",
        &[
            "John Deere lawn tractors with 42 in. mower deck",
            "Zero-turn mower 54 inch",
            "驾驶式割草机",
        ],
        &[
            "Lawn tractor tires 20x8",
            "Riding mower blades, set of 3",
            "toy lawn tractor",
        ],
    );
}
