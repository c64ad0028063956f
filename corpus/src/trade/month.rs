//! Calendar months, the period every series here is indexed by.

use std::fmt;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

const NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Month {
    /// The month, if `month` is 1–12 and the year plausible for trade data.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((1..=12).contains(&month) && (1900..=2200).contains(&year)).then_some(Self { year, month })
    }

    /// Reads the forms the sources use: `2019-06`, `2019/06`, `2019.06`,
    /// `2019-06-01` (a date: its month), `June 2019`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().trim_matches('"');
        if let Some((name, year)) = text.split_once(' ') {
            let month = NAMES.iter().position(|n| n.eq_ignore_ascii_case(name))? as u32 + 1;
            return Self::new(year.trim().parse().ok()?, month);
        }
        let mut parts = text.split(['-', '/', '.']);
        let year = parts.next()?;
        let month = parts.next()?;
        let day = parts.next();
        if parts.next().is_some() || year.len() != 4 || !(1..=2).contains(&month.len()) {
            return None;
        }
        if let Some(day) = day {
            let day: u32 = day.parse().ok()?;
            if !(1..=31).contains(&day) {
                return None;
            }
        }
        Self::new(year.parse().ok()?, month.parse().ok()?)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month of the year, 1–12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The month `n` months later (earlier for negative `n`).
    pub fn plus(self, n: i32) -> Self {
        let index = self.year * 12 + self.month as i32 - 1 + n;
        Self {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    /// Months from `earlier` to `self`.
    pub fn since(self, earlier: Month) -> i32 {
        (self.year - earlier.year) * 12 + self.month as i32 - earlier.month as i32
    }

    /// The English name, e.g. `June 2019`.
    pub fn english(self) -> String {
        format!("{} {}", NAMES[self.month as usize - 1], self.year)
    }

    /// The Chinese name, e.g. `2019年6月`.
    pub fn chinese(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl std::str::FromStr for Month {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| format!("not a month: {s:?} (expected YYYY-MM)"))
    }
}

impl serde::Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_source_form() {
        let june = Month::new(2019, 6).unwrap();
        for text in [
            "2019-06",
            "2019/06",
            "2019.06",
            "2019-06-01",
            "June 2019",
            "\"2019.06\"",
        ] {
            assert_eq!(Month::parse(text), Some(june), "{text}");
        }
        for bad in [
            "2019-13",
            "June",
            "19-06",
            "2019-06-40",
            "Juin 2019",
            "",
            "2019-06-01-02",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn arithmetic_crosses_years() {
        let jan = Month::new(2019, 1).unwrap();
        assert_eq!(jan.plus(-1), Month::new(2018, 12).unwrap());
        assert_eq!(jan.plus(-12), Month::new(2018, 1).unwrap());
        assert_eq!(jan.plus(23), Month::new(2020, 12).unwrap());
        assert_eq!(jan.plus(23).since(jan), 23);
        assert_eq!(jan.to_string(), "2019-01");
        assert_eq!(jan.chinese(), "2019年1月");
    }
}
