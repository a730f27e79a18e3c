//! Rule-based sentence segmentation for citizen submissions.
//!
//! [`segment`] returns trimmed sentences together with their byte offsets in the input, so a
//! UI can highlight them: for every returned [`Sentence`] `s`, `s.text == &input[s.start..s.end]`.
//! The segmenter never panics, whatever the input.
//!
//! # How it works
//!
//! 1. **Lines and blocks.** The text is cut into lines (`\n`, `\r\n`, `\r`, U+0085, U+2028,
//!    vertical tab; form feed and U+2029 count as a blank line). Consecutive lines are joined
//!    into a *block* (the line break then acts as a plain space) unless:
//!    * the line is blank, or holds no letter, digit or emoji (`---`, `***`): it separates
//!      blocks and is itself dropped;
//!    * the next line starts a list item (see 2), which always starts a new block;
//!    * the previous line ends in `:` (a lead-in: what follows is its own sentence);
//!    * the previous line ends *without punctuation* — its last character, after closing
//!      quotes and brackets, is a letter, digit or emoji — and does not go on in the next
//!      line. It goes on when its last word is one no sentence ends on (`the`, `of`, `and`,
//!      `de`, `la`, `que`…), when the next line starts with a lower-case conjunction or the
//!      like (`and`, `but`, `because`, `which`, `y`, `pero`, `porque`…; a capitalised `But` or
//!      `That` starts anew), when it is a long hard-wrapped line
//!      (60 characters or more) before a lowercase start, or when the next line is
//!      indented under a list item. Otherwise each line is a sentence: people type lists one
//!      item per line without full stops, a sign-off (`Thanks`) on the last line, a question
//!      without its mark. A line ending in `,` `;` `-` etc. is continued by the next; a line
//!      ending in terminal punctuation is joined and left to the punctuation rules (3).
//! 2. **List items.** A line starting with `-`, `*`, `+`, `–`, `—` followed by a space, a
//!    bullet (`•`, `◦`, `‣`, `▪`, `●`, `○`, `■`, `►`, `·`, …), a bullet emoji or arrow followed
//!    by a space (`✅`, `👉`, `➡️`, `→`, `⭐`, …), `1.`/`1)`/`(1)`/`1 -`/`1-` (one to three
//!    digits; not `2 - 3 buses`, a range), `a)`/`A)`/`(a)`, a lowercase `a.`, or a roman numeral (`iv)`, `ii.`, `IV.`)
//!    followed by a space and some text is a list item: its own block, with the marker left
//!    out of the sentence.
//! 3. **Punctuation inside a block.** Terminators are `.` `!` `?` `…` `‼` `⁇` `⁈` `⁉` `‽`
//!    and the non-Latin `。` `！` `？` `｡` (CJK), `؟` `۔` (Arabic script), `।` `॥`
//!    (Devanagari), `።` `፧` (Ethiopic). A run of them (`?!`, `...`, `?..`) counts as one.
//!    Closing quotes and brackets right after the run (`."`, `!)`, `?»`) stay with the sentence,
//!    and so do emoji that follow it (`Love it! 😍😍`). Then:
//!    * CJK and Devanagari terminators always end a sentence (no space needed after them);
//!    * otherwise the run must be followed by whitespace (or the end of the block), so decimals,
//!      times, versions, URLs and e-mail addresses (`3.5`, `9.30`, `1,000.50`, `2.0.1`,
//!      `https://city.gov/plan.pdf`, `name@city.gov`) never split. `10:30` has no terminator;
//!    * if a closing quote or bracket was taken and the next word starts lowercase, there is
//!      no split (`"Why?" she asked.`);
//!    * `?`/`!`-like runs split before anything else;
//!    * an ellipsis (`..`, `...`, `…`) splits only before an uppercase or caseless letter or a
//!      symbol, not before lowercase or a digit (`I waited... and waited`);
//!    * a single `.` looks at the word before it:
//!      - titles and Latin abbreviations never split: `Mr. Mrs. Ms. Dr. Prof. Rev. St. Mt.
//!        Sen. Gov. Capt. vs. v. cf. viz. approx. incl. esp. e.g. i.e.`, Spanish `Sr. Sra.
//!        Srta. Dra. Lic. Ing. Arq. Ud. Dña. p. ej.`, German `z.B. d.h. u.a. bzw. ggf.` …;
//!        `St.` and `Dr.` are instead treated like `Ave.` when the word before them is
//!        capitalised and not the first word of the sentence (`Main St.`, `Ocean Dr.`), unless
//!        that word is a role (`Councillor Dr. Patel`); street words that come before the
//!        name (`Avda.`, `Av.`, `Pza.`, `ctra.`, `bd`) never split unless they follow a name;
//!      - a single capital letter is a name initial and never splits (`J. Smith`);
//!      - number abbreviations (`No. Fig. Vol. p. pp. Art. Sec. Rm. Apt. Tel. ext. núm. pág.
//!        tfno. Esc.` …) split except before a digit or a single capital letter (`No. 5 bus`,
//!        `Esc. B`, but `No. We disagree.` splits);
//!      - other known abbreviations (`etc. Inc. Ltd. Co. Jr. Ave. Rd. Blvd. dept. Jan. …
//!        Dec. Mon. … Sun. km kg ft min hrs ene. abr. ago. dic. usw.` …), initialisms with
//!        inner dots (`U.S.`, `U.K.`, `a.m.`, `p.m.`, `Ph.D.`, `EE.UU.`) and single lowercase
//!        letters split only before an uppercase or caseless letter or a symbol (`10.30 a.m.
//!        tomorrow` stays, `7 p.m. Bring food.` splits), not before a place noun (`King Jr.
//!        Avenue`); a time (`a.m.`, `p.m.`) also splits before a number;
//!      - a day number before a month name is an ordinal (`am 3. Mai`);
//!      - an unknown word before a number is an abbreviation and does not split (`Marktstr.
//!        14`, `Blk. 7`), while a word seen in the shipped corpora's running text does (`the
//!        bus. 40 minutes later…`) — the first test of Punkt's type-based stage;
//!      - an unknown word without vowels before a place noun is an abbreviation (`Stn. Road`,
//!        `Mkt. Square`);
//!      - any other word splits before anything, lowercase included, because residents often
//!        write in lowercase (`the bus is late. it always is.`).
//!    * No split happens inside matched `()`, `[]`, `{}` (and full-width forms), unless the
//!      terminator is directly followed by the brackets that close them all and then a
//!      non-lowercase word (`(This is an aside.) Then…`). Unmatched brackets and emoticons
//!      (`:)`, `;(`) are ignored for this purpose.
//!    * **Emoji as terminators.** An emoji run not preceded by a terminator ends a sentence
//!      only when it is followed by whitespace and an uppercase or caseless letter, and the
//!      sentence so far has a letter or digit (`The new lanes are great 🚲 Thanks everyone`).
//!      Otherwise emoji stay inside the sentence.
//!    * Spanish `¿` and `¡` (like opening quotes and brackets) are skipped when looking at how
//!      the next sentence starts.
//! 4. **Fragments.** A sentence shorter than [`MIN_SENTENCE_CHARS`] (CJK, kana and Hangul
//!    characters count double) or without any letter or digit is merged into the previous
//!    sentence; the first sentence of the text merges into the next one instead. Exceptions:
//!    a fragment that has its line(s) to itself and has a letter or digit, or is a list item,
//!    stays a sentence (`Thanks`, `- bins`), and so does a lead-in line ending in `:`; a short
//!    line without punctuation (a heading such as `Parks`, not a greeting such as `Hello`)
//!    before a sentence that ends in punctuation merges into that *next* sentence, which it
//!    introduces; so does a single word of any length (`Accessibility`, `Inundaciones`). A text whose only sentence is short still yields that one sentence.
//!
//! # Deliberately not handled
//!
//! * Abbreviations are listed, not learned: Punkt's collocation statistics need far more
//!   abbreviations than the corpora hold; only their cues are used (words the corpora use in
//!   running text are no abbreviations, words without vowels are). Other unknown
//!   abbreviations followed by a lowercase or capitalised word split (`Gebr. Klein`,
//!   `Eng. Lopes`), and `The U.S. Congress` splits
//!   after `U.S.`, because initialisms are allowed to end sentences before a capitalised word.
//! * A line of a list that starts with a lower-case conjunction or a relative (`who cleans the
//!   toilets`) is joined to the line before; an upper-case roman `I.` is not a list marker.
//! * A capital initial never ends a sentence (`We chose plan B. Then…` stays one sentence).
//! * Inline lists (`Priorities: 1) parks 2) buses`) are not split into items.
//! * Quotes are not treated as protected regions (quoted multi-sentence speech is split).
//! * Hard-wrapped text shorter than 60 characters whose line ends on a content word splits
//!   at that line break (`We would like the council to consider` / `building a market`).
//! * Thai, Khmer and other scripts that do not mark sentence ends with punctuation.

mod blocks;
mod chars;
mod fragments;
mod lexicon;
mod lines;
mod list_items;
mod period;
mod punctuation;
#[cfg(test)]
mod tests;

pub use fragments::MIN_SENTENCE_CHARS;

/// One sentence of the input: `text` is exactly `input[start..end]` and is trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sentence {
    pub text: String,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
}

/// Splits `text` into sentences with byte offsets. Whitespace-only input gives an empty vec.
pub fn segment(text: &str) -> Vec<Sentence> {
    let mut spans = Vec::new();
    for block in blocks::blocks(text) {
        punctuation::split_block(text, &block, &mut spans);
    }
    fragments::merge_fragments(text, spans)
        .into_iter()
        .map(|s| Sentence {
            text: text[s.start..s.end].to_string(),
            start: s.start,
            end: s.end,
        })
        .collect()
}

/// The sentence texts of [`segment`].
pub fn sentences(text: &str) -> Vec<String> {
    segment(text).into_iter().map(|s| s.text).collect()
}
