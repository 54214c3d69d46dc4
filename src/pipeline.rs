//! Work over many inputs on several threads, with results in input order,
//! so `-j 1` and `-j N` give the same bytes.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, sync_channel};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::input::Input;

/// How many inputs are in flight at once per thread: enough to keep the
/// threads busy, few enough that memory stays flat.
const PER_THREAD: usize = 32;

/// Applies `work` to every input on `jobs` threads (0 means all cores) and
/// hands each result to `each` in input order. `each` may stop the run by
/// returning [`ControlFlow::Break`]. Inputs that could not be listed are
/// handed over as they come, as errors.
///
/// With more than one thread, the inputs go through in chunks: while `each`
/// takes one chunk's results on the calling thread, the pool works on the
/// next, so the sequential part (merging, writing) overlaps the parallel one.
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?;
    let apply = |item: Result<Input>| {
        item.map(|input| {
            let out = work(&input);
            (input, out)
        })
    };
    if pool.current_num_threads() == 1 {
        for item in inputs {
            if each(apply(item))?.is_break() {
                break;
            }
        }
        return Ok(());
    }

    let chunk_size = PER_THREAD * pool.current_num_threads();
    let mut inputs = inputs.peekable();
    std::thread::scope(|scope| {
        // Two chunks in flight each way: one being parsed, one being taken.
        let (to_pool, chunks) = sync_channel::<Vec<Result<Input>>>(1);
        let (done, results) = sync_channel::<Vec<Result<(Input, T)>>>(1);
        let apply = &apply;
        let pool = &pool;
        let parser = scope.spawn(move || {
            for chunk in chunks {
                let parsed = pool.install(|| chunk.into_par_iter().map(apply).collect());
                if done.send(parsed).is_err() {
                    break; // the caller stopped early
                }
            }
        });
        let mut next_chunk = || -> Option<Vec<Result<Input>>> {
            inputs.peek()?;
            Some(inputs.by_ref().take(chunk_size).collect())
        };
        let mut in_flight = 0;
        for _ in 0..2 {
            if let Some(chunk) = next_chunk() {
                if to_pool.send(chunk).is_err() {
                    rethrow(parser);
                }
                in_flight += 1;
            }
        }
        while in_flight > 0 {
            // Only a panic in the work ends the parser thread early.
            let Ok(chunk) = results.recv() else {
                rethrow(parser)
            };
            in_flight -= 1;
            for result in chunk {
                if each(result)?.is_break() {
                    return Ok(());
                }
            }
            if let Some(chunk) = next_chunk() {
                if to_pool.send(chunk).is_err() {
                    rethrow(parser);
                }
                in_flight += 1;
            }
        }
        Ok(())
    })
}

/// Passes on the panic that ended a scoped thread early, with its own
/// message (instead of the scope's "a scoped thread panicked").
fn rethrow(thread: std::thread::ScopedJoinHandle<'_, ()>) -> ! {
    match thread.join() {
        Err(panic) => resume_unwind(panic),
        Ok(()) => unreachable!("the parser thread ends only when its input does"),
    }
}

/// The threads `jobs` stands for: 0 means one per core.
pub(crate) fn threads(jobs: usize) -> usize {
    match jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        jobs => jobs,
    }
}

/// Applies `work` to every item on `jobs` threads (0 means all cores) and
/// hands each item and its result to `each` in item order, stopping when
/// `each` returns [`ControlFlow::Break`]. Made for few, large items
/// (batches of pages): each thread takes the next item as soon as it is
/// free, and at most `in_flight` items are out at once, so memory stays
/// flat. A panic in `work` reaches the caller.
pub fn for_each_streamed<I, T, W, E>(
    items: impl Iterator<Item = I>,
    jobs: usize,
    in_flight: usize,
    work: W,
    mut each: E,
) -> Result<()>
where
    I: Send,
    T: Send,
    W: Fn(&I) -> T + Sync,
    E: FnMut(I, T) -> Result<ControlFlow<()>>,
{
    let threads = threads(jobs);
    let in_flight = in_flight.max(1);
    let (to_workers, queue) = sync_channel::<(usize, I)>(in_flight);
    let queue = Mutex::new(queue);
    std::thread::scope(|scope| {
        // Dropped on the way out, which ends the workers.
        let to_workers = to_workers;
        let (done, results) = channel();
        for _ in 0..threads {
            let (queue, done, work) = (&queue, done.clone(), &work);
            scope.spawn(move || loop {
                let next = queue.lock().map(|queue| queue.recv());
                let Ok(Ok((seq, item))) = next else {
                    break; // no more items
                };
                let out = catch_unwind(AssertUnwindSafe(|| work(&item)));
                if done.send((seq, item, out)).is_err() {
                    break; // the caller stopped early
                }
            });
        }
        drop(done);
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;
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
                |i| i * 2,
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
        for_each_streamed(0..500, 2, 4, |_| (), |_, ()| fifth_stops(&mut count)).unwrap();
        assert_eq!(count, 5);
        let result = for_each_streamed(
            0..500,
            2,
            4,
            |_| (),
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
            |&i| assert_ne!(i, 250, "work panicked"),
            |_, ()| Ok(ControlFlow::Continue(())),
        );
    }
}
