//! Labelled example sentences and the file format they are stored in.
//!
//! Format (shared with the evaluation CLI): UTF-8 text, one example per line as
//! `category_key<TAB>sentence`. Blank lines and lines whose first non-space character is `#`
//! are ignored; `\r\n` line endings and a leading byte-order mark are accepted. The key and the
//! sentence are trimmed; everything after the first tab is the sentence. Keys are not checked
//! against [`DEFAULT_CATEGORIES`] here, so other category sets can use the same format.
//!
//! Shipped data (all written for this project, see the header of each file):
//! * `data/seed_corpus.tsv` — the English seed corpus, at least 80 sentences per category;
//! * `data/eval_holdout.tsv` — a separate English held-out evaluation set, 25 per category;
//! * `data/train_corrections.tsv` — 12 per category, simulating admin corrections from one
//!   consultation about a harbour district;
//! * `data/seed_corpus_es.tsv` — the Spanish seed corpus, 60 per category, written in Spanish;
//! * `data/eval_holdout_es.tsv` — the Spanish held-out set, 25 per category, other towns and
//!   topics than the Spanish seed.

use std::fmt;

use crate::language::Language;

/// The category keys, in display order.
pub const DEFAULT_CATEGORIES: [&str; 6] = [
    "vision",
    "problem",
    "objective",
    "directive",
    "value",
    "action",
];

/// One labelled sentence.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Example {
    pub category: String,
    pub text: String,
}

/// Why a labelled file could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for ParseError {}

/// Parses `category_key<TAB>sentence` lines (see the module docs).
pub fn parse_labelled(text: &str) -> Result<Vec<Example>, ParseError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let err = |reason: &str| ParseError {
            line: line_no,
            reason: reason.to_string(),
        };
        let (key, sentence) = line
            .split_once('\t')
            .ok_or_else(|| err("expected `category<TAB>sentence`, found no tab"))?;
        let (key, sentence) = (key.trim(), sentence.trim());
        if key.is_empty() {
            return Err(err("empty category key"));
        }
        if sentence.is_empty() {
            return Err(err("empty sentence"));
        }
        out.push(Example {
            category: key.to_string(),
            text: sentence.to_string(),
        });
    }
    Ok(out)
}

const SEED_CORPUS: &str = include_str!("../data/seed_corpus.tsv");
const EVAL_HOLDOUT: &str = include_str!("../data/eval_holdout.tsv");
const TRAIN_CORRECTIONS: &str = include_str!("../data/train_corrections.tsv");
const SEED_CORPUS_ES: &str = include_str!("../data/seed_corpus_es.tsv");
const EVAL_HOLDOUT_ES: &str = include_str!("../data/eval_holdout_es.tsv");

fn shipped(name: &str, text: &str) -> Vec<Example> {
    parse_labelled(text).unwrap_or_else(|e| panic!("shipped {name} is invalid: {e}"))
}

/// The shipped seed corpus (`data/seed_corpus.tsv`).
pub fn seed_corpus() -> Vec<Example> {
    shipped("seed_corpus.tsv", SEED_CORPUS)
}

/// The shipped held-out evaluation set (`data/eval_holdout.tsv`). Never train on it.
pub fn eval_holdout() -> Vec<Example> {
    shipped("eval_holdout.tsv", EVAL_HOLDOUT)
}

/// The shipped simulated admin corrections (`data/train_corrections.tsv`).
pub fn train_corrections() -> Vec<Example> {
    shipped("train_corrections.tsv", TRAIN_CORRECTIONS)
}

/// The shipped Spanish seed corpus (`data/seed_corpus_es.tsv`).
pub fn seed_corpus_es() -> Vec<Example> {
    shipped("seed_corpus_es.tsv", SEED_CORPUS_ES)
}

/// The shipped Spanish held-out set (`data/eval_holdout_es.tsv`). Never train on it.
pub fn eval_holdout_es() -> Vec<Example> {
    shipped("eval_holdout_es.tsv", EVAL_HOLDOUT_ES)
}

/// The seed corpus of a language.
pub fn seed_corpus_for(language: Language) -> Vec<Example> {
    match language {
        Language::En => seed_corpus(),
        Language::Es => seed_corpus_es(),
    }
}

/// The seed corpora of all `languages`, in order (English alone when the list is empty).
pub fn seed_for(languages: &[Language]) -> Vec<Example> {
    if languages.is_empty() {
        return seed_corpus();
    }
    languages.iter().flat_map(|l| seed_corpus_for(*l)).collect()
}

/// The held-out set of a language. Never train on it.
pub fn eval_holdout_for(language: Language) -> Vec<Example> {
    match language {
        Language::En => eval_holdout(),
        Language::Es => eval_holdout_es(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashMap};

    #[test]
    fn parses_tab_separated_lines_and_skips_comments_and_blanks() {
        let text = "# header\n\nvision\tA green town.\r\n  # indented comment\nproblem\t  Too many cars. \n";
        let got = parse_labelled(text).unwrap();
        assert_eq!(
            got,
            vec![
                Example {
                    category: "vision".into(),
                    text: "A green town.".into()
                },
                Example {
                    category: "problem".into(),
                    text: "Too many cars.".into()
                },
            ]
        );
    }

    #[test]
    fn everything_after_the_first_tab_is_the_sentence() {
        let got = parse_labelled("action\tPlant\ttrees").unwrap();
        assert_eq!(got[0].text, "Plant\ttrees");
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        let got = parse_labelled("\u{FEFF}value\tFairness matters.").unwrap();
        assert_eq!(got[0].category, "value");
    }

    #[test]
    fn line_without_tab_is_refused_with_its_line_number() {
        let err = parse_labelled("# c\nvision\tok here\nproblem no tab").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.reason.contains("tab"), "{err}");
        assert_eq!(err.to_string(), format!("line 3: {}", err.reason));
    }

    #[test]
    fn empty_key_is_refused() {
        let err = parse_labelled("vision\tok\n \tA sentence.").unwrap_err();
        assert_eq!((err.line, err.reason.as_str()), (2, "empty category key"));
    }

    #[test]
    fn empty_sentence_is_refused() {
        let err = parse_labelled("vision\t   ").unwrap_err();
        assert_eq!((err.line, err.reason.as_str()), (1, "empty sentence"));
    }

    #[test]
    fn empty_input_gives_no_examples() {
        assert_eq!(parse_labelled("").unwrap(), vec![]);
    }

    // --- shipped data ---------------------------------------------------------------------------

    fn counts(examples: &[Example]) -> BTreeMap<&str, usize> {
        let mut c = BTreeMap::new();
        for e in examples {
            *c.entry(e.category.as_str()).or_insert(0) += 1;
        }
        c
    }

    fn files() -> [(&'static str, Vec<Example>, usize); 5] {
        [
            ("seed_corpus.tsv", seed_corpus(), 80),
            ("eval_holdout.tsv", eval_holdout(), 25),
            ("train_corrections.tsv", train_corrections(), 12),
            ("seed_corpus_es.tsv", seed_corpus_es(), 60),
            ("eval_holdout_es.tsv", eval_holdout_es(), 25),
        ]
    }

    /// Lowercased words with surrounding punctuation removed.
    fn words(text: &str) -> Vec<String> {
        text.split_whitespace()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|w| !w.is_empty())
            .collect()
    }

    fn normalised(text: &str) -> String {
        words(text).join(" ")
    }

    #[test]
    fn shipped_files_use_only_the_six_keys_and_meet_the_minimum_counts() {
        for (name, examples, minimum) in files() {
            let c = counts(&examples);
            for key in c.keys() {
                assert!(
                    DEFAULT_CATEGORIES.contains(key),
                    "{name}: unknown key {key}"
                );
            }
            for key in DEFAULT_CATEGORIES {
                let n = c.get(key).copied().unwrap_or(0);
                assert!(n >= minimum, "{name}: {key} has {n} < {minimum}");
            }
        }
    }

    #[test]
    fn no_duplicate_sentences_within_or_across_files() {
        // Compared after lowercasing and dropping punctuation, so near-identical copies count.
        let mut seen: HashMap<String, &str> = HashMap::new();
        for (name, examples, _) in files() {
            for e in &examples {
                if let Some(first) = seen.insert(normalised(&e.text), name) {
                    panic!(
                        "duplicate sentence in {name} (first seen in {first}): {}",
                        e.text
                    );
                }
            }
        }
    }

    #[test]
    fn holdout_and_corrections_share_no_six_word_opening_with_other_files() {
        fn opening(text: &str) -> Vec<String> {
            words(text).into_iter().take(6).collect()
        }
        let seed: Vec<Vec<String>> = seed_corpus()
            .iter()
            .chain(&seed_corpus_es())
            .map(|e| opening(&e.text))
            .collect();
        let holdout: Vec<Vec<String>> = eval_holdout().iter().map(|e| opening(&e.text)).collect();
        for e in eval_holdout().into_iter().chain(eval_holdout_es()) {
            let o = opening(&e.text);
            assert!(
                !seed.contains(&o),
                "holdout opens like a seed sentence: {}",
                e.text
            );
        }
        for e in train_corrections() {
            let o = opening(&e.text);
            assert!(
                !seed.contains(&o),
                "correction opens like a seed sentence: {}",
                e.text
            );
            assert!(
                !holdout.contains(&o),
                "correction opens like a holdout sentence: {}",
                e.text
            );
        }
    }

    #[test]
    fn shipped_sentences_are_5_to_40_words_and_segment_as_one_sentence() {
        for (name, examples, _) in files() {
            for e in &examples {
                let n = e.text.split_whitespace().count();
                assert!((5..=40).contains(&n), "{name}: {n} words: {}", e.text);
                let parts = crate::segment::sentences(&e.text);
                assert_eq!(parts, vec![e.text.clone()], "{name}: splits: {}", e.text);
            }
        }
    }
}
