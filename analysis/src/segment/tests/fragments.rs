//! Segmenter tests: short fragments, headings, and the shape of the output.

use super::seg;
use crate::segment::segment;

#[test]
fn short_fragment_merges_into_previous_sentence() {
    assert_eq!(
        seg("The library should open on Sundays. Yes! Do it."),
        ["The library should open on Sundays. Yes! Do it."]
    );
    assert_eq!(
        seg("The library should open on Sundays. Thanks."),
        ["The library should open on Sundays. Thanks."]
    );
}

#[test]
fn short_first_fragment_merges_into_next_sentence() {
    assert_eq!(
        seg("Hello. The library should open on Sundays."),
        ["Hello. The library should open on Sundays."]
    );
}

#[test]
fn heading_fragment_merges_into_following_sentence() {
    assert_eq!(
        seg("The buses are fine overall.\n\nParks\nWe need more shade trees."),
        [
            "The buses are fine overall.",
            "Parks\nWe need more shade trees."
        ]
    );
}

#[test]
fn heading_after_a_punctuated_line_merges_forward() {
    assert_eq!(
        seg("The council never listens to us...\nHousing\nRents went up 25% in 2 yrs."),
        [
            "The council never listens to us...",
            "Housing\nRents went up 25% in 2 yrs."
        ]
    );
}

#[test]
fn lone_short_text_is_still_returned() {
    assert_eq!(seg("  Yes!  "), ["Yes!"]);
}

#[test]
fn punctuation_only_input_gives_no_sentences() {
    assert!(segment("... !!! ???").is_empty());
    assert!(segment("---\n***").is_empty());
}

#[test]
fn sentences_are_ordered_and_disjoint() {
    let text = "One sentence here. Another one here! And a third one?";
    let s = segment(text);
    assert_eq!(s.len(), 3);
    assert!(s.windows(2).all(|w| w[0].end <= w[1].start));
}

#[test]
fn one_word_heading_of_any_length_merges_into_its_sentence() {
    assert_eq!(
        seg("Accessibility\nThe ramp at the town hall is far too steep."),
        ["Accessibility\nThe ramp at the town hall is far too steep."]
    );
    assert_eq!(
        seg("Transportation\nAccommodation"),
        ["Transportation", "Accommodation"]
    );
}
