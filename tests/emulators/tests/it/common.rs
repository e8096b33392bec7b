//! A raw HTTP/1.1 client over `TcpStream`, able to tell a reset, a close and
//! a truncated response apart.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::Value;

/// A parsed response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// How a request failed at the transport level.
#[derive(Debug, PartialEq, Eq)]
pub enum Failure {
    /// Connection reset by peer.
    Reset,
    /// The connection closed before any response byte.
    Closed,
    /// No response within the read timeout.
    Timeout,
    /// The body ended before Content-Length.
    Truncated { status: u16, announced: usize, got: usize },
    /// Anything else.
    Other(String),
}

fn failure(e: &io::Error) -> Failure {
    match e.kind() {
        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => Failure::Reset,
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Failure::Timeout,
        _ => Failure::Other(e.to_string()),
    }
}

/// One client connection.
pub struct Client {
    stream: TcpStream,
    buf: Vec<u8>,
    host: String,
}

impl Client {
    pub fn connect(base_url: &str) -> Client {
        let host = base_url.trim_start_matches("http://").to_string();
        let stream = TcpStream::connect(&host).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        Client { stream, buf: Vec::new(), host }
    }

    pub fn read_timeout(&self, timeout: Duration) {
        self.stream.set_read_timeout(Some(timeout)).unwrap();
    }

    pub fn write_raw(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("write");
    }

    /// Sends a request with Host and Content-Length added.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Resp, Failure> {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.host);
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body);
        if let Err(e) = self.stream.write_all(&bytes) {
            return Err(failure(&e));
        }
        self.read_response()
    }

    fn fill(&mut self) -> Result<usize, Failure> {
        let mut chunk = [0u8; 16 * 1024];
        match self.stream.read(&mut chunk) {
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                Ok(n)
            }
            Err(e) => Err(failure(&e)),
        }
    }

    /// Reads one response (skipping interim 1xx responses).
    pub fn read_response(&mut self) -> Result<Resp, Failure> {
        self.read_any(true)
    }

    /// Reads the next response head, interim (1xx) ones included.
    pub fn read_interim(&mut self) -> Result<Resp, Failure> {
        self.read_any(false)
    }

    fn read_any(&mut self, skip_interim: bool) -> Result<Resp, Failure> {
        loop {
            let end = loop {
                if let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    break end;
                }
                if self.fill()? == 0 {
                    return Err(if self.buf.is_empty() {
                        Failure::Closed
                    } else {
                        Failure::Other("EOF inside the response head".into())
                    });
                }
            };
            let head = String::from_utf8(self.buf[..end].to_vec()).unwrap();
            self.buf.drain(..end + 4);
            let mut lines = head.split("\r\n");
            let status_line = lines.next().unwrap();
            let status: u16 = status_line.split(' ').nth(1).unwrap().parse().unwrap();
            let headers: Vec<(String, String)> = lines
                .map(|l| {
                    let (n, v) = l.split_once(':').unwrap();
                    (n.to_string(), v.trim().to_string())
                })
                .collect();
            if (100..200).contains(&status) {
                if skip_interim {
                    continue;
                }
                return Ok(Resp { status, headers, body: Vec::new() });
            }
            let length: usize = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .map(|(_, v)| v.parse().unwrap())
                .unwrap_or(0);
            while self.buf.len() < length {
                match self.fill() {
                    Ok(0) => {
                        return Err(Failure::Truncated { status, announced: length, got: self.buf.len() });
                    }
                    Ok(_) => {}
                    Err(Failure::Reset) => {
                        return Err(Failure::Truncated { status, announced: length, got: self.buf.len() });
                    }
                    Err(e) => return Err(e),
                }
            }
            let body: Vec<u8> = self.buf.drain(..length).collect();
            return Ok(Resp { status, headers, body });
        }
    }

    /// Whether the server closed the connection (EOF or reset on read).
    pub fn is_closed(&mut self) -> bool {
        self.read_timeout(Duration::from_secs(2));
        matches!(self.fill(), Ok(0) | Err(Failure::Reset))
    }
}

/// Sends one request on a new connection.
pub fn send(base_url: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Result<Resp, Failure> {
    Client::connect(base_url).request(method, path, headers, body)
}

/// POSTs JSON on a new connection; panics on a transport failure.
pub fn post_json(base_url: &str, path: &str, auth: Option<&str>, body: &Value) -> Resp {
    let bytes = serde_json::to_vec(body).unwrap();
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(auth) = auth {
        headers.push(("Authorization", auth));
    }
    send(base_url, "POST", path, &headers, &bytes).expect("transport failure")
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64
}
