//! TF-IDF features over word unigrams and bigrams: the lexical fallback that keeps analysis
//! working when the embedding model files are absent.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::linear::Features;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tfidf {
    vocabulary: HashMap<String, u32>,
    idf: Vec<f32>,
}

/// Lower-cased alphanumeric words (Unicode-aware), apostrophes dropped ("can't" -> "cant").
pub fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['\'', '’'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn terms(text: &str) -> Vec<String> {
    let w = words(text);
    let mut out: Vec<String> = w
        .iter()
        .filter(|t| t.chars().count() > 1 || t.chars().all(|c| c.is_numeric()))
        .cloned()
        .collect();
    out.extend(w.windows(2).map(|p| format!("{} {}", p[0], p[1])));
    out
}

impl Tfidf {
    /// Learns the vocabulary and inverse document frequencies (smoothed, as scikit-learn does).
    pub fn fit(documents: &[&str]) -> Self {
        let mut df: BTreeMap<String, u32> = BTreeMap::new();
        for doc in documents {
            let mut seen: Vec<String> = terms(doc);
            seen.sort();
            seen.dedup();
            for t in seen {
                *df.entry(t).or_default() += 1;
            }
        }
        let n = documents.len() as f32;
        let mut vocabulary = HashMap::with_capacity(df.len());
        let mut idf = Vec::with_capacity(df.len());
        for (i, (term, count)) in df.into_iter().enumerate() {
            vocabulary.insert(term, i as u32);
            idf.push(((1.0 + n) / (1.0 + count as f32)).ln() + 1.0);
        }
        Self { vocabulary, idf }
    }

    pub fn dims(&self) -> usize {
        self.idf.len()
    }

    /// The vocabulary, indexed like the feature vectors.
    pub fn terms(&self) -> Vec<String> {
        let mut terms = vec![String::new(); self.idf.len()];
        for (t, &i) in &self.vocabulary {
            terms[i as usize] = t.clone();
        }
        terms
    }

    /// Sublinear term frequency × idf, L2-normalised; unknown terms are ignored.
    pub fn transform(&self, text: &str) -> Features {
        let mut tf: BTreeMap<u32, f32> = BTreeMap::new();
        for t in terms(text) {
            if let Some(&i) = self.vocabulary.get(&t) {
                *tf.entry(i).or_default() += 1.0;
            }
        }
        let mut v: Vec<(u32, f32)> = tf
            .into_iter()
            .map(|(i, c)| (i, (1.0 + c.ln()) * self.idf[i as usize]))
            .collect();
        let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|(_, x)| *x /= norm);
        }
        Features::Sparse(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_terms_weigh_more_and_vectors_are_unit_length() {
        let t = Tfidf::fit(&[
            "the park is green",
            "the bus is late",
            "the park needs trees",
        ]);
        let Features::Sparse(v) = t.transform("the park") else {
            panic!()
        };
        let weight = |term: &str| v.iter().find(|(i, _)| *i == t.vocabulary[term]).unwrap().1;
        assert!(weight("park") > weight("the"));
        let norm: f32 = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5);
    }

    #[test]
    fn words_are_lowercased_unicode_and_split_on_punctuation() {
        assert_eq!(
            words("Can't CROSS the Río-Grande!"),
            ["cant", "cross", "the", "río", "grande"]
        );
    }
}

/// Cosine similarity of two L2-normalised sparse vectors (sorted indices).
pub fn sparse_cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

#[cfg(test)]
mod cosine_tests {
    use super::*;

    #[test]
    fn identical_texts_are_similar_and_unrelated_ones_not() {
        let t = Tfidf::fit(&[
            "more trees in the park",
            "night buses please",
            "more trees along the river",
        ]);
        let v = |s: &str| match t.transform(s) {
            Features::Sparse(v) => v,
            Features::Dense(_) => unreachable!(),
        };
        assert!(
            (sparse_cosine(&v("more trees in the park"), &v("more trees in the park")) - 1.0).abs()
                < 1e-5
        );
        assert_eq!(sparse_cosine(&v("more trees"), &v("night buses")), 0.0);
    }
}
