//! `make bench`: segmentation + embedding + classification throughput on this machine, batched
//! and one sentence at a time, and the share of the measured matrix-multiply peak that the
//! embedding reaches; then, per language, the default model's accuracy and macro-F1 on the
//! shipped held-out sets and its throughput with each engine (sentences/s per model), how
//! MiniLM and the lexical comparison separate the shipped near-duplicate pairs, and the
//! segmenter's exactness on its development and two held-out sets. Prints figures; asserts
//! nothing.

use std::{path::PathBuf, time::Instant};

use candle_core::{Device, Tensor};
use planner_analysis::{
    corpus::{eval_holdout, eval_holdout_for, seed_corpus, seed_for, DEFAULT_CATEGORIES},
    dupeval::{embedding_similarities, lexical_similarities, pairs_for, separation},
    embed::Embedder,
    engine::{CategorySpec, Engine, ExampleSource, Hyper, TrainingExample},
    language::Language,
    metrics::evaluate,
    segeval::{dev_cases, exactness, holdout_cases, shipped_sets},
    segment::segment,
    similarity::duplicate_threshold,
};

fn model_dir() -> PathBuf {
    std::env::var_os("MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("data/models/all-MiniLM-L6-v2"))
}

/// FLOPs of one BERT-MiniLM forward pass over `t` tokens (6 layers, hidden 384, FFN 1536):
/// projections, feed-forward and attention products, 2 FLOPs per multiply-add.
fn flops(t: usize) -> f64 {
    let (t, h, f) = (t as f64, 384.0, 1536.0);
    6.0 * (4.0 * t * h * h * 2.0 + 2.0 * t * h * f * 2.0 + 2.0 * t * t * h * 2.0)
}

fn matmul_peak() -> f64 {
    let n = 1024;
    let a = Tensor::randn(0f32, 1.0, (n, n), &Device::Cpu).unwrap();
    let b = Tensor::randn(0f32, 1.0, (n, n), &Device::Cpu).unwrap();
    a.matmul(&b).unwrap(); // warm-up
    let runs = 10;
    let start = Instant::now();
    for _ in 0..runs {
        a.matmul(&b).unwrap();
    }
    let secs = start.elapsed().as_secs_f64() / runs as f64;
    2.0 * (n * n * n) as f64 / secs / 1e9
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let dir = model_dir();
    let embedder =
        Embedder::load(&dir).unwrap_or_else(|e| panic!("{e} (run scripts/fetch-model.sh)"));
    let engine = Engine::load(&dir);
    let categories: Vec<CategorySpec> = [
        "vision",
        "problem",
        "objective",
        "directive",
        "value",
        "action",
    ]
    .iter()
    .map(|k| CategorySpec {
        key: k.to_string(),
        name: k.to_string(),
        description: String::new(),
    })
    .collect();
    let seed: Vec<TrainingExample> = seed_corpus()
        .into_iter()
        .map(|e| TrainingExample {
            text: e.text,
            category: e.category,
            group: String::new(),
            source: ExampleSource::Seed,
        })
        .collect();
    let classifier = engine.fit(&categories, &seed, Hyper::default()).unwrap();

    // Realistic input: held-out sentences joined into multi-sentence submissions.
    let sentences: Vec<String> = eval_holdout().into_iter().map(|e| e.text).collect();
    let submissions: Vec<String> = sentences.chunks(3).map(|c| c.join(" ")).collect();
    let tokens = embedder
        .token_counts(&sentences.iter().map(String::as_str).collect::<Vec<_>>())
        .unwrap();
    let mean_tokens = tokens.iter().sum::<usize>() as f64 / tokens.len() as f64;

    let peak = matmul_peak();
    println!("matmul peak (candle, 1024x1024 f32): {peak:.1} GFLOP/s");
    println!(
        "sentences: {}, mean tokens incl. [CLS]/[SEP]: {mean_tokens:.1}",
        sentences.len()
    );

    // Warm-up, then batched end to end: segment, embed, classify.
    engine
        .predict(&classifier, &["Warm up the model."])
        .unwrap();
    let rounds = 3;
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        let segmented: Vec<String> = submissions
            .iter()
            .flat_map(|s| segment(s))
            .map(|s| s.text)
            .collect();
        let refs: Vec<&str> = segmented.iter().map(String::as_str).collect();
        n += engine.predict(&classifier, &refs).unwrap().len();
    }
    let secs = start.elapsed().as_secs_f64();
    let batched = n as f64 / secs;
    let gflops =
        batched * tokens.iter().map(|&t| flops(t)).sum::<f64>() / tokens.len() as f64 / 1e9;
    println!("batched: {batched:.1} sentences/s ({:.2} ms/sentence), {gflops:.1} GFLOP/s = {:.0}% of peak", 1000.0 / batched, 100.0 * gflops / peak);

    // One sentence at a time, as `POST /classify` with a one-sentence text does.
    let mut latencies: Vec<f64> = sentences
        .iter()
        .take(100)
        .map(|s| {
            let t = Instant::now();
            engine.predict(&classifier, &[s.as_str()]).unwrap();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    latencies.sort_by(f64::total_cmp);
    println!(
        "single: p50 {:.1} ms, p99 {:.1} ms per sentence ({:.1} sentences/s)",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        1000.0 / (latencies.iter().sum::<f64>() / latencies.len() as f64)
    );

    println!("--- per language (default model of a process in that language) ---");
    let described: Vec<CategorySpec> = categories
        .iter()
        .zip(DESCRIPTIONS)
        .map(|(c, d)| CategorySpec {
            description: d.into(),
            ..c.clone()
        })
        .collect();
    per_language(&described, &dir);
}

/// The default categories' descriptions (docs/planning-categories.md), as a process has them.
const DESCRIPTIONS: [&str; 6] = [
    "Describes a desired long-term future state of the place or community.",
    "States a present difficulty, deficit, harm or barrier.",
    "Names a specific goal to reach, often measurable or time-bound.",
    "Sets a rule, policy, standard, requirement or constraint that must (not) be followed.",
    "Expresses a principle or quality the community cares about and wants decisions to respect.",
    "Proposes a concrete step, project or programme that someone can carry out.",
];

/// Per language and engine: the default model's held-out accuracy and macro-F1, and how many
/// held-out sentences per second it segments, featurises and classifies in one batch.
fn per_language(categories: &[CategorySpec], dir: &std::path::Path) {
    let engines = [
        ("embedding", Engine::load(dir)),
        ("lexical", Engine::lexical("bench")),
    ];
    let labels: Vec<String> = DEFAULT_CATEGORIES.iter().map(|s| s.to_string()).collect();
    for language in Language::ALL {
        let seed: Vec<TrainingExample> = seed_for(&[language])
            .into_iter()
            .map(|e| TrainingExample {
                text: e.text,
                category: e.category,
                group: String::new(),
                source: ExampleSource::Seed,
            })
            .collect();
        let holdout = eval_holdout_for(language);
        let texts: Vec<&str> = holdout.iter().map(|e| e.text.as_str()).collect();
        let gold: Vec<String> = holdout.iter().map(|e| e.category.clone()).collect();
        for (name, engine) in &engines {
            let hyper = Hyper::default_for(&[language]);
            let classifier = engine.fit(categories, &seed, hyper).unwrap();
            engine.predict(&classifier, &texts[..1]).unwrap(); // warm-up
            let start = Instant::now();
            let predicted: Vec<String> = engine
                .predict(&classifier, &texts)
                .unwrap()
                .into_iter()
                .map(|p| p.category)
                .collect();
            let rate = texts.len() as f64 / start.elapsed().as_secs_f64();
            let e = evaluate(&labels, &gold, &predicted);
            let model = match (*name, hyper.mix < 1.0) {
                ("embedding", false) => "all-MiniLM-L6-v2".to_owned(),
                ("embedding", true) => format!("all-MiniLM-L6-v2 {} + TF-IDF", hyper.mix),
                _ => "TF-IDF".to_owned(),
            };
            println!(
                "{language} {name:9} ({model}, l2 {}): n {} accuracy {:.3} macro-F1 {:.3}, {rate:.0} sentences/s",
                hyper.l2, e.n, e.accuracy, e.macro_f1
            );
        }
    }
    duplicates(dir);
    for (name, cases) in shipped_sets() {
        let e = exactness(&cases);
        let langs: Vec<String> = e
            .per_language
            .iter()
            .map(|(l, (n, x))| format!("{l} {x}/{n}"))
            .collect();
        println!(
            "segmentation {name}: {}/{} exact ({:.1}%): {}",
            e.exact,
            e.n,
            100.0 * e.ratio(),
            langs.join(", ")
        );
    }
    let cases: Vec<_> = holdout_cases().into_iter().chain(dev_cases()).collect();
    let texts: Vec<&str> = cases.iter().map(|c| c.input.as_str()).collect();
    let start = Instant::now();
    let mut sentences = 0;
    for _ in 0..20 {
        sentences += texts.iter().map(|t| segment(t).len()).sum::<usize>();
    }
    println!(
        "segmentation: {:.0} sentences/s",
        sentences as f64 / start.elapsed().as_secs_f64()
    );
}

/// Near-duplicate detection per language on the shipped pairs: MiniLM (mean of sentence
/// embeddings) and the lexical comparison, each at its default duplicate threshold.
fn duplicates(dir: &std::path::Path) {
    let embedder = Embedder::load(dir).ok();
    for language in Language::ALL {
        let pairs = pairs_for(language);
        let mut rows = vec![("lexical", lexical_similarities(&pairs, &[language]), true)];
        if let Some(embedder) = &embedder {
            let sims = embedding_similarities(embedder, &pairs).unwrap();
            rows.push(("all-MiniLM-L6-v2", sims, false));
        }
        for (name, sims, lexical) in rows {
            let s = separation(&pairs, &sims, duplicate_threshold(lexical));
            println!(
                "duplicates {language} {name:16}: {} pairs, AUC {:.3}, at {:.2}: accuracy {:.3} F1 {:.3}",
                s.n, s.auc, s.threshold, s.accuracy, s.f1
            );
        }
    }
}
