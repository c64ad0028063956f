use super::*;

mod trade_names;

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
