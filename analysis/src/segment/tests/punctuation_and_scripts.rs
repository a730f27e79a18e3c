//! Segmenter tests: quotes and brackets, emoji, and other scripts' punctuation.

use super::{one, seg};

// --- quotes and brackets -----------------------------------------------------------------

#[test]
fn closing_quote_after_terminator_stays_with_sentence() {
    assert_eq!(
        seg("He said \"stop.\" Then the meeting ended."),
        ["He said \"stop.\"", "Then the meeting ended."]
    );
    assert_eq!(
        seg("She wrote “we deserve better!” Everyone agreed with her."),
        [
            "She wrote “we deserve better!”",
            "Everyone agreed with her."
        ]
    );
}

#[test]
fn quoted_question_followed_by_lowercase_does_not_split() {
    one("\"Why is the pool closed?\" asked a parent at the meeting.");
}

#[test]
fn no_split_inside_parentheses() {
    one("The old mill (closed in 1998. Sad.) could become a museum.");
    one("Bike lanes [see the map. It is on page 4.] should be wider.");
}

#[test]
fn parenthesised_sentence_followed_by_uppercase_splits_after_bracket() {
    assert_eq!(
        seg("We walked to the river. (The path was muddy again.) Then we went home."),
        [
            "We walked to the river.",
            "(The path was muddy again.)",
            "Then we went home."
        ]
    );
}

#[test]
fn unmatched_brackets_and_emoticons_do_not_block_splits() {
    assert_eq!(
        seg("I love this park :( The toilets are closed. Fix it please :)"),
        [
            "I love this park :( The toilets are closed.",
            "Fix it please :)"
        ]
    );
    assert_eq!(
        seg("Point 1) is vague. The second point is fine."),
        ["Point 1) is vague.", "The second point is fine."]
    );
}

// --- emoji ---------------------------------------------------------------------------------

#[test]
fn emoji_after_terminator_stay_attached() {
    assert_eq!(
        seg("Love the new square! 😍😍 The fountain is great."),
        ["Love the new square! 😍😍", "The fountain is great."]
    );
}

#[test]
fn emoji_inside_sentence_do_not_split() {
    one("The new 🚲 lanes are great 👍 and safe for kids.");
    one("Family trips 👨‍👩‍👧 to the 🇪🇸 coast are cheap.");
}

#[test]
fn emoji_followed_by_uppercase_acts_as_terminator() {
    assert_eq!(
        seg("The new bike lanes are brilliant 🚲 Thanks to everyone involved"),
        [
            "The new bike lanes are brilliant 🚲",
            "Thanks to everyone involved"
        ]
    );
}

#[test]
fn emoji_with_skin_tone_and_zwj_are_kept_whole() {
    let s = seg("Great job team 👍🏽 The market is back.");
    assert_eq!(s, ["Great job team 👍🏽", "The market is back."]);
}

// --- other scripts -------------------------------------------------------------------------

#[test]
fn spanish_inverted_marks() {
    assert_eq!(
        seg("¿Por qué no hay autobuses nocturnos? ¡Necesitamos más transporte público!"),
        [
            "¿Por qué no hay autobuses nocturnos?",
            "¡Necesitamos más transporte público!"
        ]
    );
}

#[test]
fn cjk_terminators_split_without_spaces() {
    assert_eq!(
        seg("我们需要更多的公园。公交车总是晚点！为什么没有自行车道？"),
        [
            "我们需要更多的公园。",
            "公交车总是晚点！",
            "为什么没有自行车道？"
        ]
    );
}

#[test]
fn arabic_question_mark_splits() {
    assert_eq!(
        seg("لماذا لا توجد حافلات في الليل؟ نحتاج إلى حديقة جديدة."),
        ["لماذا لا توجد حافلات في الليل؟", "نحتاج إلى حديقة جديدة."]
    );
}

#[test]
fn hindi_danda_splits() {
    assert_eq!(
        seg("हमें और पार्क चाहिए। बसें हमेशा देर से आती हैं।"),
        ["हमें और पार्क चाहिए।", "बसें हमेशा देर से आती हैं।"]
    );
}

#[test]
fn unicode_ellipsis_splits_before_uppercase_only() {
    assert_eq!(
        seg("We waited for the bus… It never came that evening."),
        ["We waited for the bus…", "It never came that evening."]
    );
    one("We waited… and waited for the bus that evening.");
}
