//! Generation speed: the whole pipeline on `spec/`, and the floor beneath it (reading and parsing
//! the spec alone, and prettyplease alone on our output). Prints figures; asserts nothing.
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

fn main() {
    let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let options = generator::Options { source: "spec/".into(), tag_features: true };
    let full = time(|| {
        let spec = generator::load::load_path(&spec_dir).map_err(|e| e.to_string());
        spec.and_then(|s| generator::generate(&s, &options).map_err(|e| e.to_string())).map(|g| g.files.len())
    });
    let load = time(|| generator::load::load_path(&spec_dir).is_ok());
    let spec = generator::load::load_path(&spec_dir).unwrap_or_else(|e| panic!("{e}"));
    let generated = generator::generate(&spec, &options).unwrap_or_else(|e| panic!("{e}"));
    let parsed: Vec<syn::File> = generated
        .files
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "rs"))
        .filter_map(|(_, text)| syn::parse_file(text).ok())
        .collect();
    let lower = time(|| generator::lower::lower(&spec.document).map(|l| l.api.models.len()).ok());
    let lowered = generator::lower::lower(&spec.document).unwrap_or_else(|e| panic!("{e}"));
    let emit = time(|| generator::emit::emit(&lowered.api, &options).map(|f| f.len()).ok());
    let pretty = time(|| parsed.iter().map(prettyplease::unparse).map(|s| s.len()).sum::<usize>());
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("generate: {} files, median of {RUNS} runs", generated.files.len());
    println!("generate.total_ms {:.1}", ms(full));
    println!("generate.read_and_parse_spec_ms {:.1}", ms(load));
    println!("generate.prettyplease_only_ms {:.1}", ms(pretty));
    println!("generate.lower_ms {:.1}", ms(lower));
    println!("generate.emit_and_format_ms {:.1}", ms(emit));
    println!("generate.floor_ms {:.1}", ms(load + pretty));
}
