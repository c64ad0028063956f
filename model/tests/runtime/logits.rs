//! candle's logits against values recorded from llama.cpp on the same GGUF file.
//!
//! The fixture was written by `eval/reference/llama_top_logits` (see
//! `eval/reference/build-llama.sh`) from `tests/fixtures/logit-prompts.txt`.

use candle_core::IndexOp;

#[derive(serde::Deserialize)]
struct Reference {
    prompt: String,
    tokens: Vec<u32>,
    top: Vec<(u32, f32)>,
}

#[test]
fn top5_logits_match_llama_cpp_within_0_2() {
    let model = crate::language_model();
    let text =
        std::fs::read_to_string(crate::fixture("llama-cpp-top5-qwen2.5-coder-0.5b.jsonl")).unwrap();
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
                (got - expected).abs() <= 0.2,
                "prompt {:?}: token {id} logit {got} vs llama.cpp {expected}",
                r.prompt
            );
        }
        // The same prompt with its first half served from a cache, as a
        // shared system prompt is: the second half runs as a separate batch,
        // so 8-bit activation rounding lands differently (seen up to 0.24).
        let half = ids.len() / 2;
        let cached = model
            .logits_after_prefix(&ids[..half], &ids[half..])
            .unwrap();
        let cached = cached.i(0).unwrap().to_vec1::<f32>().unwrap();
        for (id, expected) in &r.top {
            let got = cached[*id as usize];
            assert!(
                (got - expected).abs() <= 0.3,
                "prompt {:?} via prefix cache: token {id} logit {got} vs llama.cpp {expected}",
                r.prompt
            );
        }
        checked += 1;
    }
    assert!(checked >= 5, "fixture has {checked} prompts");
}
