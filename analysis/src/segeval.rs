//! Segmentation test sets (texts with their expected sentences) and how exactly the segmenter
//! reproduces them. The file format is described in the header of `data/segment_dev.txt`.
//!
//! Shipped sets (written for this project):
//! * `data/segment_dev.txt` — the development set the segmenter's rules were tuned on;
//! * `data/segment_holdout.txt` — the held-out set, never used for tuning, only to measure (its
//!   misses are named in its header, so the patterns behind them were fixed from dev examples);
//! * `data/segment_fresh.txt` — a second held-out set, written before the segmenter ever ran on
//!   it and after the last rule change it measures.

use std::collections::BTreeMap;

use crate::segment::segment;

/// One text and the sentences it should be split into (whitespace runs written as one space).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentCase {
    /// Language tag of the record (`en`, `es`, `de`, …).
    pub lang: String,
    pub note: String,
    pub input: String,
    pub expected: Vec<String>,
}

/// Parses the `## lang note` / input / `=>` / expected-lines format.
pub fn parse_cases(text: &str) -> Result<Vec<SegmentCase>, String> {
    let mut out: Vec<SegmentCase> = Vec::new();
    let mut in_input = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(header) = line.strip_prefix("## ") {
            if in_input {
                return Err(format!("line {}: previous record has no `=>`", i + 1));
            }
            let (lang, note) = header.split_once(' ').unwrap_or((header, ""));
            out.push(SegmentCase {
                lang: lang.trim().to_owned(),
                note: note.trim().to_owned(),
                input: String::new(),
                expected: Vec::new(),
            });
            in_input = true;
            continue;
        }
        let Some(case) = out.last_mut() else {
            continue; // preamble comments
        };
        if in_input {
            if line == "=>" {
                in_input = false;
                case.input = case.input.trim_end().to_owned();
            } else {
                case.input.push_str(line);
                case.input.push('\n');
            }
        } else if !line.trim().is_empty() && !line.starts_with("# ") {
            case.expected.push(normalise(line));
        }
    }
    if in_input {
        return Err("last record has no `=>`".into());
    }
    if let Some(c) = out.iter().find(|c| c.expected.is_empty()) {
        return Err(format!("record {:?} expects no sentence", c.note));
    }
    Ok(out)
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The segmenter's sentences for `input`, normalised like the expected ones.
pub fn predicted(input: &str) -> Vec<String> {
    segment(input)
        .into_iter()
        .map(|s| normalise(&s.text))
        .collect()
}

/// How many texts were split exactly as expected, overall and per language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Exactness {
    pub n: usize,
    pub exact: usize,
    /// `lang -> (n, exact)`.
    pub per_language: BTreeMap<String, (usize, usize)>,
    /// Notes of the texts that were not split exactly.
    pub misses: Vec<String>,
}

impl Exactness {
    pub fn ratio(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.exact as f64 / self.n as f64
        }
    }
}

/// Scores the segmenter on `cases` (it needs no language: its rules cover every language
/// the sets hold).
pub fn exactness(cases: &[SegmentCase]) -> Exactness {
    let mut e = Exactness::default();
    for case in cases {
        let ok = predicted(&case.input) == case.expected;
        e.n += 1;
        let entry = e.per_language.entry(case.lang.clone()).or_default();
        entry.0 += 1;
        if ok {
            e.exact += 1;
            entry.1 += 1;
        } else {
            e.misses.push(format!("{} {}", case.lang, case.note));
        }
    }
    e
}

const DEV: &str = include_str!("../data/segment_dev.txt");
const HOLDOUT: &str = include_str!("../data/segment_holdout.txt");
const FRESH: &str = include_str!("../data/segment_fresh.txt");

/// The development set (`data/segment_dev.txt`).
pub fn dev_cases() -> Vec<SegmentCase> {
    parse_cases(DEV).unwrap_or_else(|e| panic!("shipped segment_dev.txt is invalid: {e}"))
}

/// The held-out set (`data/segment_holdout.txt`). Never tune on it.
pub fn holdout_cases() -> Vec<SegmentCase> {
    parse_cases(HOLDOUT).unwrap_or_else(|e| panic!("shipped segment_holdout.txt is invalid: {e}"))
}

/// The fresh held-out set (`data/segment_fresh.txt`). Never tune on it either.
pub fn fresh_cases() -> Vec<SegmentCase> {
    parse_cases(FRESH).unwrap_or_else(|e| panic!("shipped segment_fresh.txt is invalid: {e}"))
}

/// Every shipped set by name: what `planner eval` and `make bench` report.
pub fn shipped_sets() -> [(&'static str, Vec<SegmentCase>); 3] {
    [
        ("dev", dev_cases()),
        ("held_out", holdout_cases()),
        ("fresh", fresh_cases()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_records_with_multi_line_input_and_blank_lines() {
        let text = "# preamble\n## en a list\none\n\ntwo  words\n=>\none\n\ntwo words\n# a comment between records\n## es x\nhola\n=>\nhola\n";
        let cases = parse_cases(text).unwrap();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[0].lang, "en");
        assert_eq!(cases[0].note, "a list");
        assert_eq!(cases[0].input, "one\n\ntwo  words");
        assert_eq!(cases[0].expected, ["one", "two words"]);
        assert_eq!(cases[1].expected, ["hola"]);
    }

    #[test]
    fn record_without_arrow_or_expectation_is_refused() {
        assert!(parse_cases("## en x\ntext\n").is_err());
        assert!(parse_cases("## en x\ntext\n## en y\nmore\n=>\nmore\n").is_err());
        assert!(parse_cases("## en x\ntext\n=>\n\n").is_err());
    }

    #[test]
    fn exactness_counts_per_language() {
        let cases = parse_cases(
            "## en ok\nThe bus is late. The park is nice.\n=>\nThe bus is late.\nThe park is nice.\n\
             ## es wrong on purpose\nEl bus llega tarde. El parque es bonito.\n=>\nEl bus llega tarde. El parque es bonito.\n",
        )
        .unwrap();
        let e = exactness(&cases);
        assert_eq!((e.n, e.exact), (2, 1));
        assert_eq!(e.per_language["en"], (1, 1));
        assert_eq!(e.per_language["es"], (1, 0));
        assert_eq!(e.misses, ["es wrong on purpose"]);
        assert!((e.ratio() - 0.5).abs() < 1e-12);
    }

    #[test]
    fn shipped_sets_parse_and_are_disjoint() {
        let dev = dev_cases();
        let holdout = holdout_cases();
        let fresh = fresh_cases();
        assert!(holdout.len() >= 150, "held-out set has {}", holdout.len());
        assert!(fresh.len() >= 150, "fresh held-out set has {}", fresh.len());
        let seen: Vec<String> = dev.iter().map(|d| normalise(&d.input)).collect();
        for h in &holdout {
            let text = normalise(&h.input);
            assert!(
                !seen.contains(&text),
                "held-out text also in the dev set: {}",
                h.note
            );
        }
        let seen: Vec<String> = dev
            .iter()
            .chain(&holdout)
            .map(|d| normalise(&d.input))
            .collect();
        for f in &fresh {
            let text = normalise(&f.input);
            assert!(
                !seen.contains(&text),
                "fresh text also in another set: {}",
                f.note
            );
        }
    }
}
