//! EmbeddingGemma against fixed expectations: translations land close,
//! unrelated texts far, and a small bilingual retrieval ranks the right passage first.

use portolan_model::{EmbedKind, Embedder};

fn cos(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn vectors_are_unit_length_with_the_configured_width() {
    let e = crate::embedder();
    let v = e
        .embed(&["frozen shrimp", "冷冻虾"], EmbedKind::Query)
        .unwrap();
    assert_eq!(e.dimension(), 768);
    for x in &v {
        assert_eq!(x.len(), 768);
        let n: f32 = x.iter().map(|a| a * a).sum::<f32>().sqrt();
        assert!((n - 1.0).abs() < 1e-3, "norm {n}");
    }
}

#[test]
fn translation_pair_scores_far_above_unrelated_pair() {
    let e = crate::embedder();
    let texts = [
        "Frozen shrimp and prawns, shell-on, for export",
        "带壳冷冻虾，用于出口",
        "Laptop computers weighing less than 10 kg",
    ];
    let v = e.embed(&texts, EmbedKind::Document).unwrap();
    let pair = cos(&v[0], &v[1]);
    let unrelated = cos(&v[0], &v[2]);
    assert!(
        pair > unrelated + 0.2,
        "translation {pair} vs unrelated {unrelated}"
    );
}

#[test]
fn batching_does_not_change_vectors() {
    let e = crate::embedder();
    let texts = [
        "short",
        "a much longer text about customs valuation of imported goods under the WTO agreement",
    ];
    let batch = e.embed(&texts, EmbedKind::Document).unwrap();
    for (t, b) in texts.iter().zip(&batch) {
        let single = &e.embed(&[t], EmbedKind::Document).unwrap()[0];
        assert!(
            cos(single, b) > 0.999,
            "padding changed the vector of {t:?}: cosine {}",
            cos(single, b)
        );
    }
}

#[test]
fn a_text_gets_about_the_same_vector_in_any_batch() {
    // Texts of unequal lengths, in both languages, packed in either order.
    // Not to the bit: a float difference of rounding (attention over
    // padded keys sums zeros in another order) can flip an activation's
    // int8 rounding, which moves a vector by ~1e-3 in its largest element
    // (int8 against f32 is ~2e-4 in cosine).
    let e = crate::embedder();
    let texts = [
        "关税",
        "What is the de minimis value for express shipments under CPTPP Article 5.7?",
        "进口货物的纳税人应当自运输工具申报进境之日起十四日内向海关申报",
        "short",
    ];
    let batch = e.embed(&texts, EmbedKind::Query).unwrap();
    let reversed: Vec<&str> = texts.iter().rev().copied().collect();
    let other = e.embed(&reversed, EmbedKind::Query).unwrap();
    for (i, t) in texts.iter().enumerate() {
        let single = &e.embed(&[t], EmbedKind::Query).unwrap()[0];
        for got in [&batch[i], &other[texts.len() - 1 - i]] {
            assert!(
                cos(single, got) > 0.9995,
                "{t:?}: cosine {} to its vector alone",
                cos(single, got)
            );
        }
    }
}

#[test]
fn bilingual_queries_retrieve_the_right_passage() {
    let e = crate::embedder();
    let passages = [
        "进出口货物的纳税人应当自海关填发税款缴纳凭证之日起十五日内缴纳税款。",
        "Customs value of imported goods shall be the transaction value, the price actually paid or payable.",
        "Live animals; animal products. Chapter 3: fish and crustaceans, molluscs and other aquatic invertebrates.",
        "集装箱尺寸类型代码22G1表示20英尺通用集装箱。",
        "Certificates of origin must be issued before or at the time of shipment under the RCEP agreement.",
    ];
    let queries = [
        ("Within how many days must import duties be paid?", 0),
        ("进口货物的完税价格如何确定？", 1),
        ("冷冻虾属于哪一章？", 2),
        ("What does container type 22G1 mean?", 3),
        ("原产地证书什么时候签发？", 4),
    ];
    let pv = e.embed(&passages, EmbedKind::Document).unwrap();
    let qs: Vec<&str> = queries.iter().map(|q| q.0).collect();
    let qv = e.embed(&qs, EmbedKind::Query).unwrap();
    let mut correct = 0;
    for ((q, gold), v) in queries.iter().zip(&qv) {
        let best = (0..passages.len())
            .max_by(|&a, &b| cos(v, &pv[a]).total_cmp(&cos(v, &pv[b])))
            .unwrap();
        if best == *gold {
            correct += 1;
        } else {
            eprintln!("miss: {q:?} -> {:?}", passages[best]);
        }
    }
    assert_eq!(correct, queries.len());
}

#[test]
fn q8_vectors_stay_close_to_the_f32_reference() {
    let texts = [
        "进出口货物的纳税人应当自海关填发税款缴纳凭证之日起十五日内缴纳税款。",
        "Customs value of imported goods shall be the transaction value.",
        "Frozen shrimp and prawns",
    ];
    let q8 = crate::embedder()
        .embed(&texts, EmbedKind::Document)
        .unwrap();
    let f32 = crate::embedder_f32()
        .embed(&texts, EmbedKind::Document)
        .unwrap();
    for (t, (a, b)) in texts.iter().zip(q8.iter().zip(&f32)) {
        let c = cos(a, b);
        assert!(c > 0.98, "Q8 drifted from f32 on {t:?}: cosine {c}");
    }
}
