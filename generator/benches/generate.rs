//! Generation speed: the whole pipeline on every API in `spec/`, on v3 alone for comparison,
//! and the floor beneath it (reading and parsing the specs alone, and prettyplease alone on our
//! output). Prints figures; asserts nothing.
//!
//! `cargo bench -p generator --bench generate` (or `scripts/bench.sh` for every benchmark).

use std::path::Path;
use std::time::{Duration, Instant};

const RUNS: usize = 9;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(mut f: impl FnMut() -> T) -> Duration {
    let samples = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    median(samples)
}

fn load_all(root: &Path, only: Option<&str>) -> Result<Vec<generator::ApiInput>, String> {
    let folders = generator::load::api_folders(root).map_err(|e| e.to_string())?;
    folders
        .into_iter()
        .filter(|(module, _)| only.is_none_or(|o| o == module))
        .map(|(module, path)| {
            let spec = generator::load::load_path(&path).map_err(|e| e.to_string())?;
            Ok(generator::ApiInput { module, source: generator::source_label(&path, root), spec })
        })
        .collect()
}

fn main() {
    let spec_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let options = generator::Options { source: "spec/".into(), tag_features: true };
    let generate = |apis: &[generator::ApiInput]| generator::generate(apis, &options).map(|g| g.files.len()).ok();
    let full = time(|| load_all(&spec_root, None).ok().and_then(|apis| generate(&apis)));
    let v3_only = time(|| load_all(&spec_root, Some("v3")).ok().and_then(|apis| generate(&apis)));
    let load = time(|| load_all(&spec_root, None).is_ok());
    let apis = load_all(&spec_root, None).unwrap_or_else(|e| panic!("{e}"));
    let lower = time(|| {
        let lowered = apis.iter().filter_map(|a| generator::lower::lower_with_names(&a.spec.document, &a.module, &a.spec.type_names).ok());
        lowered.map(|l| l.api.models.len()).sum::<usize>()
    });
    let generated = generator::generate(&apis, &options).unwrap_or_else(|e| panic!("{e}"));
    let parsed: Vec<syn::File> = generated
        .files
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "rs"))
        .filter_map(|(_, text)| syn::parse_file(text).ok())
        .collect();
    let pretty = time(|| parsed.iter().map(prettyplease::unparse).map(|s| s.len()).sum::<usize>());
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("generate: {} files of {} APIs, median of {RUNS} runs", generated.files.len(), apis.len());
    println!("generate.total_ms {:.1}", ms(full));
    println!("generate.v3_only_ms {:.1}", ms(v3_only));
    println!("generate.all_vs_v3 {:.2}", ms(full) / ms(v3_only));
    println!("generate.read_and_parse_spec_ms {:.1}", ms(load));
    println!("generate.lower_ms {:.1}", ms(lower));
    println!("generate.prettyplease_only_ms {:.1}", ms(pretty));
    println!("generate.floor_ms {:.1}", ms(load + pretty));
}
