//! Whether a single `.` ends a sentence: abbreviations, initials, ordinals and numbers.

use super::chars::{is_closer, is_opener, is_space, Start};
use super::lexicon::{self, Abbrev};

fn is_initialism(token: &str) -> bool {
    token.contains('.')
        && token.split('.').all(|seg| {
            let n = seg.chars().count();
            (1..=2).contains(&n) && seg.chars().all(char::is_alphabetic)
        })
}

/// The word starting after whitespace at `k` (opening quotes and brackets skipped), up to the
/// next space or punctuation.
fn next_word(chars: &[(usize, char)], k: usize) -> String {
    chars[k.min(chars.len())..]
        .iter()
        .map(|&(_, c)| c)
        .skip_while(|&c| is_space(c) || is_opener(c))
        .take_while(|&c| c.is_alphanumeric())
        .collect()
}

fn is_single_letter(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// Whether a single `.` at char index `dot` ends the sentence that started at `sent_start`
/// (whose first non-space character is at `first_content`); the text after the period
/// (after whitespace) starts at `after` and starts like `next`.
pub(super) fn period_splits(
    chars: &[(usize, char)],
    sent_start: usize,
    first_content: usize,
    dot: usize,
    after: usize,
    next: Start,
) -> bool {
    let mut ts = dot;
    while ts > sent_start && !is_space(chars[ts - 1].1) {
        ts -= 1;
    }
    let token: String = chars[ts..dot].iter().map(|&(_, c)| c).collect();
    let token = token
        .trim_start_matches(is_opener)
        .trim_end_matches(is_closer);

    // The word before, unless it starts the sentence: `Main St.` and `Madison Av.` end a name.
    let mut pe = ts;
    while pe > sent_start && is_space(chars[pe - 1].1) {
        pe -= 1;
    }
    let mut ps = pe;
    while ps > sent_start && !is_space(chars[ps - 1].1) {
        ps -= 1;
    }
    let previous = chars[ps..pe]
        .iter()
        .map(|&(_, c)| c)
        .find(|&c| !is_opener(c))
        .filter(|_| ps < pe && first_content < ps);

    // `am 3. Mai`: a day number before a month name is an ordinal.
    if next != Start::Lower
        && (1..=2).contains(&token.len())
        && token.bytes().all(|b| b.is_ascii_digit())
        && lexicon::is_month(&next_word(chars, after))
    {
        return false;
    }

    let following = next_word(chars, after);
    let previous_word: String = chars[ps..pe].iter().map(|&(_, c)| c).collect();
    match lexicon::classify_token(token, previous, is_initialism(token)) {
        Abbrev::Never | Abbrev::Initial => false,
        // `Councillor Dr. Patel`: a title after a role is no street.
        Abbrev::Suffix if lexicon::is_title(token) && lexicon::is_role(&previous_word) => false,
        // `Esc. B`, `Apt. C`: a flat or door letter counts like a number.
        Abbrev::Numeric => next != Start::Digit && !is_single_letter(&following),
        // `7 a.m. 3 days a week`: a time is complete, a number after it starts anew.
        Abbrev::Suffix if lexicon::is_time_marker(token) && next == Start::Digit => true,
        // `King Jr. Avenue`, `Main St. Bridge`: a place noun continues the name.
        Abbrev::Suffix if lexicon::is_place_noun(&following) => false,
        Abbrev::Suffix => matches!(next, Start::Upper | Start::Caseless | Start::Other),
        // An unknown word before a number is an abbreviation (`Marktstr. 14`, `Blk. 7`); a
        // word the corpora use in running text ends its sentence (`the bus. 40 minutes…`),
        // and so does a long lower-case word (`dos horas. 2,5 metros`): abbreviations typed
        // before a number are short or capitalised.
        Abbrev::Word if next == Start::Digit => {
            !token.chars().any(char::is_alphabetic)
                || lexicon::is_ordinary_word(token)
                || (token.chars().count() >= 5 && token.chars().all(char::is_lowercase))
        }
        // `Stn. Road`, `Mkt. Square`: an unknown word without vowels is an abbreviation, and a
        // place noun after it goes on with the name.
        Abbrev::Word if lexicon::is_place_noun(&following) => !lexicon::looks_abbreviated(token),
        Abbrev::Word => true,
    }
}
