//! candle's logits against values recorded from llama.cpp on the same GGUF file.
//!
//! The fixture was written by `eval/reference/llama_top_logits` (see
//! `eval/reference/build-llama.sh`) from `tests/fixtures/logit-prompts.txt`.

use candle_core::IndexOp;
use portolan_model::LanguageModel;

/// The model `portolan serve` and `chat` use unless told otherwise.
const DEFAULT_MODEL: &str = "qwen2.5-coder-1.5b-instruct";

#[derive(serde::Deserialize)]
struct Reference {
    prompt: String,
    tokens: Vec<u32>,
    top: Vec<(u32, f32)>,
}

#[test]
fn top5_logits_match_llama_cpp_within_0_3() {
    // The 0.5B's Q8_0, Q4_K and Q6_K weights run through our kernels as
    // they are. Both engines round activations to 8 bits, in different
    // blocks (llama.cpp 256 values for k-quants, we 32), and each lands
    // within 0.15 of the exact f32 forward over the same weights (measured
    // with the training crate's dequantized base: we 0.142 at most, 0.045 on
    // average; llama.cpp 0.141 and 0.054), so they can differ by twice that.
    check(
        crate::language_model(),
        "llama-cpp-top5-qwen2.5-coder-0.5b.jsonl",
        0.3,
    );
}

#[test]
fn default_model_top5_logits_match_llama_cpp_within_0_35() {
    // The default 1.5B: Q4_K and Q6_K weights through our kernels as they
    // are, the embedding table kept quantized. Its logits are larger (15–20)
    // and llama.cpp rounds the activations of k-quant products in blocks of
    // 256 where we use 32: against the exact f32 forward over the same
    // weights we are within 0.154 (0.039 on average), llama.cpp within 0.270
    // (0.080); from each other up to 0.29.
    let model = LanguageModel::load(&crate::model_path(DEFAULT_MODEL)).expect("load 1.5B");
    check(&model, "llama-cpp-top5-qwen2.5-coder-1.5b.jsonl", 0.35);
}

/// Every recorded top-5 logit within `tolerance` on a fresh context, and
/// within `tolerance + 0.1` with the first half of the prompt from a cache
/// (the second half then runs as a separate batch, so 8-bit activation
/// rounding lands differently).
fn check(model: &LanguageModel, fixture: &str, tolerance: f32) {
    let text = std::fs::read_to_string(crate::fixture(fixture)).unwrap();
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let r: Reference = serde_json::from_str(line).unwrap();
        let ids = model.encode(&r.prompt).unwrap();
        assert_eq!(
            ids, r.tokens,
            "token ids differ from llama.cpp for {:?}",
            r.prompt
        );
        let logits = model
            .logits(&ids, 1)
            .unwrap()
            .i(0)
            .unwrap()
            .to_vec1::<f32>()
            .unwrap();
        for (id, expected) in &r.top {
            let got = logits[*id as usize];
            assert!(
                (got - expected).abs() <= tolerance,
                "prompt {:?}: token {id} logit {got} vs llama.cpp {expected}",
                r.prompt
            );
        }
        // The same prompt with its first half served from a cache, as a
        // shared system prompt is.
        let half = ids.len() / 2;
        let cached = model
            .logits_after_prefix(&ids[..half], &ids[half..])
            .unwrap();
        let cached = cached.i(0).unwrap().to_vec1::<f32>().unwrap();
        for (id, expected) in &r.top {
            let got = cached[*id as usize];
            assert!(
                (got - expected).abs() <= tolerance + 0.1,
                "prompt {:?} via prefix cache: token {id} logit {got} vs llama.cpp {expected}",
                r.prompt
            );
        }
        checked += 1;
    }
    assert!(checked >= 5, "fixture has {checked} prompts");
}

#[test]
fn logits_across_prefill_chunks_match_one_position_at_a_time() {
    // A prompt longer than a prefill chunk (256 positions), scored over the
    // chunk boundary, against the same positions each computed as a single
    // new token after a cache of everything before it.
    let model = crate::language_model();
    let text = "Article 51: goods declared for import are subject to duty at the rate in force on the day of declaration. "
        .repeat(16);
    let ids = model.encode(&text).unwrap();
    assert!(ids.len() > 300, "{} tokens", ids.len());
    let ids = &ids[..300];
    let n = 60;
    let all = model.logits(ids, n).unwrap();
    let mut worst = 0f32;
    for pos in [255, 256, 299] {
        let row = all.i(pos - (300 - n)).unwrap().to_vec1::<f32>().unwrap();
        let one = model
            .logits_after_prefix(&ids[..pos], &ids[pos..pos + 1])
            .unwrap()
            .i(0)
            .unwrap()
            .to_vec1::<f32>()
            .unwrap();
        assert_eq!(argmax(&one), argmax(&row), "position {pos}");
        for (a, b) in row.iter().zip(&one) {
            worst = worst.max((a - b).abs());
        }
    }
    // A row computed alone rounds its 8-bit activations where a batch's
    // attention left slightly different values (seen: 0.21 at most over the
    // whole vocabulary); a wrong position or a lost chunk is off by units.
    assert!(worst < 0.3, "largest logit difference {worst}");
}

/// The index of the largest logit.
fn argmax(logits: &[f32]) -> Option<usize> {
    logits
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i)
}
