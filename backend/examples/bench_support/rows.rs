//! Submissions written straight into a bench database: deterministic text from a small word
//! list (so SQLite and PostgreSQL hold the same rows), one multi-row INSERT per 500.

use chrono::{NaiveDate, NaiveDateTime};

const WORDS: &[&str] = &[
    "river",
    "bus",
    "park",
    "bench",
    "trees",
    "school",
    "bridge",
    "market",
    "lights",
    "path",
    "shade",
    "noise",
    "parking",
    "bikes",
    "children",
    "library",
    "square",
    "flood",
    "housing",
    "cafe",
    "toilets",
    "playground",
    "crossing",
    "garden",
    "market",
    "traffic",
    "safety",
    "water",
    "music",
    "walk",
];
const TYPES: &[&str] = &["community", "business", "youth", "government"];
const CATEGORIES: &[&str] = &[
    "vision",
    "problem",
    "objective",
    "directive",
    "value",
    "action",
];

/// A small deterministic generator.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.next() as usize % from.len()]
    }
}

/// Which rows to write.
pub struct Rows {
    pub process_id: i64,
    pub token_id: i64,
    /// Numbers of the first row and how many; row `n` is created `n` minutes after
    /// 2026-01-01, so later batches are newer.
    pub first: usize,
    pub count: usize,
    /// Already analysed (a category and confidence, `analysed_at` set, 5% flagged and 5%
    /// hidden), or new: visible and waiting for the analysis thread.
    pub analysed: bool,
}

fn created(n: usize) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        + chrono::Duration::seconds(n as i64 * 60)
}

/// The INSERT statements. About one submission in a thousand mentions a "heliport"; the
/// other words each appear in roughly a third of the rows.
pub fn insert_statements(rows: &Rows) -> Vec<String> {
    let mut statements = Vec::new();
    let mut rng = Lcg(42 + rows.first as u64);
    let end = rows.first + rows.count;
    let mut n = rows.first;
    while n < end {
        let mut values = Vec::with_capacity(500);
        for n in n..(n + 500).min(end) {
            let mut words: Vec<&str> = (0..12).map(|_| rng.pick(WORDS)).collect();
            if rng.next().is_multiple_of(1000) {
                words.push("heliport");
            }
            let text = format!("Idea {n}: {}.", words.join(" "));
            // As diesel writes a timestamp to SQLite, so text comparisons order it alike.
            let at = created(n).format("%F %T%.f");
            // Drawn in the order the list bench always drew them, so its rows stay the same.
            let status = if rows.analysed {
                match rng.next() % 20 {
                    0 => "flagged",
                    1 => "hidden",
                    _ => "visible",
                }
            } else {
                "visible"
            };
            let kind = rng.pick(TYPES);
            let analysis = if rows.analysed {
                format!(
                    "'{at}', '{}', {}",
                    rng.pick(CATEGORIES),
                    (rng.next() % 100) as f64 / 100.0
                )
            } else {
                "NULL, NULL, NULL".to_string()
            };
            values.push(format!(
                "({}, {}, '{kind}', '{text}', FALSE, '{at}', '{at}', '{status}', {analysis})",
                rows.process_id, rows.token_id
            ));
        }
        statements.push(format!(
            "INSERT INTO submissions (process_id, token_id, contributor_type, text, \
             entered_by_admin, created_at, updated_at, status, analysed_at, primary_category, \
             min_confidence) VALUES {}",
            values.join(", ")
        ));
        n = (n + 500).min(end);
    }
    statements
}

#[derive(diesel::QueryableByName)]
pub struct Id {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub id: i64,
}

/// The bench process's id and one of its tokens' ids, on either connection type.
#[allow(unused_macros)] // not every bench program writes rows
macro_rules! bench_ids_impl {
    ($conn:expr) => {{
        use diesel::RunQueryDsl as _;
        let process: $crate::bench_support::rows::Id =
            diesel::sql_query("SELECT id FROM processes WHERE slug = 'bench'")
                .get_result($conn)
                .unwrap();
        let token: $crate::bench_support::rows::Id = diesel::sql_query(format!(
            "SELECT id FROM tokens WHERE process_id = {} LIMIT 1",
            process.id
        ))
        .get_result($conn)
        .unwrap();
        (process.id, token.id)
    }};
}
#[allow(unused_imports)]
pub(crate) use bench_ids_impl as bench_ids;
