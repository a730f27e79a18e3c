//! `planner eval`: the default six-category taxonomy evaluated on a labelled file, optionally
//! after training exactly as a training run would; or, without a file, the default model of
//! each supported language on its shipped held-out set and the segmenter on its sets.

use std::path::Path;

use anyhow::Context;
use planner_analysis::{
    corpus::{eval_holdout_for, parse_labelled},
    dupeval::{embedding_similarities, lexical_similarities, pairs_for, separation, Separation},
    engine::{CategorySpec, Engine, ExampleSource, Hyper, TrainingExample},
    language::Language,
    metrics::{evaluate, Evaluation},
    segeval::{exactness, shipped_sets, Exactness},
    similarity::duplicate_threshold,
};
use serde_json::{json, Value};

use super::service::{per_category_json, seed_examples};
use crate::domain::process::default_categories;

fn read_labelled(path: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let examples = parse_labelled(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(examples.into_iter().map(|e| (e.category, e.text)).collect())
}

fn categories() -> Vec<CategorySpec> {
    default_categories()
        .into_iter()
        .map(|c| CategorySpec {
            key: c.key,
            name: c.name,
            description: c.description,
        })
        .collect()
}

/// The default model of a process in `language` (trained on `train` as admin corrections
/// first, when given), evaluated on `test`.
fn evaluate_on(
    engine: &Engine,
    language: Language,
    test: &[(String, String)],
    train: Option<Vec<(String, String)>>,
) -> anyhow::Result<Evaluation> {
    let categories = categories();
    let labels: Vec<String> = categories.iter().map(|c| c.key.clone()).collect();
    let mut examples = seed_examples(&categories, &[], &[language]);
    let classifier = match train {
        Some(train) => {
            examples.extend(train.into_iter().map(|(category, text)| TrainingExample {
                text,
                category,
                group: String::new(),
                source: ExampleSource::Admin,
            }));
            engine
                .train(&categories, &examples)
                .map_err(anyhow::Error::msg)?
                .classifier
        }
        None => engine
            .fit(&categories, &examples, Hyper::default_for(&[language]))
            .map_err(anyhow::Error::msg)?,
    };
    let texts: Vec<&str> = test.iter().map(|(_, t)| t.as_str()).collect();
    let predicted: Vec<String> = engine
        .predict(&classifier, &texts)
        .map_err(anyhow::Error::msg)?
        .into_iter()
        .map(|p| p.category)
        .collect();
    let gold: Vec<String> = test.iter().map(|(c, _)| c.clone()).collect();
    Ok(evaluate(&labels, &gold, &predicted))
}

fn scores_json(e: &Evaluation) -> Value {
    json!({ "n": e.n, "accuracy": e.accuracy, "macro_f1": e.macro_f1, "per_category": per_category_json(e) })
}

fn exactness_json(e: &Exactness) -> Value {
    json!({
        "n": e.n,
        "exact": e.exact,
        "exactness": e.ratio(),
        "per_language": e.per_language.iter().map(|(l, (n, x))| (l.clone(), json!({ "n": n, "exact": x }))).collect::<serde_json::Map<_, _>>(),
        "misses": e.misses,
    })
}

fn separation_json(s: &Separation) -> Value {
    // The threshold is an f32 setting: print it as written (0.85), not widened (0.8500000238).
    let threshold = (f64::from(s.threshold) * 1000.0).round() / 1000.0;
    json!({ "n": s.n, "auc": s.auc, "threshold": threshold, "accuracy": s.accuracy, "f1": s.f1 })
}

/// Per language: how the lexical comparison and, with the embedding engine, MiniLM separate
/// the shipped near-duplicate pairs (at the default duplicate threshold of each).
fn duplicates_json(engine: &Engine) -> Value {
    let mut out = serde_json::Map::new();
    for language in Language::ALL {
        let pairs = pairs_for(language);
        let lexical = lexical_similarities(&pairs, &[language]);
        let mut entry = json!({
            "lexical": separation_json(&separation(&pairs, &lexical, duplicate_threshold(true))),
        });
        if let Some(embedder) = engine.embedder() {
            if let Ok(sims) = embedding_similarities(embedder, &pairs) {
                entry["embedding"] =
                    separation_json(&separation(&pairs, &sims, duplicate_threshold(false)));
            }
        }
        out.insert(language.code().to_owned(), entry);
    }
    Value::Object(out)
}

fn load(model_dir: &Path) -> Engine {
    let engine = Engine::load(model_dir);
    eprintln!("engine: {} ({})", engine.kind().as_str(), engine.reason());
    engine
}

pub fn run(
    model_dir: &Path,
    data: &Path,
    train: Option<&Path>,
    language: &str,
) -> anyhow::Result<()> {
    let language = Language::parse(language).with_context(|| {
        format!(
            "--language {language:?}: expected one of {}",
            Language::ALL.map(|l| l.code()).join(", ")
        )
    })?;
    let labels: Vec<String> = categories().into_iter().map(|c| c.key).collect();
    let test = read_labelled(data)?;
    if let Some((category, _)) = test.iter().find(|(c, _)| !labels.contains(c)) {
        anyhow::bail!(
            "{}: unknown category {category:?} (expected one of {})",
            data.display(),
            labels.join(", ")
        );
    }
    let train = train.map(read_labelled).transpose()?;
    let engine = load(model_dir);
    let e = evaluate_on(&engine, language, &test, train)?;
    let mut out = scores_json(&e);
    out["engine"] = json!(engine.kind().as_str());
    out["language"] = json!(language.code());
    println!("{out}");
    Ok(())
}

/// Every language's default model on its shipped held-out set, the segmenter's exactness on
/// its development and two held-out sets, and near-duplicate detection per language, as one
/// JSON object.
pub fn report(model_dir: &Path) -> anyhow::Result<()> {
    let engine = load(model_dir);
    let mut languages = serde_json::Map::new();
    for language in Language::ALL {
        let test: Vec<(String, String)> = eval_holdout_for(language)
            .into_iter()
            .map(|e| (e.category, e.text))
            .collect();
        let e = evaluate_on(&engine, language, &test, None)?;
        let mut scores = scores_json(&e);
        scores["hyper"] = json!(Hyper::default_for(&[language]));
        languages.insert(language.code().to_owned(), scores);
    }
    println!(
        "{}",
        json!({
            "engine": engine.kind().as_str(),
            "languages": languages,
            "segmentation": shipped_sets()
                .iter()
                .map(|(name, cases)| ((*name).to_owned(), exactness_json(&exactness(cases))))
                .collect::<serde_json::Map<_, _>>(),
            "duplicates": duplicates_json(&engine),
        })
    );
    Ok(())
}
