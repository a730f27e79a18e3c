//! What a process's models learn from: its categories, and the seed examples (the shipped
//! corpus, the category descriptions, the example sentences admins added).

use planner_analysis::{
    corpus,
    engine::{CategorySpec, ExampleSource, TrainingExample},
    language::Language,
};

use crate::db::{analysis as rows, processes::ProcessRow};
use crate::domain::vocab::ExampleKind;

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
