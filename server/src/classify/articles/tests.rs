use super::*;

fn keeps(description: &str) -> Option<&'static str> {
    NamedArticle::stated(description).map(|a| a.article().keeps[0])
}

#[test]
fn the_article_named_keeps_its_subheading() {
    assert_eq!(keeps("PET塑料扑克牌 防水 黑色"), Some("950440"));
    assert_eq!(
        keeps("Game Impact Focalors 4Pcs Laser Cards+1Pcs 3D Cards Photocard HD Printed"),
        Some("491191")
    );
    assert_eq!(keeps("原神 镭射卡 收藏卡 10张"), Some("491191"));
    assert_eq!(keeps("公路车坐垫 PU皮 YP0801101"), Some("871495"));
    assert_eq!(
        keeps("WEST BIKING Road Racing Bike Saddle PU Leather Bicycle Seat"),
        Some("871495")
    );
    assert_eq!(
        keeps("Lightweight Adult Rollator Walker Foldable Aluminum Frame With Seat"),
        Some("902110")
    );
    assert_eq!(keeps("铝合金折叠助行器 带座椅 成人用"), Some("902110"));
    assert_eq!(
        keeps("3PC Delicate Flower Claw Hair Clip Set Stylish Bangs Side Clip For Girls Jewelry"),
        Some("961590")
    );
    assert_eq!(keeps("合金花朵抓夹 3件套 发饰"), Some("961590"));
    assert_eq!(
        keeps(
            "Work Safety Helmet Adjustable Lining Replacement 4 Point Ratchet Hard Hat Suspension"
        ),
        Some("650700")
    );
    assert_eq!(keeps("安全帽内衬 四点式 ABS+布 可调"), Some("650700"));
    assert_eq!(
        keeps("Pu Sports Breathable Pes Cavus Support Arch Correction Running Flat Foot Insole"),
        Some("640690")
    );
    assert_eq!(keeps("PU足弓矫正鞋垫"), Some("640690"));
    assert_eq!(keeps("尼龙LED发光狗胸背带 CW005"), Some("420100"));
    assert_eq!(
        keeps("CW005 Nylon LED Dog Harness Pet Cat Dog Collar Harness Vest"),
        Some("420100")
    );
    assert_eq!(keeps("涤纶法兰绒盖毯 定制照片印花"), Some("6301"));
    assert_eq!(
        keeps("Custom Flannel Throw Blanket Personalized Photo Fleece Blankets Sofa"),
        Some("6301")
    );
    assert_eq!(keeps("金属花园工具房 5x3英尺 带窗 双门可锁"), Some("9406"));
    assert_eq!(
        keeps("5x3 FT Metal Outdoor Garden Storage Shed Waterproof with Window"),
        Some("9406")
    );
    assert_eq!(
        keeps("男式美利奴羊毛打底衫，100%羊毛，针织长袖保暖"),
        Some("6109")
    );
    assert_eq!(
        keeps("100% Merino Wool Thermal Underwear Men Merino Wool Base Layer Shirt 240G"),
        Some("6109")
    );
    assert_eq!(
        keeps("手工钉珠立体刺绣花朵布贴 11x20cm 缝制款"),
        Some("5810")
    );
    assert_eq!(
        keeps("V8 Wireless Bluetooth Earphone with HD Mic Stereo Business Handsfree Headset"),
        Some("851830")
    );
    assert_eq!(
        keeps("For Beats Solo 2 3 Wireless Headset Ultra-soft Cover Replacement Ear pads Cushion"),
        Some("851890")
    );
    assert_eq!(
        keeps("Nailpop Matte False Soft Nail Tips No Buffing Needed Nail Extensions 240"),
        Some("392690")
    );
    assert_eq!(keeps("亚克力甲片 免打磨 240片/盒"), Some("392690"));
    assert_eq!(
        keeps("9x6mm Oval Natural Stone Pink Jade Chalcedony Beads Loose Beads for Jewelry Making"),
        Some("7103")
    );
    assert_eq!(keeps("天然粉色玉髓 椭圆散珠 9x6mm DIY用"), Some("7103"));
    assert_eq!(
        keeps("Extra Large Super Soft Non-Slip Yoga Mat Towel - Absorbs Sweat"),
        Some("6302")
    );
    assert_eq!(keeps("纯棉毛圈浴巾毛巾套装 刺绣 酒店用"), Some("6302"));
    // Of two articles named, the first.
    assert_eq!(
        keeps("Towel set with embroidered patch, cotton"),
        Some("6302")
    );
    assert_eq!(keeps("Towel and brush set, bamboo"), Some("6302"));
    assert_eq!(
        keeps("10CM 20CM XT30 Male to Female Plug Extension Cable Lead Silicone Wire 18AWG"),
        Some("854442")
    );
    assert_eq!(
        keeps("UGREEN DisplayPort Cable 8K DP 1.4 Adapter for TV"),
        Some("854442")
    );
    assert_eq!(
        keeps("SIMJACK UT Pedals Sim Racing Pedals PC Racing Simulator Load Cell"),
        Some("950450")
    );
    assert_eq!(
        keeps("QIANLI iBrush Straight Handle Steel Brush/Brush Clean the Motherboard BGA"),
        Some("9603")
    );
    assert_eq!(
        keeps("2025 New Edition Ishihara Book 38 Plates Optometry Color Blindness Test Book"),
        Some("49")
    );
    assert_eq!(
        keeps("Shaolin Secret Stunt Series Taiji Wushu Qigong Sports Fitness Kungfu Books"),
        Some("49")
    );
    assert_eq!(
        keeps("collagen, a dry powdered white fibrous protein (highly purified)"),
        Some("350400")
    );
    assert_eq!(keeps("高纯胶原蛋白，白色纤维状干粉"), Some("350400"));
    assert_eq!(
        keeps("DNA polymerase sets and pre-mixtures used for in-vitro scientific research"),
        Some("3507")
    );
    assert_eq!(
        keeps("Soundlink 100cm PVC Tubing Tube for IEMs BTE Hearing Aid Earmolds"),
        Some("3917")
    );
    assert_eq!(
        keeps("a 2 Ton Lift Kit consisting of a trolley jack, jack stands, wheel chocks"),
        Some("842542")
    );
    assert_eq!(
        keeps("2吨卧式千斤顶套装（含千斤顶支架、轮挡、收纳袋）"),
        Some("842542")
    );
    assert_eq!(
        keeps("a chrome-plated, zinc alloy, pistol grip style hose nozzle"),
        Some("848180")
    );
    assert_eq!(
        keeps("Small Power Mini Plastic Fan Blade 4/6 Leaves For Hairdryer Motor"),
        Some("841490")
    );
    assert_eq!(
        keeps("Hand-Nailed Beads Large Embroidery Flower Patch For Clothing Shoes"),
        Some("5810")
    );
}

#[test]
fn what_only_goes_with_the_article_states_nothing() {
    for d in [
        "Pokemon TCG Booster Box, 36 packs of collectible cards",
        "Photocard holder, PVC sleeves, 50 pcs",
        "Automatic playing card shuffler, battery operated",
        "Bike seat cover, gel, waterproof",
        "Child bike seat, rear mounted",
        "Baby walker with music panel",
        "Hair clipper, cordless, 5 combs",
        "Clip in hair extensions, 20 inch, human hair",
        "Motorcycle helmet liner, washable",
        "Heated insoles, rechargeable, 3 levels",
        "Leather boots with removable insole",
        "Leather horse saddle, western",
        "Flea and tick collar for dogs, 8 months",
        "GPS tracker dog collar, waterproof",
        "Electric blanket, double, 2 controls",
        "Wearable blanket hoodie, sherpa",
        "Ceramic fiber insulation blanket 1260C",
        "Shed base kit, 8x6 ft, plastic grid",
        "Thermal underwear set, top and pants",
        "Computerized embroidery machine, 12 needles",
        "Hooks for blankets and towels, chrome",
        "silicone soft earphone case for apple airpods pro",
        "Headphone stand, aluminium, with USB hub",
        "Nail tips glue, 10 g, strong",
        "Poly gel nail extension kit with UV lamp",
        "Foam earplugs for sleeping, 20 pairs",
        "Rubber jack pad adapter for trolley jack",
        "Pressure washer hose nozzle set, 5 tips",
        "LED book light, clip on, rechargeable",
        "Felt quiet book for toddlers, Montessori",
        "Collagen face mask, 10 sheets",
        "Marine collagen capsules, 120 count",
        "Enzyme drain cleaner, 1 L",
        "Digestive enzymes supplement, 90 capsules",
        "Empty cosmetic squeeze tubes, PE, 100 ml",
        "PVC pipe cutter, ratchet, 42 mm",
        "Fiber optic patch cable LC-LC 3 m",
        "Cable ties nylon 200 pcs",
        "PS5 controller charging stand",
        "a Brush Thinner used to clear out brush and limbs",
        "Pen Holder Brush Pen Storage Rack Make-up Brush Organizer",
        "Brushless DC motor 2204",
        "Natural Freshwater Pearls Rice Loose Spacer Beads",
        "Glass crystal loose beads 6 mm, 100 pcs",
        "Natural agate bead bracelet, 8 mm",
        "Paper towels, 2-ply, 12 rolls",
        "Heated towel rail, chrome, 500 W",
        "Towel rack wall mounted, stainless steel",
    ] {
        assert_eq!(NamedArticle::stated(d), None, "{d}");
    }
}

#[test]
fn every_code_but_the_articles_is_ruled_out() {
    let clip = NamedArticle::stated("claw hair clip, acetate").expect("a hair clip");
    assert!(clip.excludes("711719") && clip.excludes("961519") && clip.excludes("6505"));
    assert!(!clip.excludes("961590") && !clip.excludes("711319") && !clip.excludes("96"));
    assert_eq!(clip.sibling("711719").as_deref(), Some("961590"));
    assert_eq!(clip.sibling("961590"), None);
    let cards = NamedArticle::stated("playing cards, plastic").expect("playing cards");
    assert_eq!(cards.sibling("640192").as_deref(), Some("950440"));
    let blanket = NamedArticle::stated("Flannel throw blanket").expect("a blanket");
    assert!(blanket.excludes("590110") && !blanket.excludes("630140"));
    assert_eq!(
        blanket.sibling("590110"),
        None,
        "a heading kept moves nothing"
    );
}

#[test]
fn everyday_goods_are_known_by_their_trade_names() {
    assert_eq!(
        keeps("Laptop computer 14 inch, 16GB RAM, 512GB SSD"),
        Some("847130")
    );
    assert_eq!(keeps("笔记本电脑 14英寸 16GB内存"), Some("847130"));
    assert_eq!(keeps("Android tablet 10 inch 64GB"), Some("847130"));
    assert_eq!(keeps("Desktop computer tower PC i5"), Some("8471"));
    assert_eq!(
        keeps("Solar panel 400W monocrystalline with MC4 connectors"),
        Some("854143")
    );
    assert_eq!(keeps("单晶硅光伏组件 450W"), Some("854143"));
    assert_eq!(
        keeps("Electric toothbrush rechargeable sonic with 4 brush heads"),
        Some("850980")
    );
    assert_eq!(keeps("电动牙刷 充电式"), Some("850980"));
    assert_eq!(
        keeps("Electric kettle stainless steel 1.7L"),
        Some("851671")
    );
    assert_eq!(keeps("Electric scooter for adults 350W"), Some("871160"));
    assert_eq!(keeps("Backpack polyester waterproof 30L"), Some("4202"));
    assert_eq!(keeps("Wooden dining table, oak"), Some("9403"));
    assert_eq!(keeps("木制餐桌 橡木"), Some("9403"));
    // Not a book (chapter 49) nor a brush of 9603.
    assert_eq!(keeps("Bookcase, 5 shelves, oak"), Some("9403"));
    assert_eq!(keeps("Electric toothbrush, sonic, 5 modes"), Some("850980"));
}

#[test]
fn accessories_and_keywords_are_not_the_goods_a_trade_name_names() {
    for accessory in [
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
        "Large Size Office Computer Desk Protector Mat Table Wool Felt Mouse Pad Laptop Cushion",
    ] {
        let got = keeps(accessory);
        assert!(
            !matches!(
                got,
                Some(
                    "847130" | "8471" | "854143" | "850980" | "851671" | "871160" | "4202" | "9403"
                )
            ),
            "{accessory}: {got:?}"
        );
    }
}

#[test]
fn lamps_batteries_and_storage_are_known_by_their_trade_names() {
    assert_eq!(keeps("LED light bulb E27 9W warm white"), Some("8539"));
    assert_eq!(keeps("LED灯泡 E27 9瓦"), Some("8539"));
    assert_eq!(keeps("Power bank 20000mAh fast charging"), Some("850760"));
    assert_eq!(keeps("移动电源 20000毫安"), Some("850760"));
    assert_eq!(keeps("USB flash drive 64GB metal"), Some("852351"));
    assert_eq!(keeps("U盘 64GB"), Some("852351"));
    assert_eq!(keeps("Whitening toothpaste 120 g"), Some("330610"));
    for other in [
        "Tulip bulbs for planting, 20 pcs",
        "E27 bulb holder socket with switch",
        "白炽灯泡、灯管等的封装机",
        "Power bank case DIY 18650 battery box",
        "USB SD card reader 3.0",
        "Toothpaste dispenser wall mounted",
    ] {
        let got = keeps(other);
        assert!(
            !matches!(got, Some("8539" | "850760" | "852351" | "330610")),
            "{other}: {got:?}"
        );
    }
}

#[test]
fn household_goods_are_known_by_the_names_their_headings_give_them() {
    assert_eq!(keeps("Dumbbells cast iron 2 x 10 kg"), Some("950691"));
    assert_eq!(keeps("瑜伽垫 加厚 防滑"), Some("950691"));
    assert_eq!(
        keeps("Scented candles paraffin wax in glass jar"),
        Some("340600")
    );
    assert_eq!(keeps("Wooden pencils HB, 12 pcs"), Some("9609"));
    assert_eq!(keeps("Pillow filled with polyester fibre"), Some("940490"));
    assert_eq!(keeps("Goose down duvet, king size"), Some("940440"));
    assert_eq!(
        keeps("Copper wire insulated electric cable, 2.5 mm²"),
        Some("8544")
    );
    for other in [
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
    ] {
        let got = keeps(other);
        assert!(
            !matches!(
                got,
                Some("950691" | "340600" | "9609" | "940490" | "940440" | "8544")
            ),
            "{other}: {got:?}"
        );
    }
}

#[test]
fn appliances_and_household_goods_are_known_by_their_trade_names() {
    for (description, code) in [
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
    ] {
        assert_eq!(keeps(description), Some(code), "{description}");
    }
    for other in [
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
    ] {
        let got = keeps(other);
        assert!(
            !matches!(
                got,
                Some(
                    "8443"
                        | "8518"
                        | "852589"
                        | "8528"
                        | "842139"
                        | "9607"
                        | "481810"
                        | "950510"
                        | "950490"
                        | "848180"
                        | "870830"
                        | "200410"
                        | "160414"
                )
            ),
            "{other}: {got:?}"
        );
    }
}

/// Asserts that each of `named` keeps `code` first and none of `others`
/// does.
fn names_and_not(code: &str, named: &[&str], others: &[&str]) {
    for description in named {
        assert_eq!(keeps(description), Some(code), "{description}");
    }
    for other in others {
        assert_ne!(keeps(other), Some(code), "{other}");
    }
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
