//! A small HTTP/1.1 server side: request parsing (Content-Length and chunked
//! bodies, `Expect: 100-continue`, keep-alive), gzip decoding and response
//! writing, including the deliberately broken responses used by faults.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Largest request head (request line and headers) accepted.
pub(crate) const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Largest request body accepted on the wire, and largest after gzip decoding.
pub(crate) const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
/// How often blocked reads wake up to look at the shutdown flag.
const POLL: Duration = Duration::from_millis(25);
/// How long a keep-alive connection may sit idle between requests.
pub(crate) const IDLE: Duration = Duration::from_secs(120);
/// How long a client may take to send one request once it started.
pub(crate) const REQUEST_DEADLINE: Duration = Duration::from_secs(60);

/// Why no request could be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The peer closed the connection, it failed, it idled out, or the
    /// emulator is shutting down: nothing to answer.
    Gone,
    /// The request is malformed: answer with this status and close.
    Bad(u16, String),
}

fn bad(status: u16, message: impl Into<String>) -> ReadError {
    ReadError::Bad(status, message.into())
}

/// The request line and headers of one request.
#[derive(Debug, Clone)]
pub(crate) struct Head {
    pub(crate) method: String,
    pub(crate) target: String,
    pub(crate) minor: u8,
    pub(crate) headers: Vec<(String, String)>,
}

impl Head {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    pub(crate) fn expects_continue(&self) -> bool {
        self.minor >= 1 && self.header("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// A fully read request, body decoded.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) method: String,
    /// The request-target as sent (path and query).
    pub(crate) target: String,
    /// The path, without query or fragment.
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) minor: u8,
    pub(crate) headers: Vec<(String, String)>,
    /// Body bytes on the wire (after de-chunking, before gzip decoding).
    pub(crate) wire_len: usize,
    /// The body after gzip decoding; shared with the recording of the events it carries.
    pub(crate) body: Arc<Vec<u8>>,
    pub(crate) gzip: bool,
    pub(crate) chunked: bool,
    /// Set when the body could not be decoded (bad gzip, unknown encoding).
    pub(crate) decode_error: Option<String>,
}

impl Request {
    pub(crate) fn new(head: Head, raw_body: Vec<u8>, chunked: bool) -> Request {
        // Absolute-form ("http://host/path"), which servers must accept.
        let origin_form = match head.target.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => {
                rest.find('/').map_or("/", |slash| &rest[slash..])
            }
            _ => head.target.as_str(),
        };
        let no_fragment = origin_form.split('#').next().unwrap_or_default();
        let (path, query) = match no_fragment.split_once('?') {
            Some((p, q)) => (p.to_string(), parse_form(q)),
            None => (no_fragment.to_string(), Vec::new()),
        };
        let wire_len = raw_body.len();
        let encoding =
            header(&head.headers, "content-encoding").map(|v| v.trim().to_ascii_lowercase()).unwrap_or_default();
        let (body, gzip, decode_error) = match encoding.as_str() {
            "" | "identity" => (raw_body, false, None),
            "gzip" | "x-gzip" => match gunzip(&raw_body, MAX_BODY_BYTES) {
                Ok(b) => (b, true, None),
                Err(e) => (Vec::new(), true, Some(e)),
            },
            other => (Vec::new(), false, Some(format!("unsupported Content-Encoding: {other}"))),
        };
        Request {
            method: head.method,
            target: head.target,
            path,
            query,
            minor: head.minor,
            headers: head.headers,
            wire_len,
            body: Arc::new(body),
            gzip,
            chunked,
            decode_error,
        }
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    pub(crate) fn query_param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The media type of the body, lowercased, without parameters.
    pub(crate) fn media_type(&self) -> Option<String> {
        self.header("content-type").map(|v| v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
    }

    /// Whether the connection stays open after this request.
    pub(crate) fn keep_alive(&self) -> bool {
        let connection = self.header("connection").map(str::to_ascii_lowercase).unwrap_or_default();
        let has = |token: &str| connection.split(',').any(|t| t.trim() == token);
        if self.minor >= 1 { !has("close") } else { has("keep-alive") }
    }
}

/// Decodes `application/x-www-form-urlencoded` text (also used for queries).
pub(crate) fn parse_form(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(pair), String::new()),
        })
        .collect()
}

pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 3 <= bytes.len() && bytes[i + 1].is_ascii_hexdigit() && bytes[i + 2].is_ascii_hexdigit() => {
                out.push(hex_value(bytes[i + 1]) * 16 + hex_value(bytes[i + 2]));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        _ => digit - b'A' + 10,
    }
}

/// Decompresses a gzip body, refusing to grow past `limit` bytes.
pub(crate) fn gunzip(data: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    // JSON batches inflate four to ten times: start there rather than doubling up from nothing.
    let mut out = Vec::with_capacity(data.len().saturating_mul(8).min(limit).max(4096));
    let decoder = flate2::read::MultiGzDecoder::new(data);
    decoder.take(limit as u64 + 1).read_to_end(&mut out).map_err(|e| format!("invalid gzip body: {e}"))?;
    if out.len() > limit {
        return Err(format!("gzip body inflates past {limit} bytes"));
    }
    Ok(out)
}

/// One client connection with its read buffer.
pub(crate) struct Conn {
    pub(crate) stream: TcpStream,
    buf: Vec<u8>,
    shutdown: Arc<AtomicBool>,
}

impl Conn {
    pub(crate) fn new(stream: TcpStream, shutdown: Arc<AtomicBool>) -> io::Result<Conn> {
        stream.set_read_timeout(Some(POLL))?;
        stream.set_nodelay(true)?;
        Ok(Conn { stream, buf: Vec::new(), shutdown })
    }

    fn fill(&mut self, deadline: Instant) -> Result<(), ReadError> {
        let mut chunk = [0u8; 16 * 1024];
        let n = self.read_some(&mut chunk, deadline)?;
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }

    /// Reads at least one byte into `out`, polling the shutdown flag and the deadline.
    fn read_some(&mut self, out: &mut [u8], deadline: Instant) -> Result<usize, ReadError> {
        loop {
            if self.shutdown.load(Ordering::SeqCst) || Instant::now() >= deadline {
                return Err(ReadError::Gone);
            }
            match self.stream.read(out) {
                Ok(0) => return Err(ReadError::Gone),
                Ok(n) => return Ok(n),
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted
                    ) => {}
                Err(_) => return Err(ReadError::Gone),
            }
        }
    }

    /// Reads the next request head; waits up to [`IDLE`] for it to start.
    pub(crate) fn read_head(&mut self) -> Result<Head, ReadError> {
        let mut deadline = Instant::now() + IDLE;
        loop {
            // Tolerate empty lines before a request line (RFC 9112 2.2).
            while self.buf.starts_with(b"\r\n") {
                self.buf.drain(..2);
            }
            if let Some(end) = find(&self.buf, b"\r\n\r\n") {
                let head: Vec<u8> = self.buf.drain(..end + 4).collect();
                return parse_head(&head[..end]);
            }
            if self.buf.len() > MAX_HEAD_BYTES {
                return Err(bad(431, "request head too large"));
            }
            let started = !self.buf.is_empty();
            self.fill(deadline)?;
            if !started {
                deadline = Instant::now() + REQUEST_DEADLINE;
            }
        }
    }

    /// Reads the body that `head` announces. Returns it and whether it was chunked.
    pub(crate) fn read_body(&mut self, head: &Head) -> Result<(Vec<u8>, bool), ReadError> {
        let deadline = Instant::now() + REQUEST_DEADLINE;
        if let Some(te) = head.header("transfer-encoding") {
            let last = te.rsplit(',').next().unwrap_or_default().trim();
            if !last.eq_ignore_ascii_case("chunked") {
                return Err(bad(400, format!("unsupported Transfer-Encoding: {te}")));
            }
            return self.read_chunked(deadline).map(|b| (b, true));
        }
        let mut length: Option<usize> = None;
        for (name, value) in &head.headers {
            if !name.eq_ignore_ascii_case("content-length") {
                continue;
            }
            let value = value.trim();
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(400, format!("invalid Content-Length: {value}")));
            }
            let n: usize = value.parse().map_err(|_| bad(413, "Content-Length too large"))?;
            if length.is_some_and(|l| l != n) {
                return Err(bad(400, "conflicting Content-Length headers"));
            }
            length = Some(n);
        }
        let length = length.unwrap_or(0);
        if length > MAX_BODY_BYTES {
            return Err(bad(413, format!("body of {length} bytes is too large")));
        }
        // What is buffered first, then straight from the socket into the body.
        let buffered = length.min(self.buf.len());
        let mut body = Vec::with_capacity(length);
        body.extend_from_slice(&self.buf[..buffered]);
        self.buf.drain(..buffered);
        body.resize(length, 0);
        let mut filled = buffered;
        while filled < length {
            filled += self.read_some(&mut body[filled..], deadline)?;
        }
        Ok((body, false))
    }

    fn take_line(&mut self, deadline: Instant) -> Result<String, ReadError> {
        loop {
            if let Some(pos) = find(&self.buf, b"\r\n") {
                let line: Vec<u8> = self.buf.drain(..pos + 2).collect();
                return String::from_utf8(line[..pos].to_vec()).map_err(|_| bad(400, "chunk line is not UTF-8"));
            }
            if self.buf.len() > 8 * 1024 {
                return Err(bad(400, "chunk line too long"));
            }
            self.fill(deadline)?;
        }
    }

    fn read_chunked(&mut self, deadline: Instant) -> Result<Vec<u8>, ReadError> {
        let mut body = Vec::new();
        loop {
            let line = self.take_line(deadline)?;
            let size_text = line.split(';').next().unwrap_or_default().trim();
            if size_text.is_empty() || !size_text.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad(400, format!("invalid chunk size: {size_text:?}")));
            }
            let size = usize::from_str_radix(size_text, 16).map_err(|_| bad(413, "chunk size too large"))?;
            if size == 0 {
                // Trailer fields, up to the empty line.
                while !self.take_line(deadline)?.is_empty() {}
                return Ok(body);
            }
            if size > MAX_BODY_BYTES - body.len() {
                return Err(bad(413, "chunked body too large"));
            }
            while self.buf.len() < size + 2 {
                self.fill(deadline)?;
            }
            if &self.buf[size..size + 2] != b"\r\n" {
                return Err(bad(400, "chunk data not followed by CRLF"));
            }
            body.extend(self.buf.drain(..size));
            self.buf.drain(..2);
        }
    }

    /// Sends `HTTP/1.1 100 Continue`.
    pub(crate) fn send_continue(&mut self) -> io::Result<()> {
        self.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
        self.stream.flush()
    }

    /// Sends a complete response.
    pub(crate) fn send(&mut self, response: &Response, close: bool) -> io::Result<()> {
        let mut bytes = response.head(response.body.len(), close);
        bytes.extend_from_slice(&response.body);
        self.stream.write_all(&bytes)?;
        self.stream.flush()
    }

    /// Sends the head announcing the full body, then only part of it, then closes.
    pub(crate) fn send_truncated(&mut self, response: &Response) -> io::Result<()> {
        let announced = response.body.len() + 64;
        let mut bytes = response.head(announced, true);
        bytes.extend_from_slice(&response.body[..response.body.len() / 2]);
        self.stream.write_all(&bytes)?;
        self.stream.flush()?;
        self.close();
        Ok(())
    }

    /// Closes both directions (a FIN), without answering.
    pub(crate) fn close(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }

    /// Aborts the connection: SO_LINGER 0 makes the close send an RST.
    pub(crate) fn reset(self) {
        let _ = socket2::SockRef::from(&self.stream).set_linger(Some(Duration::ZERO));
        drop(self.stream);
    }

    /// Never answers: reads and discards until the client gives up or the
    /// emulator shuts down.
    pub(crate) fn hang(mut self) {
        let mut sink = [0u8; 4096];
        loop {
            if self.shutdown.load(Ordering::SeqCst) {
                return;
            }
            match self.stream.read(&mut sink) {
                Ok(0) => return,
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted
                    ) => {}
                Err(_) => return,
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn parse_head(bytes: &[u8]) -> Result<Head, ReadError> {
    let text = std::str::from_utf8(bytes).map_err(|_| bad(400, "request head is not valid UTF-8"))?;
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad(400, format!("malformed request line: {request_line:?}")));
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(bad(400, format!("malformed method: {method:?}")));
    }
    if target.is_empty() || target.bytes().any(|b| b.is_ascii_control()) {
        return Err(bad(400, format!("malformed request-target: {target:?}")));
    }
    let minor = match version {
        "HTTP/1.1" => 1,
        "HTTP/1.0" => 0,
        v if v.starts_with("HTTP/") => {
            return Err(bad(505, format!("unsupported version {v}")));
        }
        v => return Err(bad(400, format!("malformed version: {v:?}"))),
    };
    let mut headers = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            return Err(bad(400, "obsolete header line folding"));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(bad(400, format!("malformed header line: {line:?}")));
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b)) {
            return Err(bad(400, format!("malformed header name: {name:?}")));
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    if minor == 1 && header(&headers, "host").is_none() {
        return Err(bad(400, "HTTP/1.1 request without Host header"));
    }
    Ok(Head { method: method.to_string(), target: target.to_string(), minor, headers })
}

/// A response to send.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Response {
    pub(crate) fn json(status: u16, value: &Value) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: serde_json::to_vec(value).unwrap_or_default(),
        }
    }

    pub(crate) fn text(status: u16, text: &str) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), "text/plain; charset=utf-8".into())],
            body: text.as_bytes().to_vec(),
        }
    }

    /// A body given by a fault: JSON if it parses as JSON, text otherwise.
    pub(crate) fn raw(status: u16, body: &str) -> Response {
        if serde_json::from_str::<Value>(body).is_ok() {
            Response {
                status,
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: body.as_bytes().to_vec(),
            }
        } else {
            Response::text(status, body)
        }
    }

    pub(crate) fn with_header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    fn head(&self, content_length: usize, close: bool) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {content_length}\r\n"));
        if close {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        head.into_bytes()
    }
}

/// The standard reason phrase of a status code.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}
