//! The analysis thread runs at a lower scheduling priority than the HTTP workers, so a
//! backlog of new submissions (a workshop's burst, a re-analysis) drains in the CPU time
//! requests leave over instead of taking half of a small machine's cores from them.

/// Lowers the calling thread's priority to `nice` (0 = unchanged, 19 = lowest), never raising it. On Linux a
/// thread's niceness is its own (and passes to the threads it starts, such as a model's
/// worker pool); elsewhere this does nothing. Failure only costs the preference, so it is
/// logged, not fatal.
pub fn lower_this_thread(nice: u32) {
    // Never raises a priority (a server started with `nice` stays at least that low).
    if nice == 0 || this_thread_nice() >= nice as i32 {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        let nice = nice.min(19) as libc::c_int;
        // SAFETY: plain system calls on the calling thread's own id; no memory is shared.
        let result = unsafe {
            let tid = libc::gettid();
            libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, nice)
        };
        if result != 0 {
            log::warn!(
                "could not lower the analysis thread's priority: {}",
                std::io::Error::last_os_error()
            );
        }
    }
}

/// Starts the model's worker threads (rayon's global pool: candle's matrix products and the
/// tokenizer run there) at niceness `nice` as well. A thread takes its niceness from the
/// thread that starts it, and the pool would otherwise start on the first model call, from
/// whichever thread made it: the lowered analysis thread, or a request's blocking thread at
/// full priority, and then a backlog's model work would compete with requests as equals.
/// Once per process: a later call (tests start many servers in one) keeps the first pool.
pub fn lower_model_threads(nice: u32) {
    if let Err(err) = model_pool(nice).build_global() {
        log::debug!("the model's worker threads were already started: {err}");
    }
}

fn model_pool(nice: u32) -> rayon::ThreadPoolBuilder {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("model-{i}"))
        .start_handler(move |_| lower_this_thread(nice))
}

/// The calling thread's niceness (Linux; 0 elsewhere).
pub fn this_thread_nice() -> i32 {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: as above. getpriority can legitimately answer -1, so errno tells failure.
        unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) }
    }
    #[cfg(not(target_os = "linux"))]
    {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_lowers_only_its_own_priority() {
        let before = this_thread_nice();
        let lowered = std::thread::spawn(|| {
            lower_this_thread(7);
            this_thread_nice()
        })
        .join()
        .unwrap();
        if cfg!(target_os = "linux") {
            assert_eq!(lowered, before.max(7));
        }
        assert_eq!(this_thread_nice(), before, "the caller keeps its priority");
    }

    #[test]
    fn model_workers_start_lowered() {
        let pool = model_pool(6).num_threads(2).build().unwrap();
        let lowered = pool.broadcast(|_| this_thread_nice());
        if cfg!(target_os = "linux") {
            assert_eq!(lowered, vec![this_thread_nice().max(6); 2]);
        }
    }
}
