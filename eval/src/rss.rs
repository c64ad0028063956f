//! Running a child process and reading its own peak resident memory.
//!
//! `getrusage(RUSAGE_CHILDREN)` reports the largest of *all* children waited
//! for, which mixes engines and models; `wait4` on the child's pid gives that
//! child's figure alone.

use std::io::Read;
use std::process::{Command, Stdio};

/// What a finished child printed, its exit code and its peak RSS in bytes.
pub struct Measured {
    /// Standard output.
    pub stdout: Vec<u8>,
    /// Standard error.
    pub stderr: Vec<u8>,
    /// Exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    /// Peak resident set size in bytes.
    pub peak_rss: u64,
}

/// Runs `cmd` to completion, capturing its output and its own peak RSS.
pub fn run_measured(cmd: &mut Command) -> std::io::Result<Measured> {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn()?;
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        err.read_to_end(&mut buf).map(|_| buf)
    });
    let mut stdout = Vec::new();
    out.read_to_end(&mut stdout)?;
    let stderr = err_reader
        .join()
        .map_err(|_| std::io::Error::other("stderr reader panicked"))??;
    let mut status = 0;
    // SAFETY: wait4 writes only into the two out-parameters we own; the pid is
    // our own unreaped child (std's `Child` is not waited on afterwards).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    if pid < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Ok(Measured {
        stdout,
        stderr,
        code,
        // On Linux ru_maxrss is in kilobytes.
        peak_rss: usage.ru_maxrss as u64 * 1024,
    })
}
