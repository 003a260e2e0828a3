//! `cargo run -p generator [-- --check]`: regenerates `generated-client/` (its `src/generated/`
//! and `Cargo.toml`) from every API under `spec/` (`spec/isc/`, `spec/v3/`, ...), one module each.
//! `cargo run -p generator -- extract <openapi.json|yaml|docs page> --api <name> [--tag T] [--operation ID]`:
//! rewrites `spec/<name>/` from a bundled document or a docs page, leaving the other APIs alone.
//! `cargo run -p generator -- --help` (and `extract --help`) lists every option.

// No unwrap/expect/panic outside tests: bad input and bad responses are errors, never aborts.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use generator::extract::{self, Selection};
use generator::load;
use generator::output::{diff, write_all};

/// Generates the typed Rust client in `generated-client/` from the OpenAPI operations in `spec/`.
///
/// Without a subcommand, regenerates the client: one module per API under `--spec`.
#[derive(Parser)]
#[command(name = "generator", args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    generate: Generate,
}

#[derive(Subcommand)]
enum Command {
    /// Rewrites one API's folder of operations and components from a bundled OpenAPI document
    /// (JSON or YAML; 3.0, 3.1 or Swagger 2.0), or adds docs pages' operations to it.
    Extract(Extract),
}

#[derive(Args)]
struct Generate {
    /// A folder of APIs (each subfolder with `operations/` is one API, named after it), one
    /// API's folder, a bundled document or a docs page (then `--api` names it) [default: spec/]
    #[arg(long, value_name = "DIR|FILE")]
    spec: Option<PathBuf>,
    /// The module of the one API `--spec` names [default: the file's name]
    #[arg(long, value_name = "MODULE")]
    api: Option<String>,
    /// The client crate to write [default: generated-client/]
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Compile every operation of an API under its one feature, with no feature per tag
    #[arg(long)]
    no_tag_features: bool,
    /// Write nothing; fail, naming the files, if the checked-in client differs from a fresh
    /// generation
    #[arg(long)]
    check: bool,
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["api", "out"])))]
struct Extract {
    /// Bundled documents, docs pages (`.api.mdx`), or folders of docs pages
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// The API to write: `spec/<NAME>/`
    #[arg(long, value_name = "NAME")]
    api: Option<String>,
    /// The API folder to write, anywhere
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Keep only the operations of this tag (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Keep only this operation (repeatable)
    #[arg(long = "operation", value_name = "ID")]
    operations: Vec<String>,
}

fn workspace_root() -> Result<PathBuf, String> {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(Path::to_path_buf).ok_or_else(|| format!("{} has no parent folder", manifest_dir.display()))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Extract(extract)) => run_extract(extract),
        None => run_generate(cli.generate),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_generate(args: Generate) -> Result<(), String> {
    let root = workspace_root()?;
    let spec = args.spec.unwrap_or_else(|| root.join("spec"));
    let out = args.out.unwrap_or_else(|| root.join("generated-client"));
    let apis = load_apis(&spec, args.api.as_deref(), &root)?;
    let options = generator::Options { source: generator::source_label(&spec, &root), tag_features: !args.no_tag_features };
    let generated = generator::generate(&apis, &options).map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let changes = diff(&out, &generated.files, &[generator::GENERATED_DIR]).map_err(|e| e.to_string())?;
    if args.check {
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

fn run_extract(args: Extract) -> Result<(), String> {
    let out = match (args.out, args.api) {
        (Some(out), _) => out,
        (None, Some(api)) => workspace_root()?.join("spec").join(generator::naming::module_name(&api)),
        (None, None) => return Err("extract needs --api <name> (or --out <spec dir>): it writes one API's folder".to_owned()),
    };
    let selection = Selection { tags: args.tags, operations: args.operations };
    let inputs = args.inputs;
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
