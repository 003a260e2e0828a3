//! `cargo run -p generator [-- --check]`: regenerates `generated-client/` (its `src/generated/`
//! and `Cargo.toml`) from every API under `spec/` (`spec/isc/`, `spec/v3/`, ...), one module each.
//! `cargo run -p generator -- extract <openapi.json|yaml|docs page> --api <name> [--tag T] [--operation ID]`:
//! rewrites `spec/<name>/` from a bundled document or a docs page, leaving the other APIs alone.

// No unwrap/expect/panic outside tests: bad input and bad responses are errors, never aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::extract::{self, Selection};
use generator::load;
use generator::output::{diff, write_all};

const USAGE: &str = "usage:
  generator [--spec <dir|file>] [--api <module>] [--out <client crate dir>] [--no-tag-features] [--check]
      --spec: a folder of APIs (spec/: each subfolder with operations/ is one API, named after
              it), one API's folder, a bundled document or a docs page (then --api names it)
  generator extract <openapi.json|openapi.yaml|docs-page> (--api <name> | --out <spec dir>) [--tag <tag>]... [--operation <id>]...";

fn workspace_root() -> Result<PathBuf, String> {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(Path::to_path_buf).ok_or_else(|| format!("{} has no parent folder", manifest_dir.display()))
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
    let root = workspace_root()?;
    let mut spec = root.join("spec");
    let mut module = None;
    let mut out = root.join("generated-client");
    let mut tag_features = true;
    let mut check = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--check" => check = true,
            "--spec" => spec = PathBuf::from(value_of(args, &mut i, "--spec")?),
            "--api" => module = Some(value_of(args, &mut i, "--api")?.clone()),
            "--out" => out = PathBuf::from(value_of(args, &mut i, "--out")?),
            "--no-tag-features" => tag_features = false,
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
        i += 1;
    }
    let apis = load_apis(&spec, module.as_deref(), &root)?;
    let options = generator::Options { source: generator::source_label(&spec, &root), tag_features };
    let generated = generator::generate(&apis, &options).map_err(|e| e.to_string())?;
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

/// The APIs to generate: every subfolder of a folder of APIs, sorted by name, or the one input.
fn load_apis(spec: &Path, module: Option<&str>, root: &Path) -> Result<Vec<generator::ApiInput>, String> {
    let one = |path: &Path, module: String| -> Result<generator::ApiInput, String> {
        let loaded = load::load_path(path).map_err(|e| e.to_string())?;
        Ok(generator::ApiInput { module, source: generator::source_label(path, root), spec: loaded })
    };
    if spec.is_dir() && !spec.join("operations").is_dir() {
        let folders = load::api_folders(spec).map_err(|e| e.to_string())?;
        if folders.is_empty() {
            return Err(format!("{}: no API folders (subfolders with an `operations/` folder)", spec.display()));
        }
        return folders.into_iter().map(|(name, path)| one(&path, name)).collect();
    }
    let module = match module {
        Some(m) => m.to_owned(),
        None => spec
            .file_stem()
            .and_then(|s| s.to_str())
            .map(generator::naming::module_name)
            .ok_or_else(|| format!("{}: name the API with --api", spec.display()))?,
    };
    Ok(vec![one(spec, module)?])
}

fn run_extract(args: &[String]) -> Result<(), String> {
    let root = workspace_root()?;
    let mut inputs = Vec::new();
    let mut out = None;
    let mut selection = Selection::default();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--tag" => selection.tags.push(value_of(args, &mut i, "--tag")?.clone()),
            "--operation" => selection.operations.push(value_of(args, &mut i, "--operation")?.clone()),
            "--out" => out = Some(PathBuf::from(value_of(args, &mut i, "--out")?)),
            "--api" => out = Some(root.join("spec").join(generator::naming::module_name(value_of(args, &mut i, "--api")?))),
            other if !other.starts_with("--") => inputs.push(PathBuf::from(other)),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
        i += 1;
    }
    if inputs.is_empty() {
        return Err(format!("extract needs an input file\n{USAGE}"));
    }
    let out = out.ok_or_else(|| format!("extract needs --api <name> (or --out <spec dir>): it writes one API's folder\n{USAGE}"))?;
    let texts = read_inputs(&inputs)?;
    let pages = texts.iter().all(|(_, text)| extract::is_docs_page(text));
    let (files, managed): (_, &[&str]) = match texts.as_slice() {
        [(input, text)] if !pages => {
            let recorded = load::read_type_names(&out).map_err(|e| e.to_string())?;
            (extract::extract(input, text, &selection, &recorded).map_err(|e| e.to_string())?, &["operations", "components"])
        }
        _ if pages => {
            // Pages add or replace their own operations and leave the rest of the folder alone.
            let files = extract::extract_pages(&texts, &selection).map_err(|errors| {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                format!("{} of {} pages cannot be read:\n{}", errors.len(), texts.len(), lines.join("\n"))
            })?;
            (files, &[])
        }
        _ => return Err("extract takes one bundled document, or any number of docs pages and folders of pages".to_owned()),
    };
    if files.is_empty() {
        return Err("no operation matches the selection".to_owned());
    }
    let changes = diff(&out, &files, managed).map_err(|e| e.to_string())?;
    write_all(&out, &files, &changes).map_err(|e| e.to_string())?;
    let count = |folder: &str| files.keys().filter(|p| p.starts_with(folder)).count();
    println!("{} operations and {} components written to {} ({} changed)", count("operations"), count("components"), out.display(), changes.len());
    Ok(())
}

/// The text of every input file, and of every docs page in an input folder (sorted), with its path.
fn read_inputs(inputs: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, String> {
    let read = |path: PathBuf| load::read_text(&path).map(|text| (path, text)).map_err(|e| e.to_string());
    let mut files = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            files.push(read(input.clone())?);
            continue;
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(input)
            .map_err(|e| format!("{}: cannot list: {e}", input.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "mdx" || e == "md"))
            .collect();
        entries.sort();
        for entry in entries {
            let (path, text) = read(entry)?;
            if extract::is_docs_page(&text) {
                files.push((path, text));
            }
        }
    }
    Ok(files)
}
