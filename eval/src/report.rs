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

/// The CPU and the kernels our runtime picked on it, for reports of speed:
/// tokens/s, ratios and latencies move with the instruction set (AVX-512
/// VNNI or AVX2) and the core generation, and a checkout can land on
/// another machine.
pub fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field = |name: &str| {
        cpuinfo.lines().find_map(|l| {
            let (key, value) = l.split_once(':')?;
            (key.trim() == name).then(|| value.trim().to_string())
        })
    };
    let cpu = match (field("model name"), field("cpu family"), field("model")) {
        (Some(name), Some(family), Some(model)) => {
            format!("{name} (family {family}, model {model})")
        }
        (Some(name), _, _) => name,
        _ => std::env::consts::ARCH.to_string(),
    };
    let kernels = match portolan_model::int8::isa() {
        Some(portolan_model::int8::Isa::Vnni) => "AVX-512 VNNI",
        Some(portolan_model::int8::Isa::Avx2) => "AVX2",
        None => "candle's (no AVX2)",
    };
    format!("{cpu}; Portolan's int8 kernels: {kernels}")
}
