//! The languages the analysis supports and what it needs to know about each: a seed corpus
//! (see `corpus`) and the words that say nothing about a topic (for theme labels and
//! similarity). A process declares one or more of them.

use std::{collections::BTreeSet, fmt};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Es,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Es];

    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Words that say nothing about a topic, lower-cased.
    pub fn stopwords(self) -> &'static [&'static str] {
        match self {
            Language::En => EN_STOPWORDS,
            Language::Es => ES_STOPWORDS,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The stop-words of all `languages` (of every supported language when the list is empty).
pub fn stopwords(languages: &[Language]) -> BTreeSet<&'static str> {
    let all = Language::ALL;
    let languages = if languages.is_empty() {
        &all[..]
    } else {
        languages
    };
    languages
        .iter()
        .flat_map(|l| l.stopwords().iter().copied())
        .collect()
}

#[rustfmt::skip]
const EN_STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "because",
    "been", "but", "by", "can", "could", "do", "does", "each", "even", "every", "for", "from",
    "get", "has", "have", "here", "how", "i", "if", "in", "into", "is", "it", "its", "just", "let",
    "like", "make", "many", "may", "more", "most", "much", "must", "my", "need", "needs", "no",
    "not", "now", "of", "on", "one", "only", "or", "other", "our", "out", "over", "people",
    "please", "really", "should", "so", "some", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "to", "too", "up", "us", "very", "want", "was",
    "we", "were", "what", "when", "where", "which", "while", "who", "why", "will", "with", "would",
    "you", "your",
];

/// Spanish function words, common verbs of wanting and needing, and their unaccented forms
/// (participants often type without accents).
#[rustfmt::skip]
const ES_STOPWORDS: &[&str] = &[
    "a", "al", "algo", "algún", "algun", "alguna", "algunas", "alguno", "algunos", "ante", "antes",
    "así", "asi", "aún", "aun", "aunque", "bien", "cada", "casi", "como", "cómo", "con", "contra",
    "cual", "cuál", "cuando", "cuándo", "de", "del", "desde", "donde", "dónde", "durante", "e",
    "el", "él", "ella", "ellas", "ellos", "en", "entre", "era", "es", "esa", "esas", "ese", "eso",
    "esos", "esta", "está", "estan", "están", "estar", "estas", "este", "esto", "estos", "fue",
    "gracias", "gustaría", "gustaria", "ha", "hace", "hacer", "hacia", "han", "hasta", "hay",
    "haya", "hemos", "la", "las", "le", "les", "lo", "los", "más", "mas", "me", "mi", "mis",
    "mucho", "muchos", "muy", "nada", "necesitamos", "ni", "no", "nos", "nosotros", "nuestra",
    "nuestras", "nuestro", "nuestros", "o", "os", "otra", "otras", "otro", "otros", "para",
    "pero", "poco", "por", "porque", "pues", "puede", "pueden", "que", "qué", "queremos",
    "quiero", "se", "sea", "sean", "según", "segun", "ser", "si", "sí", "sido", "siempre", "sin",
    "sobre", "solo", "sólo", "son", "su", "sus", "también", "tambien", "tan", "tanto", "te",
    "tener", "tiene", "tienen", "todo", "todos", "toda", "todas", "tu", "tus", "u", "un", "una",
    "unas", "uno", "unos", "usted", "ustedes", "va", "van", "vez", "y", "ya", "yo",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        for l in Language::ALL {
            assert_eq!(Language::parse(l.code()), Some(l));
        }
        assert_eq!(Language::parse("fr"), None);
        assert_eq!(Language::parse("EN"), None);
    }

    #[test]
    fn stopwords_follow_the_declared_languages() {
        let en = stopwords(&[Language::En]);
        let es = stopwords(&[Language::Es]);
        assert!(en.contains("the") && !en.contains("los"));
        assert!(es.contains("los") && es.contains("porque") && !es.contains("the"));
        let both = stopwords(&[]);
        assert!(both.contains("the") && both.contains("los"));
    }
}
