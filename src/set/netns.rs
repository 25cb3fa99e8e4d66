//! Named network namespaces (`/run/netns/NAME`, as `ip netns add` makes
//! them): a session can live in one without moving the caller's thread.

use std::fs::File;
use std::os::fd::AsFd;
use std::os::unix::fs::MetadataExt;
use std::sync::Arc;

use super::error::{Error, Result};

/// An open named network namespace.
#[derive(Debug, Clone)]
pub struct Netns {
    name: String,
    file: Arc<File>,
}

impl Netns {
    /// Open `/run/netns/NAME`. NAME is a name there, never a path: one that
    /// is empty, `.`, `..` or holds a `/` is refused before anything is
    /// opened.
    pub fn open(name: &str) -> Result<Netns> {
        if name.is_empty() || name == "." || name == ".." || name.contains('/') {
            return Err(Error::invalid(format!(
                "Invalid network namespace name \"{name}\": a name in /run/netns/ is not empty, \".\" or \"..\" and has no '/'"
            )));
        }
        let file = File::open(format!("/run/netns/{name}")).map_err(|e| {
            Error::invalid(format!("Cannot open network namespace \"{name}\": {e}"))
        })?;
        Ok(Netns {
            name: name.to_string(),
            file: Arc::new(file),
        })
    }

    /// The name it was opened by.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Move the calling thread into this namespace for good, as `ip -n`
    /// does before it runs a command.
    pub fn enter(&self) -> Result<()> {
        crate::sys::setns_net(self.file.as_fd()).map_err(|e| self.failed(e))
    }

    /// Run `f` inside this namespace, the calling thread moved there and back.
    pub(crate) fn run<T>(&self, f: impl FnOnce() -> T) -> Result<T> {
        crate::sys::in_netns(self.file.as_fd(), f).map_err(|e| self.failed(e))
    }

    fn failed(&self, e: std::io::Error) -> Error {
        Error::invalid(format!(
            "setting the network namespace \"{}\" failed: {e}",
            self.name
        ))
    }
}

/// Run `f` inside `netns`, or where the calling thread is when None.
pub(crate) fn within<T>(netns: Option<&Netns>, f: impl FnOnce() -> T) -> Result<T> {
    match netns {
        Some(n) => n.run(f),
        None => Ok(f()),
    }
}

/// Which network namespace a lock lives in: `netns`, or the calling
/// thread's own; (device, inode) of the namespace file, 0s if unknown.
pub(crate) fn identity(netns: Option<&Netns>) -> (u64, u64) {
    let meta = match netns {
        Some(n) => n.file.metadata(),
        None => std::fs::metadata("/proc/thread-self/ns/net"),
    };
    meta.map(|m| (m.dev(), m.ino())).unwrap_or((0, 0))
}
