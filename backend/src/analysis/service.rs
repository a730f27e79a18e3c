//! Categorising sentences with the right model for each process, and training new models.

use std::{
    collections::{BTreeMap, HashMap},
    path::Path,
    sync::{Arc, Condvar, Mutex, OnceLock},
    time::Duration,
};

use planner_analysis::{
    corpus,
    engine::{CategorySpec, Classifier, Engine, EngineKind, ExampleSource, Hyper, TrainingExample},
    language::Language,
    linear::Features,
    metrics::Evaluation,
    segment,
};
use serde::Serialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

use super::{cache::DbEmbeddingCache, summary::summarise};
use crate::db::{
    self,
    analysis::{self as rows, NewSentence},
    processes::ProcessRow,
    Db,
};
use crate::domain::vocab::{ExampleKind, SentenceSource};

/// One sentence with its predicted category.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SentencePrediction {
    pub text: String,
    /// Byte offsets of the sentence in the submitted text.
    pub start: usize,
    pub end: usize,
    pub category: String,
    /// Probability of `category`, 0..1.
    pub confidence: f32,
    /// Probability of every category of the process.
    pub distribution: BTreeMap<String, f32>,
}

pub struct Analyzer {
    engine: Engine,
    db: Db,
    runs: Mutex<HashMap<i64, Arc<Classifier>>>,
    wake: (Mutex<bool>, Condvar),
    /// Jobs this server's worker ran to the end (done or failed), for /metrics: across
    /// replicas the counts add up to the jobs queued, each run once.
    jobs_finished: std::sync::atomic::AtomicU64,
}

/// Submissions this analysis thread has claimed, on one pooled connection held for the
/// batch; released when dropped, whatever happened in between.
struct Claims {
    conn: db::PooledConn,
}

impl Claims {
    fn new(db: &Db) -> Result<Self, crate::error::ApiError> {
        Ok(Self { conn: db.conn()? })
    }

    /// Up to `limit` pending submissions, oldest first, that no other replica is analysing.
    fn claim_pending(
        &mut self,
        process_id: Option<i64>,
        limit: i64,
    ) -> diesel::QueryResult<Vec<(i64, i64, String)>> {
        let conn = &mut self.conn.as_db();
        // On PostgreSQL look past the first `limit`: other replicas may hold some of them.
        // SQLite grants every claim, so the first `limit` are the batch.
        let lookahead = if matches!(conn, db::DbConn::Pg(_)) {
            4
        } else {
            1
        };
        let candidates = rows::pending_submissions(conn, process_id, limit * lookahead)?;
        let mut claimed = Vec::new();
        for candidate in candidates {
            if claimed.len() as i64 == limit {
                break;
            }
            if db::locks::try_claim_analysis(conn, candidate.0)? {
                claimed.push(candidate);
            }
        }
        Ok(claimed)
    }
}

impl Drop for Claims {
    fn drop(&mut self) {
        if let Err(err) = db::locks::release_claims(&mut self.conn.as_db()) {
            log::error!("could not release analysis claims: {err}");
        }
    }
}

/// How many default models stay cached (one per distinct engine, categories and examples).
const MAX_DEFAULT_MODELS: usize = 64;

/// Default models depend only on the engine, the categories and the example sentences, so
/// every server in this process (tests start many) shares them.
fn default_models() -> &'static Mutex<HashMap<String, Arc<Classifier>>> {
    static MODELS: OnceLock<Mutex<HashMap<String, Arc<Classifier>>>> = OnceLock::new();
    MODELS.get_or_init(Default::default)
}

pub fn category_specs(process: &ProcessRow) -> Vec<CategorySpec> {
    process
        .categories()
        .into_iter()
        .map(|c| CategorySpec {
            key: c.key,
            name: c.name,
            description: c.description,
        })
        .collect()
}

/// Seed-corpus sentences of the process's languages for its categories, each category's own
/// description as one more point, and the example sentences admins added to the process.
pub fn seed_examples(
    categories: &[CategorySpec],
    process_examples: &[rows::TrainingExampleRow],
    languages: &[Language],
) -> Vec<TrainingExample> {
    let keys: Vec<&str> = categories.iter().map(|c| c.key.as_str()).collect();
    let seed = corpus::seed_for(languages)
        .into_iter()
        .filter(|e| keys.contains(&e.category.as_str()))
        .map(|e| TrainingExample {
            text: e.text,
            category: e.category,
            group: String::new(),
            source: ExampleSource::Seed,
        });
    let descriptions = categories
        .iter()
        .filter(|c| !c.description.is_empty())
        .map(|c| TrainingExample {
            text: format!("{}: {}", c.name, c.description),
            category: c.key.clone(),
            group: "descriptions".into(),
            source: ExampleSource::Seed,
        });
    let added = process_examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Example)
        .map(|e| TrainingExample {
            text: e.text.clone(),
            category: e.category.clone(),
            group: e.group_key.clone(),
            source: ExampleSource::Seed,
        });
    seed.chain(descriptions).chain(added).collect()
}

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
    pub fn new(db: Db, model_dir: &Path) -> Arc<Self> {
        let engine =
            Engine::load(model_dir).with_cache(Box::new(DbEmbeddingCache { db: db.clone() }));
        log::info!(
            "analysis engine: {} ({})",
            engine.kind().as_str(),
            engine.reason()
        );
        Arc::new(Self {
            engine,
            db,
            runs: Mutex::new(HashMap::new()),
            wake: (Mutex::new(false), Condvar::new()),
            jobs_finished: Default::default(),
        })
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Wakes the worker: there is something new to analyse.
    pub fn notify(&self) {
        let (flag, cv) = &self.wake;
        *flag.lock().expect("wake lock") = true;
        cv.notify_all();
    }

    /// Waits for [`Analyzer::notify`] or the timeout.
    pub fn count_finished_job(&self) {
        self.jobs_finished
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn jobs_finished(&self) -> u64 {
        self.jobs_finished
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn wait(&self, timeout: Duration) {
        let (flag, cv) = &self.wake;
        let guard = flag.lock().expect("wake lock");
        let (mut guard, _) = cv
            .wait_timeout_while(guard, timeout, |woken| !*woken)
            .expect("wake lock");
        *guard = false;
    }

    /// The classifier for a process: its activated training run, or the default model.
    pub fn model_for(
        &self,
        process: &ProcessRow,
    ) -> Result<(Arc<Classifier>, Option<i64>), String> {
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

    /// Segments and categorises each text with the process's model; the sentences' embeddings
    /// go to the cache (these are submissions, analysed to be kept).
    pub fn predict_texts(
        &self,
        process: &ProcessRow,
        texts: &[&str],
    ) -> Result<(Vec<Vec<SentencePrediction>>, Option<i64>), String> {
        self.predict(process, texts, Caching::Store)
    }

    /// Segments and categorises a throw-away text (`/classify`): nothing about it is stored,
    /// not even its sentences' embeddings.
    pub fn classify_text(
        &self,
        process: &ProcessRow,
        text: &str,
    ) -> Result<(Vec<SentencePrediction>, Option<i64>), String> {
        let (mut predicted, run) = self.predict(process, &[text], Caching::Bypass)?;
        Ok((predicted.remove(0), run))
    }

    fn predict(
        &self,
        process: &ProcessRow,
        texts: &[&str],
        caching: Caching,
    ) -> Result<(Vec<Vec<SentencePrediction>>, Option<i64>), String> {
        let (classifier, run) = self.model_for(process)?;
        let segmented: Vec<Vec<segment::Sentence>> =
            texts.iter().map(|t| segment::segment(t)).collect();
        let flat: Vec<&str> = segmented
            .iter()
            .flatten()
            .map(|s| s.text.as_str())
            .collect();
        let uncached = match caching {
            Caching::Bypass => self.engine.embed_uncached(&flat)?,
            Caching::Store => None,
        };
        let features = match uncached {
            Some(vectors) => vectors.into_iter().map(Features::Dense).collect(),
            None => self.engine.featurize(&flat, classifier.tfidf.as_ref())?,
        };
        let mut predictions = Engine::predict_features(&classifier, &features, &flat).into_iter();
        let out = segmented
            .into_iter()
            .map(|sentences| {
                sentences
                    .into_iter()
                    .map(|s| {
                        let p = predictions.next().expect("one prediction per sentence");
                        SentencePrediction {
                            text: s.text,
                            start: s.start,
                            end: s.end,
                            category: p.category,
                            confidence: p.confidence,
                            distribution: p.distribution.into_iter().collect(),
                        }
                    })
                    .collect()
            })
            .collect();
        Ok((out, run))
    }

    /// Analyses up to `limit` pending submissions (of one process, or any). Returns how many.
    /// Sentences an admin labelled keep their label when their text is unchanged.
    ///
    /// With several replicas, each claims the submissions it analyses (see
    /// [`db::locks::try_claim_analysis`]) and leaves the ones another is busy with.
    pub fn analyse_pending(&self, process_id: Option<i64>, limit: i64) -> Result<usize, String> {
        let mut claims = Claims::new(&self.db).map_err(|e| e.to_string())?;
        let pending = claims
            .claim_pending(process_id, limit)
            .map_err(|e| e.to_string())?;
        let mut by_process: BTreeMap<i64, Vec<(i64, String)>> = BTreeMap::new();
        for (id, process, text) in pending {
            by_process.entry(process).or_default().push((id, text));
        }
        let mut analysed = 0;
        for (process_id, items) in by_process {
            let Some(process) = self
                .db
                .read_blocking(|conn| Ok(db::processes::by_id(conn, process_id)?))
                .map_err(|e| e.to_string())?
            else {
                continue;
            };
            let order: Vec<String> = process.categories().into_iter().map(|c| c.key).collect();
            let texts: Vec<&str> = items.iter().map(|(_, t)| t.as_str()).collect();
            let (predicted, run) = self.predict_texts(&process, &texts)?;
            for ((submission_id, text), sentences) in items.iter().zip(predicted) {
                let submission_id = *submission_id;
                self.db
                    .write_blocking(|conn| {
                        let admin_labels: HashMap<String, rows::SentenceRow> =
                            rows::for_submission(conn, submission_id)?
                                .into_iter()
                                .filter(|s| s.source == SentenceSource::Admin)
                                .map(|s| (s.text.clone(), s))
                                .collect();
                        let new_rows: Vec<NewSentence> = sentences
                            .iter()
                            .enumerate()
                            .map(|(i, s)| {
                                let kept = admin_labels.get(&s.text);
                                NewSentence {
                                    submission_id,
                                    position: i as i32,
                                    text: s.text.clone(),
                                    start_offset: s.start as i32,
                                    end_offset: s.end as i32,
                                    category: kept
                                        .map(|k| k.category.clone())
                                        .unwrap_or_else(|| s.category.clone()),
                                    confidence: kept
                                        .map(|k| k.confidence)
                                        .unwrap_or(f64::from(s.confidence)),
                                    source: kept.map_or(SentenceSource::Model, |k| k.source),
                                    model_run_id: if kept.is_some() { None } else { run },
                                    reviewed_at: kept.and_then(|k| k.reviewed_at),
                                }
                            })
                            .collect();
                        let labelled: Vec<(String, f64)> = new_rows
                            .iter()
                            .map(|r| (r.category.clone(), r.confidence))
                            .collect();
                        let (primary, _) = summarise(&labelled, &order);
                        let min_conf = new_rows.iter().map(|r| r.confidence).reduce(f64::min);
                        Ok(rows::store_analysis(
                            conn,
                            submission_id,
                            text,
                            &new_rows,
                            primary.as_deref(),
                            min_conf,
                            db::now(),
                        )?)
                    })
                    .map_err(|e| e.to_string())?;
                analysed += 1;
            }
        }
        Ok(analysed)
    }

    /// Trains the run's classifier on the seed corpus and the process's labelled sentences,
    /// recording metrics against the zero-shot baseline.
    pub fn train(&self, run_id: i64) -> Result<(), String> {
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
        self.db
            .write_blocking(|conn| {
                Ok(rows::finish_run(
                    conn,
                    run_id,
                    (seed_count + admin_count) as i32,
                    &metrics.to_string(),
                    &classifier,
                    db::now(),
                )?)
            })
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    pub fn engine_kind(&self) -> EngineKind {
        self.engine.kind()
    }
}

/// Whether the embeddings of the sentences being predicted go to the cache.
#[derive(Clone, Copy)]
enum Caching {
    Store,
    Bypass,
}
