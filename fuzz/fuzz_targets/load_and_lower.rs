//! Any bytes, as a bundled document, an operation file or a docs page: loading, lowering and
//! emitting must return (Ok or an error), never panic, overflow or hang.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for name in ["fuzz.json", "fuzz.yaml", "fuzz-page.md"] {
        if let Ok(spec) = generator::load::load_text(Path::new(name), text) {
            let options = generator::Options { source: "fuzz".into(), tag_features: name == "fuzz.json" };
            let api = generator::ApiInput { module: "fuzz".into(), source: "fuzz".into(), spec };
            let _ = generator::generate(&[api], &options);
        }
    }
});
