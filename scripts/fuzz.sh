#!/usr/bin/env bash
# Fuzzes with cargo-fuzz (libFuzzer), each target for SECONDS (default 300):
# - load_and_lower: any bytes as a spec, loaded, lowered and emitted (fuzz/fuzz_targets/
#   load_and_lower.rs), seeded with the spec, the fixtures and the bad-input corpus;
# - decode_responses: any bytes as the body of any response of the four APIs, decoded leniently
#   and strictly (fuzz/fuzz_targets/decode_responses.rs), seeded with the spec's examples.
# `scripts/fuzz.sh 600 decode_responses` runs one. cargo-fuzz needs nightly flags;
# RUSTC_BOOTSTRAP lets the stable toolchain accept them.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
targets=${2:-"load_and_lower decode_responses"}
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
export RUSTC_BOOTSTRAP=1

seed_load_and_lower() {
    local corpus=$1
    cp tests/fixtures/bad-specs/*.json tests/fixtures/bad-specs/*.yaml tests/fixtures/*.yaml tests/fixtures/*.txt "$corpus"/ 2>/dev/null || true
    find spec/*/operations -name '*.json' | sort | sed -n '1,40p' | xargs -I{} cp {} "$corpus"/
}

# Each example response body of the spec, behind two bytes that choose a response to decode it as.
seed_decode_responses() {
    python3 - "$1" <<'PY'
import glob, json, os, sys
out, n = sys.argv[1], 0
for path in sorted(glob.glob("spec/*/operations/*/*.json")):
    try:
        operation = json.load(open(path))
    except (OSError, ValueError):
        continue
    for response in (operation.get("responses") or {}).values():
        media = ((response or {}).get("content") or {}).get("application/json") or {}
        bodies = [media["example"]] if "example" in media else [e.get("value") for e in (media.get("examples") or {}).values() if isinstance(e, dict)]
        for body in bodies:
            if body is None:
                continue
            with open(os.path.join(out, f"seed-{n:05}"), "wb") as f:
                f.write(n.to_bytes(2, "big") + json.dumps(body).encode())
            n += 1
PY
}

for target in $targets; do
    corpus=fuzz/corpus/$target
    mkdir -p "$corpus"
    "seed_$target" "$corpus"
    echo "== $target: $(ls "$corpus" | wc -l) inputs in the corpus, $seconds s"
    cargo fuzz run --fuzz-dir fuzz "$target" "$corpus" -- -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 -timeout=20
done
