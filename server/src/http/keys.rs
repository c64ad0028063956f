//! API keys: who may call what.
//!
//! A key is shown once, when created, and stored only as its SHA-256 (a
//! stolen key file does not give access). Each key has scopes: `query`
//! (search, classify, ask, chat, embeddings), `ingest` (documents) and
//! `admin` (metrics, everything). The file is rewritten atomically, so a
//! crash never leaves it half-written.

use std::path::{Path, PathBuf};
use std::sync::RwLock;

use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Read-only use: search, classify, ask, chat, embeddings.
    Query,
    /// Adding, replacing and deleting documents.
    Ingest,
    /// Operating the server; implies the other scopes.
    Admin,
}

impl Scope {
    /// The name used on the command line and in errors.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Query => "query",
            Scope::Ingest => "ingest",
            Scope::Admin => "admin",
        }
    }
}

impl std::str::FromStr for Scope {
    type Err = KeyError;
    fn from_str(s: &str) -> Result<Self, KeyError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "query" => Ok(Scope::Query),
            "ingest" => Ok(Scope::Ingest),
            "admin" => Ok(Scope::Admin),
            other => Err(KeyError::UnknownScope(other.to_string())),
        }
    }
}

/// A stored key: everything but the secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyRecord {
    /// Public identifier (in the audit trail and `keys list`).
    pub id: String,
    /// A name for people.
    pub name: String,
    /// Granted scopes.
    pub scopes: Vec<Scope>,
    /// SHA-256 of the key, hex.
    pub sha256: String,
    /// Seconds since the Unix epoch.
    pub created: u64,
}

impl KeyRecord {
    /// Whether the key may use an endpoint needing `scope`.
    pub fn allows(&self, scope: Scope) -> bool {
        self.scopes.contains(&Scope::Admin) || self.scopes.contains(&scope)
    }
}

/// Errors reading or writing the key file.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The file could not be read or written.
    #[error("key file {path}: {source}")]
    Io {
        /// The key file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not a key list.
    #[error("key file {path} is corrupt: {reason}")]
    Corrupt {
        /// The key file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A scope name that does not exist.
    #[error("unknown scope {0:?} (query, ingest or admin)")]
    UnknownScope(String),
    /// No key with this id.
    #[error("no key with id {0}")]
    NoSuchKey(String),
}

/// The keys of a server, loaded from and saved to one JSON file.
#[derive(Debug)]
pub struct KeyStore {
    path: PathBuf,
    keys: RwLock<Vec<KeyRecord>>,
}

fn hash(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl KeyStore {
    /// Opens the key file at `path` (an absent file is an empty store).
    pub fn open(path: &Path) -> Result<Self, KeyError> {
        let keys = match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| KeyError::Corrupt {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(source) => {
                return Err(KeyError::Io {
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        Ok(Self {
            path: path.to_path_buf(),
            keys: RwLock::new(keys),
        })
    }

    /// Creates a key; returns its record and the secret, which is not kept.
    pub fn create(&self, name: &str, scopes: &[Scope]) -> Result<(KeyRecord, String), KeyError> {
        let mut rng = rand::rng();
        let id: String = (0..8)
            .map(|_| format!("{:x}", rng.random_range(0..16u8)))
            .collect();
        let secret: String = (0..32)
            .map(|_| format!("{:02x}", rng.random::<u8>()))
            .collect();
        let key = format!("ptl_{id}_{secret}");
        let record = KeyRecord {
            id,
            name: name.to_string(),
            scopes: scopes.to_vec(),
            sha256: hash(&key),
            created: now(),
        };
        let mut keys = self.keys.write().unwrap_or_else(|e| e.into_inner());
        let mut next = keys.clone();
        next.push(record.clone());
        self.save(&next)?;
        *keys = next;
        Ok((record, key))
    }

    /// Removes the key with `id`.
    pub fn revoke(&self, id: &str) -> Result<(), KeyError> {
        let mut keys = self.keys.write().unwrap_or_else(|e| e.into_inner());
        let next: Vec<KeyRecord> = keys.iter().filter(|k| k.id != id).cloned().collect();
        if next.len() == keys.len() {
            return Err(KeyError::NoSuchKey(id.to_string()));
        }
        self.save(&next)?;
        *keys = next;
        Ok(())
    }

    /// The stored keys.
    pub fn list(&self) -> Vec<KeyRecord> {
        self.keys.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The record of a presented key, if it is one of ours.
    pub fn verify(&self, key: &str) -> Option<KeyRecord> {
        let h = hash(key);
        self.keys
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .find(|k| k.sha256 == h)
            .cloned()
    }

    /// Writes to a temporary file beside the key file, then renames it over.
    fn save(&self, keys: &[KeyRecord]) -> Result<(), KeyError> {
        let io = |source| KeyError::Io {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let tmp = self.path.with_extension("json.tmp");
        let json = serde_json::to_vec_pretty(keys).map_err(|e| KeyError::Corrupt {
            path: self.path.clone(),
            reason: e.to_string(),
        })?;
        std::fs::write(&tmp, json).map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
        }
        std::fs::rename(&tmp, &self.path).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stored_hashed_and_verified() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.json");
        let store = KeyStore::open(&path).unwrap();
        let (record, key) = store.create("broker", &[Scope::Query]).unwrap();
        let file = std::fs::read_to_string(&path).unwrap();
        assert!(!file.contains(&key), "the secret must not be stored");
        assert!(file.contains(&record.sha256));
        // A fresh store reads the file back.
        let again = KeyStore::open(&path).unwrap();
        let found = again.verify(&key).expect("known key");
        assert_eq!(found.id, record.id);
        assert!(found.allows(Scope::Query) && !found.allows(Scope::Ingest));
        assert!(again.verify("ptl_00000000_bad").is_none());
        again.revoke(&record.id).unwrap();
        assert!(KeyStore::open(&path).unwrap().verify(&key).is_none());
        assert!(again.revoke(&record.id).is_err());
    }

    #[test]
    fn admin_implies_every_scope() {
        let r = KeyRecord {
            id: "x".into(),
            name: String::new(),
            scopes: vec![Scope::Admin],
            sha256: String::new(),
            created: 0,
        };
        assert!(r.allows(Scope::Query) && r.allows(Scope::Ingest));
        assert!("INGEST".parse::<Scope>().is_ok() && "root".parse::<Scope>().is_err());
    }
}
