//! Just enough HTTP/1.1 for a local preview server: one GET or HEAD per connection, answered
//! and closed.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;

/// The longest request head accepted; browsers send far less.
const MAX_HEAD: u64 = 16 * 1024;

/// A parsed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// `GET`, `HEAD`…
    pub(crate) method: String,
    /// Percent-decoded path, without query.
    pub(crate) path: String,
    /// Raw query string, without `?`.
    pub(crate) query: String,
    /// The Host header, if any.
    pub(crate) host: Option<String>,
}

impl Request {
    /// Value of a query parameter.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query.split('&').filter_map(|pair| pair.split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
    }
}

/// Read one request head. `None` when the client sent something that is not HTTP.
pub(crate) fn read_request(stream: &TcpStream) -> io::Result<Option<Request>> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD));
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(_version)) = (parts.next(), parts.next(), parts.next()) else {
        return Ok(None);
    };
    let method = method.to_owned();
    let target = target.to_owned();
    let mut host = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 {
            return Ok(None);
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("host") {
                host = Some(value.trim().to_owned());
            }
        }
    }
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let Some(path) = percent_decode(path) else {
        return Ok(None);
    };
    Ok(Some(Request { method, path, query: query.to_owned(), host }))
}

/// `%XX` decoding; `None` for malformed escapes or invalid UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A response to write.
#[derive(Debug)]
pub(crate) struct Response<'a> {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    pub(crate) body: &'a [u8],
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Internal Server Error",
    }
}

/// Write a response and close the exchange; `head_only` for HEAD requests.
pub(crate) fn write_response(mut stream: &TcpStream, response: &Response<'_>, head_only: bool) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(response.body)?;
    }
    stream.flush()
}

/// Content type of a site file, by extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("/events/a%20b.html").as_deref(), Some("/events/a b.html"));
        assert_eq!(percent_decode("/%E6%97%A5").as_deref(), Some("/日"));
        assert_eq!(percent_decode("/bad%2"), None);
        assert_eq!(percent_decode("/bad%zz"), None);
        assert_eq!(percent_decode("/%ff"), None);
    }

    #[test]
    fn reads_query_parameters() {
        let request = Request { method: "GET".into(), path: "/w".into(), query: "a=1&since=7".into(), host: None };
        assert_eq!(request.param("since"), Some("7"));
        assert_eq!(request.param("b"), None);
    }
}
