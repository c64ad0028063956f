//! A briefing on one country's trade across the partners the data covers:
//! where its exports go and its imports come from, each partner's share
//! and how it shifted over the year (source-country shifts), the partners
//! that moved most, and exchange rates.
//!
//! The bundle holds no series China reports itself, only its partners'
//! (US Census, Japan's MoF, KOSIS). China's exports to Japan are then
//! Japan's imports from China: mirror statistics, valued at the partner's
//! border (imports CIF, exports FOB), converted to USD at each month's
//! average rate. A series the focus country reports itself wins over the
//! mirror for the same partner. The briefing says which it used.

use portolan_corpus::trade::{Flow, Month, Provenance, SeriesKey, TradeStore};

use super::analytics::{self, Series};
use super::draft::{self, BriefCitation, BriefLang, ChartLine, Draft, CHART_MONTHS};
use super::facts::FactUnit;
use super::topic::country_name;
use super::{BriefError, BriefScope};

/// One partner's flow with the focus country, in USD millions.
struct PartnerFlow {
    partner: String,
    values: Series,
    /// Rows behind each month.
    rows: Vec<(Month, Provenance)>,
    mirror: bool,
}

/// The focus's `flow` with each partner: its own report if any, else the
/// partner's report of the opposite flow.
fn partner_flows(
    store: &TradeStore,
    focus: &str,
    flow: Flow,
    scope: &BriefScope,
) -> Vec<PartnerFlow> {
    let opposite = match flow {
        Flow::Export => Flow::Import,
        Flow::Import => Flow::Export,
    };
    let mut partners: Vec<String> = store
        .keys()
        .filter(|k| k.hs == "TOTAL")
        .filter_map(|k| {
            if k.reporter == focus {
                Some(k.partner.clone())
            } else if k.partner == focus {
                Some(k.reporter.clone())
            } else {
                None
            }
        })
        .filter(|p| scope.partners.is_empty() || scope.partners.contains(p))
        .collect();
    partners.sort();
    partners.dedup();
    partners
        .into_iter()
        .filter_map(|partner| {
            let own = SeriesKey {
                reporter: focus.into(),
                partner: partner.clone(),
                flow,
                hs: "TOTAL".into(),
            };
            let mirror = SeriesKey {
                reporter: partner.clone(),
                partner: focus.into(),
                flow: opposite,
                hs: "TOTAL".into(),
            };
            let (rows, is_mirror) = match store.series(&own) {
                Some(rows) => (rows, false),
                None => (store.series(&mirror)?, true),
            };
            let mut values = Series::new();
            let mut provenance = Vec::new();
            for (m, o) in rows {
                let rate = if o.unit.currency == "USD" {
                    Some(1.0)
                } else {
                    store.fx().per_usd(&o.unit.currency, *m).map(|r| r.per_usd)
                };
                if let Some(rate) = rate {
                    values.insert(*m, o.amount() / rate / 1e6);
                    provenance.push((*m, o.source.clone()));
                }
            }
            Some(PartnerFlow {
                partner,
                values,
                rows: provenance,
                mirror: is_mirror,
            })
        })
        .collect()
}

/// The data side of a partners briefing.
pub fn draft(
    store: &TradeStore,
    focus: &str,
    period: Month,
    scope: &BriefScope,
    lang: BriefLang,
) -> Result<Draft, BriefError> {
    let mut d = Draft::new(lang);
    let f = country_name(focus, lang.zh());
    let usd = FactUnit::Money {
        currency: "USD".into(),
        scale: 1e6,
    };
    let month = lang.month(period);
    let exports = partner_flows(store, focus, Flow::Export, scope);
    let imports = partner_flows(store, focus, Flow::Import, scope);
    let latest = exports
        .iter()
        .filter_map(|p| p.values.keys().next_back())
        .max()
        .copied();
    if !exports.iter().any(|p| p.values.contains_key(&period)) {
        return Err(BriefError::NoPeriod { period, latest });
    }
    let flow_name = |flow: Flow, partner: &str| {
        let p = country_name(partner, lang.zh());
        match (flow, lang) {
            (Flow::Export, BriefLang::Zh) => format!("{f}对{p}出口"),
            (Flow::Import, BriefLang::Zh) => format!("{f}自{p}进口"),
            (Flow::Export, BriefLang::En) => format!("{f}'s exports to {p}"),
            (Flow::Import, BriefLang::En) => format!("{f}'s imports from {p}"),
        }
    };
    let mut movers_input = Vec::new();
    for (flow, flows) in [(Flow::Export, &exports), (Flow::Import, &imports)] {
        let parts: Vec<(String, Series)> = flows
            .iter()
            .map(|p| (p.partner.clone(), p.values.clone()))
            .collect();
        let shares = analytics::shares(&parts, period);
        let mut share_texts = Vec::new();
        for share in &shares {
            let Some(pf) = flows.iter().find(|p| p.partner == share.name) else {
                continue;
            };
            let name = flow_name(flow, &pf.partner);
            let sources: Vec<Provenance> = pf
                .rows
                .iter()
                .filter(|(m, _)| *m == period || *m == period.plus(-12))
                .map(|(_, p)| p.clone())
                .collect();
            for s in &sources {
                let c = BriefCitation::data(
                    s,
                    &format!(
                        "{}, {}",
                        pf.partner,
                        if pf.mirror { "mirror" } else { "reported" }
                    ),
                );
                if !d.citations.contains(&c) {
                    d.citations.push(c);
                }
            }
            let level = d.facts.add(
                format!("{name}, {month}"),
                pf.values[&period],
                usd.clone(),
                sources.clone(),
            );
            let yoy = analytics::change(&pf.values, period, 12)
                .and_then(|c| c.percent())
                .map(|p| {
                    d.facts.add(
                        format!("{name} {}", lang.pick("同比", "year-on-year change")),
                        p,
                        FactUnit::Percent,
                        sources.clone(),
                    )
                });
            let share_label = match lang {
                BriefLang::Zh => format!(
                    "{}在{f}{}（所列伙伴合计）中的占比",
                    country_name(&pf.partner, true),
                    if flow == Flow::Export {
                        "出口"
                    } else {
                        "进口"
                    }
                ),
                BriefLang::En => format!(
                    "Share of {} in {f}'s {} (partners covered)",
                    country_name(&pf.partner, false),
                    if flow == Flow::Export {
                        "exports"
                    } else {
                        "imports"
                    }
                ),
            };
            let share_now = d
                .facts
                .add(share_label.clone(), share.now, FactUnit::Share, vec![]);
            let shift = share.shift().map(|pp| {
                d.facts.add(
                    format!(
                        "{share_label} {}",
                        lang.pick("同比变化", "change on the year")
                    ),
                    pp,
                    FactUnit::Points,
                    vec![],
                )
            });
            share_texts.push((
                name.clone(),
                level,
                yoy,
                share_now,
                shift,
                share.shift().unwrap_or(0.0),
            ));
            movers_input.push((name, pf.values.clone()));
        }
        let Some(first) = share_texts.first() else {
            continue;
        };
        let (name, level, yoy, share_now, shift, _) = first;
        let yoy = yoy.clone().unwrap_or_default();
        let shift = shift.clone().unwrap_or_default();
        d.bullets.push(match lang {
            BriefLang::Zh => format!("{month}{name} {level}（同比 {yoy}），占所列伙伴合计的 {share_now}（同比 {shift}）。"),
            BriefLang::En => format!("{name}: {level} in {month} ({yoy} on the year), {share_now} of the partners covered ({shift} on the year)."),
        });
        if flow == Flow::Export {
            d.headline = match lang {
                BriefLang::Zh => format!("{month}{name}同比 {yoy}，占比变化 {shift}"),
                BriefLang::En => format!("{name} {yoy} year on year in {month}; share {shift}"),
            };
        }
        // The biggest share shift among the rest is the source-country shift.
        if let Some((n, _, _, s, Some(sh), _)) = share_texts
            .iter()
            .skip(1)
            .max_by(|a, b| a.5.abs().total_cmp(&b.5.abs()))
        {
            d.bullets.push(match lang {
                BriefLang::Zh => format!("结构变化：{n}占比 {s}（同比 {sh}）。"),
                BriefLang::En => format!("Shift: {n} now {s} of the total ({sh} on the year)."),
            });
        }
    }
    let movers = analytics::top_movers(&movers_input, period, 1);
    if let Some(m) = movers.first() {
        let abs = draft::mover_fact(&mut d, m, &usd, lang);
        d.bullets.push(match lang {
            BriefLang::Zh => format!("变动最大：{}，同比变动 {abs}。", m.name),
            BriefLang::En => format!("Largest mover: {}, {abs} on the year.", m.name),
        });
    }
    let mut currencies = scope.currencies.clone();
    if currencies.is_empty() {
        currencies.push("CNY".into());
        for pf in &exports {
            if let Some(c) = store
                .series(&SeriesKey {
                    reporter: pf.partner.clone(),
                    partner: focus.into(),
                    flow: Flow::Import,
                    hs: "TOTAL".into(),
                })
                .and_then(|s| s.values().next().map(|o| o.unit.currency.clone()))
            {
                if c != "USD" && !currencies.contains(&c) {
                    currencies.push(c);
                }
            }
        }
    }
    if let Some(b) = draft::fx_facts(store, &currencies, period, lang, &mut d) {
        d.bullets.push(b);
    }
    if exports.iter().chain(&imports).any(|p| p.mirror) {
        d.notes.push(lang.pick(
            "口径：伙伴方统计的镜像数据（伙伴进口按到岸价），非美元数据按当月平均汇率折算为美元。",
            "Basis: mirror statistics reported by the partners (their imports valued CIF); non-USD figures converted at each month's average rate.",
        ).to_string());
    }
    d.bullets.truncate(6);
    let start = period.plus(-(CHART_MONTHS - 1));
    d.chart = exports
        .iter()
        .map(|p| ChartLine {
            name: flow_name(Flow::Export, &p.partner),
            values: p
                .values
                .range(start..=period)
                .map(|(m, v)| (*m, *v))
                .collect(),
        })
        .collect();
    d.chart_unit = "USD million".into();
    d.window_start = Some(start.min(period.plus(-12)));
    Ok(d)
}
