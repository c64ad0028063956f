//! Briefings on the bundle's real trade data: the figures recomputed here
//! from the source files, independently of the service's code, and a
//! narrative by the real default model whose published figures are all in
//! the facts table.

use std::sync::Arc;

use portolan_corpus::bundle::reference_root;
use portolan_corpus::trade::{Month, TradeStore};
use portolan_model::acquire::ModelHome;
use portolan_model::LanguageModel;
use portolan_server::briefing::facts::FactsTable;
use portolan_server::briefing::narrative::sentences;
use portolan_server::briefing::numbers::{untraced, Window};
use portolan_server::briefing::{BriefLang, BriefRequest, BriefScope, Briefer, Briefing};
use portolan_server::config::DEFAULT_MODEL;

fn briefer() -> Briefer {
    let store = TradeStore::load_bundle(&reference_root()).unwrap();
    let template =
        portolan_server::prompts::load(std::path::Path::new("/nonexistent"), "brief.md").unwrap();
    Briefer::new(store, None, template)
}

fn request(topic: &str, period: &str, lang: BriefLang, narrate: bool) -> BriefRequest {
    BriefRequest {
        topic: topic.into(),
        period: Month::parse(period),
        lang,
        scope: BriefScope::default(),
        narrate,
    }
}

/// The Census file's (exports, imports) by month, read with plain string
/// handling: `June 2019;9,168.5;38,733.0;-29,564.5`.
fn census() -> std::collections::HashMap<String, (f64, f64)> {
    let text =
        std::fs::read_to_string(reference_root().join("trade/china-bilateral-usa-monthly.csv"))
            .unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.trim().split(';').collect();
            let n = |s: &str| s.replace(',', "").parse::<f64>().unwrap();
            (f[0].to_string(), (n(f[1]), n(f[2])))
        })
        .collect()
}

fn fact(b: &Briefing, label: &str) -> f64 {
    b.facts
        .iter()
        .find(|f| f.label == label)
        .unwrap_or_else(|| {
            panic!(
                "no fact {label:?} in {:?}",
                b.facts.iter().map(|f| &f.label).collect::<Vec<_>>()
            )
        })
        .value
}

#[test]
fn the_us_china_june_2019_figures_match_the_census_file() {
    let b = briefer()
        .brief(&request("china-us", "2019-06", BriefLang::En, false))
        .unwrap();
    let c = census();
    let (x, m) = c["June 2019"];
    let (x_ly, m_ly) = c["June 2018"];
    let (x_may, _) = c["May 2019"];
    let months = ["January", "February", "March", "April", "May", "June"];
    let ytd = |year: i32| {
        months
            .iter()
            .map(|mo| c[&format!("{mo} {year}")])
            .fold((0.0, 0.0), |a, v| (a.0 + v.0, a.1 + v.1))
    };
    let (ytd_x, _) = ytd(2019);
    let (ytd_x_ly, _) = ytd(2018);
    let close = |a: f64, b: f64| (a - b).abs() < 1e-6 * b.abs().max(1.0);

    assert!(close(fact(&b, "US exports to China, June 2019"), x));
    assert!(close(fact(&b, "US imports from China, June 2019"), m));
    assert!(close(
        fact(&b, "US exports to China year-on-year change"),
        (x - x_ly) / x_ly * 100.0
    ));
    assert!(close(
        fact(&b, "US exports to China month-on-month change"),
        (x - x_may) / x_may * 100.0
    ));
    assert!(close(
        fact(&b, "US imports from China year-on-year change"),
        (m - m_ly) / m_ly * 100.0
    ));
    assert!(close(fact(&b, "US exports to China year to date"), ytd_x));
    assert!(close(
        fact(
            &b,
            "US exports to China year to date, change on a year earlier"
        ),
        (ytd_x - ytd_x_ly) / ytd_x_ly * 100.0
    ));
    assert!(close(
        fact(
            &b,
            "US trade balance with China (exports minus imports), June 2019"
        ),
        x - m
    ));
    assert!(close(
        fact(
            &b,
            "US trade balance with China (exports minus imports), June 2018"
        ),
        x_ly - m_ly
    ));
    let twelve: f64 = (0..12)
        .map(|i| Month::new(2019, 6).unwrap().plus(-i).english())
        .map(|k| c[&k].0 + c[&k].1)
        .sum();
    assert!(close(
        fact(&b, "Total trade over the last 12 months"),
        twelve
    ));
    // The H.10 rate of the month, from its own line.
    let fed =
        std::fs::read_to_string(reference_root().join("trade/fed-h10-fx-monthly.csv")).unwrap();
    let cny: f64 = fed
        .lines()
        .find(|l| l.starts_with("2019-06-01,China,"))
        .and_then(|l| l.rsplit(',').next())
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(fact(&b, "CNY/USD monthly average rate"), cny);
    assert!(b.headline.contains("15.5%"), "{}", b.headline);
    assert!((3..=6).contains(&b.bullets.len()));
    assert!(b
        .citations
        .iter()
        .any(|c| c.doc == "trade/china-bilateral-usa-monthly.csv"
            && c.locator.starts_with("line 223")));
    assert!(b.chart_svg.contains("<polyline"));
    // The template findings state only figures of the table.
    let table = FactsTable::from(b.facts.clone());
    let window = Window {
        years: 2016..=2019,
        partners: false,
    };
    for text in std::iter::once(&b.headline).chain(&b.bullets) {
        assert_eq!(
            untraced(text, &table, &window),
            Vec::<String>::new(),
            "{text}"
        );
    }
}

#[test]
fn china_across_partners_converts_yen_and_shares_sum_to_the_whole() {
    let b = briefer()
        .brief(&request("china", "2019-06", BriefLang::En, false))
        .unwrap();
    let shares: f64 = b
        .facts
        .iter()
        .filter(|f| {
            f.label.starts_with("Share of")
                && f.label.contains("exports")
                && !f.label.contains("change")
        })
        .map(|f| f.value)
        .sum();
    assert!((shares - 100.0).abs() < 1e-9, "{shares}");
    // Japan's imports from China (JPY thousand) at the month's H.10 yen rate.
    let jp =
        std::fs::read_to_string(reference_root().join("trade/china-bilateral-japan-monthly.csv"))
            .unwrap();
    let imports_jpy_thousand: f64 = jp
        .lines()
        .find(|l| l.starts_with("2019/06;"))
        .and_then(|l| l.trim().rsplit(';').next())
        .unwrap()
        .parse()
        .unwrap();
    let fed =
        std::fs::read_to_string(reference_root().join("trade/fed-h10-fx-monthly.csv")).unwrap();
    let jpy: f64 = fed
        .lines()
        .find(|l| l.starts_with("2019-06-01,Japan,"))
        .and_then(|l| l.rsplit(',').next())
        .unwrap()
        .parse()
        .unwrap();
    let expected = imports_jpy_thousand * 1e3 / jpy / 1e6;
    assert!((fact(&b, "China's exports to Japan, June 2019") - expected).abs() < 1e-6);
    assert!(b.notes.iter().any(|n| n.contains("mirror")));
}

#[test]
fn unknown_topics_and_months_without_data_are_clear_errors() {
    let b = briefer();
    let err = b
        .brief(&request("china-mars", "2019-06", BriefLang::En, false))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown topic") && err.contains("usa"),
        "{err}"
    );
    let err = b
        .brief(&request("china-us", "2024-06", BriefLang::En, false))
        .unwrap_err()
        .to_string();
    assert!(err.contains("2019-12"), "{err}");
}

#[test]
fn the_default_model_narrates_with_figures_of_the_table_only() {
    let path = ModelHome::from_env().resolve(DEFAULT_MODEL).unwrap();
    let model = Arc::new(LanguageModel::load(&path).unwrap());
    let briefer = briefer().with_model(model);
    for (topic, lang) in [("china-us", BriefLang::En), ("china-korea", BriefLang::Zh)] {
        let b = briefer
            .brief(&request(topic, "2018-11", lang, true))
            .unwrap();
        let check = &b.number_check;
        assert!(check.sentences > 0, "the model wrote nothing");
        let published = sentences(&b.narrative);
        assert!(published.len() + check.dropped.len() >= check.sentences);
        let table = FactsTable::from(b.facts.clone());
        let window = Window {
            years: 2015..=2018,
            partners: false,
        };
        for s in &published {
            assert_eq!(
                untraced(s, &table, &window),
                Vec::<String>::new(),
                "published: {s}"
            );
        }
        eprintln!(
            "{topic} {lang:?}: {} (dropped {:?})",
            b.narrative, check.dropped
        );
    }
}
