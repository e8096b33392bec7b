//! `codegen docs --serve`: the site on `127.0.0.1`, rebuilt whenever a plan file changes, with
//! pages that reload themselves.
//!
//! The site is rendered into memory and served from there; nothing is written to disk. A
//! watcher thread polls the files the last build read (see [`watch`]); after a change it waits
//! for the files to settle, rebuilds, and bumps the site version. In serve mode every page
//! loads `/__trackplan/live-reload.js`, which long-polls `/__trackplan/wait?since=<version>`
//! and reloads the page when the version moves on. While the plan has errors every page is the
//! list of diagnostics, which reloads into the site once the plan is fixed.

mod http;
mod watch;

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use self::http::{Request, Response};
use self::watch::Snapshot;
use crate::changes::Comparison;
use crate::inputs::Inputs;
use crate::site::Site;

/// The script that pages load in serve mode.
const LIVE_RELOAD_JS: &str = include_str!("../../../../templates/docs/assets/live-reload.js");
/// How long a long-poll request waits for a new version before answering anyway.
const LONG_POLL: Duration = Duration::from_secs(25);

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// How often the plan files are checked for changes.
    pub poll_interval: Duration,
    /// Print what happens (rebuilds, errors) on standard error.
    pub log: bool,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig { port: 8000, poll_interval: Duration::from_millis(250), log: true }
    }
}

/// The server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port is taken or not allowed.
    #[error(
        "cannot listen on 127.0.0.1:{port}: {source}\n  help: pass another port with --port, or --port 0 for any free one"
    )]
    Bind {
        /// The port.
        port: u16,
        /// Why.
        source: std::io::Error,
    },
    /// A thread could not be started.
    #[error("cannot start the docs server: {0}")]
    Thread(std::io::Error),
}

struct State {
    version: u64,
    site: Arc<Site>,
    failed: bool,
    watched: Vec<PathBuf>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    stop: AtomicBool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking request thread must not take the whole server down with it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running server. Dropping it does not stop it; call [`Server::shutdown`].
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    threads: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish_non_exhaustive()
    }
}

/// Build the site and serve it until shut down.
pub fn serve(
    inputs: Inputs,
    comparison: Box<dyn Comparison + Send>,
    config: ServeConfig,
) -> Result<Server, ServeError> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
        .map_err(|source| ServeError::Bind { port: config.port, source })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind { port: config.port, source })?;
    let first = inputs.serve_build(comparison.as_ref(), 1);
    if config.log {
        report_build(&first.error, &first.watched, 1);
    }
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            version: 1,
            failed: first.error.is_some(),
            watched: watch::distinct(first.watched),
            site: Arc::new(first.site),
        }),
        changed: Condvar::new(),
        stop: AtomicBool::new(false),
    });
    let watcher = {
        let shared = Arc::clone(&shared);
        let config = config.clone();
        std::thread::Builder::new()
            .name("docs-watch".into())
            .spawn(move || watch_loop(&shared, &inputs, comparison.as_ref(), &config))
            .map_err(ServeError::Thread)?
    };
    let acceptor = {
        let shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("docs-accept".into())
            .spawn(move || accept_loop(&listener, &shared, addr.port()))
            .map_err(ServeError::Thread)?
    };
    Ok(Server { addr, shared, threads: vec![watcher, acceptor] })
}

impl Server {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's URL.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Version of the site being served; it goes up by one on every rebuild.
    pub fn version(&self) -> u64 {
        self.shared.lock().version
    }

    /// Block until the server stops (it runs until the process ends unless shut down).
    pub fn wait(mut self) {
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }

    /// Stop watching and serving, and wait for the server threads to end.
    pub fn shutdown(self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.changed.notify_all();
        // Wake the accept loop, which is blocked in accept().
        let _ = TcpStream::connect(self.addr);
        self.wait();
    }
}

fn report_build(error: &Option<String>, watched: &[PathBuf], version: u64) {
    match error {
        None => eprintln!("docs: site version {version} built; watching {} files", watched.len()),
        Some(error) => eprintln!("{error}\n\ndocs: the browser shows these errors until the plan is fixed"),
    }
}

fn watch_loop(shared: &Shared, inputs: &Inputs, comparison: &dyn Comparison, config: &ServeConfig) {
    let mut files = shared.lock().watched.clone();
    let mut seen = Snapshot::take(&files);
    while !shared.stop.load(Ordering::SeqCst) {
        std::thread::sleep(config.poll_interval);
        let now = Snapshot::take(&files);
        if now == seen {
            continue;
        }
        // Editors save in several writes; build once the files have stopped changing.
        let mut settled = now;
        loop {
            std::thread::sleep(config.poll_interval.min(Duration::from_millis(100)));
            let again = Snapshot::take(&files);
            if again == settled {
                break;
            }
            settled = again;
        }
        let version = shared.lock().version + 1;
        let built = inputs.serve_build(comparison, version);
        if config.log {
            report_build(&built.error, &built.watched, version);
        }
        let mut state = shared.lock();
        // While the plan is broken it may not list all its files: keep watching the old ones.
        let keep = if built.error.is_some() { state.watched.clone() } else { Vec::new() };
        state.watched = watch::distinct(built.watched.into_iter().chain(keep));
        state.version = version;
        state.failed = built.error.is_some();
        state.site = Arc::new(built.site);
        files = state.watched.clone();
        drop(state);
        seen = Snapshot::take(&files);
        shared.changed.notify_all();
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>, port: u16) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(shared);
        // One short-lived thread per connection: a long poll must not hold up page loads.
        let _ = std::thread::Builder::new().name("docs-request".into()).spawn(move || {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            if let Ok(Some(request)) = http::read_request(&stream) {
                let _ = respond(&stream, &request, &shared, port);
            }
        });
    }
}

fn respond(stream: &TcpStream, request: &Request, shared: &Shared, port: u16) -> std::io::Result<()> {
    let head_only = request.method == "HEAD";
    let send = |status: u16, content_type: &'static str, body: &[u8]| {
        http::write_response(stream, &Response { status, content_type, body }, head_only)
    };
    if request.method != "GET" && !head_only {
        return send(405, "text/plain; charset=utf-8", b"only GET and HEAD\n");
    }
    // Pages of a local server must not be reachable through another host name (DNS rebinding).
    let allowed = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    if !request.host.as_ref().is_some_and(|host| allowed.contains(host)) {
        return send(403, "text/plain; charset=utf-8", b"unknown Host; open http://127.0.0.1:<port>/\n");
    }
    match request.path.as_str() {
        "/__trackplan/live-reload.js" => send(200, "text/javascript; charset=utf-8", LIVE_RELOAD_JS.as_bytes()),
        "/__trackplan/wait" => {
            let since = request.param("since").and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
            let version = wait_for_version(shared, since);
            send(200, "application/json", format!("{{\"version\":{version}}}").as_bytes())
        }
        path => {
            let (site, failed) = {
                let state = shared.lock();
                (Arc::clone(&state.site), state.failed)
            };
            let mut file = path.trim_start_matches('/').to_owned();
            if file.is_empty() || file.ends_with('/') {
                file.push_str("index.html");
            }
            // While the plan is broken, every page is the list of its problems.
            if failed && file.ends_with(".html") {
                file = "index.html".to_owned();
            }
            match site.get(&file) {
                Some(contents) => send(200, http::content_type(&file), contents.as_bytes()),
                None => send(404, "text/plain; charset=utf-8", b"not found\n"),
            }
        }
    }
}

/// The site version once it differs from `since`, or the current one after the long-poll time.
fn wait_for_version(shared: &Shared, since: u64) -> u64 {
    let deadline = Instant::now() + LONG_POLL;
    let mut state = shared.lock();
    while state.version == since && !shared.stop.load(Ordering::SeqCst) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        state = shared.changed.wait_timeout(state, left).unwrap_or_else(PoisonError::into_inner).0;
    }
    state.version
}
