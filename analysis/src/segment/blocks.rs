//! Joining lines into blocks: the stretches of text the punctuation rules then split.

use super::chars::is_space;
use super::lines::{is_separator_line, line_continues, line_end, lines, trim_range, LineEnd};
use super::list_items::list_marker;

/// Lines joined into one stretch of text (byte range, without a list marker).
#[derive(Debug, Clone, Copy)]
pub(super) struct Block {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) list_item: bool,
}

pub(super) fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    let mut previous_end = LineEnd::Continue;
    let mut previous = "";
    let all = lines(text);
    let roman_list = all.iter().any(|l| {
        let t = text[l.start..l.end].trim_start();
        t.starts_with("II. ") || t.starts_with("II) ")
    });
    for line in all {
        let raw = &text[line.start..line.end];
        let Some((start, end)) = trim_range(text, line.start, line.end) else {
            out.extend(current.take());
            continue;
        };
        if is_separator_line(raw) {
            out.extend(current.take());
            continue;
        }
        let content = &text[start..end];
        let marker = list_marker(content, roman_list);
        let new_block = current.is_none()
            || marker.is_some()
            || match previous_end {
                LineEnd::Terminal => false,
                LineEnd::Open => {
                    // An indented line under a list item wraps that item.
                    let wraps_item =
                        current.is_some_and(|b| b.list_item) && raw.starts_with(is_space);
                    !(wraps_item || line_continues(previous, content))
                }
                LineEnd::Continue => previous.ends_with(':'),
            };
        match (new_block, current.as_mut()) {
            (false, Some(block)) => block.end = end,
            _ => {
                out.extend(current.take());
                current = Some(Block {
                    start: start + marker.unwrap_or(0),
                    end,
                    list_item: marker.is_some(),
                });
            }
        }
        previous_end = line_end(content);
        previous = content;
    }
    out.extend(current);
    out
}
