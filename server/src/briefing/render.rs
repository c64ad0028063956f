//! A briefing as Markdown, a standalone HTML page, or JSON.

use std::fmt::Write;

use super::chart::escape;
use super::{BriefLang, Briefing};

/// Output format.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Markdown (the chart as an inline SVG block).
    Md,
    /// One self-contained HTML page.
    Html,
    /// The briefing as JSON.
    Json,
}

impl Briefing {
    /// The briefing in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Md => self.markdown(),
            Format::Html => self.html(),
            Format::Json => serde_json::to_string_pretty(self).unwrap_or_default(),
        }
    }

    fn words(&self) -> [&'static str; 5] {
        match self.lang {
            BriefLang::Zh => ["要点", "解读", "数据表", "来源", "指标"],
            BriefLang::En => ["Findings", "Narrative", "Facts", "Sources", "Figure"],
        }
    }

    fn markdown(&self) -> String {
        let [findings, narrative, facts, sources, figure] = self.words();
        let mut out = format!("# {}\n\n**{}**\n\n", self.title, self.headline);
        for n in &self.notes {
            let _ = write!(out, "_{n}_\n\n");
        }
        let _ = write!(out, "## {findings}\n\n");
        for b in &self.bullets {
            let _ = writeln!(out, "- {b}");
        }
        if !self.narrative.is_empty() {
            let _ = write!(out, "\n## {narrative}\n\n{}\n", self.narrative);
        }
        let _ = write!(
            out,
            "\n{}\n\n## {facts}\n\n| id | {figure} | |\n|---|---|---|\n",
            self.chart_svg
        );
        for f in &self.facts {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                f.id,
                f.label.replace('|', "/"),
                f.display
            );
        }
        let _ = write!(out, "\n## {sources}\n\n");
        for c in &self.citations {
            let _ = writeln!(
                out,
                "- `{}` {}{}",
                c.doc,
                c.locator,
                if c.quote.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", c.quote)
                }
            );
        }
        out
    }

    fn html(&self) -> String {
        let [findings, narrative, facts, sources, figure] = self.words();
        let e = escape;
        let mut out = format!(
            "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\
             <style>body{{font-family:sans-serif;max-width:780px;margin:2em auto;line-height:1.5}}\
             table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:2px 6px;text-align:left}}</style></head><body>\
             <h1>{}</h1><p><strong>{}</strong></p>{}<h2>{findings}</h2><ul>",
            if self.lang == BriefLang::Zh { "zh" } else { "en" },
            e(&self.title),
            e(&self.title),
            e(&self.headline),
            self.notes.iter().map(|n| format!("<p><em>{}</em></p>", e(n))).collect::<String>()
        );
        for b in &self.bullets {
            let _ = write!(out, "<li>{}</li>", e(b));
        }
        out.push_str("</ul>");
        if !self.narrative.is_empty() {
            let _ = write!(out, "<h2>{narrative}</h2><p>{}</p>", e(&self.narrative));
        }
        let _ = write!(out, "<figure>{}</figure><h2>{facts}</h2><table><tr><th>id</th><th>{figure}</th><th></th></tr>", self.chart_svg);
        for f in &self.facts {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                f.id,
                e(&f.label),
                e(&f.display)
            );
        }
        let _ = write!(out, "</table><h2>{sources}</h2><ul>");
        for c in &self.citations {
            let _ = write!(
                out,
                "<li><code>{}</code> {} {}</li>",
                e(&c.doc),
                e(&c.locator),
                e(&c.quote)
            );
        }
        out.push_str("</ul></body></html>\n");
        out
    }
}
