//! Training a run's classifier on the seed examples and the admins' labels, and recording
//! its metrics.

use planner_analysis::{
    engine::{ExampleSource, TrainingExample},
    metrics::Evaluation,
};
use serde_json::{json, Value};

use super::analyzer::Analyzer;
use super::examples::{category_specs, seed_examples};
use crate::db::{self, analysis as rows};
use crate::domain::vocab::ExampleKind;

/// `{key: {precision, recall, f1, support}}`, as training runs and `planner eval` report it.
pub fn per_category_json(e: &Evaluation) -> Value {
    Value::Object(
        e.per_category
            .iter()
            .map(|(k, s)| (k.clone(), json!({ "precision": s.precision, "recall": s.recall, "f1": s.f1, "support": s.support })))
            .collect(),
    )
}

fn evaluation_json(e: &Evaluation) -> Value {
    json!({
        "n": e.n,
        "accuracy": e.accuracy,
        "macro_f1": e.macro_f1,
        "labels": e.labels,
        "confusion": e.confusion,
        "per_category": per_category_json(e),
    })
}

impl Analyzer {
    /// Trains the run's classifier on the seed corpus and the process's labelled sentences,
    /// recording metrics against the zero-shot baseline.
    pub fn train(&self, run_id: crate::domain::RunId) -> Result<(), String> {
        let run = self
            .db
            .read_blocking(|conn| Ok(rows::run_by_id(conn, run_id)?))
            .map_err(|e| e.to_string())?
            .ok_or("training run not found")?;
        let process = self
            .db
            .read_blocking(|conn| Ok(db::processes::by_id(conn, run.process_id)?))
            .map_err(|e| e.to_string())?
            .ok_or("process not found")?;
        let categories = category_specs(&process);
        let labelled = self
            .db
            .read_blocking(|conn| Ok(rows::examples_for_process(conn, process.id)?))
            .map_err(|e| e.to_string())?;
        let mut examples = seed_examples(&categories, &labelled, &process.languages());
        let seed_count = examples.len();
        examples.extend(
            labelled
                .iter()
                .filter(|e| e.kind != ExampleKind::Example)
                .map(|e| TrainingExample {
                    text: e.text.clone(),
                    category: e.category.clone(),
                    group: e.group_key.clone(),
                    source: ExampleSource::Admin,
                }),
        );
        let admin_count = examples.len() - seed_count;
        let outcome = self.engine.train(&categories, &examples)?;
        let metrics = json!({
            "engine": self.engine.kind().as_str(),
            "seed_examples": seed_count,
            "admin_examples": admin_count,
            "hyper": outcome.classifier.hyper,
            "held_out": evaluation_json(&outcome.held_out),
            "baseline": evaluation_json(&outcome.baseline),
            "cross_validation": outcome.cross_validation,
        });
        let classifier = serde_json::to_string(&outcome.classifier).map_err(|e| e.to_string())?;
        let (examples, metrics) = ((seed_count + admin_count) as i32, metrics.to_string());
        self.db
            .write_queued(move |conn| {
                Ok(rows::finish_run(
                    conn,
                    run_id,
                    examples,
                    &metrics,
                    &classifier,
                    db::now(),
                )?)
            })
            .map_err(|e| e.to_string())?;
        Ok(())
    }
}
