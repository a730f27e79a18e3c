//! Merging fragments (too short, or without words) into a neighbouring sentence, unless they
//! stand alone: a line of their own, a list item, a lead-in or a heading.

use super::chars::{is_space, weighted_len};
use super::lexicon;
use super::lines::{first_word, line_end, LineEnd};
use super::punctuation::Span;

/// Sentences with fewer characters than this (after trimming) are merged into a neighbour.
pub const MIN_SENTENCE_CHARS: usize = 12;

fn is_fragment(text: &str, s: &Span) -> bool {
    let t = &text[s.start..s.end];
    weighted_len(t) < MIN_SENTENCE_CHARS || !t.chars().any(char::is_alphanumeric)
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Whether the span has nothing but horizontal whitespace between it and the line breaks (or
/// text ends) around it.
fn own_lines(text: &str, s: &Span) -> bool {
    let before = text[..s.start]
        .chars()
        .rev()
        .find(|&c| !is_space(c) || is_line_break(c));
    let after = text[s.end..]
        .chars()
        .find(|&c| !is_space(c) || is_line_break(c));
    before.is_none_or(is_line_break) && after.is_none_or(is_line_break)
}

pub(super) fn has_words(text: &str, s: &Span) -> bool {
    text[s.start..s.end].chars().any(char::is_alphanumeric)
}

/// A lead-in line ending in `:` (`My ideas:`): a sentence of its own, whatever its length,
/// since what it introduces is often a list whose markers must not be swallowed.
fn is_lead_in(text: &str, s: &Span) -> bool {
    text[s.start..s.end].ends_with(':') && own_lines(text, s) && has_words(text, s)
}

/// A short heading (`Parks`) on its own line, without punctuation, before a sentence that
/// ends in punctuation: it belongs to that sentence. Before another unpunctuated line it is
/// more likely a list item, and a greeting (`Hello`) is a sentence of its own.
fn is_heading_of(text: &str, s: &Span, next: &Span) -> bool {
    !s.list_item
        && !lexicon::is_greeting(first_word(&text[s.start..s.end]))
        && own_lines(text, s)
        && has_words(text, s)
        && line_end(&text[s.start..s.end]) == LineEnd::Open
        && !next.list_item
        && !is_fragment(text, next)
        && line_end(&text[next.start..next.end]) == LineEnd::Terminal
}

/// A single word (`Accessibility`, `Contaminación`): as a line of its own before a sentence, a
/// heading however long it is.
fn is_one_word(text: &str, s: &Span) -> bool {
    let t = &text[s.start..s.end];
    t.chars().count() <= 24 && t.chars().all(|c| c.is_alphabetic() || c == '-')
}

/// A short text on its own line(s) (`Thanks`, `pls fix`) or a short list item (`- bins`) is
/// kept as a sentence; other fragments merge into a neighbour.
fn stands_alone(text: &str, s: &Span) -> bool {
    ((s.list_item || own_lines(text, s)) && has_words(text, s)) || is_lead_in(text, s)
}

pub(super) fn merge_fragments(text: &str, spans: Vec<Span>) -> Vec<Span> {
    // Headings merge forward (walk from the end so chains collapse).
    let mut reversed: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans.into_iter().rev() {
        if let Some(next) = reversed.last_mut() {
            if (is_fragment(text, &s) || is_one_word(text, &s)) && is_heading_of(text, &s, next) {
                next.start = s.start;
                continue;
            }
        }
        reversed.push(s);
    }
    // Other fragments merge backward unless they stand alone.
    let mut out: Vec<Span> = Vec::with_capacity(reversed.len());
    for s in reversed.into_iter().rev() {
        if let Some(prev) = out.last_mut() {
            if is_fragment(text, &s) && !stands_alone(text, &s) {
                prev.end = s.end;
                continue;
            }
        }
        out.push(s);
    }
    if out.len() >= 2 && is_fragment(text, &out[0]) && !stands_alone(text, &out[0]) {
        let first = out.remove(0);
        out[0].start = first.start;
    }
    out
}
