//! `planner demo`: a demo process with about a hundred submissions written by this project
//! (the analysis crate's held-out and correction sentences, combined into submissions), with
//! varied contributor types, locations, dates and a few duplicates, analysed at once — so a
//! newcomer sees every feature.

use std::path::Path;

use anyhow::{bail, Context};
use planner_analysis::corpus::{eval_holdout, train_corrections};
use serde_json::json;

use crate::domain::vocab::SubmissionStatus;
use crate::{
    analysis::Analyzer,
    audit::{AuditAction, AuditEvent},
    auth::tokens::create_token,
    db::{self, processes::NewProcess, submissions::NewSubmission, tokens::source, Db},
    domain::process::{default_categories, default_contributor_types},
    security::tokens::TokenKind,
};

pub const DEMO_SLUG: &str = "demo-riverfront";
const CENTRE: (f64, f64) = (53.4794, -2.2453);

/// A small deterministic generator, so every demo looks the same.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn unit(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 31) as f64
    }
}

pub struct DemoSummary {
    pub submissions: usize,
    pub located: usize,
    pub duplicates: usize,
    pub participant_token: String,
}

pub fn create(db: &Db, model_dir: &Path) -> anyhow::Result<DemoSummary> {
    let mut rng = Lcg(2026);
    let mut sentences: Vec<String> = eval_holdout()
        .into_iter()
        .chain(train_corrections())
        .map(|e| e.text)
        .collect();
    // Shuffle so each submission mixes categories, as real ones do.
    for i in (1..sentences.len()).rev() {
        sentences.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let mut texts = Vec::new();
    let mut rest = sentences.as_slice();
    while !rest.is_empty() && texts.len() < 94 {
        let take = (1 + rng.below(3) as usize).min(rest.len());
        texts.push(rest[..take].join(" "));
        rest = &rest[take..];
    }
    // A few people say the same thing again, in nearly the same words.
    let originals: Vec<String> = texts.iter().step_by(15).take(6).cloned().collect();
    let duplicates = originals.len();
    texts.extend(
        originals
            .into_iter()
            .map(|t| format!("{t} Totally agree with this.")),
    );

    let kinds: Vec<String> = default_contributor_types()
        .into_iter()
        .map(|t| t.key)
        .collect();
    let now = db::now();
    let (summary, process_id) = db.write_blocking(|conn| {
        if db::processes::slug_exists(conn, DEMO_SLUG)? {
            return Err(crate::error::ApiError::Conflict(crate::error::Conflict::SlugTaken, format!("{DEMO_SLUG} exists already")));
        }
        let process = db::processes::insert(
            conn,
            &NewProcess {
                slug: DEMO_SLUG.into(),
                title: "What should the Millbrook riverfront become?".into(),
                prompt: "The old warehouses along the river are closing. Tell us what you hope for, what worries you, \
                         and what should happen first."
                    .into(),
                registration_open: true,
                submissions_open: true,
                categories: serde_json::to_string(&default_categories()).expect("json"),
                contributor_types: serde_json::to_string(&default_contributor_types()).expect("json"),
                map_lat: Some(CENTRE.0),
                map_lng: Some(CENTRE.1),
                map_zoom: Some(14),
                public_submissions: true,
                languages: r#"["en"]"#.into(),
                translations: "{}".into(),
                created_at: now - chrono::Duration::days(15),
                updated_at: now,
            },
        )?;
        let mut participants = Vec::new();
        for kind in &kinds {
            let (row, plaintext) = create_token(conn, TokenKind::Participant, source::CLI, Some("Demo participant".into()), Some((process.id, kind.clone())), None, None)?;
            participants.push((row.id, kind.clone(), plaintext));
        }
        let mut located = 0;
        for text in &texts {
            let (token_id, kind, _) = &participants[rng.below(participants.len() as u64) as usize];
            let location = (rng.unit() < 0.6).then(|| (CENTRE.0 + (rng.unit() - 0.5) * 0.02, CENTRE.1 + (rng.unit() - 0.5) * 0.035));
            located += usize::from(location.is_some());
            let at = now - chrono::Duration::minutes(rng.below(14 * 24 * 60) as i64);
            db::submissions::insert(
                conn,
                &NewSubmission {
                    process_id: process.id,
                    token_id: *token_id,
                    contributor_type: kind.clone(),
                    text: text.clone(),
                    lat: location.map(|l| l.0),
                    lng: location.map(|l| l.1),
                    status: SubmissionStatus::Visible,
                    moderation_reason: None,
                    entered_by_admin: false,
                    created_at: at,
                    updated_at: at,
                },
            )?;
        }
        AuditEvent::new(AuditAction::DemoCreate).target("process", DEMO_SLUG).details(json!({ "submissions": texts.len() })).record(conn, None, None)?;
        Ok((
            DemoSummary { submissions: texts.len(), located, duplicates, participant_token: participants[0].2.clone() },
            process.id,
        ))
    })?;
    let analyzer = Analyzer::new(db.clone(), model_dir);
    loop {
        let n = analyzer
            .analyse_pending(Some(process_id), 32)
            .map_err(anyhow::Error::msg)
            .context("analysing the demo")?;
        if n == 0 {
            break;
        }
    }
    if summary.submissions < 90 {
        bail!(
            "the demo corpus is too small ({} submissions)",
            summary.submissions
        );
    }
    Ok(summary)
}
