//! Index generations: every build writes a new folder and then switches a
//! one-line `CURRENT` pointer to it with an atomic rename.
//!
//! A build that is interrupted leaves a `*.partial` folder that nothing
//! points at, and readers keep using the previous generation; readers that
//! opened the previous generation keep their files until they reopen.

use std::path::{Path, PathBuf};

use crate::{Result, RetrievalError};

const CURRENT: &str = "CURRENT";

/// The index root (`$PORTOLAN_HOME/index`).
#[derive(Debug, Clone)]
pub struct IndexRoot {
    root: PathBuf,
}

impl IndexRoot {
    /// The root folder.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The generation `CURRENT` points at, if any.
    pub fn current(&self) -> Result<Option<PathBuf>> {
        let p = self.root.join(CURRENT);
        match std::fs::read_to_string(&p) {
            Ok(name) => {
                let dir = self.root.join(name.trim());
                if dir.is_dir() {
                    Ok(Some(dir))
                } else {
                    Err(RetrievalError::Corrupted {
                        path: p,
                        reason: format!("points at missing {}", dir.display()),
                    })
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(RetrievalError::io(p, e)),
        }
    }

    /// A fresh folder for a new generation (removing leftovers of interrupted builds).
    pub fn start(&self) -> Result<PathBuf> {
        std::fs::create_dir_all(&self.root).map_err(|e| RetrievalError::io(&self.root, e))?;
        for entry in std::fs::read_dir(&self.root)
            .map_err(|e| RetrievalError::io(&self.root, e))?
            .flatten()
        {
            if entry.file_name().to_string_lossy().ends_with(".partial") {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        let dir = self.root.join(format!("gen-{stamp}.partial"));
        std::fs::create_dir_all(&dir).map_err(|e| RetrievalError::io(&dir, e))?;
        Ok(dir)
    }

    /// Publishes a finished generation: rename it into place, point `CURRENT`
    /// at it, then remove older generations.
    pub fn publish(&self, partial: &Path) -> Result<PathBuf> {
        let name = partial
            .file_name()
            .map(|n| n.to_string_lossy().trim_end_matches(".partial").to_string())
            .ok_or_else(|| RetrievalError::InvalidRequest("generation without a name".into()))?;
        let done = self.root.join(&name);
        std::fs::rename(partial, &done).map_err(|e| RetrievalError::io(partial, e))?;
        let tmp = self.root.join(format!("{CURRENT}.tmp"));
        std::fs::write(&tmp, format!("{name}\n")).map_err(|e| RetrievalError::io(&tmp, e))?;
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| RetrievalError::io(&tmp, e))?;
        std::fs::rename(&tmp, self.root.join(CURRENT)).map_err(|e| RetrievalError::io(&tmp, e))?;
        for entry in std::fs::read_dir(&self.root)
            .map_err(|e| RetrievalError::io(&self.root, e))?
            .flatten()
        {
            let n = entry.file_name().to_string_lossy().to_string();
            if n.starts_with("gen-") && n != name && !n.ends_with(".partial") {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interrupted_generation_is_never_current() {
        let dir = tempfile::tempdir().unwrap();
        let root = IndexRoot::new(dir.path());
        assert_eq!(root.current().unwrap(), None);
        let first = root.start().unwrap();
        std::fs::write(first.join("marker"), "1").unwrap();
        let first = root.publish(&first).unwrap();
        assert_eq!(root.current().unwrap(), Some(first.clone()));
        // A second build that dies before publishing changes nothing.
        let second = root.start().unwrap();
        std::fs::write(second.join("marker"), "2").unwrap();
        assert_eq!(root.current().unwrap(), Some(first.clone()));
        // The next build clears the leftover and publishing removes the old generation.
        std::thread::sleep(std::time::Duration::from_millis(2));
        let third = root.start().unwrap();
        assert!(!second.exists());
        let third = root.publish(&third).unwrap();
        assert_eq!(root.current().unwrap(), Some(third));
        assert!(!first.exists());
    }
}
