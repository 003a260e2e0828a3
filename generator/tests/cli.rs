//! The command line: `--check` reports stale output without touching it; bad input is an error
//! naming the file, with exit code 1 and nothing written.

use std::path::{Path, PathBuf};
use std::process::Command;

fn generator() -> Command {
    Command::new(env!("CARGO_BIN_EXE_generator"))
}

/// One API's spec folder: its module is named after the folder (`v3`).
fn spec_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/v3")
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

    let edited = out.path().join("src/generated/v3/models/usage_type.rs");
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

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name)
}

/// Generates from `spec` into a fresh folder and returns the files, headers dropped (they name the input).
fn generated_files(spec: &Path) -> Vec<(PathBuf, String)> {
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (code, _, stderr) = run(generator().arg("--spec").arg(spec).args(["--api", "x", "--out"]).arg(out.path()).arg("--no-tag-features"));
    assert_eq!(code, 0, "{stderr}");
    let mut files = Vec::new();
    let mut pending = vec![out.path().to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")).flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
                let body = text.split_once('\n').map(|(_, rest)| rest.to_owned()).unwrap_or_default();
                files.push((path.strip_prefix(out.path()).map(Path::to_path_buf).unwrap_or_default(), body));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn extracting_a_yaml_bundle_then_generating_equals_generating_from_the_bundle() {
    let spec = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bundle = fixture("constructs.yaml");
    let (code, stdout, stderr) = run(generator().arg("extract").arg(&bundle).arg("--out").arg(spec.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("12 operations"), "{stdout}");
    assert!(spec.path().join("operations/pets/getPet.json").is_file());
    assert!(spec.path().join("components/schemas/TreeNode.json").is_file());
    assert_eq!(generated_files(spec.path()), generated_files(&bundle));
}

#[test]
fn extracting_a_docs_page_keeps_its_operation() {
    let spec = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let page = fixture("seed-001-replace-provisioning-policy.txt");
    let (code, _, stderr) = run(generator().arg("extract").arg(&page).arg("--out").arg(spec.path()));
    assert_eq!(code, 0, "{stderr}");
    let op = spec.path().join("operations/sources/replaceProvisioningPolicy.json");
    let text = std::fs::read_to_string(&op).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("\"method\": \"put\"") && !text.contains("postman"), "{text}");
    assert_eq!(generated_files(spec.path()), generated_files(&page));
}

#[test]
fn extracting_by_tag_and_operation_selects() {
    let spec = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bundle = fixture("constructs.yaml");
    let (code, stdout, stderr) = run(generator().arg("extract").arg(&bundle).args(["--tag", "Files", "--out"]).arg(spec.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("6 operations"), "{stdout}");
    let (code, stdout, _) = run(generator().arg("extract").arg(&bundle).args(["--operation", "createTree", "--out"]).arg(spec.path()));
    assert_eq!(code, 0);
    assert!(stdout.starts_with("1 operations and 1 components"), "{stdout}");
    assert!(!spec.path().join("operations/files").exists(), "a new extraction replaces the old one");
}

#[test]
fn each_api_is_extracted_into_its_own_folder_and_generated_into_its_own_module() {
    let spec = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bundle = fixture("constructs.yaml");
    let page = fixture("seed-001-replace-provisioning-policy.txt");
    let (code, _, stderr) = run(generator().arg("extract").arg(&bundle).arg("--out").arg(spec.path().join("pets")));
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = run(generator().arg("extract").arg(&page).arg("--out").arg(spec.path().join("seed")));
    assert_eq!(code, 0, "{stderr}");
    // Extracting one API again leaves the other's files alone.
    let (code, _, stderr) = run(generator().arg("extract").arg(&bundle).args(["--tag", "Files", "--out"]).arg(spec.path().join("pets")));
    assert_eq!(code, 0, "{stderr}");
    assert!(spec.path().join("seed/operations/sources/replaceProvisioningPolicy.json").is_file());

    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (code, _, stderr) = run(generator().arg("--spec").arg(spec.path()).arg("--out").arg(out.path()));
    assert_eq!(code, 0, "{stderr}");
    let root = std::fs::read_to_string(out.path().join("src/generated/mod.rs")).unwrap_or_else(|e| panic!("{e}"));
    assert!(root.contains("pub mod pets;") && root.contains("pub mod seed;"), "{root}");
    let manifest = std::fs::read_to_string(out.path().join("Cargo.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert!(manifest.contains("\npets-files = []") && manifest.contains("\nseed-sources = []"), "{manifest}");
    assert!(out.path().join("src/generated/pets/apis/files.rs").is_file());
    assert!(!out.path().join("src/generated/pets/apis/pets.rs").exists());
}

#[test]
fn extract_needs_to_know_which_api_it_writes() {
    let (code, _, stderr) = run(generator().arg("extract").arg(fixture("constructs.yaml")));
    assert_eq!(code, 2, "a usage error");
    assert!(stderr.contains("--api") && stderr.contains("--out"), "{stderr}");
}

#[test]
fn every_subcommand_explains_its_options() {
    let (code, stdout, _) = run(generator().arg("--help"));
    assert_eq!(code, 0);
    assert!(["--spec", "--api", "--out", "--no-tag-features", "--check", "extract"].iter().all(|o| stdout.contains(o)), "{stdout}");
    let (code, stdout, _) = run(generator().args(["extract", "--help"]));
    assert_eq!(code, 0);
    assert!(["--api", "--out", "--tag", "--operation", "<INPUT>"].iter().all(|o| stdout.contains(o)), "{stdout}");
    let (code, _, stderr) = run(generator().arg("--chek"));
    assert_eq!(code, 2);
    assert!(stderr.contains("--chek"), "{stderr}");
}

#[test]
fn pages_and_folders_of_pages_merge_into_one_api_folder() {
    let spec = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let pages = fixture("docs-pages");
    let (code, stdout, stderr) = run(generator().arg("extract").arg(&pages).arg("--out").arg(spec.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("3 operations"), "{stdout}");
    let ops = spec.path().join("operations");
    let get = ops.join("sources/getProvisioningPolicy.json");
    for file in [&get, &ops.join("sources/putProvisioningPolicy.json"), &ops.join("search/searchPost.json")] {
        assert!(file.is_file(), "{}", file.display());
    }
    // Extracting one page again replaces that operation only.
    std::fs::write(&get, "{}").unwrap_or_else(|e| panic!("{e}"));
    let (code, stdout, stderr) = run(generator().arg("extract").arg(pages.join("get-provisioning-policy.api.mdx")).arg("--out").arg(spec.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("1 operations"), "{stdout}");
    assert!(std::fs::read_to_string(&get).is_ok_and(|t| t.contains("getProvisioningPolicy")));
    assert!(ops.join("search/searchPost.json").is_file(), "the other pages' operations stay");

    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (code, _, stderr) = run(generator().arg("--spec").arg(spec.path()).args(["--api", "pages", "--out"]).arg(out.path()).arg("--no-tag-features"));
    assert_eq!(code, 0, "{stderr}");
    assert!(out.path().join("src/generated/pages/apis/search.rs").is_file());
}

#[test]
fn every_bad_page_is_reported_and_nothing_is_written() {
    let pages = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good = std::fs::read_to_string(fixture("docs-pages/get-provisioning-policy.api.mdx")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(pages.path().join("a-good.api.mdx"), &good).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(pages.path().join("b-bad.api.mdx"), "---\napi: eJzt!!!\n---\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(pages.path().join("c-bad.api.mdx"), "---\napi: {\"method\": \n---\n").unwrap_or_else(|e| panic!("{e}"));
    let spec = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (code, _, stderr) = run(generator().arg("extract").arg(pages.path()).arg("--out").arg(spec.path()));
    assert_eq!(code, 1);
    assert!(stderr.contains("2 of 3 pages") && stderr.contains("b-bad.api.mdx#/") && stderr.contains("c-bad.api.mdx#/"), "{stderr}");
    assert_eq!(std::fs::read_dir(spec.path()).map(|d| d.count()).ok(), Some(0));
}
