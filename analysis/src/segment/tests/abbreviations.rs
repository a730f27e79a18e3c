//! Segmenter tests: abbreviations, titles, initialisms and number abbreviations.

use super::{one, seg};

#[test]
fn titles_and_street_abbreviations_do_not_split() {
    one("Dr. Smith lives on Main St. near the park.");
    one("Mr. and Mrs. Okafor met Ms. Lee and Prof. Ito.");
    one("Ask Dr. Patel about St. Mary's clinic hours.");
}

#[test]
fn street_abbreviation_after_a_name_can_end_a_sentence() {
    assert_eq!(
        seg("I live on Elm St. The traffic there is awful."),
        ["I live on Elm St.", "The traffic there is awful."]
    );
}

#[test]
fn latin_abbreviations_do_not_split() {
    one("Some spaces, e.g. the old depot, could host markets.");
    one("Use the cheaper option, i.e. the bus lane, for now.");
    one("Cars vs. bikes is the wrong framing for this street.");
    one("It will cost approx. 40 thousand to repair the bridge.");
    one("We need benches, bins, lights etc. along the canal path.");
}

#[test]
fn etc_before_an_uppercase_word_ends_the_sentence() {
    assert_eq!(
        seg("We need benches, bins, lights etc. The rest can wait."),
        ["We need benches, bins, lights etc.", "The rest can wait."]
    );
}

#[test]
fn initialisms_do_not_split_before_lowercase() {
    one("The U.S. average is lower.");
    one("Unlike the U.K. model, ours is funded locally.");
}

#[test]
fn initialisms_can_end_a_sentence_before_uppercase() {
    assert_eq!(
        seg("I moved here from the U.K. The buses here are better."),
        ["I moved here from the U.K.", "The buses here are better."]
    );
}

#[test]
fn am_pm_and_months_do_not_split_before_lowercase_or_digits() {
    one("Meet at 10.30 a.m. tomorrow.");
    one("The hearing is on Jan. 14 in the library.");
    one("Doors open at 7 p.m. sharp on Fridays.");
    assert_eq!(
        seg("The hall closes at 9 p.m. Bring your own chairs."),
        ["The hall closes at 9 p.m.", "Bring your own chairs."]
    );
}

#[test]
fn company_and_suffix_abbreviations_do_not_split_before_lowercase() {
    one("Acme Ltd. and Borough Inc. both bid for the contract.");
    one("John Smith Jr. spoke for the Oak Ave. residents.");
    one("The dept. said the Ridge Rd. repairs start soon.");
}

#[test]
fn number_abbreviations_do_not_split_before_digits() {
    one("Take the No. 7 bus to the market.");
    one("See Fig. 3 and p. 12 of the draft plan.");
    assert_eq!(
        seg("No. We do not want a car park here."),
        ["No. We do not want a car park here."],
        "short fragment `No.` merges into the next sentence"
    );
}

#[test]
fn single_capital_initials_do_not_split() {
    one("J. Smith and A. B. Jones wrote the petition.");
}

#[test]
fn single_lowercase_letter_abbreviation_does_not_split_before_digit() {
    one("It is on p. 5 of the report.");
}

#[test]
fn unknown_abbreviation_before_a_number_does_not_split_but_a_known_word_does() {
    one("Der Spielplatz an der Marktstr. 14 ist seit Monaten gesperrt.");
    one("The lift in Blk. 7 has been broken since March.");
    assert_eq!(
        seg("We waited forty minutes for the bus. 40 minutes is far too long."),
        [
            "We waited forty minutes for the bus.",
            "40 minutes is far too long."
        ]
    );
}

#[test]
fn spanish_abbreviations_do_not_split() {
    one("La Sra. Méndez vive en la Avda. de la Constitución núm. 45 desde hace años.");
    one("Hacen falta servicios, p. ej. baños, fuentes, etc. en todas las plazas.");
    assert_eq!(
        seg("Vivo en la Avda. Colón. El ruido no me deja dormir."),
        ["Vivo en la Avda. Colón.", "El ruido no me deja dormir."]
    );
}

#[test]
fn vowelless_unknown_abbreviation_before_a_place_noun_does_not_split() {
    one("The gate at Stn. Road is locked after six every evening.");
    assert_eq!(
        seg("We walked to the park. Street lights there are out."),
        ["We walked to the park.", "Street lights there are out."]
    );
}
