//! End to end on a tiny randomly initialised Qwen2-shaped model: the loss
//! falls, the saved adapter reloads to identical outputs, and a run
//! stopped at a checkpoint and resumed ends where an uninterrupted one does.

use candle_core::{Device, Tensor};
use portolan_training::adapter;
use portolan_training::lora::LoraConfig;
use portolan_training::qwen2::{random_weights, Qwen2Shape, TrainableQwen2};
use portolan_training::trainer::{train, TokenExample, TrainConfig};

fn shape() -> Qwen2Shape {
    Qwen2Shape {
        vocab: 48,
        hidden: 32,
        intermediate: 64,
        layers: 2,
        heads: 4,
        kv_heads: 2,
        rms_eps: 1e-6,
        rope_base: 10_000.0,
    }
}

fn model() -> TrainableQwen2 {
    let dev = Device::Cpu;
    TrainableQwen2::new(
        shape(),
        &random_weights(&shape(), 11, &dev).unwrap(),
        64,
        &dev,
    )
    .unwrap()
}

/// "Questions" (prompt tokens) each followed by a fixed answer pattern the
/// base model cannot know: the loss is on the answer only.
fn examples() -> Vec<TokenExample> {
    (0..12u32)
        .map(|i| {
            let prompt: Vec<u32> = (0..4 + i % 3).map(|k| 1 + (i * 7 + k * 3) % 40).collect();
            let answer: Vec<u32> = vec![41, 42 + i % 4, 46, 47];
            let target = prompt
                .iter()
                .map(|_| false)
                .chain(answer.iter().map(|_| true))
                .collect();
            TokenExample {
                tokens: prompt.into_iter().chain(answer).collect(),
                target,
            }
        })
        .collect()
}

fn config(steps: usize) -> TrainConfig {
    TrainConfig {
        lora: LoraConfig {
            rank: 4,
            alpha: 8.0,
            dropout: 0.05,
            targets: [
                "q_proj",
                "v_proj",
                "o_proj",
                "gate_proj",
                "up_proj",
                "down_proj",
            ]
            .map(String::from)
            .to_vec(),
        },
        learning_rate: 1e-2,
        warmup_steps: 3,
        steps,
        batch_size: 4,
        grad_accum: 2,
        max_len: 32,
        weight_decay: 0.0,
        seed: 5,
        checkpoint_every: 10,
    }
}

fn logits(m: &TrainableQwen2) -> Vec<f32> {
    let ids = Tensor::new(&[[1u32, 5, 9, 13, 41, 42]], &Device::Cpu).unwrap();
    m.forward(&ids, None)
        .unwrap()
        .flatten_all()
        .unwrap()
        .to_vec1()
        .unwrap()
}

#[test]
fn the_loss_falls_and_the_adapter_reloads_to_identical_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = model();
    let report = train(
        &mut m,
        "tiny-random",
        &examples(),
        &config(40),
        dir.path(),
        &mut |_, _, _| {},
    )
    .unwrap();
    let first = report.losses[..3].iter().sum::<f64>() / 3.0;
    let last = report.losses[report.losses.len() - 3..].iter().sum::<f64>() / 3.0;
    assert!(last < first * 0.5, "loss {first:.3} → {last:.3}");
    assert!(report.tokens_per_second > 0.0 && report.target_tokens > 0);

    let trained = logits(&m);
    let (cfg, tensors) = adapter::load(&dir.path().join("adapter"), &Device::Cpu).unwrap();
    assert_eq!(cfg.steps, 40);
    assert_eq!(cfg.shape, shape());
    let mut reloaded = model();
    reloaded.set_adapters(&cfg.lora, &tensors).unwrap();
    assert_eq!(logits(&reloaded), trained, "bit-identical after reload");
    assert_ne!(logits(&model()), trained, "the adapter changed the model");
}

#[test]
fn a_resumed_run_ends_where_an_uninterrupted_one_does() {
    let whole = tempfile::tempdir().unwrap();
    let mut a = model();
    train(
        &mut a,
        "tiny-random",
        &examples(),
        &config(20),
        whole.path(),
        &mut |_, _, _| {},
    )
    .unwrap();

    let parts = tempfile::tempdir().unwrap();
    let mut b = model();
    // Stop after the checkpoint at step 10 (the progress callback panics on
    // step 11, as a killed process would stop).
    let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        train(
            &mut b,
            "tiny-random",
            &examples(),
            &config(20),
            parts.path(),
            &mut |step, _, _| {
                assert!(step <= 10, "stop");
            },
        )
    }));
    assert!(stopped.is_err());
    assert!(parts.path().join("checkpoint/step").exists());
    let mut c = model();
    let report = train(
        &mut c,
        "tiny-random",
        &examples(),
        &config(20),
        parts.path(),
        &mut |_, _, _| {},
    )
    .unwrap();
    assert_eq!(report.losses.len(), 20);
    let max_diff = logits(&a)
        .iter()
        .zip(logits(&c))
        .map(|(x, y)| (x - y).abs())
        .fold(0f32, f32::max);
    assert!(max_diff < 1e-5, "resumed run differs by {max_diff}");
}
