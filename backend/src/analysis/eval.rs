//! `planner eval`: the default six-category taxonomy evaluated on a labelled file, optionally
//! after training exactly as a training run would.

use std::path::Path;

use anyhow::Context;
use planner_analysis::{
    corpus::parse_labelled,
    engine::{CategorySpec, Engine, ExampleSource, Hyper, TrainingExample},
    metrics::evaluate,
};
use serde_json::json;

use super::service::{per_category_json, seed_examples};
use crate::domain::process::default_categories;

fn read_labelled(path: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let examples = parse_labelled(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(examples.into_iter().map(|e| (e.category, e.text)).collect())
}

pub fn run(model_dir: &Path, data: &Path, train: Option<&Path>) -> anyhow::Result<()> {
    let categories: Vec<CategorySpec> = default_categories()
        .into_iter()
        .map(|c| CategorySpec {
            key: c.key,
            name: c.name,
            description: c.description,
        })
        .collect();
    let labels: Vec<String> = categories.iter().map(|c| c.key.clone()).collect();
    let test = read_labelled(data)?;
    if let Some((category, _)) = test.iter().find(|(c, _)| !labels.contains(c)) {
        anyhow::bail!(
            "{}: unknown category {category:?} (expected one of {})",
            data.display(),
            labels.join(", ")
        );
    }
    let engine = Engine::load(model_dir);
    eprintln!("engine: {} ({})", engine.kind().as_str(), engine.reason());
    let mut examples = seed_examples(&categories, &[]);
    let classifier = match train {
        Some(path) => {
            examples.extend(read_labelled(path)?.into_iter().map(|(category, text)| {
                TrainingExample {
                    text,
                    category,
                    group: String::new(),
                    source: ExampleSource::Admin,
                }
            }));
            engine
                .train(&categories, &examples)
                .map_err(anyhow::Error::msg)?
                .classifier
        }
        None => engine
            .fit(&categories, &examples, Hyper::default())
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
    let e = evaluate(&labels, &gold, &predicted);
    println!(
        "{}",
        json!({ "engine": engine.kind().as_str(), "n": e.n, "accuracy": e.accuracy, "macro_f1": e.macro_f1, "per_category": per_category_json(&e) })
    );
    Ok(())
}
