//! The audit loop: chunks of lines checked by worker threads, their tallies merged in input
//! order. Memory is bounded by the chunks in flight (a fixed pool of buffers).

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use super::check;
use super::read::{self, Chunk, Chunker};
use super::shape::InputFormat;
use super::tally::{Place, Tally};
use super::targets::Targets;

/// How to run an audit.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Record shape to expect.
    pub format: InputFormat,
    /// Worker threads; 1 checks on the calling thread.
    pub jobs: usize,
    /// Examples kept per event and per problem.
    pub samples: usize,
    /// Bytes per chunk of lines.
    pub chunk_bytes: usize,
}

/// Checks every line of a chunk.
fn tally_chunk(chunk: &Chunk, targets: &Targets, settings: &Settings) -> Tally {
    let mut tally = Tally::default();
    for (line, text) in read::lines(chunk) {
        let outcome = check::line(text, targets, settings.format);
        tally.add(Place { input: chunk.input, line }, outcome, settings.samples);
    }
    tally
}

/// Audits the inputs in order; an input that cannot be read stops the audit.
pub fn run<R: Read + Send>(targets: &Targets, inputs: Vec<R>, settings: &Settings) -> io::Result<Tally> {
    if settings.jobs <= 1 {
        let mut total = Tally::default();
        let mut buffer = Vec::new();
        for (index, input) in inputs.into_iter().enumerate() {
            let mut chunker = Chunker::new(input, index, settings.chunk_bytes);
            while let Some(chunk) = chunker.next_chunk(std::mem::take(&mut buffer))? {
                total.merge(tally_chunk(&chunk, targets, settings), settings.samples);
                buffer = chunk.bytes;
            }
        }
        return Ok(total);
    }
    parallel(targets, inputs, settings)
}

fn parallel<R: Read + Send>(targets: &Targets, inputs: Vec<R>, settings: &Settings) -> io::Result<Tally> {
    let in_flight = settings.jobs * 2 + 1;
    let (pool_tx, pool_rx) = mpsc::channel::<Vec<u8>>();
    for _ in 0..in_flight {
        pool_tx.send(Vec::new()).expect("the pool receiver is alive");
    }
    let (work_tx, work_rx) = mpsc::sync_channel::<(u64, Chunk)>(settings.jobs);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = mpsc::channel::<(u64, Tally, Vec<u8>)>();
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> io::Result<()> {
            let mut sequence = 0;
            for (index, input) in inputs.into_iter().enumerate() {
                let mut chunker = Chunker::new(input, index, settings.chunk_bytes);
                // The pool only runs dry when the merger stopped: then stop too.
                while let Ok(buffer) = pool_rx.recv() {
                    let Some(chunk) = chunker.next_chunk(buffer)? else { break };
                    if work_tx.send((sequence, chunk)).is_err() {
                        return Ok(());
                    }
                    sequence += 1;
                }
            }
            Ok(())
        });
        for _ in 0..settings.jobs {
            let work_rx = Arc::clone(&work_rx);
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                loop {
                    let next = work_rx.lock().map(|receiver| receiver.recv());
                    let Ok(Ok((sequence, chunk))) = next else { break };
                    let tally = tally_chunk(&chunk, targets, settings);
                    if done_tx.send((sequence, tally, chunk.bytes)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut total = Tally::default();
        let mut pending = BTreeMap::new();
        let mut next = 0;
        for (sequence, tally, buffer) in done_rx {
            pending.insert(sequence, (tally, buffer));
            // A buffer goes back to the pool once its tally is merged, which bounds what waits
            // here; the reader may have finished, and then the buffer is simply dropped.
            while let Some((tally, buffer)) = pending.remove(&next) {
                total.merge(tally, settings.samples);
                let _ = pool_tx.send(buffer);
                next += 1;
            }
        }
        drop(pool_tx);
        reader.join().unwrap_or_else(|_| Err(io::Error::other("the reader thread panicked")))?;
        Ok(total)
    })
}
