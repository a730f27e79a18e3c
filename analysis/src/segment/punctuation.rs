//! Splitting a block into sentences on terminal punctuation and emoji, never inside matched
//! brackets.

use super::blocks::Block;
use super::chars::{
    bracket_pair, classify, is_bracket_close, is_closer, is_definite_terminal, is_emoji,
    is_emoji_start, is_opener, is_space, is_strong_terminal, is_terminal, Start,
};
use super::lines::trim_range;
use super::period::period_splits;

/// A sentence in the making: its trimmed byte range, and whether it is a list item.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) list_item: bool,
}

/// For each character, how many matched bracket pairs strictly enclose it.
fn bracket_depth(chars: &[(usize, char)]) -> Vec<u32> {
    let n = chars.len();
    let mut diff = vec![0i64; n + 1];
    let mut stack: Vec<(usize, char)> = Vec::new();
    for (i, &(_, c)) in chars.iter().enumerate() {
        let emoticon = i > 0 && matches!(chars[i - 1].1, ':' | ';' | '=')
            || i > 1 && chars[i - 1].1 == '-' && matches!(chars[i - 2].1, ':' | ';');
        if let Some(close) = bracket_pair(c) {
            if !emoticon {
                stack.push((i, close));
            }
        } else if is_bracket_close(c) && !emoticon {
            if let Some(&(open, expected)) = stack.last() {
                if expected == c {
                    stack.pop();
                    diff[open + 1] += 1;
                    diff[i] -= 1;
                }
            }
        }
    }
    let mut depth = Vec::with_capacity(n);
    let mut acc = 0i64;
    for d in diff.iter().take(n) {
        acc += d;
        depth.push(acc.max(0) as u32);
    }
    depth
}

/// How the text after whitespace at `k` starts, skipping opening quotes, brackets, `¿` and `¡`.
fn next_start(chars: &[(usize, char)], k: usize) -> Start {
    chars[k.min(chars.len())..]
        .iter()
        .map(|&(_, c)| c)
        .find(|&c| !is_space(c) && !is_opener(c))
        .map_or(Start::End, classify)
}

pub(super) fn split_block(text: &str, block: &Block, out: &mut Vec<Span>) {
    let chars: Vec<(usize, char)> = text[block.start..block.end]
        .char_indices()
        .map(|(i, c)| (i + block.start, c))
        .collect();
    let n = chars.len();
    let byte_at = |k: usize| if k < n { chars[k].0 } else { block.end };
    let depth = bracket_depth(&chars);
    let depth_at = |k: usize| if k < n { depth[k] } else { 0 };
    let push = |out: &mut Vec<Span>, from: usize, to: usize| {
        if let Some((start, end)) = trim_range(text, byte_at(from), byte_at(to)) {
            out.push(Span {
                start,
                end,
                list_item: block.list_item,
            });
        }
    };

    // Prefix counts of letters and digits, so "has this sentence any words yet" is O(1).
    let mut alnum_before = Vec::with_capacity(n + 1);
    alnum_before.push(0usize);
    for &(_, c) in &chars {
        let last = alnum_before[alnum_before.len() - 1];
        alnum_before.push(last + usize::from(c.is_alphanumeric()));
    }
    let first_content_from = |from: usize| (from..n).find(|&j| !is_space(chars[j].1)).unwrap_or(n);

    let mut sent_start = 0;
    let mut first_content = 0;
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if is_terminal(c) {
            let run_start = i;
            let mut k = i;
            while k < n && is_terminal(chars[k].1) {
                k += 1;
            }
            let run = &chars[run_start..k];
            let mut closed = false;
            while k < n && is_closer(chars[k].1) {
                closed = true;
                k += 1;
            }
            // Emoji right after the terminator stay with this sentence.
            let mut m = k;
            while m < n && is_space(chars[m].1) {
                m += 1;
            }
            if m < n && is_emoji_start(chars[m].1) {
                while m < n && is_emoji(chars[m].1) {
                    m += 1;
                }
                k = m;
            }

            let split = if depth_at(k) > 0 {
                false
            } else if k >= n || run.iter().any(|&(_, c)| is_strong_terminal(c)) {
                true
            } else if !is_space(chars[k].1) {
                false
            } else {
                let next = next_start(&chars, k);
                if next == Start::End {
                    true
                } else if closed && next == Start::Lower {
                    false
                } else if run.iter().any(|&(_, c)| is_definite_terminal(c)) {
                    true
                } else if run.len() == 1 && run[0].1 == '.' {
                    period_splits(&chars, sent_start, first_content, run_start, k, next)
                } else {
                    matches!(next, Start::Upper | Start::Caseless | Start::Other)
                }
            };
            if split {
                push(out, sent_start, k);
                sent_start = k;
                first_content = first_content_from(k);
            }
            i = k.max(i + 1);
            continue;
        }
        if is_emoji_start(c) {
            let mut e = i;
            while e < n && is_emoji(chars[e].1) {
                e += 1;
            }
            let has_words = alnum_before[i] > alnum_before[sent_start];
            if depth[i] == 0
                && has_words
                && e < n
                && is_space(chars[e].1)
                && matches!(next_start(&chars, e), Start::Upper | Start::Caseless)
            {
                push(out, sent_start, e);
                sent_start = e;
                first_content = first_content_from(e);
            }
            i = e;
            continue;
        }
        i += 1;
    }
    push(out, sent_start, n);
}
