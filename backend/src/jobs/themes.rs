//! The themes job: analysis first (themes need every sentence), then clustering. Re-running
//! replaces the themes; the same data and seed give the same themes.

use super::{analyse::drain_pending, handle::JobHandle};
use crate::analysis::Analyzer;

pub(super) fn run(
    analyzer: &Analyzer,
    job: &JobHandle,
    process_id: crate::domain::ProcessId,
    k: Option<usize>,
    seed: u64,
) -> Result<(), String> {
    job.progress(0, 2)?;
    drain_pending(analyzer, job, process_id, |_, _| Ok(()))?;
    job.progress(1, 2)?;
    analyzer.compute_themes(process_id, k, seed)?;
    job.progress(2, 2)
}
