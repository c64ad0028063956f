//! The frozen base as training sees it: the 0.5B GGUF dequantized to f32
//! and run through the trainable forward gives llama.cpp's logits on the
//! same file (the fixture the inference tests use), so an adapter trained
//! here is trained on the model the server runs.

use candle_core::{Device, IndexOp, Tensor};
use portolan_model::acquire::ModelHome;
use portolan_training::qwen2::TrainableQwen2;

#[derive(serde::Deserialize)]
struct Reference {
    tokens: Vec<u32>,
    top: Vec<(u32, f32)>,
}

#[test]
fn dequantized_base_matches_llama_cpp_logits() {
    let path = ModelHome::from_env()
        .resolve("qwen2.5-coder-0.5b-instruct")
        .expect("the 0.5B model");
    let model = TrainableQwen2::load_gguf(&path, 256, &Device::Cpu).expect("load as f32");
    // The directory cargo gives at run time (a shared target directory can
    // hold a binary built from a checkout at another path).
    let fixture = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
        .join("../model/tests/fixtures/llama-cpp-top5-qwen2.5-coder-0.5b.jsonl");
    let mut worst = 0f32;
    for line in std::fs::read_to_string(fixture).unwrap().lines().take(3) {
        let r: Reference = serde_json::from_str(line).unwrap();
        let ids = Tensor::new(r.tokens.as_slice(), &Device::Cpu)
            .unwrap()
            .unsqueeze(0)
            .unwrap();
        let logits = model.forward(&ids, None).unwrap();
        let last = logits
            .i((0, r.tokens.len() - 1))
            .unwrap()
            .to_vec1::<f32>()
            .unwrap();
        let best = last
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, _)| i as u32);
        assert_eq!(best, Some(r.top[0].0), "same next token as llama.cpp");
        for (id, expected) in &r.top {
            worst = worst.max((last[*id as usize] - expected).abs());
        }
    }
    // llama.cpp quantizes activations to 8 bits; the f32 base does not.
    assert!(worst < 0.35, "worst top-5 logit difference {worst}");
    eprintln!("worst top-5 logit difference vs llama.cpp: {worst:.3}");
}
