//! Work split across every core, with results in their input order: what a command prints
//! never depends on how many cores the machine has.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// How many of `items` one piece of work should take: small pieces for a small job, so every
/// core has some to the end (about sixteen pieces a core), at most `most` for a large one,
/// so claiming pieces costs little.
pub(crate) fn run_size(items: usize, most: usize) -> usize {
    (items / (16 * cores())).clamp(4, most.max(4))
}

/// The cores this process may use.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Threads running work beside the threads that asked for it. One budget for the process
/// (one fewer than the cores): work started inside other work (a tree read while a project
/// renders, a run that renders a nested list) takes only the cores left, never a second set.
static HELPERS: AtomicUsize = AtomicUsize::new(0);

/// Helper threads claimed from the budget; given back when dropped (a panic included).
struct Helpers(usize);

impl Helpers {
    /// Up to `want` helpers, as many as the budget has left (maybe none).
    fn claim(want: usize) -> Helpers {
        let most = cores().saturating_sub(1);
        let mut taken = HELPERS.load(Ordering::Relaxed);
        loop {
            let n = want.min(most.saturating_sub(taken));
            if n == 0 {
                return Helpers(0);
            }
            match HELPERS.compare_exchange_weak(
                taken,
                taken + n,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Helpers(n),
                Err(now) => taken = now,
            }
        }
    }
}

impl Drop for Helpers {
    fn drop(&mut self) {
        HELPERS.fetch_sub(self.0, Ordering::AcqRel);
    }
}

/// `a()` and `b()`, at once when the budget has a helper for `b`, one after the other
/// otherwise.
pub(crate) fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    let helpers = Helpers::claim(1);
    if helpers.0 == 0 {
        let a = a();
        return (a, b());
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(b);
        let a = a();
        match other.join() {
            Ok(b) => (a, b),
            // A panic is a bug; it surfaces as it would have on this thread.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// The `i`th run of `size` of `len` items (the last may be shorter).
pub(crate) fn span(i: usize, size: usize, len: usize) -> std::ops::Range<usize> {
    (i * size).min(len)..((i + 1) * size).min(len)
}

/// `work` on each run of `size` of `items` (the last may be shorter), on every core, as
/// [`ordered`]: results in the runs' order.
pub(crate) fn runs<'a, T: Sync, R: Send, E: Send>(
    items: &'a [T],
    size: usize,
    work: impl Fn(&'a [T]) -> Result<R, E> + Sync,
) -> Result<Vec<R>, E> {
    let size = size.max(1);
    ordered(items.len().div_ceil(size), |i| {
        work(items.get(span(i, size, items.len())).unwrap_or_default())
    })
}

/// `work(0)`, …, `work(n - 1)` on every core (this thread included), each index once, as
/// their results in index order; the error of the lowest failing index otherwise.
///
/// Threads claim indices in increasing order and stop claiming once one fails, so every index
/// below a failed one has run: the error returned is the one a sequential loop would return.
pub(crate) fn ordered<T: Send, E: Send>(
    n: usize,
    work: impl Fn(usize) -> Result<T, E> + Sync,
) -> Result<Vec<T>, E> {
    let helpers = Helpers::claim(cores().min(n).saturating_sub(1));
    if helpers.0 == 0 {
        return (0..n).map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let run = || {
        let mut done = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                break;
            }
            let result = work(i);
            if result.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            done.push((i, result));
        }
        done
    };
    let mut done = std::thread::scope(|scope| {
        let others: Vec<_> = (0..helpers.0).map(|_| scope.spawn(run)).collect();
        let mut done = run();
        for thread in others {
            match thread.join() {
                Ok(theirs) => done.extend(theirs),
                // A panic is a bug; it surfaces as it would have on this thread.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    });
    drop(helpers);
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::{HELPERS, join, ordered};

    #[test]
    fn work_inside_work_stays_within_one_budget() {
        let most = super::cores().saturating_sub(1);
        let peak = std::sync::atomic::AtomicUsize::new(0);
        let seen =
            || peak.fetch_max(HELPERS.load(super::Ordering::Relaxed), super::Ordering::Relaxed);
        let got = ordered(64, |i| {
            let (a, b) = join(|| ordered(8, |j| Ok::<_, ()>(j + i)), || i);
            seen();
            Ok::<_, ()>(a.map(|v| v.len())? + b)
        });
        assert_eq!(got, Ok((0..64).map(|i| 8 + i).collect::<Vec<_>>()));
        assert!(peak.into_inner() <= most, "never more helpers than cores - 1");
        // Other tests of this binary may hold helpers; ours are all given back.
        assert!(HELPERS.load(super::Ordering::Relaxed) <= most);
    }

    #[test]
    fn results_keep_their_order() {
        let got = ordered(1000, |i| Ok::<_, ()>(i * 2));
        assert_eq!(got, Ok((0..1000).map(|i| i * 2).collect::<Vec<_>>()));
    }

    #[test]
    fn the_lowest_failing_index_is_reported() {
        // Every index from 300 fails; whichever thread fails first, 300 is the error.
        for _ in 0..20 {
            let got = ordered(1000, |i| if i >= 300 { Err(i) } else { Ok(i) });
            assert_eq!(got, Err(300));
        }
    }

    #[test]
    fn runs_are_small_for_small_jobs_and_bounded_for_large_ones() {
        assert_eq!(super::run_size(10, 32), 4);
        assert_eq!(super::run_size(1_000_000, 32), 32);
        let mid = super::run_size(200 * super::cores(), 32);
        assert!((4..=32).contains(&mid) && mid < 32, "{mid}");
    }

    #[test]
    fn runs_cover_every_item_once_in_order() {
        let items: Vec<usize> = (0..103).collect();
        let got = super::runs(&items, 10, |run| Ok::<_, ()>(run.to_vec()));
        let runs = got.unwrap_or_default();
        assert_eq!(runs.len(), 11);
        assert_eq!(runs.concat(), items);
    }

    #[test]
    fn nothing_to_do_is_nothing() {
        assert_eq!(ordered(0, Ok::<_, ()>), Ok(Vec::new()));
    }
}
