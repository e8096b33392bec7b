//! Optional on-disk spool: an append-only log of accepted events and of their completion per
//! destination, replayed at start so nothing accepted before a crash is lost.
//!
//! Files are `spool-<seq>.log`, each a sequence of records framed as `[length u32 LE]
//! [crc32 u32 LE][JSON]`. A record is either an event with the destinations it still owes, or
//! "done" for some ids at one destination (delivered, or failed for good and reported). A file
//! is deleted once every event in it is done everywhere. At start every file is read; a bad
//! frame (truncated tail from a kill, checksum mismatch, unparsable JSON) ends that file's
//! reading and is reported, and the file is kept aside as `*.corrupt`; the pending events are
//! rewritten into a fresh file before the old ones go, so a crash during start loses nothing.

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::message::Message;
use super::queue::Entry;

/// When spool writes reach the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fsync {
    /// Leave it to the OS: survives a process crash, not a power loss.
    Never,
    /// `fdatasync` after every record: survives power loss, costs a disk flush per event.
    Always,
    /// `fdatasync` when this long has passed since the last one.
    Interval(Duration),
}

/// Spool settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpoolConfig {
    /// Directory of the spool files; created if missing. One client per directory.
    pub dir: PathBuf,
    /// Durability of each write.
    pub fsync: Fsync,
    /// Start a new file past this size, so delivered events' files can be deleted.
    pub file_bytes: u64,
}

impl SpoolConfig {
    /// A spool in `dir`, fsync every 100 ms, 16 MiB files.
    pub fn new(dir: impl Into<PathBuf>) -> SpoolConfig {
        SpoolConfig { dir: dir.into(), fsync: Fsync::Interval(Duration::from_millis(100)), file_bytes: 16 << 20 }
    }
}

/// What start-up found in the spool.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpoolReport {
    /// Spool files read.
    pub files_read: usize,
    /// Events replayed (each counted once, whatever the number of destinations).
    pub events_replayed: usize,
    /// Damaged files, each skipped from the bad frame on.
    pub issues: Vec<SpoolIssue>,
    /// Events owed to destinations this client no longer has, by destination name: marked
    /// done, not sent.
    pub unknown_destinations: Vec<(String, usize)>,
}

/// One damaged spool file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpoolIssue {
    /// The file, renamed to `*.corrupt` and kept for inspection.
    pub file: PathBuf,
    /// Byte offset of the first bad frame.
    pub offset: u64,
    /// What is wrong there.
    pub problem: String,
}

#[derive(Serialize)]
enum RecordRef<'a> {
    Event { message: &'a Message, destinations: &'a [&'a str] },
    Done { destination: &'a str, ids: Vec<&'a str> },
}

#[derive(Deserialize)]
enum Record {
    Event { message: Message, destinations: Vec<String> },
    Done { destination: String, ids: Vec<String> },
}

/// Events still owed, per destination name, in the order they were accepted.
pub(crate) type Replay = HashMap<String, Vec<Arc<Message>>>;

const MAX_FRAME: u32 = 256 << 20;

struct Writer {
    file: File,
    seq: u64,
    size: u64,
    last_sync: Instant,
    /// Per live file, oldest first: (event, destination) pairs not yet done.
    outstanding: BTreeMap<u64, u64>,
    buffer: Vec<u8>,
}

pub(crate) struct Spool {
    dir: PathBuf,
    fsync: Fsync,
    file_bytes: u64,
    writer: Mutex<Writer>,
}

fn file_name(seq: u64) -> String {
    format!("spool-{seq:020}.log")
}

fn open_append(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

impl Spool {
    /// Opens the spool, replaying what it holds: returns the events still owed per destination.
    pub fn open(config: &SpoolConfig) -> io::Result<(Spool, Replay, SpoolReport)> {
        fs::create_dir_all(&config.dir)?;
        let mut files: Vec<(u64, PathBuf)> = Vec::new();
        for entry in fs::read_dir(&config.dir)? {
            let path = entry?.path();
            let seq = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix("spool-")?.strip_suffix(".log")?.parse::<u64>().ok());
            if let Some(seq) = seq {
                files.push((seq, path));
            }
        }
        files.sort();
        let mut report = SpoolReport { files_read: files.len(), ..SpoolReport::default() };
        // id → (event, destinations still owed), in first-seen order.
        let mut pending: Vec<(Arc<Message>, Vec<String>)> = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut corrupt = Vec::new();
        for (_, path) in &files {
            let mut bytes = Vec::new();
            File::open(path)?.read_to_end(&mut bytes)?;
            if let Err((offset, problem)) = read_records(&bytes, |record| match record {
                Record::Event { message, destinations } => match by_id.get(&message.id) {
                    Some(&index) => {
                        let owed = &mut pending[index].1;
                        owed.retain(|d| destinations.contains(d));
                    }
                    None => {
                        by_id.insert(message.id.clone(), pending.len());
                        pending.push((Arc::new(message), destinations));
                    }
                },
                Record::Done { destination, ids } => {
                    for id in ids {
                        if let Some(&index) = by_id.get(&id) {
                            pending[index].1.retain(|d| *d != destination);
                        }
                    }
                }
            }) {
                report.issues.push(SpoolIssue { file: path.with_extension("log.corrupt"), offset, problem });
                corrupt.push(path.clone());
            }
        }
        pending.retain(|(_, owed)| !owed.is_empty());
        report.events_replayed = pending.len();

        let seq = files.last().map_or(1, |(seq, _)| seq + 1);
        let path = config.dir.join(file_name(seq));
        let mut writer = Writer {
            file: open_append(&path)?,
            seq,
            size: 0,
            last_sync: Instant::now(),
            outstanding: BTreeMap::from([(seq, 0)]),
            buffer: Vec::new(),
        };
        let mut replay = Replay::new();
        for (message, owed) in &pending {
            let names: Vec<&str> = owed.iter().map(String::as_str).collect();
            writer.append(&RecordRef::Event { message, destinations: &names })?;
            *writer.outstanding.entry(seq).or_default() += owed.len() as u64;
            for name in owed {
                replay.entry(name.clone()).or_default().push(message.clone());
            }
        }
        writer.file.sync_data()?;
        for (_, old) in &files {
            if corrupt.contains(old) {
                fs::rename(old, old.with_extension("log.corrupt"))?;
            } else {
                fs::remove_file(old)?;
            }
        }
        sync_dir(&config.dir);
        let spool = Spool {
            dir: config.dir.clone(),
            fsync: config.fsync,
            file_bytes: config.file_bytes,
            writer: Mutex::new(writer),
        };
        Ok((spool, replay, report))
    }

    /// The spool directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file events are appended to now (replayed events were rewritten into it).
    pub fn current_file(&self) -> u64 {
        self.lock().seq
    }

    fn lock(&self) -> MutexGuard<'_, Writer> {
        self.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records an accepted event owed to `destinations`; returns its file's number.
    pub fn append_event(&self, message: &Message, destinations: &[&str]) -> io::Result<u64> {
        let mut writer = self.lock();
        writer.append(&RecordRef::Event { message, destinations })?;
        let seq = writer.seq;
        *writer.outstanding.entry(seq).or_default() += destinations.len() as u64;
        self.after_write(&mut writer)?;
        Ok(seq)
    }

    /// Records these events as done at `destination` and deletes files nothing is owed from.
    pub fn done(&self, destination: &str, entries: &[&Entry]) -> io::Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut writer = self.lock();
        let ids = entries.iter().map(|e| e.message.id.as_str()).collect();
        writer.append(&RecordRef::Done { destination, ids })?;
        for entry in entries {
            if let Some(count) = writer.outstanding.get_mut(&entry.segment) {
                *count = count.saturating_sub(1);
            }
        }
        self.after_write(&mut writer)
    }

    fn after_write(&self, writer: &mut Writer) -> io::Result<()> {
        match self.fsync {
            Fsync::Always => writer.file.sync_data()?,
            Fsync::Interval(every) if writer.last_sync.elapsed() >= every => {
                writer.file.sync_data()?;
                writer.last_sync = Instant::now();
            }
            _ => {}
        }
        if writer.size >= self.file_bytes {
            writer.file.sync_data()?;
            let seq = writer.seq + 1;
            writer.file = open_append(&self.dir.join(file_name(seq)))?;
            writer.seq = seq;
            writer.size = 0;
            writer.outstanding.insert(seq, 0);
        }
        // A file's "done" records may complete events of older files, so files go oldest
        // first: deleting a newer one while an older one lives would resurrect its events.
        while let Some((&oldest, &count)) = writer.outstanding.first_key_value() {
            if count > 0 || oldest == writer.seq {
                break;
            }
            writer.outstanding.remove(&oldest);
            fs::remove_file(self.dir.join(file_name(oldest)))?;
        }
        Ok(())
    }

    /// Forces everything written so far to disk.
    pub fn sync(&self) -> io::Result<()> {
        self.lock().file.sync_data()
    }
}

impl Writer {
    /// Writes one framed record with a single `write` call, so a kill leaves at most one
    /// truncated frame at the tail.
    fn append(&mut self, record: &RecordRef<'_>) -> io::Result<()> {
        self.buffer.clear();
        self.buffer.extend_from_slice(&[0; 8]);
        serde_json::to_writer(&mut self.buffer, record).map_err(io::Error::other)?;
        let length = (self.buffer.len() - 8) as u32;
        let crc = crc32fast::hash(&self.buffer[8..]);
        self.buffer[..4].copy_from_slice(&length.to_le_bytes());
        self.buffer[4..8].copy_from_slice(&crc.to_le_bytes());
        self.file.write_all(&self.buffer)?;
        self.size += self.buffer.len() as u64;
        Ok(())
    }
}

/// Reads frames until the end; on a bad frame returns its offset and what is wrong.
fn read_records(bytes: &[u8], mut each: impl FnMut(Record)) -> Result<(), (u64, String)> {
    let mut at = 0usize;
    while at < bytes.len() {
        let Some(head) = bytes.get(at..at + 8) else {
            return Err((at as u64, format!("truncated frame header ({} of 8 bytes)", bytes.len() - at)));
        };
        let length = u32::from_le_bytes(head[..4].try_into().expect("4 bytes"));
        let crc = u32::from_le_bytes(head[4..].try_into().expect("4 bytes"));
        if length > MAX_FRAME {
            return Err((at as u64, format!("frame length {length} is implausible")));
        }
        let Some(payload) = bytes.get(at + 8..at + 8 + length as usize) else {
            return Err((at as u64, format!("truncated frame ({} of {length} bytes)", bytes.len() - at - 8)));
        };
        if crc32fast::hash(payload) != crc {
            return Err((at as u64, "checksum mismatch".to_owned()));
        }
        match serde_json::from_slice::<Record>(payload) {
            Ok(record) => each(record),
            Err(error) => return Err((at as u64, format!("unreadable record: {error}"))),
        }
        at += 8 + length as usize;
    }
    Ok(())
}

/// Makes renames and deletions durable; best effort (not every platform can open a directory).
fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}
