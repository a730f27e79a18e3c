//! "Someone already said something close": similar submissions while typing (public
//! processes), near-duplicate groups for admins, and marking a duplicate.

pub mod duplicates;
pub mod find_similar;
pub mod mark_duplicate;
