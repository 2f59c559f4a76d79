//! Group commit: one thread commits every write waiting in one durable
//! transaction, then answers each writer.

use std::sync::Arc;

use crate::store::{Store, StoreError, Write};

type Job = (
    Vec<Write>,
    tokio::sync::oneshot::Sender<Result<(), StoreError>>,
);

/// Group commit: a thread that takes every write waiting, commits them
/// in one durable transaction and then answers each. Concurrent writers
/// share one disk flush; each still learns its own write is durable
/// before it answers.
pub struct Committer {
    tx: Option<std::sync::mpsc::Sender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Dropping the committer lets the thread finish the writes queued, then
/// closes the database (so the file can be opened again at once).
impl Drop for Committer {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl core::fmt::Debug for Committer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Committer").finish()
    }
}

/// The store commit latency histogram (seconds), with `outcome` `ok` or
/// `failed`: one sample per group commit (a no-op without a `metrics`
/// recorder; `baton serve --metrics` installs one).
pub const STORE_COMMIT_SECONDS: &str = "baton_store_commit_duration_seconds";

fn record(took: std::time::Duration, ok: bool) {
    let outcome = if ok { "ok" } else { "failed" };
    metrics::histogram!(STORE_COMMIT_SECONDS, "outcome" => outcome).record(took.as_secs_f64());
}

impl Committer {
    /// Starts the commit thread for `store`.
    pub fn spawn(store: Arc<Store>) -> Result<Self, String> {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("baton-commit".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let mut jobs = vec![first];
                    while let Ok(more) = rx.try_recv() {
                        jobs.push(more);
                    }
                    let writes: Vec<Write> =
                        jobs.iter().flat_map(|(w, _)| w.iter().cloned()).collect();
                    let started = std::time::Instant::now();
                    let result = store.apply(&writes);
                    record(started.elapsed(), result.is_ok());
                    for (_, done) in jobs {
                        let _ = done.send(result.clone());
                    }
                }
            })
            .map_err(|e| format!("commit thread: {e}"))?;
        Ok(Committer {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    /// Queues `writes`; the returned future completes once they are
    /// committed durably (or failed).
    pub fn submit(
        &self,
        writes: Vec<Write>,
    ) -> impl core::future::Future<Output = Result<(), StoreError>> + Send + 'static {
        let (done, wait) = tokio::sync::oneshot::channel();
        let queued = self
            .tx
            .as_ref()
            .is_some_and(|tx| tx.send((writes, done)).is_ok());
        async move {
            if !queued {
                return Err(StoreError::Other(
                    "the commit thread has stopped".to_owned(),
                ));
            }
            wait.await.unwrap_or_else(|_| {
                Err(StoreError::Other(
                    "the commit thread has stopped".to_owned(),
                ))
            })
        }
    }
}
