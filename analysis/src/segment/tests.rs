//! Unit tests of the segmenter, by topic; the basics and numbers are here.

mod abbreviations;
mod fragments;
mod lines_and_lists;
mod punctuation_and_scripts;

use super::{segment, sentences};

fn seg(text: &str) -> Vec<String> {
    sentences(text)
}

fn one(text: &str) {
    assert_eq!(seg(text), vec![text.trim().to_string()], "input: {text:?}");
}

// --- basics ---------------------------------------------------------------------------

#[test]
fn empty_and_whitespace_only_input_gives_no_sentences() {
    assert!(segment("").is_empty());
    assert!(segment("   \n\t \r\n  ").is_empty());
    assert!(segment("\u{A0}\u{200B}\u{FEFF}").is_empty());
}

#[test]
fn offsets_point_at_trimmed_text() {
    let text = "  We need more trees.   The buses are always late!  ";
    let s = segment(text);
    assert_eq!(s.len(), 2);
    for x in &s {
        assert_eq!(&text[x.start..x.end], x.text);
    }
    assert_eq!(s[0].text, "We need more trees.");
    assert_eq!(s[1].text, "The buses are always late!");
    assert_eq!(s[0].start, 2);
}

#[test]
fn period_exclamation_and_question_split() {
    assert_eq!(
        seg("The park is dirty. Who cleans it? Nobody does!"),
        ["The park is dirty.", "Who cleans it?", "Nobody does!"]
    );
}

#[test]
fn punctuation_runs_count_as_one_terminator() {
    assert_eq!(
        seg("Are you serious?! The road flooded again... We need drains!!!"),
        [
            "Are you serious?!",
            "The road flooded again...",
            "We need drains!!!"
        ]
    );
}

#[test]
fn lowercase_after_a_normal_word_still_splits() {
    assert_eq!(
        seg("the bus is always late. it never comes on time."),
        ["the bus is always late.", "it never comes on time."]
    );
    assert_eq!(
        seg("is this fair? i dont think so at all"),
        ["is this fair?", "i dont think so at all"]
    );
}

#[test]
fn terminator_without_following_space_does_not_split() {
    one("The plan.It was fine and nobody complained.");
}

// --- numbers, urls, emails --------------------------------------------------------------

#[test]
fn decimals_times_versions_and_thousands_do_not_split() {
    one("It costs 3.5 million.");
    one("The bus leaves at 9.30 and again at 10:30 every day.");
    one("The budget is 1,000.50 euros for version 2.0.1 of the app.");
}

#[test]
fn urls_and_email_addresses_do_not_split() {
    one("See https://city.gov/plan.pdf for details.");
    one("Read https://example.org/a.b?c=d before the meeting.");
    one("The map is on www.city.gov under transport.");
    one("Email plan@city.gov today.");
}

#[test]
fn url_at_sentence_end_keeps_the_final_period_as_terminator() {
    assert_eq!(
        seg("The survey is at www.city.gov/survey. Please fill it in."),
        [
            "The survey is at www.city.gov/survey.",
            "Please fill it in."
        ]
    );
}
