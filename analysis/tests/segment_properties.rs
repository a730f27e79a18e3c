//! Property tests for the sentence segmenter, driven by a deterministic pseudo-random
//! generator (no external crates): for many generated strings, including multi-byte
//! characters, emoji sequences, line separators and random code points, `segment` must not
//! panic and must return trimmed, ordered, disjoint spans that slice the input exactly.

use planner_analysis::segment::{segment, sentences};

/// SplitMix64: tiny, deterministic, good enough to drive a generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces that exercise the rules and their edges.
const PIECES: &[&str] = &[
    "word",
    "Word",
    "the",
    "The",
    "park",
    "Bus",
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\u{0B}",
    "\u{0C}",
    ".",
    ".",
    "!",
    "?",
    "?!",
    "...",
    "…",
    "。",
    "！",
    "？",
    "؟",
    "।",
    "॥",
    "۔",
    "¿",
    "¡",
    "\"",
    "'",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "（",
    "）",
    "「",
    "」",
    ":",
    ";",
    ",",
    "-",
    "- ",
    "* ",
    "• ",
    "1. ",
    "12) ",
    "(3) ",
    "a) ",
    "(b) ",
    "iv. ",
    "II. ",
    "Dr.",
    "St.",
    "Mr.",
    "e.g.",
    "i.e.",
    "U.S.",
    "a.m.",
    "p.m.",
    "No.",
    "etc.",
    "Inc.",
    "J.",
    "3.5",
    "9.30",
    "10:30",
    "1,000.50",
    "2.0.1",
    "https://city.gov/plan.pdf",
    "www.city.gov",
    "plan@city.gov",
    "😍",
    "👍🏽",
    "👨\u{200D}👩\u{200D}👧",
    "🇪🇸",
    "❤\u{FE0F}",
    "1\u{FE0F}\u{20E3}",
    "\u{200D}",
    "\u{FE0F}",
    "\u{1F3FD}",
    "é",
    "e\u{301}",
    "ß",
    "ǅ",
    "中文",
    "公园",
    "العربية",
    "हिन्दी",
    "한국어",
    "ไทย",
    "\u{200B}",
    "\u{FEFF}",
    "\u{A0}",
    ":)",
    ":(",
    "---",
    "=====",
    "\u{0}",
    "\u{7F}",
    "\u{10FFFF}",
    "\u{E0067}",
];

fn random_char(rng: &mut Rng) -> char {
    loop {
        let cp = match rng.below(4) {
            0 => rng.below(0x80) as u32,
            1 => rng.below(0x800) as u32,
            2 => rng.below(0x10000) as u32,
            _ => rng.below(0x110000) as u32,
        };
        if let Some(c) = char::from_u32(cp) {
            return c;
        }
    }
}

fn random_text(rng: &mut Rng) -> String {
    let len = rng.below(40);
    let mut s = String::new();
    for _ in 0..len {
        if rng.below(5) == 0 {
            s.push(random_char(rng));
        } else {
            s.push_str(PIECES[rng.below(PIECES.len())]);
        }
    }
    s
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}')
}

fn check(text: &str) {
    let result = segment(text);
    let mut previous_end = 0;
    for s in &result {
        assert!(s.start < s.end, "empty span {s:?} in {text:?}");
        assert!(s.start >= previous_end, "overlap at {s:?} in {text:?}");
        assert_eq!(
            text.get(s.start..s.end),
            Some(s.text.as_str()),
            "text does not slice input in {text:?}"
        );
        let first = s.text.chars().next().unwrap();
        let last = s.text.chars().next_back().unwrap();
        assert!(
            !is_space(first) && !is_space(last),
            "untrimmed {s:?} in {text:?}"
        );
        previous_end = s.end;
    }
    if text.chars().all(is_space) {
        assert!(result.is_empty(), "whitespace gave sentences: {text:?}");
    }
    if text.chars().any(char::is_alphabetic) {
        assert!(!result.is_empty(), "letters but no sentence: {text:?}");
    }
    assert_eq!(
        result.iter().map(|s| s.text.clone()).collect::<Vec<_>>(),
        sentences(text)
    );
}

#[test]
fn never_panics_and_spans_are_exact_on_generated_text() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    for _ in 0..30_000 {
        let text = random_text(&mut rng);
        check(&text);
    }
}

#[test]
fn never_panics_on_random_code_points() {
    let mut rng = Rng(42);
    for _ in 0..5_000 {
        let len = rng.below(60);
        let text: String = (0..len).map(|_| random_char(&mut rng)).collect();
        check(&text);
    }
}

#[test]
fn every_prefix_of_a_tricky_text_is_handled() {
    let text = "¿Qué? Dr. Ruiz (St. Ann's, approx. 3.5 km) said \"no.\" 😍👍🏽\n\n- 1) item… \
                公园。हिन्दी। https://x.org/a.b?c=d e@x.org U.S. a.m. :) 🇪🇸";
    for (i, _) in text.char_indices() {
        check(&text[..i]);
        check(&text[i..]);
    }
}

#[test]
fn large_pathological_inputs_finish() {
    let cases = [
        "Dr. ".repeat(20_000),
        "a. ".repeat(20_000),
        "(".repeat(20_000) + &")".repeat(20_000),
        "😍 A".repeat(10_000),
        format!("Hi. {}{}", " ".repeat(50_000), "Mr. x ".repeat(5_000)),
        "- x\n".repeat(10_000),
        ".".repeat(50_000),
        "x".repeat(100_000),
    ];
    for text in &cases {
        check(text);
    }
}
