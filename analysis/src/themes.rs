//! Themes: sentences clustered by meaning, each labelled with its most characteristic words,
//! with its size, category mix and the sentences closest to its centre.

use std::collections::BTreeMap;

use crate::{
    cluster::kmeans,
    language::{stopwords, Language},
    linear::Features,
    tfidf::{words, Tfidf},
};

pub struct Theme {
    /// The three most characteristic words, e.g. "trees · shade · park".
    pub label: String,
    pub terms: Vec<String>,
    /// Indices of member sentences.
    pub members: Vec<usize>,
    /// Up to three members closest to the centre, most central first.
    pub representatives: Vec<usize>,
    pub category_mix: BTreeMap<String, usize>,
}

/// A sensible number of themes for `n` sentences: about sqrt(n/2), between 2 and 12.
pub fn default_k(n: usize) -> usize {
    ((n as f64 / 2.0).sqrt().round() as usize).clamp(2, 12)
}

/// Clusters `vectors` (one per text) into themes, largest first, labelled with words that are
/// not stop-words of the process's `languages` (all supported languages when empty). Same
/// inputs and seed, same themes.
pub fn themes(
    languages: &[Language],
    texts: &[&str],
    categories: &[&str],
    vectors: &[Vec<f32>],
    k: usize,
    seed: u64,
) -> Vec<Theme> {
    if texts.len() < 2 {
        return Vec::new();
    }
    let (assignment, centroids) = kmeans(vectors, k, seed, 25);
    let stop = stopwords(languages);
    let filtered: Vec<String> = texts
        .iter()
        .map(|t| {
            words(t)
                .into_iter()
                .filter(|w| {
                    w.chars().count() > 2
                        && !stop.contains(w.as_str())
                        && !w.chars().all(char::is_numeric)
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let refs: Vec<&str> = filtered.iter().map(String::as_str).collect();
    let tfidf = Tfidf::fit(&refs);
    let dims = tfidf.dims();
    let vocab = tfidf.terms();
    let mut overall = vec![0.0f32; dims];
    let sparse: Vec<Vec<(u32, f32)>> = refs
        .iter()
        .map(|t| match tfidf.transform(t) {
            Features::Sparse(v) => v,
            Features::Dense(_) => unreachable!("tf-idf is sparse"),
        })
        .collect();
    for v in &sparse {
        v.iter()
            .for_each(|&(i, x)| overall[i as usize] += x / texts.len() as f32);
    }
    let dist = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f32>();
    let mut out: Vec<Theme> = (0..centroids.len())
        .filter_map(|c| {
            let members: Vec<usize> = (0..texts.len()).filter(|&i| assignment[i] == c).collect();
            if members.is_empty() {
                return None;
            }
            let mut mean = vec![0.0f32; dims];
            for &m in &members {
                sparse[m]
                    .iter()
                    .for_each(|&(i, x)| mean[i as usize] += x / members.len() as f32);
            }
            let mut scored: Vec<(usize, f32)> = mean
                .iter()
                .enumerate()
                .filter(|(_, v)| **v > 0.0)
                .map(|(i, v)| (i, v - overall[i]))
                .collect();
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(vocab[a.0].cmp(&vocab[b.0])));
            let terms: Vec<String> = scored
                .iter()
                .take(3)
                .map(|(i, _)| vocab[*i].clone())
                .collect();
            let mut central = members.clone();
            central.sort_by(|&a, &b| {
                dist(&vectors[a], &centroids[c])
                    .total_cmp(&dist(&vectors[b], &centroids[c]))
                    .then(a.cmp(&b))
            });
            let mut category_mix = BTreeMap::new();
            for &m in &members {
                *category_mix.entry(categories[m].to_owned()).or_default() += 1;
            }
            Some(Theme {
                label: if terms.is_empty() {
                    "(no common words)".into()
                } else {
                    terms.join(" · ")
                },
                terms,
                representatives: central.into_iter().take(3).collect(),
                members,
                category_mix,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then(a.members[0].cmp(&b.members[0]))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_follow_the_vectors_and_are_labelled_by_their_words() {
        let texts = [
            "more trees in the park",
            "shade trees for the park",
            "plant trees everywhere",
            "night buses please",
            "buses every night",
            "late buses home",
        ];
        let cats = ["action", "action", "vision", "problem", "action", "problem"];
        let v = |x: f32| vec![x, 1.0 - x];
        let vectors = vec![v(0.0), v(0.05), v(0.1), v(0.9), v(0.95), v(1.0)];
        let t = themes(&[Language::En], &texts, &cats, &vectors, 2, 1);
        assert_eq!(t.len(), 2);
        let trees = t.iter().find(|t| t.members.contains(&0)).unwrap();
        assert_eq!(trees.members, [0, 1, 2]);
        assert!(
            trees.terms.contains(&"trees".to_string()),
            "{:?}",
            trees.terms
        );
        assert_eq!(trees.category_mix["action"], 2);
        let again = themes(&[Language::En], &texts, &cats, &vectors, 2, 1);
        assert_eq!(
            again.iter().map(|t| t.label.clone()).collect::<Vec<_>>(),
            t.iter().map(|t| t.label.clone()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn spanish_labels_leave_out_spanish_stopwords() {
        let texts = [
            "queremos más árboles en la plaza",
            "los árboles de la plaza dan sombra",
            "más sombra y árboles para la plaza",
            "el autobús nocturno no pasa por el barrio",
            "necesitamos un autobús nocturno en el barrio",
            "que el autobús pase por el barrio de noche",
        ];
        let cats = ["action"; 6];
        let v = |x: f32| vec![x, 1.0 - x];
        let vectors = vec![v(0.0), v(0.05), v(0.1), v(0.9), v(0.95), v(1.0)];
        for t in themes(&[Language::Es], &texts, &cats, &vectors, 2, 1) {
            for term in &t.terms {
                assert!(
                    !Language::Es.stopwords().contains(&term.as_str()),
                    "{term} in {:?}",
                    t.terms
                );
            }
            assert!(
                t.terms
                    .iter()
                    .any(|w| ["árboles", "plaza", "autobús", "barrio"].contains(&w.as_str())),
                "{:?}",
                t.terms
            );
        }
    }
}
