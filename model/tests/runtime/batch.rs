//! Batched decoding: several generations stepped together must say what
//! each says alone.

use std::sync::Arc;

use candle_core::IndexOp;
use portolan_model::{
    BatchedGenerator, ChatMessage, FinishReason, Generator, Role, SamplingParams,
};

fn messages(question: &str) -> Vec<ChatMessage> {
    vec![
        ChatMessage::new(
            Role::System,
            "You are a trade and customs assistant. Answer in the language of the question.",
        ),
        ChatMessage::new(Role::User, question),
    ]
}

const QUESTIONS: [&str; 3] = [
    "Which HS chapter covers frozen shrimp? Answer briefly.",
    "冷冻虾属于HS编码的哪一章？请简要回答。",
    "What does a certificate of origin prove?",
];

#[test]
fn a_batched_step_gives_each_sequence_its_own_logits() {
    let model = crate::language_model();
    let arch = model.arch();
    let prompts: Vec<Vec<u32>> = QUESTIONS
        .iter()
        .map(|q| model.encode_chat(&messages(q)).unwrap())
        .collect();
    // Prompts of different lengths: each sequence is at its own position.
    let mut caches = Vec::new();
    let mut next = Vec::new();
    for p in &prompts {
        let mut cache = Default::default();
        let logits = arch.forward(p, &mut cache, 1, None).unwrap();
        next.push(
            logits
                .i(0)
                .unwrap()
                .argmax(0)
                .unwrap()
                .to_scalar::<u32>()
                .unwrap(),
        );
        caches.push(cache);
    }
    let mut alone = Vec::new();
    for (cache, &t) in caches.iter().zip(&next) {
        let mut c = cache.clone();
        let row = arch.forward(&[t], &mut c, 1, None).unwrap().i(0).unwrap();
        alone.push(row.to_vec1::<f32>().unwrap());
    }
    let mut refs: Vec<_> = caches.iter_mut().collect();
    let together = arch.forward_batch(&next, &mut refs, None).unwrap();
    assert_eq!(together.dims2().unwrap(), (3, alone[0].len()));
    for (i, (cache, p)) in caches.iter().zip(&prompts).enumerate() {
        assert_eq!(
            cache.len(),
            p.len() + 1,
            "each cache grows by its own token"
        );
        let row = together.i(i).unwrap().to_vec1::<f32>().unwrap();
        let diff = row
            .iter()
            .zip(&alone[i])
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(diff < 0.05, "sequence {i}: logits differ by {diff}");
    }
    // Different questions, different next-token distributions: rows are not mixed up.
    let r0 = together.i(0).unwrap().to_vec1::<f32>().unwrap();
    let r1 = together.i(1).unwrap().to_vec1::<f32>().unwrap();
    assert!(r0.iter().zip(&r1).any(|(a, b)| (a - b).abs() > 1.0));
}

#[test]
fn concurrent_requests_decoded_together_say_what_they_say_alone() {
    let model = crate::language_model();
    let params = SamplingParams {
        max_tokens: 24,
        ..Default::default()
    };
    let alone: Vec<String> = QUESTIONS
        .iter()
        .map(|q| {
            model
                .chat(&messages(q), &params, &mut |_| true)
                .unwrap()
                .text
        })
        .collect();
    let batched = Arc::new(BatchedGenerator::new(model.clone(), 4).unwrap());
    let handles: Vec<_> = QUESTIONS
        .iter()
        .map(|q| {
            let (g, p, q) = (batched.clone(), params.clone(), q.to_string());
            std::thread::spawn(move || {
                let mut streamed = String::new();
                let done = g
                    .chat(&messages(&q), &p, &mut |piece| {
                        streamed.push_str(piece);
                        true
                    })
                    .unwrap();
                (streamed, done)
            })
        })
        .collect();
    for (h, want) in handles.into_iter().zip(&alone) {
        let (streamed, done) = h.join().unwrap();
        assert_eq!(streamed, done.text);
        assert_eq!(&done.text, want);
        assert!(done.completion_tokens > 0 && done.completion_tokens <= 24);
    }
    let stats = batched.stats();
    assert!(stats.widest > 1, "never stepped together: {stats:?}");
    assert!(stats.tokens > stats.passes);
}

#[test]
fn a_caller_that_stops_ends_only_its_own_generation() {
    let model = crate::language_model();
    let batched = Arc::new(BatchedGenerator::new(model.clone(), 4).unwrap());
    let params = SamplingParams {
        max_tokens: 32,
        ..Default::default()
    };
    let other = {
        let (g, p) = (batched.clone(), params.clone());
        std::thread::spawn(move || g.chat(&messages(QUESTIONS[2]), &p, &mut |_| true).unwrap())
    };
    let mut pieces = 0;
    let stopped = batched
        .chat(&messages(QUESTIONS[0]), &params, &mut |_| {
            pieces += 1;
            false
        })
        .unwrap();
    assert_eq!(pieces, 1, "no text after the caller asked to stop");
    assert_eq!(stopped.finish_reason, FinishReason::Stop);
    assert!(stopped.completion_tokens < 32);
    let other = other.join().unwrap();
    assert_eq!(other.completion_tokens, 32, "{:?}", other.text);
    // Bad input is an error for its caller, not a dead engine.
    assert!(batched.complete("", &params, &mut |_| true).is_err());
    assert!(batched
        .complete("Incoterms 2020 has", &params, &mut |_| true)
        .is_ok());
}
