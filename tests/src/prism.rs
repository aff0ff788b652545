//! Prism, the OpenAPI mock server, run on loopback for the tests.
//!
//! Prism is installed by the tests themselves from `tests/prism/package.json`
//! and its lockfile (`npm ci`, into `tests/prism/node_modules`, inside the
//! clone), so `cargo test --workspace` needs nothing installed by hand but
//! Node.js. A `Prism` value owns the server process and kills it when dropped,
//! which also happens when a test panics.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Installs Prism once per machine state; concurrent callers wait.
fn install() -> PathBuf {
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let dir = root().join("tests/prism");
    let bin = dir.join("node_modules/.bin/prism");
    if bin.exists() {
        return bin;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir)
        .status()
        .unwrap_or_else(|e| panic!("cannot run npm to install Prism (is Node.js installed?): {e}"));
    assert!(status.success(), "`npm ci` in {} failed", dir.display());
    assert!(bin.exists(), "npm ci did not install {}", bin.display());
    bin
}

/// A running Prism mock server.
pub struct Prism {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub url: String,
    log: PathBuf,
}

impl Prism {
    /// Starts `prism mock --errors` on a free loopback port against
    /// `spec/clerk.yaml`; with `dynamic`, responses are random data valid
    /// against the schemas (`-d`) instead of the spec's examples.
    pub fn start(dynamic: bool) -> Prism {
        let bin = install();
        // Held until this Prism listens: two tests starting at once could
        // otherwise be handed the same free port (it is free again once the
        // probe closes), and one would talk to the other's Prism and lose it
        // when that test ends.
        static STARTING: Mutex<()> = Mutex::new(());
        let _starting = STARTING.lock().unwrap_or_else(|e| e.into_inner());
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let log = std::env::temp_dir().join(format!("prism-{}-{port}.log", std::process::id()));
        let out = std::fs::File::create(&log).expect("prism log file");
        let mut command = Command::new(bin);
        command
            .args([
                "mock",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "--errors",
            ])
            .arg(root().join("spec/clerk.yaml"))
            .stdin(Stdio::null())
            .stdout(out.try_clone().expect("log handle"))
            .stderr(out);
        if dynamic {
            command.arg("-d");
        }
        let child = command.spawn().expect("start prism");
        let mut prism = Prism {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        prism.wait_ready(port);
        prism
    }

    fn wait_ready(&mut self, port: u16) {
        let deadline = Instant::now() + Duration::from_secs(90);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("prism exited with {status}:\n{}", self.log());
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("prism did not listen within 90 s:\n{}", self.log());
    }

    /// What Prism printed so far (for failure messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}
