//! The command line: `--check` reports stale output without touching it; bad input is an error
//! naming the file, with exit code 1 and nothing written.

use std::path::{Path, PathBuf};
use std::process::Command;

fn generator() -> Command {
    Command::new(env!("CARGO_BIN_EXE_generator"))
}

fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

fn run(command: &mut Command) -> (i32, String, String) {
    let output = command.output().unwrap_or_else(|e| panic!("cannot run the generator: {e}"));
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

#[test]
fn check_names_stale_files_and_changes_nothing() {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (code, _, stderr) = run(generator().arg("--spec").arg(spec_dir()).arg("--out").arg(out.path()));
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, _) = run(generator().arg("--spec").arg(spec_dir()).arg("--out").arg(out.path()).arg("--check"));
    assert_eq!(code, 0);
    assert!(stdout.contains("up to date"), "{stdout}");

    let edited = out.path().join("src/generated/models/usage_type.rs");
    std::fs::write(&edited, "// hand edit\n").unwrap_or_else(|e| panic!("{e}"));
    let (code, _, stderr) = run(generator().arg("--spec").arg(spec_dir()).arg("--out").arg(out.path()).arg("--check"));
    assert_eq!(code, 1);
    assert!(stderr.contains("usage_type.rs") && stderr.contains("cargo run -p generator"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&edited).ok().as_deref(), Some("// hand edit\n"));
}

#[test]
fn a_broken_spec_file_is_named_and_nothing_is_written() {
    let spec = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let ops = spec.path().join("operations/sources");
    std::fs::create_dir_all(&ops).unwrap_or_else(|e| panic!("{e}"));
    let broken = ops.join("broken.json");
    std::fs::write(&broken, r#"{"operationId": "x", "method": "get", "path": "/x", "responses": {"200": {"$ref": 7}}}"#)
        .unwrap_or_else(|e| panic!("{e}"));
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (code, _, stderr) = run(generator().arg("--spec").arg(spec.path()).arg("--out").arg(out.path()));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("broken.json#/responses/200"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(std::fs::read_dir(out.path()).map(|d| d.count()).ok(), Some(0));
}
