//! Goods of a heading of their own, whatever machine or vehicle they are for.
//!
//! A listing sells a charger "for Nintendo Switch … Clock", a magnetron
//! "for Panasonic Microwave Oven", a proportioning valve "for use in motor
//! vehicles": the words of the machine served draw its heading and its
//! parts (a time switch of 9107, a microwave oven of 8516.50, brake parts
//! of 8708.30). The notes send such goods to their own heading:
//! - Section XVI Note 2(a): parts of machines "which are goods included in
//!   any of the headings of chapter 84 or 85" (other than the parts
//!   headings) "are in all cases to be classified in their respective
//!   headings";
//! - Section XVII Note 2(e) and (f): articles of heading 8481 and the
//!   electrical equipment of chapter 85 are never "parts and accessories"
//!   of vehicles.
//!
//! The kinds read here each name one heading or subheading:
//! - a charger, power adapter, power supply or LED driver is an electrical
//!   static converter (8504.40): every other code is ruled out, and what
//!   was found for them goes to 8504.40 (a charger with a battery, "battery
//!   … with charger", is the battery; a charge controller or a power supply
//!   board is not a converter but controls or a part);
//! - a power supply board is a part of a static converter (8504.90);
//! - a switch (dimmer, touch, rocker, wall, micro…) is 8536.50, whatever it
//!   switches, unless it is a network switch (8517.62);
//! - a magnetron is 8540.71, whatever oven it is for;
//! - a knife or blade for a machine (a sewing machine's knife, a mower
//!   blade) is of 8208: Section XVI Note 1(k) leaves the articles of
//!   chapter 82 out of the machines' parts;
//! - a valve, tap or cock is of 8481 (the subheading by its votes, or by the
//!   transmission it serves, see `uses`), and a part of one (a valve body, a
//!   spool, a valve core or cartridge) is 8481.90. Engine valves are parts
//!   of engines (8409), a heart valve is of 9021, a "valve" amplifier is a
//!   thermionic tube: none is read as a valve here.
//!
//! - a toothed wheel, sprocket or pinion presented separately is 8483.90,
//!   a gear box or speed reducer 8483.40, whatever machine it drives (not a
//!   part of the printer or 3D printer); for a vehicle it stays
//!   open, since Section XVII Note 2(e) takes heading 8483 out of vehicle
//!   parts only as part of an engine;
//! - an appliance's or machine's control board ("computer board" for a
//!   washing machine, 主控板) is a board equipped with apparatus for
//!   electric control (8537.10), not a part of the appliance; a computer's
//!   motherboard is a part of the computer (8473.30) and a power supply
//!   board a part of a converter;
//! - a mounted bearing (a bearing unit, pillow block or flange bearing, 带座
//!   轴承) is a bearing housing incorporating its ball or roller bearing
//!   (8483.20), neither the bare bearing of 8482 nor an empty housing
//!   (8483.30);
//! - a hydraulic or pneumatic cylinder is a linear-acting engine (8412.21,
//!   8412.31) whatever it moves; a brake or clutch master cylinder (a pump),
//!   a gas cylinder (a container) and a cylinder head are not.
//!
//! A component named only as what the goods serve ("a spacer ring used in a
//! pneumatic valve", "battery with charger") states nothing.

use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::{first_named, names_goods, words, Reason};

/// Goods of a heading of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Component {
    /// A charger, power adapter or power supply (8504.40).
    StaticConverter,
    /// A power supply board, a part of a static converter (8504.90).
    ConverterPart,
    /// A switch for a voltage not exceeding 1,000 V (8536.50).
    Switch,
    /// A knife or cutting blade for a machine (8208).
    MachineKnife,
    /// A magnetron (8540.71).
    Magnetron,
    /// A valve, tap or cock (8481).
    Valve,
    /// A part of a valve, tap or cock (8481.90).
    ValvePart,
    /// Toothed wheels, sprockets or pinions presented separately, for a
    /// machine (8483.90).
    GearWheel,
    /// A gear box or other speed changer, for a machine (8483.40).
    Gearbox,
    /// A control board of an appliance or machine, for a voltage not
    /// exceeding 1,000 V (8537.10).
    ControlBoard,
    /// A bearing housing with its ball or roller bearing (8483.20).
    MountedBearing,
    /// A hydraulic cylinder, a linear-acting hydraulic engine (8412.21).
    HydraulicCylinder,
    /// A pneumatic cylinder, a linear-acting pneumatic engine (8412.31).
    PneumaticCylinder,
}

static KINDS: LazyLock<Vec<(Component, Regex)>> = LazyLock::new(|| {
    vec![
        (
            Component::ConverterPart,
            words(
                r"\bpower (?:supply|board) (?:boards?|pcbs?|modules? boards?)\b|\bpower boards?\b|电源板",
            ),
        ),
        (
            Component::StaticConverter,
            words(concat!(
                r"\b(?:chargers?|(?:ac|dc|ac/dc|ac-dc|power|laptop|notebook) adapters?|",
                r"power suppl(?:y|ies)|led drivers?)\b|充电器|电源适配器|开关电源",
            )),
        ),
        (
            Component::Switch,
            words(concat!(
                r"\b(?:dimmer|touch|rocker|toggle|push ?button|micro|limit|reed|wall|light|tact|slide|",
                r"rotary|foot|pressure|smart|wifi|zigbee) switch(?:es)?\b|墙壁开关|调光开关|微动开关|按钮开关|轻触开关",
            )),
        ),
        (
            Component::MachineKnife,
            words(concat!(
                r"\b(?:sewing machine|machine|planer|jointer|shredder|lawn ?mower|mower|chipper|",
                r"guillotine|paper cutter|slicer|meat grinder|food processor|blender) (?:knife|knives|blades?)\b",
                r"|缝纫机刀|机用刀片|刨刀",
            )),
        ),
        (Component::Magnetron, words(r"\bmagnetrons?\b|磁控管")),
        (
            Component::ValvePart,
            words(concat!(
                // Castings of valve bodies are valve bodies, not what they serve.
                r"\b(?:(?:castings?|forgings?|blanks?) of )?valves?\s+",
                r"(?:bod(?:y|ies)|parts?|cores?|spools?|cartridges?|bonnets?|seats?)\b",
                r"|\bspool valve parts?\b|阀体|阀芯",
            )),
        ),
        (
            Component::Valve,
            words(concat!(
                r"\bvalves?\b|\b(?:gas|fuel|pressure|air|water|propane|lpg|oxygen|co2) regulators?\b",
                r"|阀门|阀|减压器|调压器",
            )),
        ),
        (
            Component::Gearbox,
            words(concat!(
                r"\b(?:gear ?box(?:es)?|gear reducers?|speed reducers?|reduction gear(?:s|box)?|",
                r"planetary gear(?:s|box| sets?)?|worm gear reducers?)\b|减速机|减速器|变速箱",
            )),
        ),
        (
            Component::GearWheel,
            words(concat!(
                r"\b(?:(?:drive|spur|helical|bevel|worm|toothed|idler|extrusion|extruder|feeding|",
                r"swing|transmission) gears?|gear wheels?|gear assembl(?:y|ies)|sprockets?|pinions?)\b",
                r"|齿轮|链轮",
            )),
        ),
        (
            Component::ControlBoard,
            words(concat!(
                r"\b(?:(?:main )?control(?:ler)? (?:boards?|pcbs?|pcbas?|panels? boards?|modules? boards?)|",
                r"computer (?:control )?boards?|pcb control boards?|mainboard control)\b",
                r"|主控板|控制板|电脑板",
            )),
        ),
        (
            Component::MountedBearing,
            words(concat!(
                r"\b(?:(?:mounted |insert |flanged? |pillow block )?bearing units?|pillow blocks?(?: bearings?)?|",
                r"(?:flanged?|take-?up|plummer block) bearings?|plummer blocks?)\b|带座轴承|外球面轴承",
            )),
        ),
        (
            Component::HydraulicCylinder,
            words(
                r"\b(?:hydraulic|power steering|lifting|telescopic) cylinders?\b|液压油缸|液压缸|油缸",
            ),
        ),
        (
            Component::PneumaticCylinder,
            words(r"\b(?:pneumatic|air) cylinders?\b|气缸"),
        ),
    ]
});

/// What a vehicle is: gears for one are its parts (8708, 8714), since
/// Section XVII Note 2(e) sends heading 8483 out of its parts only when
/// part of an engine.
static VEHICLE: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:cars?|auto(?:motive|mobiles?)?|vehicles?|trucks?|motorcycles?|motorbikes?|bikes?|",
        r"bicycles?|e-?bikes?|scooters?|tractors?|atvs?|utvs?|go-?karts?|rc|toys?)\b",
        r"|汽车|摩托|自行车|单车|电动车|车用|玩具",
    ))
});

/// Cylinders that are not linear-acting engines: a brake or clutch master
/// cylinder works as a pump, a gas cylinder is a container, an engine's
/// cylinder head a part of it; seal kits and rods are parts.
static NOT_ENGINE_CYLINDER: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:master|slave|wheel|brake|clutch|gas|oxygen|co2|propane|lpg)\s+cylinders?\b",
        r"|\bcylinders?\s+(?:heads?|seals?|seal kits?|kits?|rods?|repair|liners?|sleeves?|locks?)\b",
        r"|密封件|修理包|气缸盖|气缸套",
    ))
});

/// What a converter's name is part of without the goods being one: a
/// solar charge controller, a charger's cable or case, a power supply
/// board (a part, 8504.90), a generator sold as a "battery charger".
static NOT_CONVERTER: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:chargers?|charge|power supply)\s+(?:controllers?|boards?|pcbs?|ics?|chips?|cases?|",
        r"cables?|cords?|ports?|coils?|connectors?|sockets?|jacks?|modules? board)\b",
        r"|\bsolar panels?\b|\bgenerators?\b|控制器|电源板|[带含配附送]充电器",
    ))
});

/// Switches that are not of 8536.50: a network switch transmits data
/// (8517.62), a high-voltage one is of 8535, a switch plate or cover is
/// a part; a game console named Switch is not a switch.
static NOT_SWITCH: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:network|ethernet|poe|gigabit|kvm|hdmi|usb|port|nintendo|kv|high voltage)\b",
        r"|\bswitch(?:es)?\s+(?:plates?|covers?|boxes|panels?|guards?|stickers?)\b|交换机|面板盖",
    ))
});

/// Boards that are not of 8537: a computer's motherboard is a part of it
/// (8473.30), a flight controller or electronic speed controller of a
/// model aircraft serves its motors, a board with no apparatus mounted is
/// a bare printed circuit (8534).
static NOT_CONTROL_BOARD: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:motherboards?|laptops?|notebooks?|computers? motherboards?|pc|cpu|gpu|graphics|",
        r"flight controllers?|esc|drones?|fpv|bare|blank|unpopulated|arduino|raspberry)\b",
        r"|主板|飞控|电调|空板",
    ))
});

/// Valves that are not of 8481, and words a valve's name is part of.
static NOT_VALVE: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:intake|inlet|exhaust|engine|poppet|heart|aortic|mitral)\s+valves?\b",
        r"|\bvalves?\s+(?:(?:and (?:service|meter) )?boxes|covers?|gaskets?|springs?|guides?|lifters?|seals?|keepers?|",
        r"tools?|compressors?|grind\w*|lapping|tubes?|amp\w*|bags?|caps?|stem caps?)\b",
        r"|\bvacuum tubes?\b|\btube amp\w*|气门|心脏瓣膜|胆机",
    ))
});

/// The subheading of a static converter and a magnetron, and the parts
/// of valves.
const CONVERTER: &str = "850440";
const MAGNETRON: &str = "854071";
const VALVE_PARTS: &str = "848190";

impl Component {
    /// The component `description` names as the goods, the first named of
    /// these.
    pub fn stated(description: &str) -> Option<Self> {
        let (kind, _) = first_named(&KINDS, description)?;
        let (_, name) = KINDS.iter().find(|(k, _)| *k == kind)?;
        if !names_goods(name, description) {
            return None;
        }
        let excluded = match kind {
            Component::StaticConverter => NOT_CONVERTER.is_match(description),
            Component::ConverterPart | Component::MachineKnife => false,
            Component::Switch => NOT_SWITCH.is_match(description),
            Component::Valve | Component::ValvePart => NOT_VALVE.is_match(description),
            Component::GearWheel | Component::Gearbox => VEHICLE.is_match(description),
            Component::HydraulicCylinder | Component::PneumaticCylinder => {
                NOT_ENGINE_CYLINDER.is_match(description)
            }
            Component::Magnetron | Component::MountedBearing => false,
            Component::ControlBoard => NOT_CONTROL_BOARD.is_match(description),
        };
        (!excluded).then_some(kind)
    }

    /// The subheading, or the heading, the name keeps the goods to.
    fn keeps(self) -> &'static str {
        match self {
            Component::StaticConverter => CONVERTER,
            Component::ConverterPart => "850490",
            Component::Switch => "853650",
            // By the machine: metal working .10, wood .20, kitchen .30,
            // agricultural .40, other .90.
            Component::MachineKnife => "8208",
            Component::Magnetron => MAGNETRON,
            Component::ValvePart => VALVE_PARTS,
            Component::Valve => "8481",
            Component::GearWheel => "848390",
            Component::Gearbox => "848340",
            Component::ControlBoard => "853710",
            Component::MountedBearing => "848320",
            Component::HydraulicCylinder => "841221",
            Component::PneumaticCylinder => "841231",
        }
    }

    /// The one subheading the goods can be, if the name decides it.
    fn subheading(self) -> Option<&'static str> {
        let keep = self.keeps();
        (keep.len() == 6).then_some(keep)
    }

    /// Whether `code` (digits) is ruled out: every code outside what the
    /// component keeps to (its chapter and heading are never ruled out).
    pub fn excludes(self, code: &str) -> bool {
        let keep = self.keeps();
        !(keep.starts_with(code) || code.starts_with(keep))
    }

    /// Where what was found for a ruled-out subheading goes: the
    /// component's subheading; for a valve, nowhere (its votes within
    /// 8481 decide).
    pub fn sibling(self, code: &str) -> Option<String> {
        let to = self.subheading()?;
        (code.len() == 6 && self.excludes(code)).then(|| to.to_string())
    }

    /// What it states and rules out, and by which texts.
    pub fn reason(self) -> Reason {
        match self {
            Component::StaticConverter => Reason::new(
                "a charger, power adapter or power supply (an electrical static converter)",
                "every code but 8504.40, whatever machine it is for: goods of a heading of chapter 85 are classified there, not as parts of the machine or vehicle they serve",
                &["Section XVI Note 2", "Section XVII Note 2"],
                &["850440"],
            ),
            Component::ConverterPart => Reason::new(
                "a power supply board (a part of a static converter)",
                "every code but 8504.90 (parts of static converters), whatever apparatus it powers",
                &["Section XVI Note 2"],
                &["850490"],
            ),
            Component::Switch => Reason::new(
                "a switch (for a voltage not exceeding 1,000 V)",
                "every code but 8536.50 (other switches), whatever it switches: not the luminaire or appliance it serves",
                &["Section XVI Note 2"],
                &["853650"],
            ),
            Component::MachineKnife => Reason::new(
                "a knife or cutting blade for a machine",
                "every heading but 8208 (knives and cutting blades, for machines or for mechanical appliances): articles of chapter 82 are not parts of the machines of Section XVI",
                &["Section XVI Note 1"],
                &["8208"],
            ),
            Component::Magnetron => Reason::new(
                "a magnetron",
                "every code but 8540.71, whatever oven it is for: goods of a heading of chapter 85 are classified there, not as parts of the machine they serve",
                &["Section XVI Note 2"],
                &["854071"],
            ),
            Component::Valve => Reason::new(
                "a valve, tap or cock",
                "every heading but 8481, whatever machine or vehicle it is for: articles of heading 8481 are classified there, not as parts of what they serve",
                &["Section XVI Note 2", "Section XVII Note 2"],
                &["8481"],
            ),
            Component::GearWheel => Reason::new(
                "toothed wheels, sprockets or pinions presented separately, for a machine",
                "every code but 8483.90, whatever machine it is for: goods of a heading of chapter 84 are classified there, not as parts of the machine they serve",
                &["Section XVI Note 2"],
                &["848390", "848340"],
            ),
            Component::Gearbox => Reason::new(
                "a gear box or speed reducer, for a machine",
                "every code but 8483.40, whatever machine it is for: goods of a heading of chapter 84 are classified there, not as parts of the machine they serve",
                &["Section XVI Note 2"],
                &["848340"],
            ),
            Component::ControlBoard => Reason::new(
                "a control board of an appliance or machine",
                "every code but 8537.10 (boards equipped with apparatus for electric control, for a voltage not exceeding 1,000 V), whatever appliance it controls: goods of a heading of chapter 85 are classified there, not as parts of the machine they serve",
                &["Section XVI Note 2"],
                &["853710"],
            ),
            Component::MountedBearing => Reason::new(
                "a mounted bearing (a bearing housing with its bearing)",
                "every code but 8483.20 (bearing housings, incorporating ball or roller bearings): not the bare bearing of 8482 nor a housing without one (8483.30)",
                &["Rule 1", "Rule 6"],
                &["848320", "8482", "848330"],
            ),
            Component::HydraulicCylinder => Reason::new(
                "a hydraulic cylinder (a linear-acting hydraulic engine)",
                "every code but 8412.21, whatever machine, vessel or vehicle it is for",
                &["Section XVI Note 2", "Section XVII Note 2"],
                &["841221"],
            ),
            Component::PneumaticCylinder => Reason::new(
                "a pneumatic cylinder (a linear-acting pneumatic engine)",
                "every code but 8412.31, whatever machine, vessel or vehicle it is for",
                &["Section XVI Note 2", "Section XVII Note 2"],
                &["841231"],
            ),
            Component::ValvePart => Reason::new(
                "a part of a valve, tap or cock",
                "every code but 8481.90 (parts of the taps, cocks and valves of 8481)",
                &["Section XVI Note 2", "Rule 6"],
                &["848190"],
            ),
        }
    }
}

#[cfg(test)]
mod tests;
