//! `tests/corpus-client` is exactly what the generator gives for the corpus: every spec of
//! `tests/fixtures/bad-specs/` that `expected.txt` says generates, every hostile-name spec, and
//! the constructs real-world documents taught (`tests/fixtures/real-world/`: parameter styles,
//! bodies, OpenAPI 3.1, Swagger 2.0), one API module each. The workspace builds, lints and documents that crate, so rustc checks
//! everything the generator accepts.
//!
//! It lives here rather than with the other snapshots because the `tests` crate depends on the
//! corpus client: after a generator change its old code may not compile, and this test must
//! still run to rewrite it (`UPDATE_SNAPSHOTS=1 cargo test -p generator --test main corpus::`).

use std::path::{Path, PathBuf};

use generator::output::{diff, write_all};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every input of the corpus client, one API module each.
fn corpus_apis() -> Vec<generator::ApiInput> {
    let fixtures = root().join("tests/fixtures");
    let listing = std::fs::read_to_string(fixtures.join("bad-specs/expected.txt")).unwrap_or_else(|e| panic!("{e}"));
    let bad = listing.lines().filter_map(|line| line.strip_suffix(": ok")).map(|file| ("bad", fixtures.join("bad-specs").join(file)));
    let folder = |name: &str| {
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(fixtures.join(name)).unwrap_or_else(|e| panic!("{e}")).flatten().map(|entry| entry.path()).collect();
        files.sort();
        files
    };
    let hostile = folder("hostile-names").into_iter().map(|path| ("hostile", path));
    let real = folder("real-world").into_iter().map(|path| ("real", path));
    bad.chain(hostile).chain(real)
        .map(|(prefix, path)| {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let spec = generator::load::load_path(&path).unwrap_or_else(|e| panic!("{e}"));
            let source = generator::source_label(&path, &root());
            generator::ApiInput { module: generator::naming::module_name(&format!("{prefix} {stem}")), source, spec }
        })
        .collect()
}

#[test]
fn the_corpus_client_equals_a_fresh_generation() {
    let apis = corpus_apis();
    assert!(apis.len() >= 50, "{} specs", apis.len());
    let options = generator::Options { source: "tests/fixtures/ (the bad-spec and hostile-name corpus)".into(), tag_features: false };
    let generated = generator::generate(&apis, &options).unwrap_or_else(|e| panic!("{e}"));
    let out = root().join("tests/corpus-client");
    let changes = diff(&out, &generated.files, &[generator::GENERATED_DIR]).unwrap_or_else(|e| panic!("{e}"));
    if changes.is_empty() {
        return;
    }
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        write_all(&out, &generated.files, &changes).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    let list: Vec<String> = changes.iter().map(ToString::to_string).collect();
    panic!("tests/corpus-client is stale; run `UPDATE_SNAPSHOTS=1 cargo test -p generator --test main corpus::`:\n{}", list.join("\n"));
}
