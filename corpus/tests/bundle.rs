//! The parsers on the real reference bundle (`../shared/data`, or
//! `$PORTOLAN_DATA`): the citation forms the bundle's README documents must
//! all resolve to chunks, with the right status.

use portolan_corpus::bundle::reference_root as data_dir;
use std::sync::OnceLock;

use portolan_corpus::{Bundle, Chunk, DocType, Lang, Status};

fn chunks() -> &'static [Chunk] {
    static ALL: OnceLock<Vec<Chunk>> = OnceLock::new();
    ALL.get_or_init(|| {
        Bundle::open(data_dir())
            .expect("bundle")
            .load_all(|_, _| {})
            .expect("parse bundle")
    })
}

fn find(doc: &str, locator: &str) -> Vec<&'static Chunk> {
    chunks()
        .iter()
        .filter(|c| c.doc == doc && c.locator == locator)
        .collect()
}

#[test]
fn readme_citation_forms_resolve() {
    for (doc, locator) in [
        ("regulations/cn-law/关税法(2024-04-26).md", "第五十一条"),
        ("regulations/cptpp/ch05.md", "Article 5.1"),
        ("regulations/cptpp/ch05.md", "Article 5.3"),
        ("hs/gri.md", "Rule 3(b)"),
        ("hs/section-chapter-notes.md", "Section XI Note 2"),
        ("hs/section-chapter-notes.md", "Chapter 84 Note 6"),
        (
            "regulations/intl/wto-marrakesh-agreement-and-annexes.md",
            "Customs Valuation Agreement Article 1",
        ),
        (
            "regulations/intl/wto-marrakesh-agreement-and-annexes.md",
            "TBT Agreement Article 2",
        ),
        (
            "regulations/intl/revised-kyoto-convention.md",
            "General Annex 3.33",
        ),
        ("regulations/intl/fal-convention.md", "Annex Standard 5.7"),
        ("regulations/cn-customs/announcements.jsonl", "gacc-0123"),
        (
            "regulations/cn-customs/policy-interpretations.jsonl",
            "gacc-interp-152",
        ),
        ("hs/hs2022.csv", "0306.17"),
        ("hs/cn-hs10-names.csv", "0306173000"),
        (
            "regulations/cn-law/国务院关于口岸开放的若干规定(1985-09-18).md",
            "一",
        ),
    ] {
        assert!(
            !find(doc, locator).is_empty(),
            "no chunk for {doc} {locator}"
        );
    }
}

#[test]
fn superseded_versions_are_marked_and_point_to_the_newer_law() {
    let old = find("regulations/cn-law/进出口关税条例(2017-03-01).md", "第一条");
    assert_eq!(
        old[0].status,
        Status::Superseded {
            by: "regulations/cn-law/关税法(2024-04-26).md".into(),
            from: Some("2024-12-01".into()),
            clause: Some("第七十二条".into()),
        }
    );
    // Replaced under another name, found from the new regulation's repeal clause.
    let bio = find(
        "regulations/cn-law/生物两用品及相关设备和技术出口管制条例(2002-10-14).md",
        "第一条",
    );
    assert_eq!(
        bio[0].status,
        Status::Superseded {
            by: "regulations/cn-law/两用物项出口管制条例(2024-09-30).md".into(),
            from: Some("2024-12-01".into()),
            clause: Some("第五十条".into()),
        }
    );
    let trade_2016 = find("regulations/cn-law/对外贸易法(2016-11-07).md", "第一条");
    assert!(
        matches!(&trade_2016[0].status, Status::Superseded { by, .. } if by.ends_with("对外贸易法(2022-12-30).md"))
    );
    assert!(
        find("regulations/cn-law/对外贸易法(2022-12-30).md", "第一条")[0]
            .status
            .in_force()
    );
    assert!(
        find("regulations/cn-law/关税法(2024-04-26).md", "第五十一条")[0]
            .status
            .in_force()
    );
}

#[test]
fn a_single_document_reload_knows_its_status() {
    let bundle = Bundle::open(data_dir()).unwrap();
    let chunks = bundle
        .load_document("regulations/cn-law/进出口关税条例(2017-03-01).md")
        .unwrap();
    assert!(!chunks.is_empty());
    assert!(chunks.iter().all(|c| !c.status.in_force()));
    assert!(chunks
        .iter()
        .all(|c| c.doc.ends_with("进出口关税条例(2017-03-01).md")));
    // The repealing law's status is its own; the repealed one is related to it.
    let related = bundle
        .related_documents("regulations/cn-law/两用物项出口管制条例(2024-09-30).md")
        .unwrap();
    assert!(
        related
            .iter()
            .any(|d| d.contains("生物两用品及相关设备和技术出口管制条例")),
        "{related:?}"
    );
    let related = bundle
        .related_documents(
            "regulations/cn-law/生物两用品及相关设备和技术出口管制条例(2002-10-14).md",
        )
        .unwrap();
    assert!(
        related
            .iter()
            .any(|d| d.contains("两用物项出口管制条例(2024-09-30)")),
        "{related:?}"
    );
}

#[test]
fn every_kind_of_source_is_parsed_with_sane_chunks() {
    let all = chunks();
    for t in DocType::ALL {
        assert!(all.iter().any(|c| c.doc_type == t), "no {t:?} chunks");
    }
    // Laws are Chinese, CPTPP English; ids are unique; no chunk is empty.
    assert!(all
        .iter()
        .filter(|c| c.doc_type == DocType::Law)
        .all(|c| c.lang == Lang::Zh));
    assert!(all
        .iter()
        .filter(|c| c.doc.contains("/cptpp/"))
        .all(|c| c.lang == Lang::En));
    let mut ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
    ids.sort_unstable();
    let dups: Vec<&str> = ids
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .take(10)
        .collect();
    assert!(dups.is_empty(), "duplicate chunk ids: {dups:?}");
    assert!(all.iter().all(|c| !c.text.trim().is_empty()), "empty chunk");
}

#[test]
fn trade_store_reads_the_bundle_series_and_rates_as_their_sources_state() {
    use portolan_corpus::trade::{Flow, Month, SeriesKey, TradeStore};
    let root = portolan_corpus::bundle::reference_root();
    let store = TradeStore::load_bundle(&root).expect("bundle trade files load");
    let june = Month::new(2019, 6).unwrap();
    let us_imports = SeriesKey {
        reporter: "USA".into(),
        partner: "CHN".into(),
        flow: Flow::Import,
        hs: "TOTAL".into(),
    };
    let series = store.series(&us_imports).expect("US series");
    // The Census file's own line for June 2019, read here independently.
    let text = std::fs::read_to_string(root.join("trade/china-bilateral-usa-monthly.csv")).unwrap();
    let (n, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("June 2019;"))
        .unwrap();
    let imports: f64 = line
        .split(';')
        .nth(2)
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap();
    let obs = &series[&june];
    assert_eq!(obs.value, imports);
    assert_eq!(obs.unit.label(), "USD million");
    assert_eq!(obs.source.line, n + 1);
    assert_eq!(series.keys().next().copied(), Month::new(2001, 1));
    assert_eq!(series.keys().next_back().copied(), Month::new(2019, 12));
    // Japan reports in JPY thousands, Korea in USD thousands.
    let japan = SeriesKey {
        reporter: "JPN".into(),
        ..us_imports.clone()
    };
    assert_eq!(
        store.series(&japan).unwrap()[&june].unit.label(),
        "JPY thousand"
    );
    let korea = SeriesKey {
        reporter: "KOR".into(),
        ..us_imports
    };
    assert_eq!(
        store.series(&korea).unwrap()[&june].unit.label(),
        "USD thousand"
    );
    // Per USD throughout; the Fed's and the ECB's euro agree.
    let cny = store.fx().per_usd("CNY", june).unwrap();
    assert!((6.0..7.5).contains(&cny.per_usd), "{}", cny.per_usd);
    let eur = store.fx().per_usd("EUR", june).unwrap();
    assert!(
        (eur.per_usd - 1.0 / 1.1293).abs() < 0.002,
        "{}",
        eur.per_usd
    );
    let gbp = store.fx().per_usd("GBP", june).unwrap();
    assert!((0.7..0.85).contains(&gbp.per_usd), "{}", gbp.per_usd);
    // ECB-only months (after H.10's last) still have a CNY rate.
    assert!(store
        .fx()
        .per_usd("CNY", Month::new(2026, 10).unwrap())
        .is_some());
}
