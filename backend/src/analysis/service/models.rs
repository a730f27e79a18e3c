//! Which classifier categorises a process's sentences: its activated training run, or a
//! default model fitted on the seed examples and shared by every server in the process.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, OnceLock},
};

use planner_analysis::engine::{Classifier, Hyper};

use super::analyzer::Analyzer;
use super::examples::{category_specs, seed_examples};
use crate::db::{analysis as rows, processes::ProcessRow};

/// How many default models stay cached (one per distinct engine, categories and examples).
const MAX_DEFAULT_MODELS: usize = 64;

/// Default models depend only on the engine, the categories and the example sentences, so
/// every server in this process (tests start many) shares them.
fn default_models() -> &'static Mutex<HashMap<String, Arc<Classifier>>> {
    static MODELS: OnceLock<Mutex<HashMap<String, Arc<Classifier>>>> = OnceLock::new();
    MODELS.get_or_init(Default::default)
}

impl Analyzer {
    /// The classifier for a process: its activated training run, or the default model.
    pub fn model_for(
        &self,
        process: &ProcessRow,
    ) -> Result<(Arc<Classifier>, Option<crate::domain::RunId>), String> {
        if let Some(run_id) = process.active_model_run_id {
            if let Some(c) = self.runs.lock().expect("runs lock").get(&run_id) {
                return Ok((c.clone(), Some(run_id)));
            }
            let run = self
                .db
                .read_blocking(|conn| Ok(rows::run_by_id(conn, run_id)?))
                .map_err(|e| e.to_string())?;
            let parsed = run
                .and_then(|r| r.classifier)
                .and_then(|json| serde_json::from_str::<Classifier>(&json).ok())
                .filter(|c| c.engine == self.engine.kind());
            match parsed {
                Some(c) => {
                    let c = Arc::new(c);
                    self.runs
                        .lock()
                        .expect("runs lock")
                        .insert(run_id, c.clone());
                    return Ok((c, Some(run_id)));
                }
                // A run trained for the other engine (model files added or removed since):
                // fall back to the default model rather than refusing to analyse.
                None => log::warn!(
                    "training run {run_id} does not fit the {} engine; using the default model",
                    self.engine.kind().as_str()
                ),
            }
        }
        let categories = category_specs(process);
        let process_id = process.id;
        let examples = self
            .db
            .read_blocking(|conn| Ok(rows::examples_for_process(conn, process_id)?))
            .map_err(|e| e.to_string())?;
        let languages = process.languages();
        let seed = seed_examples(&categories, &examples, &languages);
        let hyper = Hyper::default_for(&languages);
        // Same engine, categories, examples and hyper-parameters: same model.
        let key = crate::security::tokens::hash(&format!(
            "{}\n{:?}\n{}\n{}",
            self.engine.kind().as_str(),
            hyper,
            serde_json::to_string(&categories).unwrap_or_default(),
            seed.iter()
                .map(|e| format!("{}\t{}\n", e.category, e.text))
                .collect::<String>()
        ));
        if let Some(c) = default_models().lock().expect("models lock").get(&key) {
            return Ok((c.clone(), None));
        }
        let fitted = Arc::new(self.engine.fit(&categories, &seed, hyper)?);
        let mut models = default_models().lock().expect("models lock");
        // Every edit of a process's categories or examples makes a new key; starting afresh
        // past a bound keeps a long-running server's memory flat (refitting is quick: the
        // sentence embeddings it needs are cached).
        if models.len() >= MAX_DEFAULT_MODELS {
            models.clear();
        }
        models.insert(key, fitted.clone());
        Ok((fitted, None))
    }
}
