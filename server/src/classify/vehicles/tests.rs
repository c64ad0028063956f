use super::*;

/// The HS 2022 texts of the vehicle and engine subheadings that divide by
/// drive or capacity (from `hs/hs2022.csv`).
fn hs() -> HashMap<String, String> {
    [
        ("840731", "Engines; reciprocating piston engines, of a kind used for the propulsion of vehicles of chapter 87, of a cylinder capacity not exceeding 50cc"),
        ("840732", "Engines; reciprocating piston engines, of a kind used for the propulsion of vehicles of chapter 87, of a cylinder capacity exceeding 50cc but not exceeding 250cc"),
        ("840733", "Engines; reciprocating piston engines, of a kind used for the propulsion of vehicles of chapter 87, of a cylinder capacity exceeding 250cc but not exceeding 1000cc"),
        ("840734", "Engines; reciprocating piston engines, of a kind used for the propulsion of vehicles of chapter 87, of a cylinder capacity exceeding 1000cc"),
        ("870210", "Vehicles; public transport type (carries 10 or more persons, including driver), with only compression-ignition internal combustion piston engine (diesel or semi-diesel), new or used"),
        ("870220", "Vehicles; public transport type (carries 10 or more persons, including driver), with both compression-ignition internal combustion piston engine (diesel or semi-diesel) and electric motor for propulsion, new or used"),
        ("870230", "Vehicles; public transport type (carries 10 or more persons, including driver), with both compression-ignition internal combustion piston engine (diesel or semi-diesel) and electric motor for propulsion, new or used"),
        ("870240", "Vehicles; public transport type (carries 10 or more persons, including driver), with only electric motor for propulsion, new or used"),
        ("870290", "Vehicles; public transport type (carries 10 or more persons, including driver), n.e.c. in heading 8702, new or used"),
        ("870310", "Vehicles; specially designed for travelling on snow, golf cars and similar vehicles"),
        ("870321", "Vehicles; with only spark-ignition internal combustion piston engine, cylinder capacity not over 1000cc"),
        ("870322", "Vehicles; with only spark-ignition internal combustion piston engine, cylinder capacity over 1000 but not over 1500cc"),
        ("870323", "Vehicles; with only spark-ignition internal combustion reciprocating piston engine, cylinder capacity over 1500 but not over 3000cc"),
        ("870324", "Vehicles; with only spark-ignition internal combustion reciprocating piston engine, cylinder capacity over 3000cc"),
        ("870331", "Vehicles; with only compression-ignition internal combustion piston engine (diesel or semi-diesel), cylinder capacity not over 1500cc"),
        ("870332", "Vehicles; with only compression-ignition internal combustion piston engine (diesel or semi-diesel), cylinder capacity over 1500 but not over 2500cc"),
        ("870333", "Vehicles; with only compression-ignition internal combustion piston engine (diesel or semi-diesel), cylinder capacity over 2500cc"),
        ("870340", "Vehicles; with both spark-ignition internal combustion piston engine and electric motor for propulsion, incapable of being charged by plugging to external source of electric power"),
        ("870350", "Vehicles; with both compression-ignition internal combustion piston engine (diesel or semi-diesel) and electric motor for propulsion, incapable of being charged by plugging to external source of electric power"),
        ("870360", "Vehicles; with both spark-ignition internal combustion piston engine and electric motor for propulsion, capable of being charged by plugging to external source of electric power"),
        ("870370", "Vehicles; with both compression-ignition internal combustion piston engine (diesel or semi-diesel) and electric motor for propulsion, capable of being charged by plugging to external source of electric power"),
        ("870380", "Vehicles; with only electric motor for propulsion"),
        ("870390", "Vehicles; for transport of persons (other than those of heading no. 8702) n.e.c. in heading no. 8703"),
        ("871110", "Motorcycles (including mopeds) and cycles; fitted with an auxiliary motor, with internal combustion piston engine of a cylinder capacity not exceeding 50cc, with or without side-cars; side-cars"),
        ("871120", "Motorcycles (including mopeds) and cycles; fitted with an auxiliary motor, internal combustion piston engine, of cylinder capacity exceeding 50cc but not exceeding 250cc, with or without side-cars; side-cars"),
        ("871130", "Motorcycles (including mopeds) and cycles; fitted with an auxiliary motor, internal combustion piston engine, of cylinder capacity exceeding 250cc but not exceeding 500cc, with or without side-cars; side-cars"),
        ("871140", "Motorcycles (including mopeds) and cycles; fitted with auxiliary motor, internal combustion piston engine of cylinder capacity exceeding 500cc but not exceeding 800cc, with or without sidecars; side-cars"),
        ("871150", "Motorcycles (including mopeds) and cycles; fitted with auxiliary motor, with internal combustion piston engine of a cylinder capacity exceeding 800cc, with or without side-cars; side-cars"),
        ("871160", "Motorcycles (including mopeds) and cycles; fitted with auxiliary motor, with electric motor for propulsion, with or without side-cars; side-cars"),
        ("871190", "Motorcycles (including mopeds) and cycles; n.e.c. in heading no. 8711, fitted with auxiliary motor, with or without side-cars; side-cars"),
    ]
    .into_iter()
    .map(|(c, t)| (c.to_string(), t.to_string()))
    .collect()
}

fn kept<'a>(description: &str, hs: &'a HashMap<String, String>) -> Vec<&'a str> {
    let drive = Drive::stated(description).expect("a drive stated");
    let mut codes: Vec<&str> = hs
        .iter()
        .filter(|(c, t)| !drive.excludes(c, t))
        .map(|(c, _)| c.as_str())
        .collect();
    codes.sort();
    codes
}

#[test]
fn the_ranges_and_drives_are_read_from_the_hs_texts() {
    let hs = hs();
    let text = |c: &str| hs[c].as_str();
    assert_eq!(range_of(text("870321")), Some((0, 1000)));
    assert_eq!(range_of(text("870322")), Some((1000, 1500)));
    assert_eq!(range_of(text("870324")), Some((3000, u32::MAX)));
    assert_eq!(range_of(text("840733")), Some((250, 1000)));
    assert_eq!(range_of(text("871110")), Some((0, 50)));
    assert_eq!(range_of(text("870380")), None);
    assert_eq!(
        Propulsion::of_text(text("870360")),
        Some(Propulsion::Hybrid {
            plug_in: Some(true),
            engine: Some(Engine::Spark)
        })
    );
    assert_eq!(
        Propulsion::of_text(text("870340")),
        Some(Propulsion::Hybrid {
            plug_in: Some(false),
            engine: Some(Engine::Spark)
        })
    );
    assert_eq!(
        Propulsion::of_text(text("870240")),
        Some(Propulsion::Electric)
    );
    assert_eq!(
        Propulsion::of_text(text("871160")),
        Some(Propulsion::Electric)
    );
    assert_eq!(
        Propulsion::of_text(text("871120")),
        Some(Propulsion::Combustion(None))
    );
    assert_eq!(
        Propulsion::of_text(text("870333")),
        Some(Propulsion::Combustion(Some(Engine::Diesel)))
    );
    assert_eq!(Propulsion::of_text(text("870390")), None);
}

#[test]
fn the_stated_engine_and_capacity_leave_one_subheading() {
    let hs = hs();
    // 1498 cc is over 1000 and not over 1500; petrol rules out diesel and
    // the hybrids; a car rules out buses and motorcycles.
    assert_eq!(
        kept("Passenger car petrol engine 1498 cc", &hs),
        ["840734", "870310", "870322", "870390"]
    );
    assert!(kept("Diesel SUV, 7 seats, 1995 cc engine", &hs).contains(&"870332"));
    assert!(!kept("Diesel SUV, 7 seats, 1995 cc engine", &hs).contains(&"870323"));
    assert!(kept("汽油乘用车 排量1998毫升", &hs).contains(&"870323"));
    assert!(kept("Sedan 1.5T petrol engine", &hs).contains(&"870322"));
    let electric = kept("Battery electric passenger car", &hs);
    assert!(electric.contains(&"870380") && !electric.contains(&"870240"));
    assert!(!electric
        .iter()
        .any(|c| c.starts_with("8711") || c == &"870322"));
    assert_eq!(
        kept("纯电动轿车", &hs)
            .into_iter()
            .filter(|c| c.starts_with("870"))
            .collect::<Vec<_>>(),
        ["870310", "870380", "870390"]
    );
    let plug_in = kept("插电式混合动力乘用车", &hs);
    assert!(plug_in.contains(&"870360") && plug_in.contains(&"870370"));
    assert!(!plug_in.contains(&"870340") && !plug_in.contains(&"870380"));
    let hybrid = kept("Hybrid sedan, self-charging, petrol", &hs);
    assert!(hybrid.contains(&"870340") && !hybrid.contains(&"870360"));
    // A capacity means an engine: not the electric motorcycles.
    let moto = kept("Motorcycle 125cc", &hs);
    assert!(moto.contains(&"871120") && !moto.contains(&"871160"));
    assert!(!moto.contains(&"871110") && !moto.contains(&"870322"));
    assert!(kept("摩托车 排量400cc", &hs).contains(&"871130"));
    assert!(kept("Moped 50cc petrol scooter", &hs).contains(&"871110"));
    assert!(kept("Electric motorcycle 3000W", &hs).contains(&"871160"));
    assert!(!kept("Electric motorcycle 3000W", &hs).contains(&"871120"));
    // An engine alone: its capacity divides 8407.
    let engine = kept("Petrol engine for motorcycles, 125 cc", &hs);
    assert!(engine.contains(&"840732") && !engine.contains(&"840733"));
}

#[test]
fn a_capacity_with_no_vehicle_named_divides_the_engines_only() {
    let hs = hs();
    let block = kept("Long block for a 1,998 cc engine of passenger cars", &hs);
    assert!(block.contains(&"840734") && !block.contains(&"840733"));
    // The cars found beside the engine keep every capacity.
    assert!(block.contains(&"870321") && block.contains(&"870323"));
    let cover = kept("Thermostat housing for 15 L diesel engines", &hs);
    assert!(cover.contains(&"840734") && cover.contains(&"870331"));
    assert_eq!(
        Drive::stated("Turbocharged engine 1,598 cc").and_then(|d| d.cc),
        Some(1598)
    );
}

#[test]
fn what_was_found_for_the_wrong_drive_or_vehicle_moves_to_the_right_one() {
    let hs = hs();
    let sibling = |d: &str, code: &str| Drive::stated(d).and_then(|s| s.sibling(code, &hs));
    let car = "Passenger car petrol engine 1498 cc";
    assert_eq!(sibling(car, "870360").as_deref(), Some("870322"));
    assert_eq!(sibling(car, "870321").as_deref(), Some("870322"));
    assert_eq!(sibling(car, "870322"), None, "kept");
    // A plug-in of unstated fuel: the petrol hybrid found goes to the
    // petrol plug-in.
    assert_eq!(
        sibling("插电式混合动力乘用车", "870340").as_deref(),
        Some("870360")
    );
    let ev = "Battery electric passenger car";
    assert_eq!(sibling(ev, "870240").as_deref(), Some("870380"));
    assert_eq!(sibling(ev, "870360").as_deref(), Some("870380"));
    assert_eq!(
        sibling("Motorcycle 125cc", "871130").as_deref(),
        Some("871120")
    );
    // No fuel stated: a petrol code of the wrong capacity goes to the petrol
    // code of the right one, a diesel code to the diesel one.
    assert_eq!(
        sibling("Hatchback 1200 cc", "870323").as_deref(),
        Some("870322")
    );
    assert_eq!(
        sibling("Hatchback 1200 cc", "870333").as_deref(),
        Some("870331")
    );
    // An electric bus found for it: no electric car has a capacity, and
    // petrol and diesel both fit, so nothing moves.
    assert_eq!(sibling("Hatchback 1200 cc", "870240"), None);
}

#[test]
fn a_vehicle_only_served_or_imitated_states_no_drive() {
    for d in [
        "Car charger for electric cars, 7 kW",
        "Electric car toy for kids, ride-on",
        "Motorcycle helmet full face",
        "摩托车轮胎 110/90-16",
        "Diecast model sedan 1:18",
        "SUV roof rack aluminium",
        "Electric bike battery 48V",
        "电动自行车电池 48V",
        "Seat covers for sedans",
        "Perfume 100 ml",
        "Engine oil 5W-30, 4 L",
    ] {
        assert_eq!(Drive::stated(d).and_then(|s| s.vehicle), None, "{d}");
    }
    // A volume is a capacity only when an engine is spoken of.
    assert_eq!(Drive::stated("Water bottle 1.5 L"), None);
    assert_eq!(Drive::stated("Perfume 100 ml"), None);
    assert_eq!(Drive::stated("Engine oil 5W-30, 4 L"), None);
}
