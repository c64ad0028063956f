//! An adapter written by training, attached to the inference model: a
//! zero update leaves its logits exactly, a real one moves them the way
//! the training forward predicts, a request picks it by name, and an
//! adapter for another model is refused.

use std::collections::HashMap;
use std::sync::OnceLock;

use candle_core::{Device, IndexOp, Tensor};
use portolan_model::acquire::ModelHome;
use portolan_model::{Generator, LanguageModel, SamplingParams};
use portolan_training::adapter::{self, AdapterConfig};
use portolan_training::lora::LoraConfig;
use portolan_training::qwen2::{adapter_name, Qwen2Shape, TrainableQwen2, PROJECTIONS};

const SMALL: &str = "qwen2.5-coder-0.5b-instruct";
const TOKENS: [u32; 12] = [
    151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644,
];

fn inference() -> &'static LanguageModel {
    static M: OnceLock<LanguageModel> = OnceLock::new();
    M.get_or_init(|| LanguageModel::load(&ModelHome::from_env().resolve(SMALL).unwrap()).unwrap())
}

fn lora() -> LoraConfig {
    LoraConfig {
        rank: 4,
        alpha: 8.0,
        dropout: 0.0,
        targets: ["q_proj", "v_proj", "o_proj", "down_proj"]
            .map(String::from)
            .to_vec(),
    }
}

/// Writes an adapter whose `B` is `b_scale` × a fixed pattern (0: a fresh one).
fn write_adapter(
    dir: &std::path::Path,
    name: &str,
    shape: &Qwen2Shape,
    b_scale: f32,
) -> HashMap<String, Tensor> {
    let (h, inter, q, kv) = (
        shape.hidden,
        shape.intermediate,
        shape.hidden,
        shape.kv_heads * shape.hidden / shape.heads,
    );
    let dims = |p: &str| match p {
        "q_proj" => (h, q),
        "k_proj" | "v_proj" => (h, kv),
        "o_proj" => (q, h),
        "gate_proj" | "up_proj" => (h, inter),
        _ => (inter, h),
    };
    let mut tensors = HashMap::new();
    for i in 0..shape.layers {
        for (p, _) in PROJECTIONS.iter().filter(|(p, _)| lora().targets(p)) {
            let (inp, out) = dims(p);
            let a: Vec<f32> = (0..4 * inp)
                .map(|k| ((k * 37 + i) % 17) as f32 / 17.0 - 0.5)
                .collect();
            let b: Vec<f32> = (0..out * 4)
                .map(|k| b_scale * (((k * 53 + i) % 13) as f32 / 13.0 - 0.5))
                .collect();
            tensors.insert(
                adapter_name(i, p, "a"),
                Tensor::from_vec(a, (4, inp), &Device::Cpu).unwrap(),
            );
            tensors.insert(
                adapter_name(i, p, "b"),
                Tensor::from_vec(b, (out, 4), &Device::Cpu).unwrap(),
            );
        }
    }
    let config = AdapterConfig {
        lora: lora(),
        base: SMALL.into(),
        shape: shape.clone(),
        steps: 0,
    };
    adapter::save(dir, name, &config, &tensors).unwrap();
    tensors
}

fn last_logits(t: Tensor) -> Vec<f32> {
    t.i(t.dim(0).unwrap() - 1).unwrap().to_vec1().unwrap()
}

#[test]
fn adapters_attach_per_request_and_match_the_training_forward() {
    let dir = tempfile::tempdir().unwrap();
    let path = ModelHome::from_env().resolve(SMALL).unwrap();
    let mut trainable = TrainableQwen2::load_gguf(&path, 64, &Device::Cpu).unwrap();
    write_adapter(dir.path(), "zero", trainable.shape(), 0.0);
    let tensors = write_adapter(dir.path(), "pattern", trainable.shape(), 0.02);

    let model = inference();
    assert_eq!(
        model.attach_adapter(&dir.path().join("zero")).unwrap(),
        "zero"
    );
    model
        .attach_adapter(&dir.path().join("pattern.safetensors"))
        .unwrap();
    // The model is shared with the other tests, which attach their own.
    let names = model.adapter_names();
    assert!(
        names.contains(&"pattern".to_string()) && names.contains(&"zero".to_string()),
        "{names:?}"
    );

    let base = last_logits(model.logits(&TOKENS, 1).unwrap());
    let zero = last_logits(model.logits_with_adapter(&TOKENS, 1, "zero").unwrap());
    assert_eq!(base, zero, "a zero update changes nothing");

    let adapted = last_logits(model.logits_with_adapter(&TOKENS, 1, "pattern").unwrap());
    let moved = base
        .iter()
        .zip(&adapted)
        .map(|(a, b)| (a - b).abs())
        .fold(0f32, f32::max);
    assert!(moved > 1.0, "the update moves the logits ({moved})");
    trainable.set_adapters(&lora(), &tensors).unwrap();
    let ids = Tensor::new(&TOKENS, &Device::Cpu)
        .unwrap()
        .unsqueeze(0)
        .unwrap();
    let expected = last_logits(trainable.forward(&ids, None).unwrap().i(0).unwrap());
    // The inference model quantizes activations; the training one is f32.
    let top: Vec<usize> = {
        let mut idx: Vec<usize> = (0..expected.len()).collect();
        idx.sort_by(|&a, &b| expected[b].total_cmp(&expected[a]));
        idx.truncate(5);
        idx
    };
    let worst = top
        .iter()
        .map(|&i| (expected[i] - adapted[i]).abs())
        .fold(0f32, f32::max);
    assert!(
        worst < 0.35,
        "inference vs training forward with the adapter: {worst}"
    );

    let params = SamplingParams {
        max_tokens: 4,
        adapter: Some("pattern".into()),
        ..SamplingParams::default()
    };
    let messages = [portolan_model::ChatMessage::new(
        portolan_model::Role::User,
        "Hello",
    )];
    assert!(model.chat(&messages, &params, &mut |_| true).is_ok());
    let unknown = SamplingParams {
        adapter: Some("nope".into()),
        ..params
    };
    let err = model
        .chat(&messages, &unknown, &mut |_| true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown adapter"), "{err}");
}

#[test]
fn an_adapter_for_another_model_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let shape = portolan_training::qwen2::Qwen2Shape {
        vocab: 48,
        hidden: 32,
        intermediate: 64,
        layers: 24,
        heads: 4,
        kv_heads: 2,
        rms_eps: 1e-6,
        rope_base: 1e4,
    };
    let weights = portolan_training::qwen2::random_weights(&shape, 1, &Device::Cpu).unwrap();
    let tiny = TrainableQwen2::new(shape, &weights, 16, &Device::Cpu).unwrap();
    write_adapter(dir.path(), "tiny", tiny.shape(), 0.1);
    let err = inference()
        .attach_adapter(&dir.path().join("tiny"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("another model"), "{err}");
}

#[test]
fn a_merged_adapter_gives_what_the_unmerged_one_does() {
    let dir = tempfile::tempdir().unwrap();
    // The 0.5B's shape, without loading it for training.
    let shape = Qwen2Shape {
        vocab: 151_936,
        hidden: 896,
        intermediate: 4864,
        layers: 24,
        heads: 14,
        kv_heads: 2,
        rms_eps: 1e-6,
        rope_base: 1e6,
    };
    write_adapter(dir.path(), "folded", &shape, 0.02);
    let path = ModelHome::from_env().resolve(SMALL).unwrap();
    let model = inference();
    model.attach_adapter(&dir.path().join("folded")).unwrap();
    let unmerged = last_logits(model.logits_with_adapter(&TOKENS, 1, "folded").unwrap());
    let base = last_logits(model.logits(&TOKENS, 1).unwrap());
    let merged = LanguageModel::load_merged(&path, &dir.path().join("folded")).unwrap();
    let folded = last_logits(merged.logits(&TOKENS, 1).unwrap());
    let mut top: Vec<usize> = (0..unmerged.len()).collect();
    top.sort_by(|&a, &b| unmerged[b].total_cmp(&unmerged[a]));
    top.truncate(5);
    let worst = top
        .iter()
        .map(|&i| (folded[i] - unmerged[i]).abs())
        .fold(0f32, f32::max);
    let moved = top
        .iter()
        .map(|&i| (base[i] - unmerged[i]).abs())
        .fold(0f32, f32::max);
    assert!(
        worst < 0.35 && moved > 1.0,
        "merged vs unmerged {worst}, adapter vs base {moved}"
    );
}

#[test]
fn a_half_precision_export_scores_as_the_trained_adapter_does() {
    let dir = tempfile::tempdir().unwrap();
    let path = ModelHome::from_env().resolve(SMALL).unwrap();
    let trainable = TrainableQwen2::load_gguf(&path, 16, &Device::Cpu).unwrap();
    write_adapter(dir.path(), "trained", trainable.shape(), 0.02);
    drop(trainable);
    let shipped = adapter::export_f16(&dir.path().join("trained"), dir.path(), "shipped").unwrap();
    let (config, halves) = adapter::load(&shipped, &Device::Cpu).unwrap();
    assert_eq!(config.base, SMALL);
    assert!(halves
        .values()
        .all(|t| t.dtype() == candle_core::DType::F16));

    let model = inference();
    model.attach_adapter(&dir.path().join("trained")).unwrap();
    model.attach_adapter(&shipped).unwrap();
    let messages = [portolan_model::ChatMessage::new(
        portolan_model::Role::User,
        "Classify (HS, 6 digits): frozen shrimp",
    )];
    let replies = ["HS 030617".to_string(), "HS 160521".to_string()];
    use portolan_model::Scorer;
    let base = model.score_chat(&messages, &replies, None).unwrap();
    let trained = model
        .score_chat(&messages, &replies, Some("trained"))
        .unwrap();
    let half = model
        .score_chat(&messages, &replies, Some("shipped"))
        .unwrap();
    for ((b, t), h) in base.iter().zip(&trained).zip(&half) {
        // The adapter moves the scores; its f16 copy keeps nearly all of
        // that move (f16 keeps three digits of each factor, and the
        // activations are quantized to 8 bits either way).
        let moved = (b.logprob - t.logprob).abs();
        assert!(moved > 1.0, "{b:?} {t:?}");
        assert!(
            (t.logprob - h.logprob).abs() < 0.1 * moved,
            "{b:?} {t:?} {h:?}"
        );
    }
}
