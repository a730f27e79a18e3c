//! Character classes the segmenter decides by: spaces, terminators, quotes and brackets,
//! emoji, wide (CJK) characters, and how a word starts.

pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}')
}

pub(super) fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '…'
            | '‼'
            | '⁇'
            | '⁈'
            | '⁉'
            | '‽'
            | '。'
            | '｡'
            | '！'
            | '？'
            | '؟'
            | '۔'
            | '।'
            | '॥'
            | '።'
            | '፧'
    )
}

/// Terminators that end a sentence even without whitespace after them.
pub(super) fn is_strong_terminal(c: char) -> bool {
    matches!(c, '。' | '｡' | '！' | '？' | '।' | '॥')
}

/// Terminators that are not a period or an ellipsis.
pub(super) fn is_definite_terminal(c: char) -> bool {
    matches!(
        c,
        '!' | '?' | '‼' | '⁇' | '⁈' | '⁉' | '‽' | '؟' | '۔' | '።' | '፧'
    )
}

pub(super) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '”'
            | '’'
            | '»'
            | '›'
            | ')'
            | ']'
            | '}'
            | '」'
            | '』'
            | '）'
            | '］'
            | '】'
            | '〉'
            | '》'
            | '〕'
            | '＂'
    )
}

pub(super) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '«'
            | '‹'
            | '„'
            | '‚'
            | '('
            | '['
            | '{'
            | '¿'
            | '¡'
            | '「'
            | '『'
            | '（'
            | '［'
            | '【'
            | '〈'
            | '《'
            | '〔'
            | '＂'
    )
}

/// Closing bracket for an opening bracket whose contents are protected from splitting.
pub(super) fn bracket_pair(c: char) -> Option<char> {
    match c {
        '(' => Some(')'),
        '[' => Some(']'),
        '{' => Some('}'),
        '（' => Some('）'),
        '［' => Some('］'),
        '【' => Some('】'),
        _ => None,
    }
}

pub(super) fn is_bracket_close(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '）' | '］' | '】')
}

/// Any character that can be part of an emoji sequence (including joiners and modifiers).
pub(super) fn is_emoji(c: char) -> bool {
    matches!(
        c as u32,
        0x1F000..=0x1FAFF
            | 0x2600..=0x27BF
            | 0x2300..=0x23FF
            | 0x2B00..=0x2BFF
            | 0xFE0F
            | 0x200D
            | 0x20E3
            | 0xE0020..=0xE007F
            | 0x3030
            | 0x303D
            | 0x3297
            | 0x3299
    )
}

/// A character that can start an emoji sequence.
pub(super) fn is_emoji_start(c: char) -> bool {
    is_emoji(c) && !matches!(c as u32, 0xFE0F | 0x200D | 0x20E3 | 0xE0020..=0xE007F)
}

fn is_wide(c: char) -> bool {
    matches!(
        c as u32,
        0x1100..=0x115F
            | 0x2E80..=0x9FFF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFF00..=0xFF60
            | 0x20000..=0x3FFFD
    )
}

pub(super) fn weighted_len(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// How a word starts, which decides whether a terminator before it ends the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Start {
    Upper,
    Lower,
    Digit,
    /// A letter of a script without case (CJK, Arabic, Devanagari, …).
    Caseless,
    /// Anything else: symbols, emoji, currency signs.
    Other,
    End,
}

pub(super) fn classify(c: char) -> Start {
    if c.is_uppercase() {
        Start::Upper
    } else if c.is_lowercase() {
        Start::Lower
    } else if c.is_numeric() {
        Start::Digit
    } else if c.is_alphabetic() {
        Start::Caseless
    } else {
        Start::Other
    }
}
