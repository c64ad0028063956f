//! A briefing on one pair of countries, from the reporting side's figures:
//! exports, imports and balance at the period, their monthly and yearly
//! changes, year-to-date and rolling 12-month totals, the HS chapters that
//! moved most (when the data has chapters), exchange rates and unusual
//! months.

use portolan_corpus::trade::{Flow, Month, SeriesKey, TradeStore};

use super::analytics::{self, Series};
use super::draft::{self, BriefCitation, BriefLang, ChartLine, Draft, CHART_MONTHS};
use super::facts::{money_unit, FactUnit};
use super::topic::{country_name, short_name};
use super::{BriefError, BriefScope};

/// The flow's name: `US imports from China` / `美国自中国进口`.
fn flow_name(reporter: &str, partner: &str, flow: Flow, lang: BriefLang) -> String {
    let (r, p) = (
        country_name(reporter, lang.zh()),
        country_name(partner, lang.zh()),
    );
    // "US exports", "Japan's exports".
    let r_en = match short_name(reporter, false) {
        n if n == "US" => n,
        n => format!("{n}'s"),
    };
    match (flow, lang) {
        (Flow::Export, BriefLang::Zh) => format!("{r}对{p}出口"),
        (Flow::Import, BriefLang::Zh) => format!("{r}自{p}进口"),
        (Flow::Export, BriefLang::En) => format!("{r_en} exports to {p}"),
        (Flow::Import, BriefLang::En) => format!("{r_en} imports from {p}"),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The series of one flow: the `TOTAL` row when there is one and no
/// chapter filter; otherwise the sum of the (selected) HS chapters.
fn flow_series(
    store: &TradeStore,
    reporter: &str,
    partner: &str,
    flow: Flow,
    scope: &BriefScope,
) -> Vec<SeriesKey> {
    let key = |hs: &str| SeriesKey {
        reporter: reporter.into(),
        partner: partner.into(),
        flow,
        hs: hs.into(),
    };
    if scope.hs_chapters.is_empty() && store.series(&key("TOTAL")).is_some() {
        return vec![key("TOTAL")];
    }
    store
        .keys()
        .filter(|k| {
            k.reporter == reporter && k.partner == partner && k.flow == flow && k.hs.len() == 2
        })
        .filter(|k| scope.hs_chapters.is_empty() || scope.hs_chapters.contains(&k.hs))
        .cloned()
        .collect()
}

/// The data side of a bilateral briefing.
pub fn draft(
    store: &TradeStore,
    reporter: &str,
    partner: &str,
    period: Month,
    scope: &BriefScope,
    lang: BriefLang,
) -> Result<Draft, BriefError> {
    let mut d = Draft::new(lang);
    let exports_keys = flow_series(store, reporter, partner, Flow::Export, scope);
    let imports_keys = flow_series(store, reporter, partner, Flow::Import, scope);
    let currency = exports_keys
        .iter()
        .chain(&imports_keys)
        .find_map(|k| {
            store
                .series(k)?
                .values()
                .next()
                .map(|o| o.unit.currency.clone())
        })
        .ok_or_else(|| BriefError::NoData(format!("{reporter}-{partner}: no series")))?;
    // Summing chapters in different currencies would be meaningless.
    let one_currency = exports_keys.iter().chain(&imports_keys).all(|k| {
        store
            .series(k)
            .is_some_and(|s| s.values().all(|o| o.unit.currency == currency))
    });
    if !one_currency {
        return Err(BriefError::NoData(format!(
            "{reporter}-{partner}: series in several currencies"
        )));
    }
    let typical = exports_keys
        .iter()
        .filter_map(|k| store.series(k)?.get(&period).map(|o| o.amount()))
        .sum::<f64>();
    let unit = money_unit(&currency, typical);
    let FactUnit::Money { scale, .. } = unit else {
        unreachable!("money_unit returns money")
    };
    let total = |keys: &[SeriesKey]| -> Series {
        let mut out = Series::new();
        let parts: Vec<_> = keys
            .iter()
            .filter_map(|k| draft::valued(store, k, scale))
            .collect();
        if let Some(first) = parts.first() {
            for m in first.values.keys() {
                let vals: Option<Vec<f64>> =
                    parts.iter().map(|p| p.values.get(m).copied()).collect();
                if let Some(v) = vals {
                    out.insert(*m, v.iter().sum());
                }
            }
        }
        out
    };
    let exports = total(&exports_keys);
    let imports = total(&imports_keys);
    let latest = exports
        .keys()
        .next_back()
        .max(imports.keys().next_back())
        .copied();
    if !exports.contains_key(&period) || !imports.contains_key(&period) {
        return Err(BriefError::NoPeriod { period, latest });
    }
    let provenance = |keys: &[SeriesKey], lags: &[i32]| {
        keys.iter()
            .filter_map(|k| store.series(k))
            .flat_map(|rows| draft::rows_of(rows, period, lags))
            .collect::<Vec<_>>()
    };
    for (keys, what) in [(&exports_keys, "exports"), (&imports_keys, "imports")] {
        for rows in keys.iter().filter_map(|k| store.series(k)) {
            for month in [period, period.plus(-12)] {
                if let Some(o) = rows.get(&month) {
                    let c = BriefCitation::data(&o.source, &format!("{what}, {month}"));
                    if !d.citations.contains(&c) {
                        d.citations.push(c);
                    }
                }
            }
        }
    }

    let reporter_doc = exports_keys
        .iter()
        .filter_map(|k| store.series(k)?.get(&period).map(|o| o.source.doc.clone()))
        .next()
        .unwrap_or_default();
    let rz = country_name(reporter, true);
    d.notes.push(match lang {
        BriefLang::Zh => format!("口径：{rz}方统计（{reporter_doc}），进出口均按{rz}方口径。"),
        BriefLang::En => format!(
            "Basis: figures as {} reports them ({reporter_doc}); flows are from {}'s side.",
            country_name(reporter, false),
            country_name(reporter, false)
        ),
    });
    let names = [
        (Flow::Export, &exports, &exports_keys),
        (Flow::Import, &imports, &imports_keys),
    ];
    let month = lang.month(period);
    let mut flow_bullets = Vec::new();
    let mut yoy_of = Vec::new();
    for (flow, series, keys) in names {
        let name = flow_name(reporter, partner, flow, lang);
        let level = d.facts.add(
            format!("{name}, {month}"),
            series[&period],
            unit.clone(),
            provenance(keys, &[0]),
        );
        let mom = analytics::change(series, period, 1)
            .and_then(|c| c.percent())
            .map(|p| {
                d.facts.add(
                    format!("{name} {}", lang.pick("环比", "month-on-month change")),
                    p,
                    FactUnit::Percent,
                    provenance(keys, &[0, 1]),
                )
            });
        let yoy_pct = analytics::change(series, period, 12).and_then(|c| c.percent());
        let yoy = yoy_pct.map(|p| {
            d.facts.add(
                format!("{name} {}", lang.pick("同比", "year-on-year change")),
                p,
                FactUnit::Percent,
                provenance(keys, &[0, 12]),
            )
        });
        yoy_of.push((name.clone(), yoy_pct, yoy.clone()));
        let ytd = analytics::year_to_date_change(series, period);
        let ytd_text = ytd.map(|c| {
            let level = d.facts.add(
                format!("{name} {}", lang.pick("年初至今累计", "year to date")),
                c.now,
                unit.clone(),
                vec![],
            );
            let pct = c.percent().map(|p| {
                d.facts.add(
                    format!(
                        "{name} {}",
                        lang.pick("年初至今累计同比", "year to date, change on a year earlier")
                    ),
                    p,
                    FactUnit::Percent,
                    vec![],
                )
            });
            (level, pct)
        });
        flow_bullets.push(match lang {
            BriefLang::Zh => {
                let mut s = format!("{month}{name} {level}");
                if let Some(y) = &yoy {
                    s += &format!("，同比 {y}");
                }
                if let Some(m) = &mom {
                    s += &format!("，环比 {m}");
                }
                if let Some((l, Some(p))) = &ytd_text {
                    s += &format!("；年初至今累计 {l}，同比 {p}");
                }
                s + "。"
            }
            BriefLang::En => {
                let mut s = format!("{name}: {level} in {month}");
                if let Some(y) = &yoy {
                    s += &format!(", {y} on the year");
                }
                if let Some(m) = &mom {
                    s += &format!(" and {m} on the month");
                }
                if let Some((l, Some(p))) = &ytd_text {
                    s += &format!("; {l} so far this year ({p})");
                }
                s + "."
            }
        });
    }

    let balance = analytics::difference(&exports, &imports);
    let r = country_name(reporter, lang.zh());
    let p = country_name(partner, lang.zh());
    let balance_name = match lang {
        BriefLang::Zh => format!("{r}对{p}贸易差额（出口减进口）"),
        BriefLang::En => format!(
            "{} trade balance with {p} (exports minus imports)",
            short_name(reporter, false)
        ),
    };
    let b_now = d.facts.add(
        format!("{balance_name}, {month}"),
        balance[&period],
        unit.clone(),
        vec![],
    );
    let b_before = balance.get(&period.plus(-12)).map(|v| {
        d.facts.add(
            format!("{balance_name}, {}", lang.month(period.plus(-12))),
            *v,
            unit.clone(),
            vec![],
        )
    });
    let trade = analytics::sum(&exports, &imports);
    let rolling = analytics::rolling_sum(&trade, period, 12).map(|v| {
        let shown = d.facts.add(
            lang.pick(
                "过去12个月进出口总额",
                "Total trade over the last 12 months",
            ),
            v,
            unit.clone(),
            vec![],
        );
        let before = analytics::rolling_sum(&trade, period.plus(-12), 12);
        let pct = before.filter(|b| *b != 0.0).map(|b| {
            d.facts.add(
                lang.pick(
                    "过去12个月进出口总额同比",
                    "Total trade over the last 12 months, change on the year",
                ),
                (v - b) / b * 100.0,
                FactUnit::Percent,
                vec![],
            )
        });
        (shown, pct)
    });
    if let Some(v) = analytics::rolling_sum(&trade, period, 3) {
        d.facts.add(
            lang.pick("最近3个月进出口总额", "Total trade over the last 3 months"),
            v,
            unit.clone(),
            vec![],
        );
    }

    // The headline leads with the larger yearly move of the two flows.
    let lead = yoy_of
        .iter()
        .filter_map(|(n, p, _)| Some((n, (*p)?)))
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()));
    d.headline = match (lang, lead) {
        (BriefLang::Zh, Some((n, pct))) => {
            let way = if pct < 0.0 { "下降" } else { "增长" };
            format!(
                "{month}{n}同比{way}{}",
                super::facts::display(pct.abs(), &FactUnit::Percent).trim_start_matches('+')
            )
        }
        (BriefLang::En, Some((n, pct))) => {
            let way = if pct < 0.0 { "fell" } else { "rose" };
            format!(
                "{n} {way} {} year on year in {month}",
                super::facts::display(pct.abs(), &FactUnit::Percent).trim_start_matches('+')
            )
        }
        (BriefLang::Zh, None) => format!("{month}{r}与{p}贸易"),
        (BriefLang::En, None) => format!("{} trade with {p} in {month}", capitalised(&r)),
    };
    d.bullets = flow_bullets;
    d.bullets.push(match (lang, b_before) {
        (BriefLang::Zh, Some(b)) => format!("贸易差额 {b_now}（上年同月 {b}）。"),
        (BriefLang::En, Some(b)) => format!("Balance: {b_now} (a year earlier: {b})."),
        (BriefLang::Zh, None) => format!("贸易差额 {b_now}。"),
        (BriefLang::En, None) => format!("Balance: {b_now}."),
    });
    if let Some((level, pct)) = rolling {
        d.bullets.push(match (lang, pct) {
            (BriefLang::Zh, Some(p)) => format!("过去12个月进出口总额 {level}，同比 {p}。"),
            (BriefLang::En, Some(p)) => {
                format!("Twelve-month total trade: {level} ({p} on the year).")
            }
            (BriefLang::Zh, None) => format!("过去12个月进出口总额 {level}。"),
            (BriefLang::En, None) => format!("Twelve-month total trade: {level}."),
        });
    }
    if let Some(b) = chapter_movers(
        store, reporter, partner, period, scope, scale, &unit, lang, &mut d,
    ) {
        d.bullets.push(b);
    }
    let mut currencies = scope.currencies.clone();
    if currencies.is_empty() {
        currencies.push("CNY".into());
        if currency != "USD" && currency != "CNY" {
            currencies.push(currency.clone());
        }
        currencies.push("EUR".into());
    }
    if let Some(b) = draft::fx_facts(store, &currencies, period, lang, &mut d) {
        d.bullets.push(b);
    }
    for (flow, series, _) in names {
        let name = flow_name(reporter, partner, flow, lang);
        if let Some(b) = draft::anomaly_facts(&name, series, period, lang, &mut d) {
            if d.bullets.len() < 6 {
                d.bullets.push(b);
            }
        }
    }
    d.bullets.truncate(6);

    let start = period.plus(-(CHART_MONTHS - 1));
    let window = |s: &Series| s.range(start..=period).map(|(m, v)| (*m, *v)).collect();
    d.chart = vec![
        ChartLine {
            name: flow_name(reporter, partner, Flow::Export, lang),
            values: window(&exports),
        },
        ChartLine {
            name: flow_name(reporter, partner, Flow::Import, lang),
            values: window(&imports),
        },
    ];
    let magnitude = if scale >= 1e9 { "billion" } else { "million" };
    d.chart_unit = format!("{currency} {magnitude}");
    d.window_start = Some(start.min(period.plus(-12)));
    Ok(d)
}

/// The HS chapters whose trade changed most on the year, when the data
/// breaks the pair's trade down by chapter.
#[allow(clippy::too_many_arguments)]
fn chapter_movers(
    store: &TradeStore,
    reporter: &str,
    partner: &str,
    period: Month,
    scope: &BriefScope,
    scale: f64,
    unit: &FactUnit,
    lang: BriefLang,
    d: &mut Draft,
) -> Option<String> {
    let parts: Vec<(String, Series)> = store
        .keys()
        .filter(|k| k.reporter == reporter && k.partner == partner && k.hs.len() == 2)
        .filter(|k| scope.hs_chapters.is_empty() || scope.hs_chapters.contains(&k.hs))
        .filter_map(|k| {
            let name = match (lang, k.flow) {
                (BriefLang::Zh, Flow::Export) => format!("第{}章出口", k.hs),
                (BriefLang::Zh, Flow::Import) => format!("第{}章进口", k.hs),
                (BriefLang::En, Flow::Export) => format!("chapter {} exports", k.hs),
                (BriefLang::En, Flow::Import) => format!("chapter {} imports", k.hs),
            };
            Some((name, draft::valued(store, k, scale)?.values))
        })
        .collect();
    let movers = analytics::top_movers(&parts, period, 3);
    if movers.is_empty() {
        return None;
    }
    let mut shown = Vec::new();
    for m in &movers {
        let abs = draft::mover_fact(d, m, unit, lang);
        shown.push(format!("{} {abs}", m.name));
    }
    Some(match lang {
        BriefLang::Zh => format!("变动最大的章：{}。", shown.join("；")),
        BriefLang::En => format!("Largest movers by HS chapter: {}.", shown.join("; ")),
    })
}
