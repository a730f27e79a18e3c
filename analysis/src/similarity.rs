//! How alike two submissions are, for "someone already said something close" and for
//! near-duplicate groups. With the embedding engine a submission is the normalised mean of its
//! sentence embeddings; with the lexical engine, a TF-IDF vector over its content terms,
//! fitted on the texts compared.

use std::collections::BTreeSet;

use crate::{
    language::{stopwords, Language},
    linear::Features,
    tfidf::{words, Tfidf},
};

/// Cosine at or above which a submission is shown as "someone already said something close"
/// (`POST /similar`). For MiniLM we measured 0.51 between two paraphrases about riverside
/// trees and 0.24 to an unrelated sentence.
pub fn similar_threshold(lexical: bool) -> f32 {
    if lexical {
        0.3
    } else {
        0.5
    }
}

/// Cosine at or above which two submissions are near-duplicates by default
/// (`GET /duplicates`; admins can choose another).
pub fn duplicate_threshold(lexical: bool) -> f32 {
    if lexical {
        0.6
    } else {
        0.85
    }
}

/// The L2-normalised mean of `vectors` (zeros when there are none).
pub fn normalised_mean(vectors: &[Vec<f32>]) -> Vec<f32> {
    let dims = vectors.first().map(Vec::len).unwrap_or(0);
    let mut mean = vec![0.0f32; dims];
    for v in vectors {
        mean.iter_mut().zip(v).for_each(|(m, x)| *m += x);
    }
    let norm = mean.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    mean.iter_mut().for_each(|m| *m /= norm);
    mean
}

pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `á` → `a`, `ñ` → `n`, `ü` → `u`…: participants often type Spanish without accents
/// (`dia`, `mas`, `poligono`), and the same word must count as the same term.
fn unaccented(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        _ => c,
    }
}

/// A word without accents and without a plural ending, light enough for English and Spanish
/// alike: a final `s` goes (not in `-ss`, `-us`, `-is`), then a final `e`, and `-ies` becomes
/// `-y`, so `farolas`/`farola`, `árboles`/`árbol`, `coches`/`coche`, `benches`/`bench` and
/// `cities`/`city` each meet in one term. Words shorter than four letters are left alone.
pub fn term(word: &str) -> String {
    let mut w: String = word.chars().map(unaccented).collect();
    if w.chars().count() < 4 {
        return w;
    }
    if let Some(stem) = w.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if w.ends_with('s') && !(w.ends_with("ss") || w.ends_with("us") || w.ends_with("is")) {
        w.pop();
    }
    if w.ends_with('e') && w.chars().count() > 3 {
        w.pop();
    }
    w
}

/// The content terms of `text`: its words without the stop-words of the process's languages
/// (in Spanish `de la que el los` would otherwise make any two submissions look alike),
/// unaccented and without plural endings.
pub fn content_terms(text: &str, stop: &BTreeSet<String>) -> String {
    words(text)
        .into_iter()
        .map(|w| term(&w))
        .filter(|w| !stop.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Stop-words of `languages` in the form [`content_terms`] compares them.
pub fn stop_terms(languages: &[Language]) -> BTreeSet<String> {
    stopwords(languages).into_iter().map(term).collect()
}

/// TF-IDF vectors of `texts` over their content terms, fitted on `texts` themselves (the
/// submissions of one process), L2-normalised.
pub fn lexical_vectors(texts: &[&str], languages: &[Language]) -> Vec<Vec<(u32, f32)>> {
    let stop = stop_terms(languages);
    let content: Vec<String> = texts.iter().map(|t| content_terms(t, &stop)).collect();
    let refs: Vec<&str> = content.iter().map(String::as_str).collect();
    let tfidf = Tfidf::fit(&refs);
    refs.iter()
        .map(|t| match tfidf.transform(t) {
            Features::Sparse(v) => v,
            Features::Dense(_) => unreachable!("tf-idf is sparse"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tfidf::sparse_cosine;

    #[test]
    fn terms_drop_accents_and_plural_endings() {
        for (a, b) in [
            ("farolas", "farola"),
            ("árboles", "árbol"),
            ("coches", "coche"),
            ("benches", "bench"),
            ("cities", "city"),
            ("houses", "house"),
            ("día", "dia"),
        ] {
            assert_eq!(term(a), term(b), "{a} / {b}");
        }
        assert_eq!(term("grass"), "grass");
        assert_eq!(term("bus"), "bus");
        assert_ne!(term("park"), term("parking"));
    }

    #[test]
    fn stop_words_go_even_when_typed_without_accents() {
        let stop = stop_terms(&[Language::Es]);
        assert_eq!(
            content_terms("Más árboles en la plaza", &stop),
            "arbol plaza"
        );
        assert_eq!(
            content_terms("mas arboles en la plaza", &stop),
            "arbol plaza"
        );
    }

    #[test]
    fn the_same_request_typed_without_accents_scores_higher_than_another_request() {
        let v = lexical_vectors(
            &[
                "Las farolas de la calle Molino no funcionan.",
                "en la calle molino la farola no funciona",
                "La calle Molino necesita un paso de peatones.",
                "Más bancos en el parque del río.",
            ],
            &[Language::Es],
        );
        assert!(sparse_cosine(&v[0], &v[1]) > sparse_cosine(&v[0], &v[2]));
        assert_eq!(sparse_cosine(&v[0], &v[3]), 0.0);
    }

    #[test]
    fn mean_is_unit_length() {
        let m = normalised_mean(&[vec![1.0, 0.0], vec![0.0, 1.0]]);
        assert!((dot(&m, &m) - 1.0).abs() < 1e-6);
        assert!(normalised_mean(&[]).is_empty());
    }
}
