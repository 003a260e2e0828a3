//! `cargo run -p generator [-- --check]`: regenerates `generated-client/` (its `src/generated/`
//! and `Cargo.toml`) from `spec/`.
//! `cargo run -p generator -- extract <openapi.json|yaml|docs page> [--tag T] [--operation ID]`:
//! rewrites `spec/` from a bundled document or a docs page.

// No unwrap/expect/panic outside tests: bad input and bad responses are errors, never aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::extract::{self, Selection};
use generator::load;
use generator::output::{diff, write_all};

const USAGE: &str = "usage:
  generator [--spec <dir|file>] [--out <client crate dir>] [--no-tag-features] [--check]
  generator extract <openapi.json|openapi.yaml|docs-page> [--tag <tag>]... [--operation <id>]... [--out <spec dir>]";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("extract") => run_extract(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => run_generate(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn value_of<'a>(args: &'a [String], i: &mut usize, flag: &str) -> Result<&'a String, String> {
    *i += 1;
    args.get(*i).ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
}

fn run_generate(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let mut spec = root.join("spec");
    let mut out = root.join("generated-client");
    let mut tag_features = true;
    let mut check = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--check" => check = true,
            "--spec" => spec = PathBuf::from(value_of(args, &mut i, "--spec")?),
            "--out" => out = PathBuf::from(value_of(args, &mut i, "--out")?),
            "--no-tag-features" => tag_features = false,
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
        i += 1;
    }
    let loaded = load::load_path(&spec).map_err(|e| e.to_string())?;
    let source = display_relative(&spec, &root);
    let options = generator::Options { source, tag_features };
    let generated = generator::generate(&loaded, &options).map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let changes = diff(&out, &generated.files, &[generator::GENERATED_DIR]).map_err(|e| e.to_string())?;
    if check {
        if changes.is_empty() {
            println!("{} generated files are up to date", generated.files.len());
            return Ok(());
        }
        let list: Vec<String> = changes.iter().map(|c| format!("  {c}")).collect();
        return Err(format!(
            "the checked-in client differs from a fresh generation:\n{}\nrun `cargo run -p generator` and commit the result",
            list.join("\n")
        ));
    }
    write_all(&out, &generated.files, &changes).map_err(|e| e.to_string())?;
    println!("{} files generated in {} ({} changed)", generated.files.len(), out.display(), changes.len());
    Ok(())
}

fn run_extract(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let mut input = None;
    let mut out = root.join("spec");
    let mut selection = Selection::default();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--tag" => selection.tags.push(value_of(args, &mut i, "--tag")?.clone()),
            "--operation" => selection.operations.push(value_of(args, &mut i, "--operation")?.clone()),
            "--out" => out = PathBuf::from(value_of(args, &mut i, "--out")?),
            other if input.is_none() && !other.starts_with("--") => input = Some(PathBuf::from(other)),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
        i += 1;
    }
    let input = input.ok_or_else(|| format!("extract needs an input file\n{USAGE}"))?;
    let text = load::read_text(&input).map_err(|e| e.to_string())?;
    let files = extract::extract(&input, &text, &selection).map_err(|e| e.to_string())?;
    if files.is_empty() {
        return Err("no operation matches the selection".to_owned());
    }
    let changes = diff(&out, &files, &["operations", "components"]).map_err(|e| e.to_string())?;
    write_all(&out, &files, &changes).map_err(|e| e.to_string())?;
    let operations = files.keys().filter(|p| p.starts_with("operations")).count();
    println!("{operations} operations and {} components written to {} ({} changed)", files.len() - operations, out.display(), changes.len());
    Ok(())
}

fn display_relative(path: &Path, root: &Path) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path).display().to_string();
    if path.is_dir() { format!("{shown}/") } else { shown }
}
