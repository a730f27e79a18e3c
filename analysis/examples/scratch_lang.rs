// Scratch: per-language options (not committed).
use std::path::PathBuf;
use planner_analysis::{corpus::*, engine::*, metrics::evaluate};

fn cats() -> Vec<CategorySpec> {
    let d = [
        "Describes a desired long-term future state of the place or community.",
        "States a present difficulty, deficit, harm or barrier.",
        "Names a specific goal to reach, often measurable or time-bound.",
        "Sets a rule, policy, standard, requirement or constraint that must (not) be followed.",
        "Expresses a principle or quality the community cares about and wants decisions to respect.",
        "Proposes a concrete step, project or programme that someone can carry out.",
    ];
    DEFAULT_CATEGORIES.iter().zip(d).map(|(k, d)| CategorySpec { key: k.to_string(), name: k.to_string(), description: d.into() }).collect()
}
fn ex(v: Vec<Example>) -> Vec<TrainingExample> {
    v.into_iter().map(|e| TrainingExample { text: e.text, category: e.category, group: String::new(), source: ExampleSource::Seed }).collect()
}
fn acc(engine: &Engine, c: &Classifier, data: &[Example], label: &str) {
    let texts: Vec<&str> = data.iter().map(|e| e.text.as_str()).collect();
    let p: Vec<String> = engine.predict(c, &texts).unwrap().into_iter().map(|p| p.category).collect();
    let g: Vec<String> = data.iter().map(|e| e.category.clone()).collect();
    let l: Vec<String> = DEFAULT_CATEGORIES.iter().map(|s| s.to_string()).collect();
    let e = evaluate(&l, &g, &p);
    println!("{label}: acc {:.3} f1 {:.3}", e.accuracy, e.macro_f1);
}
fn main() {
    let dir = PathBuf::from(std::env::var("MODEL_DIR").unwrap());
    let emb = Engine::load(&dir);
    let lex = Engine::lexical("x");
    let es = seed_corpus_es();
    let en = seed_corpus();
    let both: Vec<Example> = en.iter().cloned().chain(es.iter().cloned()).collect();
    let dev: Vec<Example> = std::env::args().nth(1).map(|_| eval_holdout_es()).unwrap_or_default();
    let _ = dev;
    for (name, engine) in [("lexical", &lex), ("embedding", &emb)] {
        for (sname, seed) in [("es", &es), ("en+es", &both)] {
            let out = engine.train(&cats(), &ex(seed.clone())).unwrap();
            for s in &out.cross_validation { println!("  cv {name} {sname} {:?} acc {:.3}", s.hyper, s.accuracy); }
            println!("{name} seed={sname} chosen {:?}", out.classifier.hyper);
            acc(engine, &out.classifier, &eval_holdout_es(), &format!("  {name} seed={sname} trained -> es holdout"));
            let f = engine.fit(&cats(), &ex(seed.clone()), Hyper::default()).unwrap();
            acc(engine, &f, &eval_holdout_es(), &format!("  {name} seed={sname} fit default -> es holdout"));
            acc(engine, &f, &eval_holdout(), &format!("  {name} seed={sname} fit default -> en holdout"));
        }
    }
}
