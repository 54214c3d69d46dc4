//! The one thread pool: work over many items on several threads, results
//! handed back in item order, so `-j 1` and `-j N` give the same bytes.
//!
//! Each thread takes the next item as soon as it is free (no barrier at the
//! end of a chunk leaves a core idle), keeps state of its own from item to
//! item (a writer into its own buffer, say), and at most a bounded number
//! of items are out at once, so memory stays flat.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::Mutex;

use crate::error::Result;
use crate::input::Input;

/// Inputs per item of the per-input route: few enough to balance the
/// threads, enough that handing items over costs little.
const INPUTS_PER_ITEM: usize = 16;
/// Items out at once per thread.
const ITEMS_PER_THREAD: usize = 4;

/// Applies `work` to every input on `jobs` threads (0 means all cores) and
/// hands each result to `each` in input order. `each` may stop the run by
/// returning [`ControlFlow::Break`]. Inputs that could not be listed are
/// handed over as they come, as errors.
///
/// While `each` takes results on the calling thread (merging, writing), the
/// threads work on the next inputs, in groups of [`INPUTS_PER_ITEM`].
pub fn for_each_ordered<T, W, E>(
    inputs: impl Iterator<Item = Result<Input>>,
    jobs: usize,
    work: W,
    mut each: E,
) -> Result<()>
where
    T: Send,
    W: Fn(&Input) -> T + Sync,
    E: FnMut(Result<(Input, T)>) -> Result<ControlFlow<()>>,
{
    let threads = threads(jobs);
    if threads == 1 {
        let _folders = crate::input::FolderScope::enter();
        for item in inputs {
            let result = item.map(|input| {
                let out = work(&input);
                (input, out)
            });
            if each(result)?.is_break() {
                break;
            }
        }
        return Ok(());
    }
    let mut inputs = inputs.peekable();
    let groups = std::iter::from_fn(move || {
        inputs.peek()?;
        Some(inputs.by_ref().take(INPUTS_PER_ITEM).collect::<Vec<_>>())
    });
    let work_group = |_: &mut (), group: &Vec<Result<Input>>| -> Vec<Option<T>> {
        group
            .iter()
            .map(|item| item.as_ref().ok().map(&work))
            .collect()
    };
    for_each_streamed(
        groups,
        jobs,
        ITEMS_PER_THREAD * threads,
        || (),
        work_group,
        |group, outs| {
            for (item, out) in group.into_iter().zip(outs) {
                let result = item.map(|input| (input, out.expect("a listed input was worked")));
                if each(result)?.is_break() {
                    return Ok(ControlFlow::Break(()));
                }
            }
            Ok(ControlFlow::Continue(()))
        },
    )
}

/// More threads per core than this only cost memory and switching: a run
/// waits on the disk at most a few threads' worth (`-j 20000` used to
/// exhaust memory and abort).
const MAX_THREADS_PER_CORE: usize = 4;

/// The threads `jobs` stands for: 0 means one per core; at most
/// [`MAX_THREADS_PER_CORE`] per core.
pub(crate) fn threads(jobs: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    match jobs {
        0 => cores,
        jobs => jobs.min(cores * MAX_THREADS_PER_CORE),
    }
}

/// Applies `work` to every item on `jobs` threads (0 means all cores) and
/// hands each item and its result to `each` in item order, stopping when
/// `each` returns [`ControlFlow::Break`]. Each thread starts with the state
/// `init` makes, and `work` gets it with every item the thread takes. At
/// most `in_flight` items are out at once. A panic in `work` reaches the
/// caller.
pub fn for_each_streamed<I, S, T, N, W, E>(
    items: impl Iterator<Item = I>,
    jobs: usize,
    in_flight: usize,
    init: N,
    work: W,
    each: E,
) -> Result<()>
where
    I: Send,
    T: Send,
    N: Fn() -> S + Sync,
    W: Fn(&mut S, &I) -> T + Sync,
    E: FnMut(I, T) -> Result<ControlFlow<()>>,
{
    let threads = threads(jobs);
    let in_flight = in_flight.max(1);
    let (to_workers, queue) = sync_channel::<(usize, I)>(in_flight);
    let queue = Mutex::new(queue);
    std::thread::scope(|scope| {
        let (done, results) = channel();
        let mut started = 0;
        for _ in 0..threads {
            let (queue, done, init, work) = (&queue, done.clone(), &init, &work);
            let spawned = std::thread::Builder::new()
                .spawn_scoped(scope, move || worker(queue, done, init, work));
            match spawned {
                Ok(_) => started += 1,
                // The system allows fewer threads than asked: run on those.
                Err(_) if started > 0 => break,
                Err(e) => return Err(e.into()),
            }
        }
        drop(done);
        deliver_in_order(items, in_flight, to_workers, results, each)
    })
}

/// What a worker hands back: the item's number, the item, and the result
/// of the work on it or the panic it raised.
type Done<I, T> = (usize, I, std::thread::Result<T>);

/// Keeps up to `in_flight` items out with the workers and hands their
/// results to `each` in the items' order. Returning drops `to_workers`,
/// which ends the workers.
fn deliver_in_order<I, T>(
    items: impl Iterator<Item = I>,
    in_flight: usize,
    to_workers: SyncSender<(usize, I)>,
    results: Receiver<Done<I, T>>,
    mut each: impl FnMut(I, T) -> Result<ControlFlow<()>>,
) -> Result<()> {
    let mut items = items.fuse();
    let (mut sent, mut next) = (0, 0);
    // Results that came back before an earlier one.
    let mut early = BTreeMap::new();
    loop {
        while sent - next < in_flight {
            let Some(item) = items.next() else { break };
            to_workers
                .send((sent, item))
                .expect("the workers run while items are out");
            sent += 1;
        }
        if next == sent {
            return Ok(());
        }
        let (seq, item, out) = results
            .recv()
            .expect("the workers answer every item they take");
        early.insert(seq, (item, out));
        while let Some((item, out)) = early.remove(&next) {
            next += 1;
            let out = out.unwrap_or_else(|panic| resume_unwind(panic));
            if each(item, out)?.is_break() {
                return Ok(());
            }
        }
    }
}

/// One worker thread: takes the next item as soon as it is free, until
/// the items run out or the caller stops taking results.
fn worker<I, S, T>(
    queue: &Mutex<Receiver<(usize, I)>>,
    done: Sender<Done<I, T>>,
    init: &(impl Fn() -> S + Sync),
    work: &(impl Fn(&mut S, &I) -> T + Sync),
) {
    let _folders = crate::input::FolderScope::enter();
    let mut state = init();
    loop {
        let next = queue.lock().map(|queue| queue.recv());
        let Ok(Ok((seq, item))) = next else {
            break; // no more items
        };
        // After a panic the caller stops when it comes to it.
        let out = catch_unwind(AssertUnwindSafe(|| work(&mut state, &item)));
        if done.send((seq, item, out)).is_err() {
            break; // the caller stopped early
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use std::path::PathBuf;

    fn inputs(n: usize) -> impl Iterator<Item = Result<Input>> {
        (0..n).map(|i| Ok(Input::File(PathBuf::from(format!("{i}.md")))))
    }

    #[test]
    fn results_come_back_in_input_order_whatever_the_threads() {
        for jobs in [1, 2, 4] {
            let mut seen = Vec::new();
            for_each_ordered(
                inputs(1000),
                jobs,
                |i| i.to_string().len(),
                |r| {
                    let (input, len) = r?;
                    assert_eq!(input.to_string().len(), len);
                    seen.push(input.to_string());
                    Ok(ControlFlow::Continue(()))
                },
            )
            .unwrap();
            let expected: Vec<String> = (0..1000).map(|i| format!("{i}.md")).collect();
            assert_eq!(seen, expected, "jobs {jobs}");
        }
    }

    /// Counts the results taken and asks to stop at the fifth.
    fn fifth_stops(count: &mut usize) -> Result<ControlFlow<()>> {
        *count += 1;
        Ok(if *count == 5 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        })
    }

    #[test]
    fn break_stops_the_run() {
        for jobs in [1, 2] {
            let mut count = 0;
            for_each_ordered(inputs(1000), jobs, |_| (), |_| fifth_stops(&mut count)).unwrap();
            assert_eq!(count, 5);
        }
    }

    #[test]
    #[should_panic(expected = "work panicked")]
    fn a_panic_in_the_work_reaches_the_caller_instead_of_hanging() {
        let _ = for_each_ordered(
            inputs(1000),
            2,
            |i| assert_ne!(i.to_string(), "500.md", "work panicked"),
            |_| Ok(ControlFlow::Continue(())),
        );
    }

    #[test]
    fn an_error_from_each_ends_the_run_and_is_returned() {
        let result = for_each_ordered(
            inputs(1000),
            2,
            |_| (),
            |_| Err(Error::Usage("stop".into())),
        );
        assert_eq!(result.unwrap_err().to_string(), "stop");
    }

    #[test]
    fn streamed_results_come_back_in_order_and_break_and_errors_stop_the_run() {
        for jobs in [1, 2, 4] {
            let mut seen = Vec::new();
            for_each_streamed(
                0..500u64,
                jobs,
                3,
                || (),
                |_, i| i * 2,
                |i, doubled| {
                    assert_eq!(doubled, i * 2);
                    seen.push(i);
                    Ok(ControlFlow::Continue(()))
                },
            )
            .unwrap();
            assert_eq!(seen, (0..500).collect::<Vec<_>>(), "jobs {jobs}");
        }
        let mut count = 0;
        for_each_streamed(
            0..500,
            2,
            4,
            || (),
            |_, _| (),
            |_, ()| fifth_stops(&mut count),
        )
        .unwrap();
        assert_eq!(count, 5);
        let result = for_each_streamed(
            0..500,
            2,
            4,
            || (),
            |_, _| (),
            |_, ()| Err(Error::Usage("stop".into())),
        );
        assert_eq!(result.unwrap_err().to_string(), "stop");
    }

    #[test]
    #[should_panic(expected = "work panicked")]
    fn a_panic_in_streamed_work_reaches_the_caller_instead_of_hanging() {
        let _ = for_each_streamed(
            0..500,
            2,
            4,
            || (),
            |_, &i| assert_ne!(i, 250, "work panicked"),
            |_, ()| Ok(ControlFlow::Continue(())),
        );
    }
}
