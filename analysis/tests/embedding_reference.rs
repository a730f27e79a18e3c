//! Our embedding of the model card's example sentences against an independent reference
//! (scripts/reference_embedding.py: a NumPy forward pass written from the architecture). The
//! first values also match the model card's published output (0.0677, 0.0635, 0.0487, ...).

use std::path::PathBuf;

use planner_analysis::embed::{model_present, Embedder, DIMENSIONS};

fn model_dir() -> PathBuf {
    std::env::var_os("MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../data/models/all-MiniLM-L6-v2"
            ))
        })
}

fn embedder() -> Embedder {
    let dir = model_dir();
    assert!(
        model_present(&dir),
        "model files missing in {}: run scripts/fetch-model.sh (make test does)",
        dir.display()
    );
    Embedder::load(&dir).expect("model loads")
}

const EXAMPLE_FIRST8: [f32; 8] = [
    0.067657, 0.063496, 0.048713, 0.079305, 0.037448, 0.002653, 0.039375, -0.007098,
];
const CONVERTED_FIRST8: [f32; 8] = [
    0.086439, 0.102763, 0.005395, 0.002044, -0.009963, 0.025386, 0.049288, -0.030627,
];

fn assert_close(got: &[f32], want: &[f32], what: &str) {
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!((g - w).abs() < 1e-4, "{what}[{i}]: got {g}, reference {w}");
    }
}

#[test]
fn example_sentence_matches_the_reference_embedding() {
    let e = embedder();
    let out = e
        .embed(&["This is an example sentence", "Each sentence is converted"])
        .unwrap();
    assert_eq!(out[0].len(), DIMENSIONS);
    assert_close(&out[0][..8], &EXAMPLE_FIRST8, "example");
    assert_close(&out[1][..8], &CONVERTED_FIRST8, "converted");
    let sum: f32 = out[0].iter().sum();
    assert!((sum - 0.271751).abs() < 1e-3, "sum {sum}");
    let norm: f32 = out[0].iter().map(|v| v * v).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-5);
}

#[test]
fn batching_and_padding_do_not_change_an_embedding() {
    let e = embedder();
    let alone = e.embed(&["This is an example sentence"]).unwrap();
    let long = "A much longer sentence about bus routes, bicycle lanes, parks and the riverfront that forces padding in its batch.";
    let batched = e
        .embed(&[long, "This is an example sentence", "Short one."])
        .unwrap();
    assert_close(&batched[1], &alone[0], "batched");
}
