use super::*;

#[test]
fn a_charger_is_a_static_converter_whatever_it_is_for() {
    let c = Component::stated(
        "15w Charger for Nintendo Switch Sound Clock Alarmo Fast Travel Wall Charger AC Adapter",
    );
    assert_eq!(c, Some(Component::StaticConverter));
    assert_eq!(
        Component::stated("LED Driver 10W 20W DC24-36V Power Supply Constant Current"),
        Some(Component::StaticConverter)
    );
    assert_eq!(
        Component::stated("笔记本电脑充电器 65W"),
        Some(Component::StaticConverter)
    );
    let c = Component::StaticConverter;
    assert!(c.excludes("910700") && c.excludes("940511") && c.excludes("850490"));
    assert!(!c.excludes("850440") && !c.excludes("8504") && !c.excludes("85"));
    assert_eq!(c.sibling("910700").as_deref(), Some("850440"));
    assert_eq!(c.sibling("850440"), None);
}

#[test]
fn a_converter_only_served_or_named_in_a_part_states_nothing() {
    for d in [
        "7.2v 2400mah NI-MH Battery Tamiya with charger",
        "PowMr 5A 12V Solar Panel Charger Controller IP67",
        "USB C Charger Cable 2m braided",
        "a 90 Watt Sunforce 12 Volt Off-Grid Battery Charger (Generator)",
        "18650锂电池 3.7V 带充电器",
    ] {
        assert_eq!(Component::stated(d), None, "{d}");
    }
}

#[test]
fn a_magnetron_is_8540_71() {
    let m = Component::stated("new for Panasonic Microwave Oven Magnetron 2M167B-M16");
    assert_eq!(m, Some(Component::Magnetron));
    assert!(Component::Magnetron.excludes("851650"));
    assert_eq!(
        Component::Magnetron.sibling("851690").as_deref(),
        Some("854071")
    );
}

#[test]
fn a_valve_is_of_8481_and_its_parts_of_8481_90() {
    let v = Component::stated(
        "a caliper proportioning valve designed for use in motor vehicles as a component of the brake system",
    );
    assert_eq!(v, Some(Component::Valve));
    let v = Component::Valve;
    assert!(v.excludes("870830") && v.excludes("8708"));
    assert!(!v.excludes("848120") && !v.excludes("848190") && !v.excludes("8481"));
    assert_eq!(v.sibling("870830"), None);
    assert_eq!(
        Component::stated("castings of valve bodies for gas fuel control valves"),
        Some(Component::ValvePart)
    );
    assert_eq!(
        Component::stated("a transmission spool valve part used in an automatic transmission"),
        Some(Component::ValvePart)
    );
    let p = Component::ValvePart;
    assert!(p.excludes("848180") && !p.excludes("848190"));
    assert_eq!(p.sibling("848180").as_deref(), Some("848190"));
}

#[test]
fn gears_for_a_machine_are_of_8483_and_cylinders_of_8412() {
    let s = Component::stated;
    assert_eq!(
        s("8PCS Mk7 MK8 Extrusion Gear 40 Tooth Brass Drive Gear Feeding Gear Wheel for Ender3 3D Printer"),
        Some(Component::GearWheel)
    );
    assert_eq!(
        s("20pcs RC2-6242 Arm Swing Gear Assembly ASSY for HP P2035 P2055"),
        Some(Component::GearWheel)
    );
    assert_eq!(
        s("NMRV040 worm gear reducer 30:1 for conveyor"),
        Some(Component::Gearbox)
    );
    assert_eq!(s("Motorcycle drive sprocket 520 chain 15T"), None);
    let wheel = Component::GearWheel;
    assert!(wheel.excludes("844399") && wheel.excludes("848340") && !wheel.excludes("848390"));
    assert_eq!(wheel.sibling("844399").as_deref(), Some("848390"));
    assert_eq!(
        s("power steering cylinders used in marine propulsion systems"),
        Some(Component::HydraulicCylinder)
    );
    assert_eq!(
        s("SC63x100 pneumatic air cylinder, double acting"),
        Some(Component::PneumaticCylinder)
    );
    assert_eq!(
        Component::HydraulicCylinder.sibling("840810").as_deref(),
        Some("841221")
    );
    for d in [
        "master cylinders, slave cylinders, and concentric slave cylinders used in automotive hydraulic systems",
        "Hydraulic cylinder seal kit for excavator boom",
        "CO2 gas cylinder 10 L, steel",
    ] {
        assert_eq!(s(d), None, "{d}");
    }
    assert_eq!(
        s("a fuel regulator for gaseous-fueled engines"),
        Some(Component::Valve)
    );
    assert_eq!(s("Voltage regulator 7805, TO-220"), None);
}

#[test]
fn a_switch_and_a_power_board_keep_to_their_own_subheadings() {
    let s = Component::stated;
    assert_eq!(
        s("Bathroom Mirror LED Strip Light LED Switch Touch Sensor 12v LED Dimmer Switch LED Controller"),
        Some(Component::Switch)
    );
    assert_eq!(s("墙壁开关 86型 单开"), Some(Component::Switch));
    assert_eq!(s("8 port gigabit network switch"), None);
    assert_eq!(s("Light switch cover plate, brass"), None);
    assert_eq!(
        s("STUDER900 Regulator Power supply board Can assembled into double power board DIY kit"),
        Some(Component::ConverterPart)
    );
    assert_eq!(
        Component::Switch.sibling("940511").as_deref(),
        Some("853650")
    );
    assert_eq!(
        s("BROTHER RH9820 sewing machine knife S37209-001"),
        Some(Component::MachineKnife)
    );
    assert!(
        Component::MachineKnife.excludes("845290") && !Component::MachineKnife.excludes("820890")
    );
}

#[test]
fn engine_valves_and_valve_accessories_are_not_valves() {
    for d in [
        "Engine Intake Valves set of 16 for Toyota 2AZ",
        "Valve Cover Gasket for Honda Civic",
        "Valve Spring Compressor Tool",
        "Tire Valve Stem Caps aluminium 4pcs",
        "12AX7 vacuum tube valve amplifier kit",
        "a spacer ring used in a pneumatic valve",
        "Shower head with diverter valve",
        "Valve and service boxes, of cast iron",
    ] {
        assert_eq!(Component::stated(d), None, "{d}");
    }
}

#[test]
fn a_control_board_is_8537_10_and_a_mounted_bearing_8483_20() {
    let board = "new for LG washing machine Computer board EBR830378 Control panel Display board";
    assert_eq!(Component::stated(board), Some(Component::ControlBoard));
    assert!(
        Component::ControlBoard.excludes("845090") && !Component::ControlBoard.excludes("853710")
    );
    assert_eq!(
        Component::ControlBoard.sibling("845090").as_deref(),
        Some("853710")
    );
    assert_eq!(
        Component::stated("空调主控板 格力"),
        Some(Component::ControlBoard)
    );
    // A computer's motherboard, a drone's flight controller: not a control
    // board of 8537 here.
    assert_eq!(
        Component::stated("B450 gaming motherboard control board"),
        None
    );
    assert_eq!(
        Component::stated("F405 flight controller board for FPV drones"),
        None
    );
    let bearing = "2 PCS bearing unit BLFL4J = bearing model B4 + bearing housing LFL4J";
    assert_eq!(Component::stated(bearing), Some(Component::MountedBearing));
    assert_eq!(
        Component::MountedBearing.sibling("848330").as_deref(),
        Some("848320")
    );
    assert_eq!(
        Component::stated("UCP205 pillow block bearing 25mm bore"),
        Some(Component::MountedBearing)
    );
    // A bearing alone, or what a mounted bearing serves, is not one.
    assert_eq!(Component::stated("6205-2RS deep groove ball bearing"), None);
    assert_eq!(Component::stated("grease for pillow block bearings"), None);
}
