#!/usr/bin/env bash
# Fuzzes loading, lowering and emitting (fuzz/fuzz_targets/load_and_lower.rs) with cargo-fuzz
# (libFuzzer) for SECONDS (default 300), seeded with the spec, the fixtures and the bad-input
# corpus. cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP lets the stable toolchain accept them.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
corpus=fuzz/corpus/load_and_lower
mkdir -p "$corpus"
cp tests/fixtures/bad-specs/*.json tests/fixtures/bad-specs/*.yaml tests/fixtures/*.yaml tests/fixtures/*.txt "$corpus"/ 2>/dev/null || true
find spec/*/operations -name '*.json' | sort | sed -n '1,40p' | xargs -I{} cp {} "$corpus"/
export RUSTC_BOOTSTRAP=1
cargo fuzz run --fuzz-dir fuzz load_and_lower "$corpus" -- -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 -timeout=20
