//! Work spread over every core, with results in input order so output stays deterministic.

use crate::error::Error;

/// `f` over `items` on every core, results in the items' order.
pub(crate) fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Result<Vec<R>, Error> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, items.len().max(1));
    let f = &f;
    let chunks: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| scope.spawn(move || items.iter().enumerate().skip(t).step_by(threads).map(|(i, item)| (i, f(item))).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().map(|h| h.join().map_err(|_| Error::at("", "internal error: a rendering thread panicked"))).collect::<Result<Vec<_>, Error>>()
    })?;
    let mut all: Vec<(usize, R)> = chunks.into_iter().flatten().collect();
    all.sort_by_key(|(i, _)| *i);
    Ok(all.into_iter().map(|(_, r)| r).collect())
}

