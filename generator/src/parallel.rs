//! Work spread over every core, with results in input order so output stays deterministic.

use crate::error::Error;

/// Stack for worker threads: parsing and lowering recurse once per nesting level, and input is
/// capped at `load::MAX_NESTING` levels, well within this whatever the build profile.
const STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs `f` on a thread with a large stack, so that deep (but allowed) input cannot overflow
/// the caller's stack, whatever thread it is on.
pub(crate) fn with_big_stack<R: Send>(f: impl FnOnce() -> Result<R, Error> + Send) -> Result<R, Error> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, f)
            .map_err(|e| Error::at("", format!("cannot start a worker thread: {e}")))?;
        handle.join().map_err(|_| Error::at("", "internal error: a worker thread panicked"))?
    })
}

/// `f` over `items` on every core, results in the items' order.
pub(crate) fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Result<Vec<R>, Error> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, items.len().max(1));
    let f = &f;
    let chunks: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles = (0..threads)
            .map(|t| {
                std::thread::Builder::new()
                    .stack_size(STACK_BYTES)
                    .spawn_scoped(scope, move || items.iter().enumerate().skip(t).step_by(threads).map(|(i, item)| (i, f(item))).collect::<Vec<_>>())
                    .map_err(|e| Error::at("", format!("cannot start a worker thread: {e}")))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        handles.into_iter().map(|h| h.join().map_err(|_| Error::at("", "internal error: a worker thread panicked"))).collect::<Result<Vec<_>, Error>>()
    })?;
    let mut all: Vec<(usize, R)> = chunks.into_iter().flatten().collect();
    all.sort_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, r)| r).collect())
}

