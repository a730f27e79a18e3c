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
}
