//! The briefing's chart as a self-contained SVG: each series over the
//! window, the briefing's month shaded and its values marked. Written by
//! hand (a few dozen elements) rather than through a plotting crate, so it
//! needs no fonts at render time and embeds in HTML, Markdown viewers and
//! JSON alike.

use std::fmt::Write;

use portolan_corpus::trade::Month;

use super::draft::ChartLine;
use super::facts::grouped;

const W: f64 = 720.0;
const H: f64 = 320.0;
const LEFT: f64 = 78.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 64.0;
const COLOURS: [&str; 6] = [
    "#1f5f99", "#c8553d", "#2a9d8f", "#8a5a9e", "#e9a03b", "#555555",
];

/// The chart of `lines` (values in `unit`), `period` highlighted.
pub fn svg(title: &str, unit: &str, lines: &[ChartLine], period: Month) -> String {
    let months: Vec<Month> = {
        let mut all: Vec<Month> = lines
            .iter()
            .flat_map(|l| l.values.keys().copied())
            .collect();
        all.sort();
        all.dedup();
        all
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" font-family="sans-serif" font-size="11" role="img" aria-label="{}">"#,
        escape(title)
    );
    let _ = write!(out, r##"<rect width="{W}" height="{H}" fill="#ffffff"/>"##);
    let _ = write!(
        out,
        r#"<text x="{LEFT}" y="20" font-size="14" font-weight="bold">{}</text>"#,
        escape(title)
    );
    let (Some(first), Some(last)) = (months.first().copied(), months.last().copied()) else {
        out.push_str("</svg>");
        return out;
    };
    let values = lines.iter().flat_map(|l| l.values.values().copied());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let (lo, hi, step) = nice_range(lo.min(0.0), hi);
    let span = last.since(first).max(1) as f64;
    let x = |m: Month| LEFT + (W - LEFT - RIGHT) * m.since(first) as f64 / span;
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (v - lo) / (hi - lo));
    // The period's band.
    let band = (W - LEFT - RIGHT) / span;
    let _ = write!(
        out,
        r##"<rect x="{:.1}" y="{TOP}" width="{:.1}" height="{:.1}" fill="#f4d35e" opacity="0.45"/>"##,
        x(period) - band / 2.0,
        band,
        H - TOP - BOTTOM
    );
    let mut v = lo;
    while v <= hi + step / 2.0 {
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#e3e3e3"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            W - RIGHT,
            y(v),
            y(v),
            LEFT - 6.0,
            y(v) + 4.0,
            grouped(v, 0)
        );
        v += step;
    }
    for m in &months {
        if m.month() == 1 || *m == first {
            let _ = write!(
                out,
                r##"<line x1="{0:.1}" x2="{0:.1}" y1="{1:.1}" y2="{2:.1}" stroke="#999"/><text x="{0:.1}" y="{3:.1}" text-anchor="middle">{4}</text>"##,
                x(*m),
                H - BOTTOM,
                H - BOTTOM + 5.0,
                H - BOTTOM + 18.0,
                m
            );
        }
    }
    let _ = write!(
        out,
        r#"<text x="14" y="{:.1}" transform="rotate(-90 14 {:.1})" text-anchor="middle">{}</text>"#,
        TOP + (H - TOP - BOTTOM) / 2.0,
        TOP + (H - TOP - BOTTOM) / 2.0,
        escape(unit)
    );
    for (i, line) in lines.iter().enumerate() {
        let colour = COLOURS[i % COLOURS.len()];
        let points: Vec<String> = line
            .values
            .iter()
            .map(|(m, v)| format!("{:.1},{:.1}", x(*m), y(*v)))
            .collect();
        let _ = write!(
            out,
            r#"<polyline fill="none" stroke="{colour}" stroke-width="2" points="{}"/>"#,
            points.join(" ")
        );
        if let Some(v) = line.values.get(&period) {
            let _ = write!(
                out,
                r##"<circle cx="{:.1}" cy="{:.1}" r="4" fill="{colour}" stroke="#fff"/>"##,
                x(period),
                y(*v)
            );
        }
        let lx = LEFT + (i as f64) * ((W - LEFT - RIGHT) / lines.len().max(1) as f64);
        let _ = write!(
            out,
            r#"<rect x="{lx:.1}" y="{:.1}" width="12" height="3" fill="{colour}"/><text x="{:.1}" y="{:.1}">{}</text>"#,
            H - 22.0,
            lx + 16.0,
            H - 18.0,
            escape(&line.name)
        );
    }
    out.push_str("</svg>");
    out
}

/// A range covering `lo..hi` on round ticks, and the tick step.
fn nice_range(lo: f64, hi: f64) -> (f64, f64, f64) {
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        return (lo - 1.0, lo + 1.0, 0.5);
    }
    let raw = (hi - lo) / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|f| f * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// Text as SVG and HTML take it (the page embeds the chart as it is).
pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_every_series_and_marks_the_period() {
        let start = Month::new(2018, 1).unwrap();
        let line = |name: &str, k: f64| ChartLine {
            name: name.into(),
            values: (0..18)
                .map(|i| (start.plus(i), k * (i as f64 + 1.0)))
                .collect(),
        };
        let period = start.plus(17);
        let svg = svg(
            "US <-> China",
            "USD million",
            &[line("exports", 10.0), line("imports", 30.0)],
            period,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert_eq!(
            svg.matches("<circle").count(),
            2,
            "the period's values are marked"
        );
        assert!(svg.contains("US &lt;-&gt; China"));
        assert!(svg.contains(">2019-01<"), "years are labelled");
        assert_eq!(nice_range(0.0, 540.0), (0.0, 600.0, 200.0));
    }
}
