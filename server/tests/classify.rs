//! The classifier's retrieval stage on an index of the real nomenclature
//! files (lexical candidates only: dense candidates need the full index).

mod common;

use common::{copy_bundle_files, ConstantEmbedder, NOMENCLATURES};
use portolan_corpus::bundle::reference_root as data_dir;

use portolan_corpus::Bundle;
use portolan_retrieval::{indexer, IndexRoot, Searcher};
use portolan_server::classify::{
    Citation, Classifier, ClassifyRequest, Explainer, LabelledExamples, NationalLines,
};

/// A classifier over an index of the real nomenclature files and notes,
/// lexical candidates only, with the folders that hold it.
fn lexical_classifier() -> ([tempfile::TempDir; 2], Bundle, Classifier) {
    let data = tempfile::tempdir().unwrap();
    copy_bundle_files(data.path(), &NOMENCLATURES);
    // The notes and rules a rationale or a ruled-out code cites.
    copy_bundle_files(data.path(), &["hs/section-chapter-notes.md", "hs/gri.md"]);
    let home = tempfile::tempdir().unwrap();
    let root = IndexRoot::new(home.path());
    let bundle = Bundle::open(data.path()).unwrap();
    indexer::build(&root, &bundle, &ConstantEmbedder, "constant").unwrap();
    let classifier = Classifier::new(
        Searcher::open(&root, None).unwrap(),
        &bundle,
        false,
        LabelledExamples::empty(),
    )
    .unwrap();
    ([data, home], bundle, classifier)
}

/// The codes of the first ten candidates (headings and subheadings).
fn codes(classifier: &Classifier, description: &str, attributes: serde_json::Value) -> Vec<String> {
    let req = ClassifyRequest {
        description: description.into(),
        attributes: attributes.as_object().cloned(),
        ..Default::default()
    };
    let result = classifier.classify(&req, 10).unwrap();
    result.candidates.into_iter().map(|c| c.code).collect()
}

/// The four-digit headings of the first ten candidates.
fn headings(
    classifier: &Classifier,
    description: &str,
    attributes: serde_json::Value,
) -> Vec<String> {
    codes(classifier, description, attributes)
        .into_iter()
        .map(|c| c[..4].to_string())
        .collect()
}

#[test]
fn candidates_are_real_codes_ranked_with_shares() {
    let (_dirs, bundle, classifier) = lexical_classifier();
    let hs6: std::collections::HashSet<String> = bundle
        .load_document("hs/hs2022.csv")
        .unwrap()
        .into_iter()
        .map(|c| c.locator.replace('.', ""))
        .collect();

    let ask = |d: &str| {
        classifier
            .classify(
                &ClassifyRequest {
                    description: d.into(),
                    ..Default::default()
                },
                5,
            )
            .unwrap()
    };
    let shrimp = ask("frozen shrimps and prawns, in shell");
    assert!(
        shrimp
            .candidates
            .iter()
            .any(|c| c.code == "030617" || c.code == "030616" || c.code == "0306"),
        "{shrimp:?}"
    );
    let zh = ask("冻虾仁");
    assert!(
        zh.candidates.iter().any(|c| c.code.starts_with("0306")),
        "{zh:?}"
    );
    for result in [
        &shrimp,
        &zh,
        &ask("laptop computer, portable, weighing under 10 kg"),
    ] {
        assert!(!result.candidates.is_empty() && result.candidates.len() <= 5);
        for c in &result.candidates {
            assert!(hs6.contains(&c.code), "{} is not an HS 2022 code", c.code);
            assert!((0.0..=1.0).contains(&c.confidence));
            assert_eq!(c.code.len(), c.level as usize);
        }
        let sixes: Vec<f32> = result
            .candidates
            .iter()
            .filter(|c| c.level == 6)
            .map(|c| c.confidence)
            .collect();
        assert!(
            sixes.windows(2).all(|w| w[0] >= w[1]),
            "not best first: {sixes:?}"
        );
    }
    // A description naming no goods: no code is likely enough to assert,
    // and the answer says so.
    let vague = ask("spare parts");
    let first = &vague.candidates[0];
    assert!(vague.abstained, "{vague:?}");
    assert!(
        first.level == 4 || first.confidence < 0.25,
        "an unsure answer leads with its heading or a low-confidence guess: {vague:?}"
    );
    let sure = ask("frozen shrimps and prawns, in shell");
    assert_eq!(
        sure.abstained,
        sure.candidates[0].confidence < 0.25,
        "{sure:?}"
    );
    assert!(
        classifier.classify(&ClassifyRequest::default(), 5).is_err(),
        "empty description"
    );
}

#[test]
fn apparel_keeps_to_the_chapter_and_headings_its_description_states() {
    let (_dirs, _, classifier) = lexical_classifier();
    let chapters = |description: &str, attributes: serde_json::Value| {
        headings(&classifier, description, attributes)
            .into_iter()
            .map(|h| h[..2].to_string())
            .collect::<Vec<_>>()
    };
    let none = serde_json::Value::Null;
    // Unstated, the words of the goods match both mirrored chapters.
    let either = chapters("men's shorts of cotton", none.clone());
    assert!(
        either.iter().any(|c| c == "61") && either.iter().any(|c| c == "62"),
        "{either:?}"
    );
    let knitted = chapters("men's knit shorts of cotton", none.clone());
    assert!(
        knitted.iter().any(|c| c == "61") && !knitted.iter().any(|c| c == "62"),
        "{knitted:?}"
    );
    // Nor in a heading for women or girls (6104 suits, 6108 underwear…).
    let mens = headings(
        &classifier,
        "男式针织短裤 涤50%棉50%",
        serde_json::Value::Null,
    );
    assert!(
        mens.iter().any(|h| h == "6103")
            && !mens
                .iter()
                .any(|h| ["6102", "6104", "6106", "6108"].contains(&h.as_str())),
        "{mens:?}"
    );
    // A listing's attribute states it as well as the description.
    let listed = chapters(
        "men's shorts of cotton",
        serde_json::json!({"Craft of Weaving": "Knit"}),
    );
    assert!(!listed.iter().any(|c| c == "62"), "{listed:?}");
    // The marketplace's "Tat" is its word for 梭织, woven.
    let tat = chapters(
        "men's shorts of cotton",
        serde_json::json!({"Craft of Weaving": "Tat"}),
    );
    assert!(
        tat.iter().any(|c| c == "62") && !tat.iter().any(|c| c == "61"),
        "{tat:?}"
    );
    let woven = chapters("男式棉制梭织短裤", none);
    assert!(
        woven.iter().any(|c| c == "62") && !woven.iter().any(|c| c == "61"),
        "{woven:?}"
    );
}

#[test]
fn a_stated_composition_keeps_to_the_subheadings_of_its_predominant_fibre() {
    let (_dirs, _, classifier) = lexical_classifier();
    let subheadings = |description: &str| {
        codes(&classifier, description, serde_json::Value::Null)
            .into_iter()
            .filter(|c| c.len() == 6)
            .collect::<Vec<_>>()
    };
    // Unstated, the jerseys of each fibre are found alike.
    let any = subheadings("men's knitted pullover");
    assert!(
        any.iter().filter(|c| c.starts_with("6110")).count() > 1,
        "{any:?}"
    );
    let polyester = subheadings("men's knitted pullover, 100% polyester");
    assert!(polyester.contains(&"611030".to_string()), "{polyester:?}");
    assert!(
        !polyester
            .iter()
            .any(|c| ["611020", "611011", "611090"].contains(&c.as_str())),
        "{polyester:?}"
    );
    // 50% each: the fibre whose chapter comes last (55 after 52) decides.
    let blend = subheadings("men's knitted shorts, 50% cotton 50% polyester");
    assert!(
        !blend.contains(&"610342".to_string()) && blend.contains(&"610343".to_string()),
        "{blend:?}"
    );
}

#[test]
fn a_stated_outer_surface_keeps_a_bag_to_the_subheadings_of_its_material() {
    let (_dirs, _, classifier) = lexical_classifier();
    let bags = |description: &str, material: &str| {
        let attributes = serde_json::json!({ "Main Material": material });
        codes(&classifier, description, attributes)
            .into_iter()
            .filter(|c| c.starts_with("4202") && c.len() == 6)
            .collect::<Vec<_>>()
    };
    let handbag = "women's shoulder handbag with zip";
    let leather = bags(handbag, "Genuine Leather");
    assert!(
        leather.contains(&"420221".to_string()) && !leather.contains(&"420222".to_string()),
        "{leather:?}"
    );
    let polyester = bags(handbag, "POLYESTER");
    assert!(
        polyester.contains(&"420222".to_string()) && !polyester.contains(&"420221".to_string()),
        "{polyester:?}"
    );
    // A backpack of the same words keeps to the heading's other containers,
    // the share of a leather handbag moving across both digits.
    let backpack = bags("women's backpack handbag with zip", "POLYESTER");
    assert_eq!(backpack, ["420292"], "{backpack:?}");
    // A bag that is carried is not a sack for packing goods (6305), however
    // much its jute draws the sacks.
    let jute = codes(
        &classifier,
        "shoulder bag made of jute sacking",
        serde_json::Value::Null,
    );
    assert!(
        jute.first().is_some_and(|c| c == "420222") && !jute.iter().any(|c| c.starts_with("6305")),
        "{jute:?}"
    );
}

#[test]
fn a_stated_upper_and_style_keep_footwear_to_their_headings_and_subheadings() {
    let (_dirs, _, classifier) = lexical_classifier();
    let footwear = |description: &str, attributes: serde_json::Value| {
        headings(&classifier, description, attributes)
            .into_iter()
            .filter(|h| ("6401".."6406").contains(&h.as_str()))
            .collect::<Vec<_>>()
    };
    let none = serde_json::Value::Null;
    // Unstated, a boot matches the boots of every heading.
    let any = footwear("women's ankle boots", none.clone());
    assert!(
        any.iter().collect::<std::collections::HashSet<_>>().len() > 1,
        "{any:?}"
    );
    let pu = footwear(
        "women's ankle boots",
        serde_json::json!({"Upper Material": "PU"}),
    );
    assert!(
        !pu.is_empty() && pu.iter().all(|h| h == "6401" || h == "6402"),
        "{pu:?}"
    );
    let canvas = footwear("women's ankle boots with canvas uppers", none);
    assert!(
        !canvas.is_empty() && canvas.iter().all(|h| h == "6404" || h == "6405"),
        "{canvas:?}"
    );
    // A boot is not sports footwear (6404.11) and covers the ankle; a
    // trainer is sports footwear.
    let boots = codes(
        &classifier,
        "women's ankle boots with canvas uppers",
        serde_json::Value::Null,
    );
    assert!(
        boots.contains(&"640419".to_string()) && !boots.contains(&"640411".to_string()),
        "{boots:?}"
    );
    let trainers = codes(
        &classifier,
        "men's basketball shoes with canvas uppers",
        serde_json::Value::Null,
    );
    assert!(
        trainers.contains(&"640411".to_string()) && !trainers.contains(&"640419".to_string()),
        "{trainers:?}"
    );
}

#[test]
fn a_stated_material_keeps_goods_to_the_codes_of_that_material() {
    let (_dirs, bundle, classifier) = lexical_classifier();
    let straps = |material: &str| {
        let attributes = serde_json::json!({ "Material": material });
        codes(
            &classifier,
            "22mm watch strap with quick release pins",
            attributes,
        )
        .into_iter()
        .filter(|c| c.starts_with("9113") && c.len() == 6)
        .collect::<Vec<_>>()
    };
    let any = straps("Leather, Canvas");
    assert!(any.len() > 1, "unstated, every strap matches: {any:?}");
    let silicone = straps("Silicone");
    assert_eq!(silicone, ["911390"], "a silicone strap is not of metal");
    let steel = straps("Stainless Steel");
    assert!(
        steel.contains(&"911320".to_string()) && !steel.contains(&"911390".to_string()),
        "{steel:?}"
    );
    // Tableware of plastics is not kitchenware of steel, glass or porcelain.
    let cup = ClassifyRequest {
        description: "children's drinking cup with lid, 500 ml, tableware".into(),
        attributes: serde_json::json!({ "Material": "PP" }).as_object().cloned(),
        ..Default::default()
    };
    let result = classifier.classify(&cup, 10).unwrap();
    let chapters: Vec<&str> = result.candidates.iter().map(|c| &c.code[..2]).collect();
    assert!(
        chapters.contains(&"39")
            && !chapters
                .iter()
                .any(|c| ["69", "70", "73", "76"].contains(c)),
        "{chapters:?}"
    );
    let reason = result
        .ruled_out
        .iter()
        .find(|r| r.stated == "made of plastics")
        .unwrap_or_else(|| panic!("{:?}", result.ruled_out));
    let locators: Vec<&str> = reason
        .citations
        .iter()
        .map(|c| c.locator.as_str())
        .collect();
    assert_eq!(locators, ["Rule 1", "Rule 6"]);
    for c in &reason.citations {
        assert_quoted(&bundle, c);
    }
}

#[test]
fn jewellery_is_placed_by_its_metal_and_stones() {
    let (_dirs, _, classifier) = lexical_classifier();
    let jewellery = |description: &str, attributes: serde_json::Value| {
        codes(&classifier, description, attributes)
            .into_iter()
            .filter(|c| c.starts_with("71") && c.len() == 6)
            .collect::<Vec<_>>()
    };
    // A listing's "Metal" is named by its "Metals Type": base metal, so
    // imitation jewellery of base metal (7117.1x), not of precious metal
    // nor 7117.90 (of other materials).
    let brooch = jewellery(
        "Enamel brooch pin, cartoon, jewelry",
        serde_json::json!({ "Material": "Metal", "Metals Type": "Zinc Alloy" }),
    );
    assert!(
        brooch.iter().any(|c| c.starts_with("71171"))
            && !brooch
                .iter()
                .any(|c| c == "711790" || c.starts_with("7113")),
        "{brooch:?}"
    );
    // A hallmark states the precious metal: silver is 7113.11, gold 7113.19,
    // and neither is imitation jewellery.
    let silver = jewellery(
        "925 sterling silver jewellery, necklace",
        serde_json::Value::Null,
    );
    assert!(
        silver.contains(&"711311".to_string())
            && !silver
                .iter()
                .any(|c| c.starts_with("7117") || c == "711319"),
        "{silver:?}"
    );
    let gold = jewellery(
        "18K gold jewellery, earrings AU750",
        serde_json::Value::Null,
    );
    assert!(
        gold.contains(&"711319".to_string())
            && !gold.iter().any(|c| c.starts_with("7117") || c == "711311"),
        "{gold:?}"
    );
    // A bracelet is a watch bracelet (9113) only when a watch is named.
    let steel = serde_json::json!({ "Material": "Metal", "Metals Type": "Stainless Steel" });
    let bracelet = codes(&classifier, "Bracelet, jewelry", serde_json::Value::Null);
    assert!(
        bracelet.iter().any(|c| c.starts_with("7117"))
            && !bracelet.iter().any(|c| c.starts_with("91")),
        "{bracelet:?}"
    );
    let band = codes(&classifier, "Watch bracelet, 20 mm", steel);
    assert!(band.contains(&"911320".to_string()), "{band:?}");
    // Set with synthetic stones, it is not imitation jewellery (Chapter 71
    // Note 11).
    let cz = jewellery(
        "Bracelet with cubic zirconia, jewelry",
        serde_json::Value::Null,
    );
    assert!(
        !cz.is_empty() && !cz.iter().any(|c| c.starts_with("7117")),
        "{cz:?}"
    );
    // A listing's metal stamp is a hallmark.
    let stamped = jewellery(
        "Stud earrings, moissanite, jewelry",
        serde_json::json!({ "Metals Type": "Silver", "Metal Stamp": "925,Sterling" }),
    );
    assert!(
        stamped.contains(&"711311".to_string())
            && !stamped
                .iter()
                .any(|c| c.starts_with("7117") || c == "711319"),
        "{stamped:?}"
    );
    // Gold plating is not gold.
    let plated = jewellery(
        "18K gold plated stainless steel earrings",
        serde_json::Value::Null,
    );
    assert!(!plated.iter().any(|c| c.starts_with("7113")), "{plated:?}");
}

#[test]
fn a_book_named_an_encyclopaedia_or_a_tutorial_is_not_a_picture_book() {
    let (_dirs, _, classifier) = lexical_classifier();
    let books = |description: &str| {
        codes(&classifier, description, serde_json::Value::Null)
            .into_iter()
            .filter(|c| c.starts_with("490"))
            .collect::<Vec<_>>()
    };
    let encyclopaedia = books("Children's picture encyclopedia, animals");
    assert!(
        encyclopaedia.first().is_some_and(|c| c == "490191")
            && !encyclopaedia.iter().any(|c| c.starts_with("4903")),
        "{encyclopaedia:?}"
    );
    let tutorial = books("Children's drawing tutorial book");
    assert!(
        tutorial.first().is_some_and(|c| c == "490199")
            && !tutorial.iter().any(|c| c.starts_with("4903")),
        "{tutorial:?}"
    );
}

#[test]
fn a_shaped_article_is_not_its_material_in_bulk() {
    let (_dirs, _, classifier) = lexical_classifier();
    let headings = |description: &str| headings(&classifier, description, serde_json::Value::Null);
    let filter = headings("Activated carbon water filter cartridge");
    assert!(
        filter.contains(&"8421".to_string()) && !filter.contains(&"3802".to_string()),
        "{filter:?}"
    );
    let nozzle = headings("Zinc alloy hose nozzle");
    assert!(!nozzle.contains(&"7901".to_string()), "{nozzle:?}");
    // Named in a bulk form, the material keeps its heading.
    let pellets = headings("Polypropylene film grade pellets");
    assert!(pellets.contains(&"3902".to_string()), "{pellets:?}");
    // Silk goods that name no yarn or fabric are not of chapter 50.
    let handbag = headings("Handbag of 100% silk");
    assert!(!handbag.iter().any(|h| h.starts_with("50")), "{handbag:?}");
    let yarn = headings("Silk yarn, not put up for retail sale");
    assert!(yarn.iter().any(|h| h.starts_with("50")), "{yarn:?}");
}

#[test]
fn a_named_use_keeps_to_the_subheading_of_that_use() {
    let (_dirs, _, classifier) = lexical_classifier();
    let within = |description: &str, heading: &str| {
        codes(&classifier, description, serde_json::Value::Null)
            .into_iter()
            .filter(|c| c.starts_with(heading) && c.len() == 6)
            .collect::<Vec<_>>()
    };
    let valves = within("Hydraulic relief valve, 20 MPa", "8481");
    assert!(
        valves.first().is_some_and(|c| c == "848120") && !valves.contains(&"848140".to_string()),
        "{valves:?}"
    );
    let dye = within("Hair dye shampoo, black, 500 ml", "3305");
    assert!(
        dye.first().is_some_and(|c| c == "330590") && !dye.contains(&"330510".to_string()),
        "{dye:?}"
    );
    let scales = within("Personal weighing scale, mechanical, 150 kg", "8423");
    assert!(
        scales.first().is_some_and(|c| c == "842310")
            && !scales.iter().any(|c| c.starts_with("84238")),
        "{scales:?}"
    );
}

#[test]
fn a_name_that_is_the_term_of_a_code_decides_it() {
    let (_dirs, _, classifier) = lexical_classifier();
    let first = |description: &str| {
        codes(&classifier, description, serde_json::Value::Null)
            .into_iter()
            .next()
            .unwrap_or_default()
    };
    let all = |description: &str| codes(&classifier, description, serde_json::Value::Null);
    assert_eq!(
        first("Spray gun, 400cc tank, 1.3 mm nozzle, agricultural and garden sprayer"),
        "842420"
    );
    assert_eq!(
        first("CPU processor, 8 cores, DDR4 memory, integrated circuit"),
        "854231"
    );
    let cup = all("儿童塑料水杯 500ml 防漏 瓶");
    assert!(!cup.iter().any(|c| c.starts_with("3923")), "{cup:?}");
    let tyre = all("Retreaded pneumatic tyres of rubber, for lorries");
    assert!(
        tyre.first().is_some_and(|c| c.starts_with("4012"))
            && !tyre.iter().any(|c| c.starts_with("4011")),
        "{tyre:?}"
    );
    // A synthetic wig is not of human hair, and a human-hair one not of
    // synthetic materials.
    assert_eq!(
        first("Wig of human-like hair, heat resistant fibre"),
        "670411"
    );
    let cartridge = all("Ink cartridges for inkjet printers, black ink");
    assert!(
        cartridge.first().is_some_and(|c| c == "844399")
            && !cartridge.iter().any(|c| c.starts_with("3215")),
        "{cartridge:?}"
    );
    let pcba = all("PCBA printed circuit assemblies for multilayer printed circuits");
    assert!(!pcba.iter().any(|c| c.starts_with("8534")), "{pcba:?}");
    let glasses = all("Whisky glasses, set of 4, scotch whisky tumblers");
    assert!(
        glasses.first().is_some_and(|c| c.starts_with("70"))
            && !glasses.iter().any(|c| c.starts_with("22")),
        "{glasses:?}"
    );
    // A bow tie to wear with a shirt is not the shirt.
    let tie = all("男士领结 配衬衫 梭织");
    assert!(
        tie.first().is_some_and(|c| c.starts_with("6215"))
            && !tie.iter().any(|c| c.starts_with("6205")),
        "{tie:?}"
    );
    let stickers = all("Car stickers, vinyl decals, motor car body styling");
    assert!(
        !stickers.is_empty() && !stickers.iter().any(|c| c.starts_with("87")),
        "{stickers:?}"
    );
    let kit = all("Maintenance kit, motor cars and motorcycles, 126 pc.");
    assert!(
        !kit.is_empty()
            && !kit
                .iter()
                .any(|c| c.starts_with("8703") || c.starts_with("8711")),
        "{kit:?}"
    );
    let eyeglasses = all("Sunglasses, curved glasses not optically worked");
    assert!(
        eyeglasses.first().is_some_and(|c| c == "900410")
            && !eyeglasses.iter().any(|c| c.starts_with("7015")),
        "{eyeglasses:?}"
    );
    assert_eq!(first("手摇刨冰机 家用"), "821000");
    let human = all("Lace front wig, 100% remy human hair");
    assert!(human.iter().all(|c| !c.starts_with("67041")), "{human:?}");
    // Picture cards are 4911.91 unless a game is played with them.
    assert_eq!(
        all("Anime Laser Cards Photocard HD Printed Photo Card Keychain Decor"),
        ["491191"]
    );
    // An article a subheading names keeps to it, whatever its listing adds.
    assert_eq!(all("Road bike saddle, PU leather, hollow"), ["871495"]);
    assert_eq!(all("Claw hair clip, acetate, 4 pcs"), ["961590"]);
    assert_eq!(all("Gel insoles for running shoes, pair"), ["640690"]);
    assert_eq!(all("Dog harness, nylon, reflective, no pull"), ["420100"]);
    assert_eq!(all("Trolley jack, 3 ton, low profile"), ["842542"]);
    assert_eq!(
        all("USB-C extension cable, male to female, 1 m, for TV and monitor"),
        ["854442"]
    );
    // A heading kept: the fibre stated picks its subheading.
    assert_eq!(
        all("Men's merino wool base layer top, long sleeve"),
        ["610990"]
    );
    let heated = all("Heated insoles, rechargeable");
    // Heated ones are electric appliances: the name decides nothing.
    assert!(heated.len() > 1, "{heated:?}");
    let game = all("Anime trading card game booster pack");
    assert!(game.first().is_some_and(|c| c == "950440"), "{game:?}");
}

#[test]
fn fishing_tackle_is_the_article_named_first() {
    let (_dirs, _, classifier) = lexical_classifier();
    let first = |description: &str| {
        codes(&classifier, description, serde_json::Value::Null)
            .into_iter()
            .find(|c| c.starts_with("9507"))
            .unwrap_or_default()
    };
    assert_eq!(
        first("Fishing rod and reel combo, spinning reel, hooks"),
        "950710"
    );
    assert_eq!(first("Fishing spoon lure with treble hook, 10 g"), "950790");
    assert_eq!(
        first("Fishing reel with rod holder and hook keeper"),
        "950730"
    );
}

#[test]
fn a_smartwatch_is_8517_62_and_what_is_made_for_one_not_a_watch_case() {
    let (_dirs, _, classifier) = lexical_classifier();
    let case = codes(
        &classifier,
        "Protective watch case for smartwatch, TPU",
        serde_json::Value::Null,
    );
    assert!(
        !case.is_empty()
            && !case
                .iter()
                .any(|c| c.starts_with("91") && !c.starts_with("9113")),
        "{case:?}"
    );
    let watch = codes(
        &classifier,
        "Smart watch, Bluetooth calls, heart rate, 1.43 inch AMOLED",
        serde_json::Value::Null,
    );
    assert_eq!(watch, ["851762"], "a smartwatch itself is 8517.62");
}

#[test]
fn a_luminaire_is_placed_by_the_fitting_it_is_named_and_its_light_source() {
    let (_dirs, _, classifier) = lexical_classifier();
    let string = codes(
        &classifier,
        "LED string lights, 10 m, for Christmas tree decoration",
        serde_json::Value::Null,
    );
    assert_eq!(
        string.first().map(String::as_str),
        Some("940531"),
        "{string:?}"
    );
    assert!(!string.iter().any(|c| c.starts_with("95")), "{string:?}");
    let wall = codes(
        &classifier,
        "LED wall lamp, aluminium, bedroom reading light, 8W",
        serde_json::Value::Null,
    );
    assert_eq!(wall.first().map(String::as_str), Some("940511"), "{wall:?}");
    assert!(
        !wall.iter().any(|c| c.starts_with("9405") && c != "940511"),
        "{wall:?}"
    );
}

#[test]
fn a_component_of_its_own_heading_is_classified_there_not_with_what_it_serves() {
    let (_dirs, _, classifier) = lexical_classifier();
    for (description, code) in [
        (
            "15w Charger for Nintendo Switch Sound Clock Alarmo Wall Charger AC Adapter",
            "850440",
        ),
        ("Magnetron for Panasonic microwave oven 2M167B", "854071"),
        ("castings of valve bodies for gas control valves", "848190"),
        (
            "Brass drive gear 40 teeth for 3D printer extruder",
            "848390",
        ),
        (
            "Hydraulic cylinder for log splitter, double acting",
            "841221",
        ),
        ("Touch dimmer switch for LED strip light, 12 V", "853650"),
    ] {
        assert_eq!(
            codes(&classifier, description, serde_json::Value::Null),
            [code],
            "{description}"
        );
    }
    for description in [
        "solenoid valve for washing machine water inlet",
        "ball valve for car radiator drain",
    ] {
        let valve = codes(&classifier, description, serde_json::Value::Null);
        assert!(
            !valve.is_empty() && valve.iter().all(|c| c.starts_with("8481")),
            "{description}: {valve:?}"
        );
    }
}

#[test]
fn everyday_goods_are_classified_by_their_trade_names_not_their_material() {
    let (_dirs, _, classifier) = lexical_classifier();
    for (description, code) in [
        ("Laptop computer 14 inch, 16GB RAM, 512GB SSD", "847130"),
        ("Solar panel 400W monocrystalline", "854143"),
        ("单晶硅光伏组件 450W", "854143"),
        ("Electric toothbrush rechargeable sonic", "850980"),
    ] {
        assert_eq!(
            codes(&classifier, description, serde_json::Value::Null),
            [code],
            "{description}"
        );
    }
    for (description, heading) in [
        ("Backpack polyester, 30 L", "4202"),
        ("Wooden dining table, oak", "9403"),
        ("木制餐桌 橡木", "9403"),
    ] {
        let got = codes(&classifier, description, serde_json::Value::Null);
        assert!(
            !got.is_empty() && got.iter().all(|c| c.starts_with(heading)),
            "{description}: {got:?}"
        );
    }
}

#[test]
fn a_us_special_provision_found_by_words_votes_for_the_subheading_it_names() {
    let (_dirs, _, classifier) = lexical_classifier();
    // Heading 9902 describes these cases; the nomenclature's own words
    // ("other articles of plastics") share none of theirs.
    let got = codes(
        &classifier,
        "Back-shell style smartphone cases of hard plastics with flexible rubber over command buttons",
        serde_json::Value::Null,
    );
    assert!(got.iter().any(|c| c == "392690"), "{got:?}");
    assert!(got.iter().all(|c| !c.starts_with("99")), "{got:?}");
}

#[test]
fn a_chemical_named_by_a_cas_number_the_schedules_place_is_classified_there() {
    let (_dirs, _, classifier) = lexical_classifier();
    let req = ClassifyRequest {
        description: "o-phenylphenol, 99% purity, CAS 90-43-7, in 25 kg drums".into(),
        ..Default::default()
    };
    let result = classifier.classify(&req, 10).unwrap();
    let codes: Vec<&str> = result.candidates.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["290719"]);
    let why = result
        .ruled_out
        .iter()
        .find(|r| r.stated.contains("90-43-7"))
        .expect("the number is stated");
    assert!(
        why.citations
            .iter()
            .any(|c| c.doc == "hs/us-hts-2025.csv" && c.locator == "9902.02.21"),
        "{why:?}"
    );
    // A wrong check digit is not a registry number.
    let req = ClassifyRequest {
        description: "o-phenylphenol, 99% purity, CAS 90-43-8".into(),
        ..Default::default()
    };
    let result = classifier.classify(&req, 10).unwrap();
    assert!(!result.ruled_out.iter().any(|r| r.stated.contains("CAS")));
}

#[test]
fn a_watch_part_listing_keeps_to_the_component_it_names_first() {
    let (_dirs, _, classifier) = lexical_classifier();
    let parts = |description: &str| {
        codes(&classifier, description, serde_json::Value::Null)
            .into_iter()
            // Clock cases (9112) are not a watch's.
            .filter(|c| ("9108".."9115").contains(&c.as_str()) && c.len() == 6)
            .filter(|c| !c.starts_with("9112"))
            .collect::<Vec<_>>()
    };
    // Both listings name a dial, a crown and hands: the first named is sold.
    let dial = parts("Watch dial 29mm luminous for NH35, fits crown and hands");
    assert!(
        dial.contains(&"911430".to_string()) && !dial.contains(&"911490".to_string()),
        "{dial:?}"
    );
    let crown = parts("Watch crown 29mm for NH35, fits dial and hands");
    assert!(
        crown.contains(&"911490".to_string()) && !crown.contains(&"911430".to_string()),
        "{crown:?}"
    );
    let case = parts("Watch cases 40mm for NH35 movement, with bezel and dial");
    assert!(
        !case.is_empty() && case.iter().all(|c| c.starts_with("9111") && c != "911190"),
        "{case:?}"
    );
}

/// `c` is a real (doc, locator) of the bundle, quoted from its text.
fn assert_quoted(bundle: &Bundle, c: &Citation) {
    let chunks = bundle.load_document(&c.doc).unwrap();
    let src = chunks
        .iter()
        .find(|ch| ch.locator == c.locator)
        .unwrap_or_else(|| panic!("{} {} not in the bundle", c.doc, c.locator));
    let words: String = src.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let head: String = c.quote.trim_end_matches('…').chars().take(60).collect();
    assert!(
        words.contains(&head),
        "{} is not quoted verbatim",
        c.locator
    );
}

#[test]
fn what_the_description_rules_out_is_said_with_the_texts_that_rule_it_out() {
    let (_dirs, bundle, classifier) = lexical_classifier();
    let req = |description: &str, attributes: serde_json::Value| ClassifyRequest {
        description: description.into(),
        attributes: attributes.as_object().cloned(),
        ..Default::default()
    };
    let shorts = classifier
        .classify(
            &req(
                "men's knit shorts, 50% cotton 50% polyester",
                serde_json::Value::Null,
            ),
            5,
        )
        .unwrap();
    let locators: Vec<&str> = shorts
        .ruled_out
        .iter()
        .flat_map(|r| r.citations.iter().map(|c| c.locator.as_str()))
        .collect();
    for want in [
        "Chapter 61 Note 1",
        "Chapter 62 Note 1",
        "Section XI Note 2",
        "Section XI Subheading Note 2",
    ] {
        assert!(locators.contains(&want), "{want} missing from {locators:?}");
    }
    assert!(shorts
        .ruled_out
        .iter()
        .any(|r| r.stated == "predominantly of synthetic fibres"));
    let boots = classifier
        .classify(
            &req(
                "women's ankle boots",
                serde_json::json!({"Upper Material": "PU"}),
            ),
            5,
        )
        .unwrap();
    assert!(
        boots
            .ruled_out
            .iter()
            .any(|r| r.stated.contains("rubber or plastics"))
            && boots
                .ruled_out
                .iter()
                .any(|r| r.stated.contains("covering the ankle")),
        "{:?}",
        boots.ruled_out
    );
    for c in shorts
        .ruled_out
        .iter()
        .chain(&boots.ruled_out)
        .flat_map(|r| &r.citations)
    {
        assert_quoted(&bundle, c);
    }
    let battery = classifier
        .classify(
            &req(
                "18650 rechargeable lithium battery 3.7V",
                serde_json::Value::Null,
            ),
            10,
        )
        .unwrap();
    let codes: Vec<&str> = battery.candidates.iter().map(|c| c.code.as_str()).collect();
    assert!(
        battery.ruled_out.iter().any(|r| r.stated == "rechargeable")
            && codes.contains(&"850760")
            && !codes.iter().any(|c| c.starts_with("8506")),
        "{codes:?}"
    );
    // A description that states none of it rules nothing out.
    let cement = classifier
        .classify(
            &req("Portland cement, grey, 50 kg bags", serde_json::Value::Null),
            5,
        )
        .unwrap();
    assert!(cement.ruled_out.is_empty(), "{:?}", cement.ruled_out);
}

#[test]
fn national_lines_come_with_declaration_elements_and_duty() {
    let bundle = Bundle::open(data_dir()).unwrap();
    let lines = NationalLines::load(&bundle).unwrap();
    // 7116.10 has one China line: it is certain without any found line.
    let cn = lines.cn_line("711610", &[]).unwrap();
    assert_eq!(cn.code, "7116100000");
    assert!(cn.name_zh.contains("珍珠"), "{}", cn.name_zh);
    assert!(
        cn.declaration_elements.iter().any(|e| e.contains("GTIN")),
        "{:?}",
        cn.declaration_elements
    );
    // Two US lines (natural, cultured): open until the description finds one.
    assert_eq!(lines.counts("711610").1, 2);
    assert!(lines.us_line("711610", &[]).is_none());
    let us = lines
        .us_line("711610", &["7116102500".to_string()])
        .unwrap();
    assert_eq!(us.general_rate.as_deref(), Some("5.50%"));
    assert!(
        us.description.contains("pearls") && us.description.ends_with("Cultured"),
        "{}",
        us.description
    );
    assert_eq!(us.source.1, "7116.10.25.00");
}

#[test]
fn rationale_quotes_heading_notes_and_rules_that_exist() {
    let bundle = Bundle::open(data_dir()).unwrap();
    let hs_tree = bundle.load_document("hs/hs2022.csv").unwrap();
    let explainer = Explainer::load(&bundle, &hs_tree).unwrap();
    let r = explainer.explain("711610");
    let locs: Vec<&str> = r.citations.iter().map(|c| c.locator.as_str()).collect();
    for want in ["Rule 1", "7116", "Rule 6", "7116.10"] {
        assert!(locs.contains(&want), "{want} missing from {locs:?}");
    }
    // Chapter 71 Note 2(b) names heading 7116.
    assert!(locs.contains(&"Chapter 71 Note 2"), "{locs:?}");
    // The chapter's exclusions (Note 3: "This chapter does not cover") are cited for any heading.
    let pearls = explainer.explain("710122");
    let pearl_locs: Vec<&str> = pearls
        .citations
        .iter()
        .map(|c| c.locator.as_str())
        .collect();
    assert!(pearl_locs.contains(&"Chapter 71 Note 3"), "{pearl_locs:?}");
    assert!(
        !pearl_locs.contains(&"Chapter 71 Note 2"),
        "Note 2 names other headings: {pearl_locs:?}"
    );
    let heading_only = explainer.explain("7116");
    assert!(!heading_only.citations.iter().any(|c| c.locator == "Rule 6"));
    for c in r.citations.iter().chain(&heading_only.citations) {
        assert_quoted(&bundle, c);
    }
    assert!(r.summary.contains("GRI 1") && r.summary.contains("GRI 6"));
}
