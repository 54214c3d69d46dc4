//! Work over many inputs on several threads, with results in input order,
//! so `-j 1` and `-j N` give the same bytes.

use std::ops::ControlFlow;

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
    let chunk_size = PER_THREAD * pool.current_num_threads().max(1);
    let mut inputs = inputs.peekable();
    while inputs.peek().is_some() {
        let chunk: Vec<Result<Input>> = inputs.by_ref().take(chunk_size).collect();
        let results: Vec<Result<(Input, T)>> = if pool.current_num_threads() == 1 {
            chunk
                .into_iter()
                .map(|i| {
                    i.map(|input| {
                        let out = work(&input);
                        (input, out)
                    })
                })
                .collect()
        } else {
            pool.install(|| {
                chunk
                    .into_par_iter()
                    .map(|i| {
                        i.map(|input| {
                            let out = work(&input);
                            (input, out)
                        })
                    })
                    .collect()
            })
        };
        for result in results {
            if each(result)?.is_break() {
                return Ok(());
            }
        }
    }
    Ok(())
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

    #[test]
    fn break_stops_the_run() {
        let mut count = 0;
        for_each_ordered(
            inputs(1000),
            2,
            |_| (),
            |_| {
                count += 1;
                Ok(if count == 5 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                })
            },
        )
        .unwrap();
        assert_eq!(count, 5);
    }
}
