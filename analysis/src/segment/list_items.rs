//! Recognising list items: bullets, bullet emoji, and enumerators such as `1.`, `(a)`, `iv)`.

use super::chars::is_space;

fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '◦'
            | '‣'
            | '▪'
            | '▫'
            | '●'
            | '○'
            | '■'
            | '□'
            | '►'
            | '▸'
            | '·'
            | '⁃'
            | '∙'
    )
}

/// Emoji and arrows people use as bullets (`✅ more bins`, `👉 a crossing`).
fn is_bullet_emoji(c: char) -> bool {
    matches!(
        c,
        '✅' | '✔'
            | '☑'
            | '✓'
            | '❌'
            | '✖'
            | '➡'
            | '→'
            | '⇒'
            | '➜'
            | '▶'
            | '👉'
            | '🔹'
            | '🔸'
            | '🔷'
            | '🔶'
            | '⭐'
            | '📌'
            | '🔴'
            | '🟢'
            | '➖'
    )
}

fn is_roman(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 4
        && (word.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
            || word.chars().all(|c| matches!(c, 'I' | 'V' | 'X')))
}

/// `1 - item`, `2- item`, `3 – item`: a number and a dash, then a space and text that is not
/// another number (`2 - 3 buses an hour` is a range, not item two).
fn dashed_number_len(line: &str, digits: usize) -> Option<usize> {
    let rest = &line[digits..];
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let after = rest.strip_prefix(['-', '–'])?;
    let text = after.strip_prefix(is_space)?.trim_start_matches(is_space);
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(line.len() - after.len())
}

/// Byte length of an enumerator such as `12.`, `3)`, `(4)`, `a)`, `(b)`, `c.`, `iv)`, `II.`.
fn enumerator_len(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    if b.first() == Some(&b'(') {
        let close = line[1..].find(')')? + 1;
        let inner = &line[1..close];
        let digits = inner.bytes().all(|x| x.is_ascii_digit()) && (1..=3).contains(&inner.len());
        let letter = inner.len() == 1 && inner.bytes().all(|x| x.is_ascii_alphabetic());
        return (digits || letter || is_roman(inner)).then_some(close + 1);
    }
    let digits = b.iter().take_while(|x| x.is_ascii_digit()).count();
    if digits > 0 {
        if !(1..=3).contains(&digits) {
            return None;
        }
        if matches!(b.get(digits), Some(b'.' | b')')) {
            return Some(digits + 1);
        }
        return dashed_number_len(line, digits);
    }
    let letters = b.iter().take_while(|x| x.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 4 {
        return None;
    }
    let word = &line[..letters];
    let ok = match b.get(letters) {
        Some(b')') => letters == 1 || is_roman(word),
        Some(b'.') => {
            (letters == 1 && b[0].is_ascii_lowercase())
                || (is_roman(word) && (b[0].is_ascii_lowercase() || letters >= 2))
        }
        _ => false,
    };
    ok.then_some(letters + 1)
}

/// If `line` (starting with a non-space character) is a list item, the byte offset of its text.
/// `roman_list`: the text numbers lines `II.` or `II)`, so a line starting `I.` is item one
/// (otherwise `I.` may be the pronoun or an initial).
pub(super) fn list_marker(line: &str, roman_list: bool) -> Option<usize> {
    let first = line.chars().next()?;
    let after = if roman_list && (line.starts_with("I. ") || line.starts_with("I) ")) {
        2
    } else if matches!(first, '-' | '*' | '+' | '–' | '—') {
        let after = first.len_utf8();
        if !line[after..].starts_with(is_space) {
            return None;
        }
        after
    } else if is_bullet(first) {
        first.len_utf8()
    } else if is_bullet_emoji(first) {
        let mut after = first.len_utf8();
        if line[after..].starts_with('\u{FE0F}') {
            after += '\u{FE0F}'.len_utf8();
        }
        if !line[after..].starts_with(is_space) {
            return None;
        }
        after
    } else {
        let after = enumerator_len(line)?;
        if !line[after..].starts_with(is_space) {
            return None;
        }
        after
    };
    let content = line[after..].char_indices().find(|&(_, c)| !is_space(c))?.0;
    Some(after + content)
}
