//! Segmenter tests: line breaks, blank lines, separators and list items.

use super::{one, seg};
use crate::segment::segment;

#[test]
fn bullet_items_are_separate_sentences_without_markers() {
    let text = "My priorities:\n- more frequent buses\n* safer crossings near schools\n• a public toilet in the park";
    assert_eq!(
        seg(text),
        [
            "My priorities:",
            "more frequent buses",
            "safer crossings near schools",
            "a public toilet in the park"
        ]
    );
}

#[test]
fn numbered_and_lettered_items_are_separate_sentences() {
    let text = "1. Plant trees on every street\n2) Open the pool in summer\na) Fix the library roof\n(b) Light the underpass at night";
    assert_eq!(
        seg(text),
        [
            "Plant trees on every street",
            "Open the pool in summer",
            "Fix the library roof",
            "Light the underpass at night"
        ]
    );
    let s = segment(text);
    assert_eq!(s[0].start, 3);
}

#[test]
fn list_item_offsets_exclude_the_marker() {
    let text = "- first item here ok\n- second item here ok";
    let s = segment(text);
    assert_eq!(&text[s[1].start..s[1].end], "second item here ok");
}

#[test]
fn list_item_wrapped_over_two_lines_stays_one_sentence() {
    assert_eq!(
        seg("- we need more buses on\n  route 5 and route 6\n- a bench"),
        ["we need more buses on\n  route 5 and route 6", "a bench"],
        "a short list item is a sentence of its own"
    );
    assert_eq!(
        seg("* repaint the crossing outside the nursery, it has\n  worn away\n* add a lollipop person"),
        [
            "repaint the crossing outside the nursery, it has\n  worn away",
            "add a lollipop person"
        ],
        "an indented line wraps the item above it"
    );
}

#[test]
fn blank_line_always_separates() {
    assert_eq!(
        seg("We need a new library for the east side\n\nthe old one is too small for us"),
        [
            "We need a new library for the east side",
            "the old one is too small for us"
        ]
    );
}

#[test]
fn line_break_after_unpunctuated_line_before_uppercase_separates() {
    assert_eq!(
        seg("Please fix the potholes on Mill Lane\nThe school run is dangerous"),
        [
            "Please fix the potholes on Mill Lane",
            "The school run is dangerous"
        ]
    );
}

#[test]
fn wrapped_line_is_joined_after_an_open_word_before_a_conjunction_or_when_long() {
    one("We would like the council to look at\nbuilding a covered market near the station.");
    one("The park is lovely in the daytime\nbut nobody goes there after dark.");
    one("I am writing to ask that the council reconsider the plan to close the path\nbehind the school, because it is the only safe route.");
}

#[test]
fn unpunctuated_lines_are_sentences_of_their_own() {
    assert_eq!(
        seg("more bins near the market\nstreet lights on Ngong Lane\na zebra crossing by the school"),
        [
            "more bins near the market",
            "street lights on Ngong Lane",
            "a zebra crossing by the school"
        ]
    );
    assert_eq!(
        seg("The skate park is the only place where teenagers can hang out safely.\nThanks"),
        [
            "The skate park is the only place where teenagers can hang out safely.",
            "Thanks"
        ]
    );
}

#[test]
fn lead_in_with_colon_stands_alone_before_a_list() {
    assert_eq!(
        seg("My ideas:\n1. a library van\n2. free wifi in the square"),
        ["My ideas:", "a library van", "free wifi in the square"]
    );
}

#[test]
fn line_ending_with_comma_is_joined_even_before_uppercase() {
    one("Dear planning team,\nPlease keep the allotments open for everyone.");
}

#[test]
fn crlf_and_unicode_line_separators_are_handled() {
    assert_eq!(
        seg("Parks need more bins\r\nStreets need more light\u{2029}Schools need more staff"),
        [
            "Parks need more bins",
            "Streets need more light",
            "Schools need more staff"
        ]
    );
}

#[test]
fn separator_lines_are_dropped() {
    assert_eq!(
        seg("The harbour smells of diesel.\n-----\nMove the ferry terminal east."),
        [
            "The harbour smells of diesel.",
            "Move the ferry terminal east."
        ]
    );
}

#[test]
fn capitalised_conjunction_on_a_new_line_starts_a_new_sentence() {
    assert_eq!(
        seg("a bin by the pond\nThat the lights work at night\na bench"),
        [
            "a bin by the pond",
            "That the lights work at night",
            "a bench"
        ]
    );
    one("The lights are fine\nbut the bins are always full.");
}

#[test]
fn number_and_dash_mark_a_list_item_but_a_range_does_not() {
    assert_eq!(
        seg("1 - more police on foot\n2- better lights\n3 – a crossing"),
        ["more police on foot", "better lights", "a crossing"]
    );
    one("2 - 3 buses an hour would do.");
}
