//! The threads a lattice keeps for its steps. A flow exhibit steps its lattice once at a time
//! (its bodies move between steps): starting a thread for each step cost more than the thread
//! saved (blow_round: 1.7 s → 3.9 s for 600 ticks on two, Intel Xeon 2 vCPU). These start once,
//! spin a little after each job, for the next step, then sleep until woken; and the barrier
//! their bands of rows meet at within a job.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;

/// A job, its lifetime erased: [`Pool::run`] does not return while a worker may still call it.
type Job = *const (dyn Fn(usize) + Sync);

struct Slot {
    job: std::cell::UnsafeCell<Option<Job>>,
    /// Jobs posted to this worker and jobs it has finished; it runs one while they differ.
    posted: AtomicU64,
    finished: AtomicU64,
    panicked: AtomicBool,
    quit: AtomicBool,
}

// SAFETY: `job` is written only by the owner while the worker is idle (posted == finished)
// and read by the worker only between seeing a new `posted` (Acquire, after the Release that
// published the write) and bumping `finished`.
unsafe impl Sync for Slot {}
unsafe impl Send for Slot {}

/// Spins of an idle worker before it sleeps: about 0.1 ms, longer than the bodies' work
/// between two steps of a flow exhibit, much shorter than a frame.
const IDLE_SPINS: u32 = 2_000;

struct Worker {
    slot: Arc<Slot>,
    handle: Option<JoinHandle<()>>,
}

#[derive(Default)]
pub(super) struct Pool {
    workers: Vec<Worker>,
}

impl Pool {
    /// Runs `job(0)` here and `job(1) … job(parts − 1)` on kept threads, started as needed;
    /// returns when every part has. Panics if a part did.
    pub(super) fn run(&mut self, parts: usize, job: &(dyn Fn(usize) + Sync)) {
        while self.workers.len() + 1 < parts {
            self.workers.push(Worker::start(self.workers.len() + 1));
        }
        let helpers = &self.workers[..parts.saturating_sub(1)];
        // SAFETY: only the lifetime is erased; `Finish` below waits for every helper to be done
        // with the job before this function returns or unwinds.
        let erased: Job = unsafe { std::mem::transmute::<&(dyn Fn(usize) + Sync), Job>(job) };
        for w in helpers {
            // SAFETY: the worker is idle (every job it was given has finished), so it does
            // not read `job` now.
            unsafe { *w.slot.job.get() = Some(erased) };
            w.slot.posted.fetch_add(1, Ordering::Release);
            if let Some(h) = &w.handle {
                h.thread().unpark();
            }
        }
        struct Finish<'a>(&'a [Worker]);
        impl Drop for Finish<'_> {
            fn drop(&mut self) {
                for w in self.0 {
                    let mut spins = 0u32;
                    while w.slot.finished.load(Ordering::Acquire)
                        != w.slot.posted.load(Ordering::Relaxed)
                    {
                        spin_or_yield(&mut spins);
                    }
                }
            }
        }
        let finish = Finish(helpers);
        job(0);
        drop(finish);
        // Every flag cleared (not only up to the first set), or the next job would report
        // this one's panic.
        let panicked = helpers
            .iter()
            .filter(|w| w.slot.panicked.swap(false, Ordering::Relaxed))
            .count();
        if panicked > 0 {
            panic!("{panicked} lattice thread(s) panicked");
        }
    }
}

impl Worker {
    fn start(part: usize) -> Worker {
        let slot = Arc::new(Slot {
            job: std::cell::UnsafeCell::new(None),
            posted: AtomicU64::new(0),
            finished: AtomicU64::new(0),
            panicked: AtomicBool::new(false),
            quit: AtomicBool::new(false),
        });
        let mine = Arc::clone(&slot);
        let handle = std::thread::Builder::new()
            .name(format!("lattice-{part}"))
            .spawn(move || serve(&mine, part))
            .expect("a lattice thread starts");
        Worker {
            slot,
            handle: Some(handle),
        }
    }
}

/// A worker's loop: waits for a job (spinning, then asleep), runs its part, says so.
fn serve(slot: &Slot, part: usize) {
    let mut done = 0u64;
    loop {
        let mut spins = 0u32;
        let posted = loop {
            let posted = slot.posted.load(Ordering::Acquire);
            if posted != done {
                break posted;
            }
            if slot.quit.load(Ordering::Acquire) {
                return;
            }
            if spins < IDLE_SPINS {
                std::hint::spin_loop();
                spins += 1;
            } else {
                std::thread::park();
            }
        };
        // SAFETY: set before `posted` was bumped (see `Slot`), and alive until `finished` is.
        let job = unsafe { (*slot.job.get()).expect("a job with the post") };
        let ran =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| unsafe { (*job)(part) }));
        if ran.is_err() {
            slot.panicked.store(true, Ordering::Relaxed);
        }
        done = posted;
        slot.finished.store(done, Ordering::Release);
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        for w in &mut self.workers {
            w.slot.quit.store(true, Ordering::Release);
            if let Some(h) = w.handle.take() {
                h.thread().unpark();
                let _ = h.join();
            }
        }
    }
}

/// A barrier that spins: a phase here lasts tens of microseconds, about what putting a thread
/// to sleep and waking it costs (`std::sync::Barrier` made two threads slower than one on the
/// exhibit's grid). After a while it yields, in case there are more threads than cores.
pub(super) struct SpinBarrier {
    n: usize,
    arrived: std::sync::atomic::AtomicUsize,
    generation: std::sync::atomic::AtomicUsize,
}

impl SpinBarrier {
    pub(super) fn new(n: usize) -> Self {
        Self {
            n,
            arrived: 0.into(),
            generation: 0.into(),
        }
    }

    pub(super) fn wait(&self) {
        use std::sync::atomic::Ordering::{AcqRel, Acquire, Relaxed, Release};
        let generation = self.generation.load(Acquire);
        if self.arrived.fetch_add(1, AcqRel) + 1 == self.n {
            self.arrived.store(0, Relaxed);
            self.generation.fetch_add(1, Release);
            return;
        }
        let mut spins = 0u32;
        while self.generation.load(Acquire) == generation {
            spin_or_yield(&mut spins);
        }
    }
}

/// One turn of a wait for another thread: a pause while the wait is young, a yield after
/// 20 000 of them, in case there are more threads than cores.
fn spin_or_yield(spins: &mut u32) {
    if *spins < 20_000 {
        std::hint::spin_loop();
        *spins += 1;
    } else {
        std::thread::yield_now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn every_part_runs_once_a_job_on_kept_threads() {
        let mut pool = Pool::default();
        for parts in [3, 1, 2, 3] {
            let ran: Vec<AtomicUsize> = (0..parts).map(|_| AtomicUsize::new(0)).collect();
            let threads = std::sync::Mutex::new(Vec::new());
            pool.run(parts, &|k| {
                ran[k].fetch_add(1, Ordering::Relaxed);
                threads.lock().unwrap().push(std::thread::current().id());
            });
            assert!(ran.iter().all(|r| r.load(Ordering::Relaxed) == 1));
            let mut t = threads.into_inner().unwrap();
            t.sort_by_key(|id| format!("{id:?}"));
            t.dedup();
            assert_eq!(t.len(), parts, "each part on a thread of its own");
        }
        // Started once: two helpers for up to three parts.
        assert_eq!(pool.workers.len(), 2);
    }

    #[test]
    fn a_part_that_panics_reaches_the_caller_and_the_pool_goes_on() {
        let mut pool = Pool::default();
        let hit = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pool.run(3, &|k| assert!(k == 0, "part {k} fails"));
        }));
        assert!(hit.is_err());
        // Both helpers failed; the next job runs clean on all three.
        let ran = AtomicUsize::new(0);
        pool.run(3, &|_| {
            ran.fetch_add(1, Ordering::Relaxed);
        });
        assert_eq!(ran.load(Ordering::Relaxed), 3);
    }
}
