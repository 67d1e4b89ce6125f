//! The kiosk's usage writer: a thread of its own that owns the database, so that writing
//! never blocks a frame. Records queue up (an unbounded channel) and are committed once a
//! second in one transaction: a `kill -9` loses at most the last second's.

use super::{Db, KioskEvent, Session};
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often the queued records are committed.
pub const COMMIT_EVERY: Duration = Duration::from_secs(1);

pub enum Record {
    Session(Session),
    Event(KioskEvent),
}

pub struct Writer {
    tx: Option<Sender<Record>>,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    /// Opens the database at `path` (an error here is the caller's to report) and starts
    /// the thread.
    pub fn start(path: &Path) -> Result<Writer, String> {
        let db = Db::open(path)?;
        let (tx, rx) = channel();
        let thread = std::thread::Builder::new()
            .name("usage-writer".into())
            .spawn(move || run(db, rx))
            .map_err(|e| format!("cannot start the usage writer: {e}"))?;
        Ok(Writer {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    /// Queues a record; never blocks.
    pub fn send(&self, r: Record) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(r);
        }
    }
}

impl Drop for Writer {
    /// Commits what is queued before the kiosk exits.
    fn drop(&mut self) {
        self.tx.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run(mut db: Db, rx: Receiver<Record>) {
    let (mut sessions, mut events) = (Vec::new(), Vec::new());
    let mut last = Instant::now();
    loop {
        let open = match rx.recv_timeout(COMMIT_EVERY) {
            Ok(Record::Session(s)) => {
                sessions.push(s);
                true
            }
            Ok(Record::Event(e)) => {
                events.push(e);
                true
            }
            Err(RecvTimeoutError::Timeout) => true,
            Err(RecvTimeoutError::Disconnected) => false,
        };
        if (last.elapsed() >= COMMIT_EVERY || !open) && !(sessions.is_empty() && events.is_empty())
        {
            if let Err(e) = db.write(&sessions, &events) {
                // A full disk costs the figures, never the kiosk.
                tracing::warn!("usage figures not written: {e}");
            }
            sessions.clear();
            events.clear();
            last = Instant::now();
        }
        if !open {
            return;
        }
    }
}
