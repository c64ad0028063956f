use super::*;

/// The HS 2022 texts of the headings that divide by bird, bone or shell
/// (from `hs/hs2022.csv`).
fn hs() -> HashMap<String, String> {
    [
        ("010511", "Poultry; live, fowls of the species Gallus domesticus, weighing not more than 185g"),
        ("010512", "Poultry; live, turkeys, weighing not more than 185g"),
        ("010513", "Poultry; live, ducks, weighing not more than 185g"),
        ("010514", "Poultry; live, geese, weighing not more than 185g"),
        ("010515", "Poultry; live, guinea fowls, weighing not more than 185g"),
        ("010594", "Poultry; live, fowls of the species Gallus domesticus, weighing more than 185g"),
        ("010599", "Poultry; live, ducks, geese, turkeys and guinea fowls, weighing more than 185g"),
        ("020110", "Meat; of bovine animals, carcasses and half-carcasses, fresh or chilled"),
        ("020120", "Meat; of bovine animals, cuts with bone in (excluding carcasses and half-carcasses), fresh or chilled"),
        ("020130", "Meat; of bovine animals, boneless cuts, fresh or chilled"),
        ("020410", "Meat; of sheep, lamb carcasses and half-carcasses, fresh or chilled"),
        ("020421", "Meat; of sheep, carcasses and half-carcasses (excluding carcasses and half-carcasses of lamb), fresh or chilled"),
        ("020422", "Meat; of sheep (including lamb), cuts with bone in (excluding carcasses and half-carcasses), fresh or chilled"),
        ("020423", "Meat; of sheep (including lamb), boneless cuts, fresh or chilled"),
        ("020430", "Meat; of sheep, lamb carcasses and half-carcasses, frozen"),
        ("020441", "Meat; of sheep, carcasses and half-carcasses (excluding carcasses and half-carcasses of lamb), frozen"),
        ("020442", "Meat; of sheep (including lamb), cuts with bone in (excluding carcasses and half-carcasses), frozen"),
        ("020443", "Meat; of sheep (including lamb), boneless cuts, frozen"),
        ("020450", "Meat; of goats, fresh, chilled or frozen"),
        ("020311", "Meat; of swine, carcasses and half-carcasses, fresh or chilled"),
        ("020312", "Meat; of swine, hams, shoulders and cuts thereof, with bone in, fresh or chilled"),
        ("020319", "Meat; of swine, n.e.c. in item no. 0203.1, fresh or chilled"),
        ("020321", "Meat; of swine, carcasses and half-carcasses, frozen"),
        ("020322", "Meat; of swine, hams, shoulders and cuts thereof, with bone in, frozen"),
        ("020329", "Meat; of swine, n.e.c. in item no. 0203.2, frozen"),
        ("020711", "Meat and edible offal; of fowls of the species Gallus domesticus, not cut in pieces, fresh or chilled"),
        ("020712", "Meat and edible offal; of fowls of the species Gallus domesticus, not cut in pieces, frozen"),
        ("020713", "Meat and edible offal; of fowls of the species Gallus domesticus, cuts and offal, fresh or chilled"),
        ("020714", "Meat and edible offal; of fowls of the species Gallus domesticus, cuts and offal, frozen"),
        ("020724", "Meat and edible offal; of turkeys, not cut in pieces, fresh or chilled"),
        ("020725", "Meat and edible offal; of turkeys, not cut in pieces, frozen"),
        ("020726", "Meat and edible offal; of turkeys, cuts and offal, fresh or chilled"),
        ("020727", "Meat and edible offal; of turkeys, cuts and offal, frozen"),
        ("020741", "Meat and edible offal; of ducks, not cut in pieces, fresh or chilled"),
        ("020742", "Meat and edible offal; of ducks, not cut in pieces, frozen"),
        ("020743", "Meat and edible offal; of ducks, fatty livers (foie gras), fresh or chilled"),
        ("020744", "Meat and edible offal; of ducks, cuts and offal, excluding fatty livers, fresh or chilled"),
        ("020745", "Meat and edible offal; of ducks, cuts and offal, excluding fatty livers, frozen"),
        ("020751", "Meat and edible offal; of geese, not cut in pieces, fresh or chilled"),
        ("020752", "Meat and edible offal; of geese, not cut in pieces, frozen"),
        ("020753", "Meat and edible offal; of geese, fatty livers (foie gras), fresh or chilled"),
        ("020754", "Meat and edible offal; of geese, cuts and offal, excluding fatty livers, fresh or chilled"),
        ("020755", "Meat and edible offal; of geese, cuts and offal, excluding fatty livers, frozen"),
        ("020760", "Meat and edible offal; of guinea fowls, fresh, chilled or frozen"),
        ("040711", "Birds' eggs, in shell; fresh, fertilised eggs for incubation, of fowls of the species Gallus domesticus (domestic hens)"),
        ("040719", "Birds' eggs, in shell; fresh, fertilised eggs for incubation, other than fowls of the species Gallus domesticus (domestic hens)"),
        ("040721", "Birds' eggs, in shell; fresh, not for incubation, of fowls of the species Gallus domesticus (domestic hens)"),
        ("040729", "Birds' eggs, in shell; fresh, not for incubation, other than fowls of the species Gallus domesticus (domestic hens)"),
        ("040790", "Birds' eggs, in shell; preserved or cooked"),
        ("040811", "Eggs; birds' eggs, yolks, dried, whether or not containing added sugar or other sweetening matter"),
        ("040819", "Eggs; birds' eggs, yolks, fresh, cooked by steaming or by boiling in water, moulded, frozen or otherwise preserved, whether or not containing added sugar or other sweetening matter"),
        ("040891", "Eggs; birds' eggs (not in shell, excluding yolks only), dried, whether or not containing added sugar or other sweetening matter"),
        ("040899", "Eggs; birds' eggs (not in shell, excluding yolks only), fresh, cooked by steaming or boiling in water, moulded, frozen, otherwise preserved, whether or not containing added sugar or other sweetening matter"),
        ("080111", "Nuts, edible; coconuts, desiccated"),
        ("080112", "Nuts, edible; coconuts, in the inner shell (endocarp)"),
        ("080119", "Nuts, edible; coconuts, fresh or dried, other than desiccated or in the inner shell (endocarp)"),
        ("080121", "Nuts, edible; brazil nuts, fresh or dried, in shell"),
        ("080122", "Nuts, edible; brazil nuts, fresh or dried, shelled"),
        ("080131", "Nuts, edible; cashew nuts, fresh or dried, in shell"),
        ("080132", "Nuts, edible; cashew nuts, fresh or dried, shelled"),
        ("080211", "Nuts, edible; almonds, fresh or dried, in shell"),
        ("080212", "Nuts, edible; almonds, fresh or dried, shelled"),
        ("080221", "Nuts, edible; hazelnuts or filberts (corylus spp.), fresh or dried, in shell"),
        ("080222", "Nuts, edible; hazelnuts or filberts (corylus spp.), fresh or dried, shelled"),
        ("080231", "Nuts, edible; walnuts, fresh or dried, in shell"),
        ("080232", "Nuts, edible; walnuts, fresh or dried, shelled"),
        ("080241", "Nuts, edible; chestnuts (Castanea spp.), fresh or dried, in shell"),
        ("080242", "Nuts, edible; chestnuts (Castanea spp.), fresh or dried, shelled"),
        ("080251", "Nuts, edible; pistachios, fresh or dried, in shell"),
        ("080252", "Nuts, edible; pistachios, fresh or dried, shelled"),
        ("080261", "Nuts, edible; macadamia, fresh or dried, in shell"),
        ("080262", "Nuts, edible; macadamia, fresh or dried, shelled"),
        ("080270", "Nuts, edible; kola nuts (Cola spp.), fresh or dried, whether or not shelled or peeled"),
        ("080280", "Nuts, edible; areca nuts, fresh or dried, whether or not shelled or peeled"),
        ("080291", "Nuts, edible; pine nuts, fresh or dried, in shell"),
        ("080292", "Nuts, edible; pine nuts, fresh or dried, shelled"),
        ("080299", "Nuts, edible; n.e.c. in heading 0801 and 0802, fresh or dried, whether or not shelled or peeled"),
        ("120230", "Ground-nuts; seed, not roasted or otherwise cooked, whether or not shelled or broken"),
        ("120241", "Ground-nuts; other than seed, not roasted or otherwise cooked, in shell"),
        ("120242", "Ground-nuts; other than seed, not roasted or otherwise cooked, shelled, whether or not broken,"),
        ("160210", "Meat preparations; homogenised preparations of meat, meat offal blood or insects"),
        ("160220", "Meat preparations; of the prepared or preserved liver of any animal (excluding homogenised preparations)"),
        ("160231", "Meat preparations; of turkeys, prepared or preserved meat or meat offal (excluding livers and homogenised preparations)"),
        ("160232", "Meat preparations; of the poultry of heading no. 0105, (i.e. of fowls of the species Gallus domesticus)"),
        ("160239", "Meat preparations; of poultry (excluding turkeys), prepared or preserved meat or meat offal (excluding livers and homogenised preparations)"),
        ("160241", "Meat preparations; of swine, hams and cuts thereof, prepared or preserved (excluding homogenised preparations)"),
        ("160242", "Meat preparations; of swine, shoulders and cuts thereof, prepared or preserved (excluding homogenised preparations)"),
        ("160249", "Meat preparations; of swine, meat or meat offal (including mixtures), prepared or preserved, n.e.c. in heading no. 1602"),
        ("160250", "Meat preparations; of bovine animals, meat or meat offal, prepared or preserved (excluding livers and homogenised preparations)"),
        ("160290", "Meat preparations; of meat, meat offal or the blood of any animal, n.e.c. in heading no. 1602"),
    ]
    .into_iter()
    .map(|(c, t)| (c.to_string(), t.to_string()))
    .collect()
}

fn sibling(description: &str, code: &str) -> Option<String> {
    Produce::stated(description).and_then(|p| p.sibling(code, &hs()))
}

#[test]
fn the_bird_bone_and_shell_are_read_from_the_description() {
    let p = |d: &str| Produce::stated(d).unwrap_or_default();
    assert_eq!(p("新鲜鸡蛋").bird, Some(Bird::Gallus));
    assert_eq!(p("Fresh hen eggs").bird, Some(Bird::Gallus));
    assert_eq!(p("火鸡腿 冷冻").bird, Some(Bird::Turkey));
    assert_eq!(p("鲜鸭蛋").bird, Some(Bird::Duck));
    assert_eq!(p("Fresh quail eggs").bird, Some(Bird::Other));
    assert_eq!(
        p("Frozen chicken wings, origin Turkey").bird,
        Some(Bird::Gallus)
    );
    assert_eq!(p("冷冻去骨猪五花肉").boneless, Some(true));
    assert_eq!(p("Chilled beef ribs, bone-in").boneless, Some(false));
    assert_eq!(p("腰果仁").shelled, Some(true));
    assert_eq!(p("Almond kernels").shelled, Some(true));
    assert_eq!(p("Walnuts in shell").shelled, Some(false));
    assert_eq!(p("带壳花生").shelled, Some(false));
    assert_eq!(p("Unshelled pistachios").shelled, Some(false));
    assert_eq!(p("Salted duck eggs").preserved, Some(true));
    assert_eq!(p("松花蛋").preserved, Some(true));
    assert_eq!(p("Fresh hen eggs").preserved, Some(false));
    assert_eq!(p("Fresh apples").preserved, Some(false));
    for nothing in [
        "鸡尾酒 预调",
        "成熟芒果",
        "卤素灯泡 H4",
        "Hen of the woods mushrooms, dried",
        "Bone china mug",
    ] {
        assert_eq!(Produce::stated(nothing), None, "{nothing}");
    }
}

#[test]
fn the_subheadings_for_another_bird_bone_or_shell_are_ruled_out() {
    let hs = hs();
    let rules_out =
        |d: &str, code: &str| Produce::stated(d).is_some_and(|p| p.excludes(code, &hs[code]));
    assert!(rules_out("新鲜鸡蛋", "040729") && !rules_out("新鲜鸡蛋", "040721"));
    assert!(rules_out("鲜鸭蛋", "040721") && !rules_out("鲜鸭蛋", "040729"));
    assert!(
        rules_out("Frozen whole ducks", "020712") && !rules_out("Frozen whole ducks", "020742")
    );
    assert!(
        rules_out("Frozen whole ducks", "020725"),
        "turkeys are not ducks"
    );
    assert!(rules_out("Live chickens", "010599") && !rules_out("Live chickens", "010594"));
    // Boneless: no cuts with bone in, no carcasses; boneless cuts stay.
    assert!(rules_out("Frozen boneless pork belly", "020322"));
    assert!(rules_out("Frozen boneless pork belly", "020321"));
    assert!(!rules_out("Frozen boneless pork belly", "020329"));
    assert!(rules_out("Chilled beef ribs, bone-in", "020130"));
    assert!(!rules_out("Chilled beef ribs, bone-in", "020120"));
    assert!(rules_out("腰果仁", "080131") && !rules_out("腰果仁", "080132"));
    assert!(rules_out("Peanuts in shell, not roasted", "120242"));
    // Salted eggs are preserved, whatever bird laid them; fresh eggs not.
    assert!(rules_out("Salted duck eggs", "040729") && !rules_out("Salted duck eggs", "040790"));
    assert!(rules_out("Fresh hen eggs", "040790") && !rules_out("Fresh hen eggs", "040721"));
    // "Not roasted or otherwise cooked" is no cooking.
    assert!(!rules_out("Fresh peanuts in shell", "120241"));
    // Texts that leave it open are never ruled out.
    assert!(!rules_out("腰果仁", "080299"));
    assert!(!rules_out("Canned chicken meat", "160239"));
    assert!(rules_out("Canned chicken meat", "160231"));
}

#[test]
fn what_was_found_for_the_wrong_sibling_goes_to_the_right_one() {
    assert_eq!(sibling("新鲜鸡蛋", "040729").as_deref(), Some("040721"));
    assert_eq!(
        sibling("Salted duck eggs", "040721").as_deref(),
        Some("040790")
    );
    assert_eq!(
        sibling("Fresh quail eggs", "040721").as_deref(),
        Some("040729")
    );
    assert_eq!(
        sibling("冷冻去骨猪五花肉", "020322").as_deref(),
        Some("020329")
    );
    assert_eq!(
        sibling("Chilled boneless pork loin", "020312").as_deref(),
        Some("020319")
    );
    assert_eq!(
        sibling("Frozen boneless lamb leg", "020442").as_deref(),
        Some("020443")
    );
    assert_eq!(
        sibling("Chilled beef ribs, bone-in", "020130").as_deref(),
        Some("020120")
    );
    assert_eq!(sibling("腰果仁", "080131").as_deref(), Some("080132"));
    assert_eq!(
        sibling("Walnuts in shell", "080232").as_deref(),
        Some("080231")
    );
    assert_eq!(
        sibling("Frozen whole ducks", "020712").as_deref(),
        Some("020742")
    );
    assert_eq!(
        sibling("Fresh duck breast", "020713").as_deref(),
        Some("020744")
    );
    assert_eq!(sibling("腰果仁", "080132"), None, "kept");
}
