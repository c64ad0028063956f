//! Motor vehicles by what drives them: the kind of engine or motor and the
//! engine's cylinder capacity.
//!
//! Heading 8703 divides motor cars by propulsion and, for engines alone, by
//! cylinder capacity: 8703.21–.24 spark-ignition, .31–.33 diesel, .40 and
//! .60 petrol hybrids (.60 charged from the mains), .50 and .70 diesel
//! hybrids, .80 electric only. Motorcycles (8711) divide the same way
//! (.10–.50 by capacity, .60 electric), vehicle engines (8407.31–.34) by
//! capacity, buses (8702) and lorries (8704) by propulsion. The texts of
//! these siblings share every word but the figure and the drive, so the
//! votes find the heading and leave the split to chance, where a broker
//! reads "1498 cc" or 纯电动 off the description and the subheading follows
//! (GRI 6): "Passenger car petrol engine 1498 cc" had gone to the plug-in
//! hybrids of 8703.60.
//!
//! A passenger car is also not a vehicle for ten or more persons (8702), a
//! goods vehicle (8704) nor a motorcycle (8711), and a motorcycle none of
//! the others: "Battery electric passenger car" had gone to the electric
//! buses of 8702.40. What was found for the wrong vehicle moves to the
//! named one's subheading of the same drive.
//!
//! Ranges and drives are read from the HS texts themselves ("cylinder
//! capacity over 1000 but not over 1500cc", "with both spark-ignition …
//! and electric motor … capable of being charged by plugging"), so every
//! subheading that divides by them is covered and none is listed here.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::ruled_out::{names_goods, words, Reason};

/// An internal combustion engine's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Spark ignition (petrol, gasoline).
    Spark,
    /// Compression ignition (diesel).
    Diesel,
}

/// What propels a vehicle, as far as a description or an HS text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Propulsion {
    /// An internal combustion engine only.
    Combustion(Option<Engine>),
    /// An engine and an electric motor; `plug_in` when it can be charged
    /// from an external source of power.
    Hybrid {
        plug_in: Option<bool>,
        engine: Option<Engine>,
    },
    /// An electric motor only.
    Electric,
}

impl Propulsion {
    /// Whether goods with this drive can be of a subheading whose text says
    /// `text`; what either leaves open fits anything.
    fn fits(self, text: Propulsion) -> bool {
        let same = |a: Option<Engine>, b: Option<Engine>| a.is_none() || b.is_none() || a == b;
        match (self, text) {
            (Propulsion::Electric, Propulsion::Electric) => true,
            (Propulsion::Combustion(a), Propulsion::Combustion(b)) => same(a, b),
            (
                Propulsion::Hybrid {
                    plug_in: p,
                    engine: a,
                },
                Propulsion::Hybrid {
                    plug_in: q,
                    engine: b,
                },
            ) => same(a, b) && (p.is_none() || q.is_none() || p == q),
            _ => false,
        }
    }

    /// The drive an HS text gives its goods, if it divides by one.
    fn of_text(text: &str) -> Option<Self> {
        let t = text.to_lowercase();
        let engine = if t.contains("spark-ignition") {
            Some(Engine::Spark)
        } else if t.contains("compression-ignition") {
            Some(Engine::Diesel)
        } else {
            None
        };
        if t.contains("with only electric motor")
            || (t.contains("electric motor for propulsion") && !t.contains("internal combustion"))
        {
            Some(Propulsion::Electric)
        } else if t.contains("with both") && t.contains("electric motor") {
            let plug_in = if t.contains("incapable of being charged") {
                Some(false)
            } else if t.contains("capable of being charged") {
                Some(true)
            } else {
                None
            };
            Some(Propulsion::Hybrid { plug_in, engine })
        } else if t.contains("with only") && engine.is_some() {
            Some(Propulsion::Combustion(engine))
        } else if t.contains("internal combustion piston engine") {
            Some(Propulsion::Combustion(None))
        } else {
            None
        }
    }
}

/// A kind of motor vehicle, by its heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vehicle {
    /// A motor car for persons (8703).
    Car,
    /// A motorcycle, moped or cycle with a motor (8711).
    Motorcycle,
}

impl Vehicle {
    fn heading(self) -> &'static str {
        match self {
            Vehicle::Car => "8703",
            Vehicle::Motorcycle => "8711",
        }
    }
}

/// The vehicle headings one named vehicle rules the others out of.
const VEHICLE_HEADINGS: [&str; 4] = ["8702", "8703", "8704", "8711"];

/// A cylinder capacity range of an HS text, in cc: (over, not over).
type Range = (u32, u32);

/// What the description states of the goods' drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drive {
    /// The vehicle named as the goods.
    vehicle: Option<Vehicle>,
    /// What propels it.
    propulsion: Option<Propulsion>,
    /// The engine's cylinder capacity, in cc.
    cc: Option<u32>,
}

static CAR: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:passenger (?:cars?|vehicles?)|motor ?cars?|(?:electric|petrol|gasoline|diesel|hybrid|",
        r"used|new|compact|family|sports?) (?:cars?|sedans?|suvs?)|sedans?|saloon cars?|hatchbacks?|",
        r"suvs?|station wagons?)\b|乘用车|轿车|小汽车|电动汽车|新能源汽车|越野车",
    ))
});

static MOTORCYCLE: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:motorcycles?|motorbikes?|mopeds?|dirt bikes?|electric (?:bikes?|bicycles?)|e-bikes?|",
        r"(?:petrol|gas|gasoline|\d+ ?cc) scooters?)\b|摩托车|踏板车|电动自行车",
    ))
});

/// Words showing the vehicle is only what the goods are for or imitate.
static NOT_A_VEHICLE: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:toys?|models?|die-?cast|kids|children'?s?|ride[- ]on|rc|remote[- ]control\w*|scale|",
        r"parts?|accessor(?:y|ies)|tyres?|tires?|wheels?|rims?|helmets?|gloves?|jackets?|covers?|",
        r"seat (?:covers?|cushions?|belts?)|(?:car|booster|child) seats?|mats?|chargers?|charging (?:stations?|piles?|cables?|ports?)|",
        r"cables?|batter(?:y|ies)|",
        r"lights?|lamps?|bulbs?|mirrors?|keys?|stickers?|decals?|wash|polish|wax|cleaners?|oil|",
        r"filters?|pumps?|jacks?|racks?|carriers?|locks?|alarms?|mounts?|holders?|phones?|",
        r"cameras?|dash ?cams?|radios?|speakers?|stereos?|horns?|brakes?|pads?|shock absorbers?|",
        r"exhausts?|mufflers?|chains?|sprockets?|spark plugs?|pistons?|gaskets?|kits?)\b",
        r"|玩具|模型|儿童|遥控|配件|零件|轮胎|内胎|外胎|轮毂|头盔|手套|车衣|车罩|座套|脚垫|坐垫|",
        r"充电|电池|灯|镜|钥匙|贴|清洗|蜡|机油|滤|泵|千斤顶|架|锁|音响|喇叭|刹车|减震|排气|链条|",
        r"火花塞|活塞",
    ))
});

static BATTERY_ELECTRIC: LazyLock<Regex> = LazyLock::new(|| words(r"\bbattery[- ]electric\b"));
static PLUG_IN: LazyLock<Regex> = LazyLock::new(|| {
    words(r"\bplug-?in hybrids?\b|\bphevs?\b|\berevs?\b|\brange[- ]extend\w*|插电|插混|增程")
});
static HYBRID: LazyLock<Regex> =
    LazyLock::new(|| words(r"\bhybrids?\b|\bhevs?\b|混合动力|油电混合|混动"));
static SELF_CHARGING: LazyLock<Regex> = LazyLock::new(|| {
    words(r"\b(?:self-?charging|full hybrids?|mild hybrids?|non-?plug-?in)\b|不可外接充电")
});
static ELECTRIC: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"\b(?:battery electric|pure electric|all-electric|fully electric|bevs?|evs?|",
        r"electric (?:cars?|vehicles?|suvs?|sedans?|motorcycles?|motorbikes?|scooters?|mopeds?|",
        r"bikes?|bicycles?|trucks?|vans?|bus(?:es)?))\b|纯电|电动汽车|电动车|电动摩托|电动轿车|电动自行车",
    ))
});
static DIESEL: LazyLock<Regex> = LazyLock::new(|| words(r"\bdiesel\b|柴油"));
static PETROL: LazyLock<Regex> =
    LazyLock::new(|| words(r"\b(?:petrol|gasoline|gas engine)\b|汽油"));

/// A capacity in cubic centimetres, wherever stated; a comma may group
/// thousands ("1,500 cc").
static CC: LazyLock<Regex> =
    LazyLock::new(|| words(r"(\d{1,2},\d{3}|\d{2,5})\s*(?:cc|cm3|cm³|立方厘米)(?:\b|$|[^a-z])"));
/// A capacity in millilitres or litres (1.5L, 1.5T, 排量1.5升), counted
/// only next to the engine it measures: elsewhere it is a volume (a tank,
/// a bottle, 4 L of engine oil).
static VOLUME: LazyLock<Regex> = LazyLock::new(|| {
    words(concat!(
        r"(?:排量|displacement|engine|发动机)\s*[:：]?\s*(\d+(?:\.\d+)?)\s*(ml|毫升|l|t|litres?|liters?|升)",
        r"(?:\b|$|[^a-z])|(\d+(?:\.\d+)?)\s*(ml|l|t|litres?|liters?|升)\s*(?:[a-z]+ ){0,2}(?:engine|发动机)",
    ))
});

/// Ranges of HS texts: "over A but not over B", "not over B", "over A".
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    words(r"(?:over|exceeding) ([\d,]+)\s*(?:cc)? but not (?:over|exceeding) ([\d,]+)\s*cc")
});
static UP_TO: LazyLock<Regex> = LazyLock::new(|| words(r"not (?:over|exceeding) ([\d,]+)\s*cc"));
static ABOVE: LazyLock<Regex> = LazyLock::new(|| words(r"(?:over|exceeding) ([\d,]+)\s*cc"));

fn number(s: &str) -> Option<u32> {
    s.replace(',', "").parse().ok()
}

/// The cylinder capacity range an HS text gives, if it divides by one.
fn range_of(text: &str) -> Option<Range> {
    if !text.to_lowercase().contains("cylinder capacity") {
        return None;
    }
    if let Some(c) = BETWEEN.captures(text) {
        return Some((number(&c[1])?, number(&c[2])?));
    }
    if let Some(c) = UP_TO.captures(text) {
        return Some((0, number(&c[1])?));
    }
    ABOVE
        .captures(text)
        .and_then(|c| Some((number(&c[1])?, u32::MAX)))
}

impl Drive {
    /// What `description` states of a vehicle's drive, if anything.
    pub fn stated(description: &str) -> Option<Self> {
        // A "battery electric" car is driven by its battery, not sold as one.
        let goods = BATTERY_ELECTRIC.replace_all(description, "electric");
        let named = |re: &Regex| names_goods(re, description) && !NOT_A_VEHICLE.is_match(&goods);
        let vehicle = if named(&CAR) {
            Some(Vehicle::Car)
        } else if named(&MOTORCYCLE) {
            Some(Vehicle::Motorcycle)
        } else {
            None
        };
        let engine = if DIESEL.is_match(description) {
            Some(Engine::Diesel)
        } else if PETROL.is_match(description) {
            Some(Engine::Spark)
        } else {
            None
        };
        let propulsion = if PLUG_IN.is_match(description) {
            Some(Propulsion::Hybrid {
                plug_in: Some(true),
                engine,
            })
        } else if HYBRID.is_match(description) {
            Some(Propulsion::Hybrid {
                plug_in: SELF_CHARGING.is_match(description).then_some(false),
                engine,
            })
        } else if ELECTRIC.is_match(description) && engine.is_none() {
            Some(Propulsion::Electric)
        } else {
            engine.map(|e| Propulsion::Combustion(Some(e)))
        };
        let cc = capacity(description);
        // Without a vehicle named, the drive says nothing of the goods (a
        // charger "for electric cars"), but a capacity still divides the
        // engines of 8407.
        let drive = Drive {
            vehicle,
            propulsion: vehicle.and(propulsion),
            cc,
        };
        (drive.vehicle.is_some() || drive.cc.is_some()).then_some(drive)
    }

    /// Whether `code` (digits), whose HS text is `text`, is ruled out.
    pub fn excludes(self, code: &str, text: &str) -> bool {
        let heading = code.get(..4).unwrap_or(code);
        if let Some(v) = self.vehicle {
            if VEHICLE_HEADINGS.contains(&heading) && heading != v.heading() {
                return true;
            }
        }
        if code.len() != 6 {
            return false;
        }
        // With no car or motorcycle named, a capacity is an engine's: it
        // divides the engines of 8407, and the vehicles found beside them
        // (for "a cylinder head of a 15 L diesel engine") are left to the
        // votes rather than gathered into one subheading.
        let divides = self.vehicle.is_some() || !VEHICLE_HEADINGS.contains(&heading);
        if let (Some(cc), Some((over, not_over))) = (self.cc, range_of(text)) {
            if divides && (cc <= over || cc > not_over) {
                return true;
            }
        }
        if self.vehicle.is_none() || !VEHICLE_HEADINGS.contains(&heading) {
            return false;
        }
        match (self.propulsion, Propulsion::of_text(text)) {
            (Some(stated), Some(of_text)) => !stated.fits(of_text),
            // A cylinder capacity means an engine.
            (None, Some(Propulsion::Electric)) => self.cc.is_some(),
            _ => false,
        }
    }

    /// Where what was found for `code` (ruled out) goes: the subheading of
    /// the named vehicle's heading (or of the code's own) that fits the
    /// drive and capacity, one of the same drive as `code` first. `None`
    /// when none does (a capacity with no fuel leaves petrol and diesel).
    pub fn sibling(self, code: &str, hs: &HashMap<String, String>) -> Option<String> {
        let own = hs.get(code)?;
        if code.len() != 6 || !self.excludes(code, own) {
            return None;
        }
        let heading = match self.vehicle {
            Some(v) if VEHICLE_HEADINGS.contains(&&code[..4]) => v.heading(),
            _ => &code[..4],
        };
        let drive = Propulsion::of_text(own);
        // How near a fitting sibling's drive is to `code`'s: the same drive,
        // or the same engine (a petrol hybrid found for a plug-in one of
        // unstated fuel goes to the petrol plug-in, 8703.40 → .60).
        let kin = |t: &str| {
            let theirs = Propulsion::of_text(t);
            if drive.is_some() && theirs == drive {
                2
            } else if engine_of(drive).is_some() && engine_of(theirs) == engine_of(drive) {
                1
            } else {
                0
            }
        };
        let mut fits: Vec<(&String, u8)> = hs
            .iter()
            .filter(|(c, t)| {
                c.len() == 6
                    && c.starts_with(heading)
                    && !self.excludes(c, t)
                    && (Propulsion::of_text(t).is_some() || range_of(t).is_some())
            })
            .map(|(c, t)| (c, kin(t)))
            .collect();
        fits.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        match fits.as_slice() {
            [(only, _)] => Some((*only).clone()),
            [(first, k), (_, next), ..] if *k > 0 && next < k => Some((*first).clone()),
            _ => None,
        }
    }

    /// What it states and rules out.
    pub fn reason(self) -> Reason {
        let goods = match self.vehicle {
            Some(Vehicle::Car) => "a motor car for persons",
            Some(Vehicle::Motorcycle) => "a motorcycle or cycle with a motor",
            None => "an engine",
        };
        let drive = match self.propulsion {
            Some(Propulsion::Electric) => ", with only an electric motor",
            Some(Propulsion::Hybrid {
                plug_in: Some(true),
                ..
            }) => ", a hybrid charged from the mains",
            Some(Propulsion::Hybrid { .. }) => ", a hybrid",
            Some(Propulsion::Combustion(Some(Engine::Diesel))) => ", with a diesel engine only",
            Some(Propulsion::Combustion(_)) => ", with a petrol engine only",
            None => "",
        };
        let capacity = self
            .cc
            .map_or(String::new(), |cc| format!(" of {cc} cc cylinder capacity"));
        let other = match self.vehicle {
            Some(Vehicle::Car) => {
                ", and buses (8702), goods vehicles (8704) and motorcycles (8711)"
            }
            Some(Vehicle::Motorcycle) => ", and buses, cars and goods vehicles (8702 to 8704)",
            None => "",
        };
        Reason {
            stated: format!("{goods}{drive}{capacity}"),
            excluded: format!("the subheadings of another propulsion or cylinder capacity{other}"),
            notes: &["Rule 6"],
            terms: match self.vehicle {
                Some(Vehicle::Car) => &["8703"],
                Some(Vehicle::Motorcycle) => &["8711"],
                None => &["8407"],
            },
        }
    }
}

/// The engine of a drive, if it names one.
fn engine_of(drive: Option<Propulsion>) -> Option<Engine> {
    match drive? {
        Propulsion::Combustion(engine) | Propulsion::Hybrid { engine, .. } => engine,
        Propulsion::Electric => None,
    }
}

/// The cylinder capacity `description` states, in cc.
fn capacity(description: &str) -> Option<u32> {
    if let Some(c) = CC.captures(description) {
        return number(&c[1]);
    }
    let c = VOLUME.captures(description)?;
    let (value, unit) = match (c.get(1), c.get(2)) {
        (Some(v), Some(u)) => (v.as_str(), u.as_str()),
        _ => (c.get(3)?.as_str(), c.get(4)?.as_str()),
    };
    let value: f32 = value.parse().ok()?;
    let unit = unit.to_lowercase();
    let cc = if unit == "ml" || unit == "毫升" {
        value
    } else {
        value * 1000.0
    };
    // An engine's capacity, not a tank's: from a 50 cc moped to a lorry.
    (30.0..=20_000.0).contains(&cc).then(|| cc.round() as u32)
}

#[cfg(test)]
mod tests;
