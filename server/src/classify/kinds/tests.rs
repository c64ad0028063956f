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
    assert_eq!(s("单筒望远镜目镜 25mm"), None, "an eyepiece of a monocular");
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
    assert_eq!(s("手摇刨冰机 家用迷你 193F"), Some(HandOperated));
    assert_eq!(
        s("Household Mini Ice Shavers Crusher Handheld Snow Manual Crushing Ice Machine"),
        Some(HandOperated)
    );
    assert_eq!(s("Electric ice shaver with manual mode, 300W"), None);
    assert_eq!(s("Handheld milk frother, battery"), None);
    assert_eq!(
        s("Coffee grinder, stainless burr, user manual included"),
        None
    );
    assert_eq!(
        s("Fenge Dual Monitor Stand, Monitor Stands Riser for 2 monitors, 42.5 Inch Wood Desk Shelf"),
        Some(Desktop)
    );
    assert_eq!(s("木质双显示器增高架 宽42.5寸 带收纳格"), Some(Desktop));
    assert_eq!(s("Gaming desk with monitor stand, 140 cm"), None);
    assert_eq!(s("pumpkin carving sets from Indonesia"), Some(ToolSet));
    assert_eq!(s("a 126 pc. Auto Maintenance Kit"), Some(ToolSet));
    assert_eq!(s("Sourdough starter kit, flour and jar"), Some(Kit));
}

#[test]
fn the_named_subheading_takes_what_its_siblings_were_found() {
    assert!(SprayGun.excludes("842449") && !SprayGun.excludes("842490"));
    assert_eq!(SprayGun.sibling("842441").as_deref(), Some("842420"));
    assert_eq!(Processor.sibling("854239").as_deref(), Some("854231"));
    assert!(Drinkware.excludes("3923") && Drinkware.excludes("392330"));
    assert_eq!(Drinkware.sibling("392330").as_deref(), Some("392410"));
    assert!(Drinkware.excludes("821599") && Drinkware.sibling("821599").is_none());
    assert!(!Drinkware.excludes("732393") && !Drinkware.excludes("392410"));
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
    assert_eq!(HandOperated.sibling("841869").as_deref(), Some("821000"));
    assert!(HandOperated.excludes("850940") && !HandOperated.excludes("821000"));
    assert!(Desktop.excludes("940320") && !Desktop.excludes("442199"));
    assert!(
        ToolSet.excludes("070993") && ToolSet.excludes("870323") && !ToolSet.excludes("821520")
    );
    assert!(Desktop.sibling("940360").is_none());
}

#[test]
fn a_supplement_in_doses_is_not_a_compound_of_chapters_28_and_29() {
    for d in [
        "Vitamin C tablets dietary supplement",
        "维生素C片 100片",
        "Omega-3 fish oil softgels, 120 count",
    ] {
        let kind = NamedKind::stated(d);
        assert_eq!(kind, Some(NamedKind::DosedSupplement), "{d}");
        assert!(kind
            .is_some_and(|k| k.excludes("293627") && k.excludes("2827") && !k.excludes("210690")));
    }
    for d in [
        "Ascorbic acid (vitamin C) powder, 25 kg drums",
        "Trichloroisocyanuric acid tablets for swimming pools",
        "Android tablet 10 inch",
    ] {
        assert_ne!(
            NamedKind::stated(d),
            Some(NamedKind::DosedSupplement),
            "{d}"
        );
    }
}
