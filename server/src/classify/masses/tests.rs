use super::*;

/// The HS 2022 texts of headings that divide by mass, and of some whose
/// figures are no mass of the goods (from `hs/hs2022.csv`).
fn hs() -> HashMap<String, String> {
    [
        ("090210", "Tea, green; (not fermented), in immediate packings of a content not exceeding 3kg"),
        ("090220", "Tea, green; (not fermented), in immediate packings of a content exceeding 3kg"),
        ("090230", "Tea, black; (fermented) and partly fermented tea, in immediate packings of a content not exceeding 3kg"),
        ("090240", "Tea, black; (fermented) and partly fermented tea, in immediate packings of a content exceeding 3kg"),
        ("180610", "Cocoa; powder, containing added sugar or other sweetening matter"),
        ("180620", "Chocolate & other food preparations containing cocoa; in blocks, slabs or bars weighing more than 2kg or in liquid, paste, powder, granular or other bulk form in containers or immediate packings, content exceeding 2kg"),
        ("180631", "Chocolate and other food preparations containing cocoa; in blocks, slabs or bars, filled, weighing 2kg or less"),
        ("180632", "Chocolate and other food preparations containing cocoa; in blocks, slabs or bars, (not filled), weighing 2kg or less"),
        ("180690", "Chocolate and other food preparations containing cocoa; n.e.c. in chapter 18"),
        ("410120", "Raw hides and skins; whole, unsplit, of bovine or equine animals, of a weight per skin not exceeding 8kg when simply dried, 10kg when dry-salted or 16kg when fresh, wet-salted or otherwise preserved"),
        ("410150", "Hides and skins; raw, whole, of bovine or equine animals, of a weight per skin exceeding 16 kg"),
        ("441192", "Fibreboard (other than MDF) of a density exceeding 0.8g/cm3, of wood or other ligneous materials, bonded or not with resins or other organic substances"),
        ("441193", "Fibreboard (other than MDF) of a density exceeding 0.5g/cm3 but not 0.8g/cm3, of wood or other ligneous materials, bonded or not with resins or other organic substances"),
        ("441194", "Fibreboard (other than MDF) of a density not exceeding 0.5g/cm3, of wood or other ligneous materials, bonded or not with resins or other organic substances"),
        ("520811", "Fabrics, woven; containing 85% or more by weight of cotton, unbleached, plain weave, weighing not more than 100g/m2"),
        ("520812", "Fabrics, woven; containing 85% or more by weight of cotton, unbleached, plain weave, weighing more than 100g/m2 but not more than 200g/m2"),
        ("842310", "Weighing machines; personal (including baby scales) and household scales"),
        ("842320", "Weighing machines; scales for continuous weighing of goods on conveyors"),
        ("842330", "Weighing machines; constant weight scales and scales for discharging a predetermined weight of material into a bag or container, including hopper scales"),
        ("842381", "Weighing machines; other than personal, conveyor or constant weight scales, having a maximum weighing capacity not exceeding 30kg (excluding balances of a sensitivity of 5cg or better)"),
        ("842382", "Weighing machines; other than personal, conveyor or constant weight scales, having a maximum weighing capacity exceeding 30kg but not exceeding 5000kg"),
        ("842389", "Weighing machines; other than personal, conveyor or constant weight scales, having a maximum weighing capacity exceeding 5000kg"),
        ("842390", "Weighing machines; weights of all kinds, parts of weighing machinery"),
        ("845011", "Washing machines; household or laundry-type, fully-automatic, (of a dry linen capacity not exceeding 10kg)"),
        ("845012", "Washing machines; household or laundry-type, with built-in centrifugal drier, (not fully-automatic), of a dry linen capacity not exceeding 10kg"),
        ("845019", "Washing machines; household or laundry-type, not fully-automatic, without built-in centrifugal drier, of a dry linen capacity not exceeding 10kg"),
        ("845020", "Washing machines; household or laundry-type, of a dry linen capacity exceeding 10kg"),
        ("845090", "Washing machines; parts for household or laundry-type"),
        ("880610", "Unmanned aircraft; for carriage of passengers"),
        ("880621", "Unmanned aircraft; for remote-controlled flight only, for other than for carriage of passengers, with the maximum take-off weight of not more than 250g"),
        ("880622", "Unmanned aircraft; for remote-controlled flight only, for other than for carriage of passengers, with the maximum take-off weight of more than 250g but not more than 7kg"),
        ("880623", "Unmanned aircraft; for remote-controlled flight only, for other than for carriage of passengers, with the maximum take-off weight of more than 7kg but not more than 25kg"),
        ("880624", "Unmanned aircraft; for remote-controlled flight only, for other than for carriage of passengers, with the maximum take-off weight of more than 25kg but not more than 150kg"),
        ("880629", "Unmanned aircraft; for remote-controlled flight only, for other than for carriage of passengers, with the maximum take-off weight of more than 150kg"),
        ("880691", "Unmanned aircraft; for other than remote-controlled flight and other than for carriage of passengers with a maximum take-off weight not more than 250g"),
        ("880692", "Unmanned aircraft; for other than remote-controlled flight and other than for carriage of passengers with a maximum take-off weight more than 250g but not more than 7kg"),
        ("880693", "Unmanned aircraft; for other than remote-controlled flight and other than for carriage of passengers with a maximum take-off weight more than 7kg but not more than 25kg"),
        ("880694", "Unmanned aircraft; for other than remote-controlled flight and other than for carriage of passengers with a maximum take-off weight more than 25kg but not more than 150kg"),
        ("880699", "Unmanned aircraft; for other than remote-controlled flight and other than for carriage of passengers with a maximum take-off weight more than 150kg"),
    ]
    .into_iter()
    .map(|(c, t)| (c.to_string(), t.to_string()))
    .collect()
}

fn grams(description: &str) -> Vec<(f64, bool)> {
    StatedMasses::stated(description).map_or(Vec::new(), |m| {
        m.masses().map(|m| (m.grams, m.own_weight)).collect()
    })
}

#[test]
fn the_masses_are_read_from_the_description() {
    assert_eq!(grams("Mini drone with camera, 249 g"), [(249.0, false)]);
    assert_eq!(
        grams("Camera drone, take-off weight 900 g"),
        [(900.0, true)]
    );
    assert_eq!(grams("Green tea 1.5kg tin"), [(1500.0, false)]);
    assert_eq!(grams("Chocolate bar 1,500 g"), [(1500.0, false)]);
    assert_eq!(grams("Schokolade 1,5 kg"), [(1500.0, false)]);
    assert_eq!(grams("绿茶 250克 罐装"), [(250.0, false)]);
    assert_eq!(grams("洗衣机 10公斤"), [(10_000.0, false)]);
    assert_eq!(grams("无人机 净重 2千克"), [(2000.0, true)]);
    assert_eq!(
        grams("Washing machine 8 kg, net weight 65 kg"),
        [(8000.0, false), (65_000.0, true)]
    );
    // No mass: a network generation, a memory size, a weight per area.
    for none in [
        "Smartphone 5G 128GB",
        "Cotton fabric 180 g/m2",
        "Cotton poplin 120gsm",
        "Tea bags 2g/bag",
    ] {
        assert_eq!(grams(none), [], "{none}");
    }
}

#[test]
fn the_ranges_are_read_from_the_hs_texts() {
    let hs = hs();
    let range = |code: &str| range_of(&hs[code]).map(|r| (r.low, r.high, r.measure));
    assert_eq!(range("880621"), Some((0.0, 250.0, Measure::Weight)));
    assert_eq!(range("880622"), Some((250.0, 7000.0, Measure::Weight)));
    assert_eq!(
        range("880699"),
        Some((150_000.0, f64::INFINITY, Measure::Weight))
    );
    assert_eq!(range("090230"), Some((0.0, 3000.0, Measure::Weight)));
    assert_eq!(range("180631"), Some((0.0, 2000.0, Measure::Weight)));
    assert_eq!(
        range("180620"),
        Some((2000.0, f64::INFINITY, Measure::Weight))
    );
    assert_eq!(
        range("845020"),
        Some((10_000.0, f64::INFINITY, Measure::Capacity))
    );
    assert_eq!(range("842381"), Some((0.0, 30_000.0, Measure::Capacity)));
    assert_eq!(
        range("842382"),
        Some((30_000.0, 5_000_000.0, Measure::Capacity))
    );
    // Densities, weights per area or per skin, and no figure at all.
    for none in [
        "441193", "520812", "410120", "410150", "880610", "180690", "842310",
    ] {
        assert_eq!(range(none), None, "{none}");
    }
}

#[test]
fn a_stated_mass_rules_out_the_subheadings_of_other_ranges() {
    let hs = hs();
    // Among the codes of the heading the description is for: a figure
    // rules out the other ranges of every heading, but only the goods'
    // own heading is ever among their candidates.
    let excluded = |description: &str, heading: &str| {
        let masses = StatedMasses::stated(description).expect(description);
        let mut codes: Vec<&str> = hs
            .keys()
            .filter(|c| c.starts_with(heading) && masses.excludes(c, &hs))
            .map(String::as_str)
            .collect();
        codes.sort_unstable();
        codes
    };
    assert_eq!(
        excluded("Mini drone with camera, 249 g", "8806"),
        ["880622", "880623", "880624", "880629", "880692", "880693", "880694", "880699"]
    );
    assert_eq!(
        excluded("Camera drone, take-off weight 900 g", "8806"),
        ["880621", "880623", "880624", "880629", "880691", "880693", "880694", "880699"]
    );
    assert_eq!(
        excluded("Green tea, 250 g tin", "0902"),
        ["090220", "090240"]
    );
    assert_eq!(excluded("Milk chocolate bar 100 g", "1806"), ["180620"]);
    assert_eq!(
        excluded("Front-loading washing machine 12 kg", "8450"),
        ["845011", "845012", "845019"]
    );
    // The capacity is the figure not given as the machine's weight; a
    // weight alone says nothing of the capacity.
    assert_eq!(
        excluded("Washing machine 8 kg, net weight 65 kg", "8450"),
        ["845020"]
    );
    assert_eq!(
        excluded("Washing machine, net weight 65 kg", "8450"),
        [] as [&str; 0]
    );
    assert_eq!(
        excluded("Platform scale, weight 40 kg", "8423"),
        [] as [&str; 0]
    );
    assert_eq!(
        excluded("Platform scale, capacity 300 kg", "8423"),
        ["842381", "842389"]
    );
}

#[test]
fn what_was_found_for_the_wrong_range_goes_to_the_right_one() {
    let hs = hs();
    let masses = StatedMasses::stated("Camera drone, take-off weight 900 g").expect("a mass");
    assert_eq!(masses.sibling("880621", &hs).as_deref(), Some("880622"));
    assert_eq!(masses.sibling("880693", &hs).as_deref(), Some("880692"));
    assert_eq!(
        masses.sibling("880622", &hs),
        None,
        "a code that fits stays"
    );
    let tea = StatedMasses::stated("Black tea 25 kg bulk").expect("a mass");
    assert_eq!(tea.sibling("090230", &hs).as_deref(), Some("090240"));
    assert_eq!(tea.sibling("090210", &hs).as_deref(), Some("090220"));
}
