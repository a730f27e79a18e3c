//! How well the categoriser does on our own held-out sentences (analysis/data/eval_holdout.tsv
//! and eval_holdout_es.tsv, written separately from the seed corpora). The English thresholds are
//! sanity bounds (better than guessing, training better than zero-shot); the Spanish bound is
//! the 85% issue 16 asks for, reached with hyper-parameters chosen by cross-validation on the
//! Spanish seed corpus, not on the held-out set. The measured figures are printed for the record.

use std::path::PathBuf;

use planner_analysis::{
    corpus::{
        eval_holdout, eval_holdout_es, seed_corpus, seed_for, train_corrections, Example,
        DEFAULT_CATEGORIES,
    },
    engine::{CategorySpec, Classifier, Engine, EngineKind, ExampleSource, Hyper, TrainingExample},
    language::Language,
    metrics::evaluate,
};

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

fn categories() -> Vec<CategorySpec> {
    let descriptions = [
        "Describes a desired long-term future state of the place or community.",
        "States a present difficulty, deficit, harm or barrier.",
        "Names a specific goal to reach, often measurable or time-bound.",
        "Sets a rule, policy, standard, requirement or constraint that must (not) be followed.",
        "Expresses a principle or quality the community cares about and wants decisions to respect.",
        "Proposes a concrete step, project or programme that someone can carry out.",
    ];
    DEFAULT_CATEGORIES
        .iter()
        .zip(descriptions)
        .map(|(key, description)| {
            let mut name = key.to_string();
            name[..1].make_ascii_uppercase();
            CategorySpec {
                key: key.to_string(),
                name,
                description: description.into(),
            }
        })
        .collect()
}

fn examples(list: Vec<Example>, source: ExampleSource) -> Vec<TrainingExample> {
    list.into_iter()
        .map(|e| TrainingExample {
            text: e.text,
            category: e.category,
            group: String::new(),
            source,
        })
        .collect()
}

fn accuracy(engine: &Engine, classifier: &Classifier, data: &[Example]) -> f64 {
    let texts: Vec<&str> = data.iter().map(|e| e.text.as_str()).collect();
    let predicted: Vec<String> = engine
        .predict(classifier, &texts)
        .unwrap()
        .into_iter()
        .map(|p| p.category)
        .collect();
    let gold: Vec<String> = data.iter().map(|e| e.category.clone()).collect();
    let labels: Vec<String> = DEFAULT_CATEGORIES.iter().map(|s| s.to_string()).collect();
    let e = evaluate(&labels, &gold, &predicted);
    eprintln!(
        "    n={} accuracy={:.3} macro_f1={:.3}",
        e.n, e.accuracy, e.macro_f1
    );
    e.accuracy
}

fn embedding_engine() -> Engine {
    let engine = Engine::load(&model_dir());
    assert_eq!(
        engine.kind(),
        EngineKind::Embedding,
        "{} (run scripts/fetch-model.sh)",
        engine.reason()
    );
    engine
}

#[test]
fn embedding_engine_zero_shot_seed_and_trained_accuracy_on_holdout() {
    let engine = embedding_engine();
    let holdout = eval_holdout();
    let chance = 1.0 / DEFAULT_CATEGORIES.len() as f64;

    eprintln!("zero-shot (names and descriptions only):");
    let zero = accuracy(&engine, &engine.zero_shot(&categories()).unwrap(), &holdout);
    assert!(zero > chance, "zero-shot {zero} is no better than guessing");

    eprintln!("default model (seed corpus):");
    let seed = examples(seed_corpus(), ExampleSource::Seed);
    let default = accuracy(
        &engine,
        &engine.fit(&categories(), &seed, Hyper::default()).unwrap(),
        &holdout,
    );
    assert!(
        default > zero,
        "seed-trained {default} should beat zero-shot {zero}"
    );

    eprintln!("training run (seed corpus + admin corrections, grouped CV):");
    let mut all = seed;
    all.extend(examples(train_corrections(), ExampleSource::Admin));
    let outcome = engine.train(&categories(), &all).unwrap();
    let trained = accuracy(&engine, &outcome.classifier, &holdout);
    eprintln!(
        "    chosen {:?}; cross-validated accuracy {:.3} vs zero-shot {:.3} on the same held-out corrections",
        outcome.classifier.hyper, outcome.held_out.accuracy, outcome.baseline.accuracy
    );
    assert!(
        trained > zero,
        "trained {trained} should beat zero-shot {zero}"
    );
    assert!(outcome.held_out.accuracy > outcome.baseline.accuracy);
}

#[test]
fn lexical_fallback_works_without_model_files() {
    let engine = Engine::load(std::path::Path::new("/nonexistent/model"));
    assert_eq!(engine.kind(), EngineKind::Lexical);
    assert!(engine.reason().contains("not found"));
    eprintln!("lexical fallback (TF-IDF, seed corpus):");
    let seed = examples(seed_corpus(), ExampleSource::Seed);
    let classifier = engine.fit(&categories(), &seed, Hyper::default()).unwrap();
    let acc = accuracy(&engine, &classifier, &eval_holdout());
    assert!(acc > 1.0 / 6.0, "lexical {acc} is no better than guessing");
    // A stored classifier round-trips and predicts the same.
    let restored: Classifier =
        serde_json::from_str(&serde_json::to_string(&classifier).unwrap()).unwrap();
    let text = ["Build a footbridge over the canal next spring."];
    assert_eq!(
        engine.predict(&classifier, &text).unwrap()[0].category,
        engine.predict(&restored, &text).unwrap()[0].category
    );
}

/// The default model of a Spanish process (Spanish seed corpus, `Hyper::default_for`) on the
/// Spanish held-out set.
fn spanish_default_accuracy(engine: &Engine) -> f64 {
    let seed = examples(seed_for(&[Language::Es]), ExampleSource::Seed);
    let classifier = engine
        .fit(&categories(), &seed, Hyper::default_for(&[Language::Es]))
        .unwrap();
    accuracy(engine, &classifier, &eval_holdout_es())
}

#[test]
fn spanish_default_model_reaches_85_percent_with_either_engine() {
    eprintln!("Spanish, embedding engine (MiniLM mixed with TF-IDF):");
    let embedding = spanish_default_accuracy(&embedding_engine());
    assert!(embedding >= 0.85, "embedding engine: {embedding}");
    eprintln!("Spanish, lexical engine:");
    let lexical = spanish_default_accuracy(&Engine::lexical("test"));
    assert!(lexical >= 0.85, "lexical engine: {lexical}");
}

#[test]
fn english_default_model_is_unchanged_by_the_spanish_corpus() {
    // A process declared English-only trains on the English seed alone, with the embedding
    // model alone, as before Spanish support.
    assert_eq!(Hyper::default_for(&[Language::En]), Hyper::default());
    assert_eq!(seed_for(&[Language::En]), seed_corpus());
    let both = seed_for(&[Language::En, Language::Es]);
    assert!(both.len() > seed_corpus().len());
}
