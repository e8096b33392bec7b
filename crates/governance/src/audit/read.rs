//! Input cut into chunks of whole lines, read into reused buffers so memory stays constant
//! whatever the input's size.
//!
//! A chunk is filled to exactly the chunk size (or the end of input) before it is cut after its
//! last line break, so chunks depend only on the input bytes: any number of workers sees the
//! same chunks, and merging their tallies in order gives the same report.

use std::io::{self, Read};

/// Whole lines of one input.
#[derive(Debug)]
pub struct Chunk {
    /// Index of the input.
    pub input: usize,
    /// Number of the chunk's first line, from 1.
    pub first_line: u64,
    /// The lines, each ending with `\n` except perhaps the input's last.
    pub bytes: Vec<u8>,
}

/// Cuts one input into chunks.
pub struct Chunker<R> {
    reader: R,
    input: usize,
    size: usize,
    carry: Vec<u8>,
    next_line: u64,
    done: bool,
}

impl<R: Read> Chunker<R> {
    /// Chunks of about `size` bytes (more when a single line is longer) of input number `input`.
    pub fn new(reader: R, input: usize, size: usize) -> Self {
        Chunker { reader, input, size: size.max(1), carry: Vec::new(), next_line: 1, done: false }
    }

    /// The next chunk, filled into `buffer` (whose allocation is reused); `None` at the end.
    pub fn next_chunk(&mut self, mut buffer: Vec<u8>) -> io::Result<Option<Chunk>> {
        if self.done {
            return Ok(None);
        }
        buffer.clear();
        buffer.append(&mut self.carry);
        let mut target = self.size;
        let mut eof = false;
        let cut = loop {
            let mut filled = buffer.len();
            buffer.resize(target.max(filled), 0);
            while filled < buffer.len() {
                match self.reader.read(&mut buffer[filled..]) {
                    Ok(0) => {
                        eof = true;
                        break;
                    }
                    Ok(read) => filled += read,
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    Err(error) => return Err(error),
                }
            }
            buffer.truncate(filled);
            if eof {
                break buffer.len();
            }
            match memchr::memrchr(b'\n', &buffer) {
                Some(last) => break last + 1,
                // One line longer than the chunk: read on until it ends.
                None => target = buffer.len().saturating_mul(2),
            }
        };
        self.carry.extend_from_slice(&buffer[cut..]);
        buffer.truncate(cut);
        self.done = eof;
        if buffer.is_empty() {
            return Ok(None);
        }
        let first_line = self.next_line;
        let breaks = memchr::memchr_iter(b'\n', &buffer).count() as u64;
        self.next_line += breaks + u64::from(!buffer.ends_with(b"\n"));
        Ok(Some(Chunk { input: self.input, first_line, bytes: buffer }))
    }
}

/// The lines of a chunk without their line breaks (`\n` or `\r\n`), numbered.
pub fn lines(chunk: &Chunk) -> impl Iterator<Item = (u64, &[u8])> {
    let bytes = chunk.bytes.as_slice();
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    body.split(|&b| b == b'\n')
        .filter(move |_| !bytes.is_empty())
        .enumerate()
        .map(move |(index, line)| (chunk.first_line + index as u64, line.strip_suffix(b"\r").unwrap_or(line)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &[u8], size: usize) -> Vec<(u64, String)> {
        let mut chunker = Chunker::new(text, 0, size);
        let mut out = Vec::new();
        while let Some(chunk) = chunker.next_chunk(Vec::new()).expect("read") {
            out.extend(lines(&chunk).map(|(n, l)| (n, String::from_utf8_lossy(l).into_owned())));
        }
        out
    }

    #[test]
    fn lines_keep_their_numbers_across_chunk_sizes() {
        let text = b"a\r\nbb\n\nccc\ndddddddddd\nlast";
        let expected: Vec<(u64, String)> = [(1, "a"), (2, "bb"), (3, ""), (4, "ccc"), (5, "dddddddddd"), (6, "last")]
            .into_iter()
            .map(|(n, l)| (n, l.to_owned()))
            .collect();
        for size in [1, 2, 3, 5, 8, 64] {
            assert_eq!(all(text, size), expected, "chunk size {size}");
        }
        assert_eq!(all(b"one\n", 2), vec![(1, "one".to_owned())]);
        assert!(all(b"", 4).is_empty());
    }
}
