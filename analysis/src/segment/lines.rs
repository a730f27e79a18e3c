//! Cutting text into lines, and deciding whether a line break ends a sentence or the next
//! line goes on with it.

use super::chars::{is_closer, is_emoji, is_emoji_start, is_opener, is_space, is_terminal};
use super::lexicon;

/// One line of the input, as a byte range without its line break.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = i + c.len_utf8();
        match c {
            '\n' | '\u{0B}' | '\u{85}' | '\u{2028}' => {
                out.push(Line { start, end: i });
                start = next;
            }
            '\r' => {
                out.push(Line { start, end: i });
                start = next;
                if let Some(&(j, '\n')) = iter.peek() {
                    iter.next();
                    start = j + 1;
                }
            }
            '\u{0C}' | '\u{2029}' => {
                out.push(Line { start, end: i });
                out.push(Line {
                    start: next,
                    end: next,
                });
                start = next;
            }
            _ => {}
        }
    }
    out.push(Line {
        start,
        end: text.len(),
    });
    out
}

/// Byte range of `text[start..end]` without surrounding whitespace, if anything is left.
pub(super) fn trim_range(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let slice = &text[start..end];
    let first = slice.char_indices().find(|&(_, c)| !is_space(c))?.0;
    let (last, lc) = slice.char_indices().rev().find(|&(_, c)| !is_space(c))?;
    Some((start + first, start + last + lc.len_utf8()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineEnd {
    /// Ends in terminal punctuation: leave the decision to the punctuation rules.
    Terminal,
    /// Ends in a letter, digit or emoji: a following uppercase line starts a new block.
    Open,
    /// Ends in `,` `;` `:` `-` …: the next line continues it.
    Continue,
}

pub(super) fn line_end(line: &str) -> LineEnd {
    match line.chars().rev().find(|&c| !is_space(c) && !is_closer(c)) {
        Some(c) if is_terminal(c) => LineEnd::Terminal,
        Some(c) if c.is_alphanumeric() || is_emoji(c) => LineEnd::Open,
        _ => LineEnd::Continue,
    }
}

/// Lines typed wider than this are taken as hard-wrapped when the next line starts in
/// lowercase: people press Enter between list items, mail programs wrap paragraphs.
const WRAP_WIDTH: usize = 60;

/// The last word of a line (letters and digits), if the line ends in one.
fn last_word(line: &str) -> &str {
    let trimmed = line.trim_end_matches(|c: char| is_space(c) || is_closer(c));
    let start = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &trimmed[start..]
}

/// The first word of a line after opening quotes, brackets and emoji.
pub(super) fn first_word(line: &str) -> &str {
    let start = line
        .char_indices()
        .find(|&(_, c)| !is_space(c) && !is_opener(c) && !is_emoji(c))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let end = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

/// Whether `next` goes on with the sentence of `previous` (a line that ends in a letter, digit
/// or emoji): it does when `previous` ends on a word no sentence ends on (`the`, `de`), when
/// `next` starts with a conjunction or the like (`and`, `y`, `because`), or when `previous`
/// is a long hard-wrapped line and `next` starts in lowercase. Otherwise the line break ends
/// the sentence: unpunctuated lists, a sign-off, a question typed without its mark.
pub(super) fn line_continues(previous: &str, next: &str) -> bool {
    if lexicon::is_open_ending(last_word(previous)) {
        return true;
    }
    let word = first_word(next);
    // `why is the pool closed` / `who cleans it`: a list of questions, not a relative clause.
    if lexicon::is_question_word(first_word(previous)) && lexicon::is_question_word(word) {
        return false;
    }
    // `and close earlier…` goes on; a capitalised `But nobody…` or `Which the council…` typed
    // on a new line starts a sentence (or list item) of its own.
    if lexicon::is_continuation(word) && word.chars().next().is_some_and(char::is_lowercase) {
        return true;
    }
    let lowercase = word.chars().next().is_some_and(char::is_lowercase);
    lowercase && previous.chars().count() >= WRAP_WIDTH
}

pub(super) fn is_separator_line(line: &str) -> bool {
    !line
        .chars()
        .any(|c| c.is_alphanumeric() || is_emoji_start(c))
}
