//! Writing reports: a JSON file for machines and a Markdown file for people,
//! side by side under `eval/reports/`.

use std::path::{Path, PathBuf};

/// Writes `NAME.json` and `NAME.md` into `dir`; returns their paths.
pub fn write(
    dir: &Path,
    name: &str,
    json: &serde_json::Value,
    markdown: &str,
) -> std::io::Result<(PathBuf, PathBuf)> {
    std::fs::create_dir_all(dir)?;
    let j = dir.join(format!("{name}.json"));
    let m = dir.join(format!("{name}.md"));
    std::fs::write(&j, serde_json::to_string_pretty(json)? + "\n")?;
    std::fs::write(&m, markdown)?;
    Ok((j, m))
}

/// The `p` quantile of `values` (nearest rank; 0 for none), as every
/// report states latencies.
pub fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted
        .get(((sorted.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or(0.0)
}
