//! The words the segmenter knows: abbreviations (English, Spanish, and the common German,
//! French and Portuguese ones people type in addresses), words that cannot end a line of
//! running text, words that continue the line before, month names, and the ordinary words
//! learned from the shipped corpora.
//!
//! The lists are one table for every language, not one per language: the abbreviations do not
//! clash across these languages, and a participant in an English consultation still writes
//! `Marktstr. 14` or `Sra. Méndez`.

use std::{collections::HashSet, sync::OnceLock};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Abbrev {
    /// Titles and Latin abbreviations: never end a sentence.
    Never,
    /// Single capital letter: a name initial.
    Initial,
    /// `No.`, `Fig.`, `p.`: end a sentence unless a digit follows.
    Numeric,
    /// `etc.`, `Inc.`, `a.m.`: end a sentence only before an uppercase start.
    Suffix,
    /// An ordinary word.
    Word,
}

#[rustfmt::skip]
const NEVER: &[&str] = &[
    // English titles and Latin abbreviations.
    "mr", "mrs", "ms", "mx", "messrs", "mme", "mlle", "dr", "prof", "rev", "hon", "fr", "capt",
    "cpt", "col", "gen", "lt", "maj", "sgt", "cpl", "adm", "cmdr", "sen", "rep", "gov", "pres",
    "supt", "insp", "cllr", "st", "mt", "vs", "v", "cf", "viz", "approx", "appr", "incl", "esp",
    "e.g", "i.e", "eg", "ie", "ca", "resp", "nr",
    // Spanish and Portuguese titles and Latin-like abbreviations.
    "sr", "sra", "srta", "sres", "sras", "dra", "dres", "lic", "ing", "arq", "abg", "ud", "uds",
    "vd", "vds", "dña", "dn", "sta", "sto", "ej", "p.ej", "aprox", "vid", "cfr",
    // German and French.
    "z.b", "d.h", "u.a", "bzw", "ggf", "evtl", "inkl", "hr", "hrn", "dipl",
];

/// Street words that come before the name in Spanish, French and Portuguese (`Avda. de la
/// Constitución`, `av. Foch`): never a sentence end there, but like `St.` after a name.
#[rustfmt::skip]
const STREET_PREFIX: &[&str] = &[
    "av", "avda", "avd", "pza", "pl", "ctra", "cra", "cl", "bd", "bvd", "pje", "psje", "urb",
    "esq", "dcha", "izq", "izda", "izqda",
];

#[rustfmt::skip]
const NUMERIC: &[&str] = &[
    "no", "nos", "fig", "figs", "vol", "vols", "pp", "art", "arts", "sec", "sect", "ch", "chap",
    "para", "rm", "apt", "tel", "ph", "ext", "ref", "op", "pg", "pt", "pts", "bldg",
    // Spanish and Portuguese.
    "núm", "num", "nros", "nro", "pág", "págs", "telf", "tfno", "cap", "dpto", "depto", "bl",
    "blq", "pta", "esc",
];

#[rustfmt::skip]
const SUFFIX: &[&str] = &[
    "etc", "inc", "ltd", "co", "corp", "llc", "plc", "bros", "jr", "esq", "phd", "ave", "rd",
    "blvd", "ln", "hwy", "sq", "ct", "cres", "pkwy", "ter", "terr", "dept", "depts", "govt", "univ",
    "assn", "assoc", "est", "min", "mins", "max", "hrs", "km", "kg", "ft", "yd", "yds", "mi",
    "lb", "lbs", "oz", "gal", "cm", "mm", "sqft", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
    "sat", "sun", "am", "pm", "al", "dist", "twp", "wk", "wks", "yr", "yrs", "mo", "mos", "misc",
    "natl", "intl", "ed", "eds",
    // Spanish months and company forms, German `usw.`.
    "ene", "abr", "may", "ago", "dic", "cía", "hnos", "usw", "str",
];

/// Month names (English, Spanish, German, French, Portuguese): `am 3. Mai` is a date.
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "setiembre", "octubre", "noviembre", "diciembre", "januar",
    "februar", "märz", "mai", "juni", "juli", "oktober", "dezember", "janvier", "février", "mars",
    "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "janeiro",
    "fevereiro", "março", "maio", "junho", "julho", "setembro", "outubro", "novembro", "dezembro",
];

/// Words a sentence does not end on (articles, prepositions, conjunctions, possessives,
/// auxiliaries): a line ending in one goes on in the next line.
#[rustfmt::skip]
const OPEN_ENDINGS: &[&str] = &[
    "a", "an", "the", "to", "of", "in", "on", "at", "by", "for", "from", "with", "about", "into",
    "onto", "between", "through", "towards", "and", "or", "but", "nor", "than", "that", "which",
    "who", "whose", "because", "if", "is", "are", "was", "were", "be", "been", "has", "have",
    "had", "will", "would", "should", "could", "can", "must", "shall", "our", "my", "your",
    "their", "his", "her", "its", "this", "these", "those", "we", "i", "they", "very", "such",
    "every", "each", "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al",
    "en", "con", "por", "para", "sin", "sobre", "entre", "hacia", "hasta", "desde", "y", "e", "o",
    "u", "ni", "pero", "que", "porque", "como", "cuando", "donde", "si", "se", "su", "sus", "mi",
    "mis", "nuestro", "nuestra", "nuestros", "nuestras", "es", "son", "está", "están", "muy",
    "lo", "le", "les", "nos",
];

/// Words that continue the line before when they start a line (conjunctions, relatives,
/// prepositions that attach to what came before).
#[rustfmt::skip]
const CONTINUATIONS: &[&str] = &[
    "and", "or", "but", "nor", "than", "that", "which", "who", "whom", "whose", "because", "of",
    "to", "for", "with", "from", "by", "as", "while", "whereas", "unless", "until", "although",
    "though", "including", "y", "e", "o", "u", "ni", "pero", "sino", "que", "porque", "pues",
    "aunque", "cuando", "donde", "de", "del", "para", "por", "con", "sin", "hasta", "desde",
    "mientras", "incluso", "como",
];

fn lower(token: &str) -> String {
    token.to_lowercase()
}

/// How a token followed by a single `.` behaves. `previous`: the first character of the word
/// before, if there is one and it is not the first word of the sentence; `Main St.`,
/// `5th St.` and `Madison Av.` end a name, so they may end a sentence.
pub(super) fn classify_token(token: &str, previous: Option<char>, is_initialism: bool) -> Abbrev {
    let lower = lower(token);
    let l = lower.as_str();
    let mut chars = token.chars();
    let single = match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    };
    let after_name = previous.is_some_and(char::is_uppercase);
    let after_name_or_number = after_name || previous.is_some_and(char::is_numeric);
    // `Ft. George` is a fort, `30 ft.` a length.
    if token == "Ft" {
        return Abbrev::Never;
    }
    if ((l == "st" || l == "dr") && after_name_or_number)
        || (STREET_PREFIX.contains(&l) && after_name)
    {
        Abbrev::Suffix
    } else if NEVER.contains(&l) || STREET_PREFIX.contains(&l) {
        Abbrev::Never
    } else if let Some(c) = single.filter(|c| c.is_alphabetic()) {
        if c.is_uppercase() {
            Abbrev::Initial
        } else {
            Abbrev::Suffix
        }
    } else if NUMERIC.contains(&l) {
        Abbrev::Numeric
    } else if SUFFIX.contains(&l) || is_initialism {
        Abbrev::Suffix
    } else {
        Abbrev::Word
    }
}

/// Greetings that open a text on their own line (`Hello`, `Hola`): not headings.
#[rustfmt::skip]
const GREETINGS: &[&str] = &[
    "hello", "hi", "hey", "hiya", "greetings", "morning", "afternoon", "evening", "hola",
    "buenas", "buenos", "saludos", "bonjour", "hallo", "olá", "ola",
];

/// Roles that come before a title (`Councillor Dr. Patel`, `Alcalde Dr. Ruiz`).
#[rustfmt::skip]
const ROLES: &[&str] = &[
    "councillor", "councilor", "cllr", "mayor", "senator", "minister", "chair", "president",
    "director", "professor", "consultant", "alcalde", "alcaldesa", "concejal", "concejala",
    "presidente", "presidenta", "director", "directora", "consejero", "consejera",
];

/// Place nouns that continue a name after an abbreviation (`King Jr. Avenue`).
#[rustfmt::skip]
const PLACE_NOUNS: &[&str] = &[
    "avenue", "street", "road", "boulevard", "drive", "lane", "way", "park", "bridge", "square",
    "school", "station", "hall", "centre", "center", "library", "hospital", "calle", "avenida",
    "plaza", "paseo", "parque", "puente", "colegio", "approach", "terrace", "crescent", "gardens",
    "court", "market",
];

/// Words that open a question (`why`, `quién`): two lines starting with them are two questions.
#[rustfmt::skip]
const QUESTION_WORDS: &[&str] = &[
    "why", "who", "what", "when", "where", "which", "how", "qué", "que", "quién", "quien",
    "cuándo", "cuando", "dónde", "donde", "cómo", "como", "cuál", "cual", "por",
];

pub(super) fn is_question_word(word: &str) -> bool {
    QUESTION_WORDS.contains(&lower(word).as_str())
}

pub(super) fn is_greeting(word: &str) -> bool {
    GREETINGS.contains(&lower(word).as_str())
}

pub(super) fn is_role(word: &str) -> bool {
    ROLES.contains(&lower(word.trim_matches(|c: char| !c.is_alphanumeric())).as_str())
}

/// Titles that `street_context` can turn into street names (`Dr.`, `St.`).
pub(super) fn is_title(token: &str) -> bool {
    matches!(lower(token).as_str(), "dr" | "st")
}

/// `a.m.`, `p.m.`: the end of a time of day.
pub(super) fn is_time_marker(token: &str) -> bool {
    matches!(lower(token).as_str(), "a.m" | "p.m" | "am" | "pm")
}

pub(super) fn is_place_noun(word: &str) -> bool {
    PLACE_NOUNS.contains(&lower(word).as_str())
}

pub(super) fn is_month(word: &str) -> bool {
    MONTHS.contains(&lower(word).as_str())
}

pub(super) fn is_open_ending(word: &str) -> bool {
    OPEN_ENDINGS.contains(&lower(word).as_str())
}

pub(super) fn is_continuation(word: &str) -> bool {
    CONTINUATIONS.contains(&lower(word).as_str())
}

/// Whether `word` is known as an ordinary word: a month name, or seen in the shipped corpora's
/// running text without a period after it. This is the first test of Punkt's type-based stage (a type that
/// occurs without its period is a word, not an abbreviation); the corpora hold too few
/// abbreviations for Punkt's collocation statistics, so the abbreviation side stays a list.
/// A word no language writes without a vowel, and that the corpora never use in running
/// text: `Stn`, `Mkt`, `Grn` (Punkt's length and shape cues, without its statistics).
pub(super) fn looks_abbreviated(token: &str) -> bool {
    let letters = token.chars().count();
    (2..=5).contains(&letters)
        && token.chars().all(char::is_alphabetic)
        && !lower(token)
            .chars()
            .any(|c| "aeiouyáéíóúàèìòùâêîôûäëïöüãõ".contains(c))
        && !is_ordinary_word(token)
}

pub(super) fn is_ordinary_word(word: &str) -> bool {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            let mut set = HashSet::new();
            let corpora = crate::corpus::seed_corpus()
                .into_iter()
                .chain(crate::corpus::seed_corpus_es());
            for e in corpora {
                learn_words(&e.text, &mut set);
            }
            set
        })
        .contains(&lower(word))
        || is_month(word)
}

/// Adds the words of `text` that are not followed by a period (lower-cased) to `set`.
fn learn_words(text: &str, set: &mut HashSet<String>) {
    for raw in text.split_whitespace() {
        let bare = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
        let word = bare.trim_end_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() || bare[word.len()..].starts_with('.') {
            continue;
        }
        if word.chars().all(char::is_alphabetic) && word.chars().count() >= 2 {
            set.insert(lower(word));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learned_words_skip_tokens_with_a_period() {
        let mut set = HashSet::new();
        learn_words("Meet Dr. Lee at the (old) bus-stop, etc. today", &mut set);
        assert!(set.contains("meet") && set.contains("old") && set.contains("today"));
        assert!(!set.contains("dr") && !set.contains("etc"));
        assert!(
            !set.contains("bus-stop"),
            "hyphenated tokens are not single words"
        );
    }

    #[test]
    fn corpus_words_are_ordinary_and_unknown_abbreviations_are_not() {
        assert!(is_ordinary_word("bus"));
        assert!(is_ordinary_word("Minutes"));
        assert!(!is_ordinary_word("Marktstr"));
        assert!(!is_ordinary_word("Blk"));
    }

    #[test]
    fn street_prefixes_never_split_unless_after_a_name() {
        assert_eq!(classify_token("Avda", None, false), Abbrev::Never);
        assert_eq!(classify_token("av", Some('1'), false), Abbrev::Never);
        assert_eq!(classify_token("Av", Some('M'), false), Abbrev::Suffix);
        assert_eq!(classify_token("St", Some('5'), false), Abbrev::Suffix);
        assert_eq!(classify_token("Sra", None, false), Abbrev::Never);
        assert_eq!(classify_token("núm", None, false), Abbrev::Numeric);
        assert_eq!(classify_token("J", None, false), Abbrev::Initial);
        assert_eq!(classify_token("park", None, false), Abbrev::Word);
        assert_eq!(classify_token("U.K", None, true), Abbrev::Suffix);
    }
}
