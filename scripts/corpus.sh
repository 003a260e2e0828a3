#!/usr/bin/env bash
# Generates a client from every real-world OpenAPI document in tests/real-world/ (or the ones
# named on the command line) and `cargo check`s each, sharing one target directory, then prints
# one row per document (outcome, first error) and a closing "N passed, N failed" line.
#
#   scripts/corpus.sh                      # every document
#   scripts/corpus.sh stripe-spec3.json    # some
#   KEEP=1 scripts/corpus.sh ...           # keep the generated crates in target/corpus/
#   GENERATOR=path scripts/corpus.sh       # with another build of the generator
#
# Outcomes: `compiled` (generated, and rustc accepts it without a warning), `refused` (the
# generator rejected the document, which is right only for the documents tests/real-world/
# EXPECTED lists as invalid), `gen-failed` (any other refusal), `warnings`, `check-failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
corpus="$root/tests/real-world"
work="$root/target/corpus"

if [ "$#" -gt 0 ]; then
  names=("$@")
else
  mapfile -t names < <(tail -n +2 "$corpus/manifest.tsv" | cut -f1)
fi

if [ -z "${GENERATOR:-}" ]; then
  cargo build -q --release -p generator || exit 1
fi
generator="${GENERATOR:-$root/target/release/generator}"
export CARGO_TARGET_DIR="$work/target"

mkdir -p "$work/specs" "$work/crates" "$work/logs"
rm -rf "$work/crates"/* "$work/logs"/*
# One workspace for every document's crate, with the project's lock file: the dependencies are
# the ones the client is tested with, built once.
sed -e '/^members = /c\members = ["crates/*"]' -e '/^exclude = /d' \
    -e "s|path = \"generated-client/runtime\"|path = \"$root/generated-client/runtime\"|" \
    Cargo.toml >"$work/Cargo.toml"
cp Cargo.lock "$work/Cargo.lock"

decompress() { xz -dc "$1" 2>/dev/null || python3 -c 'import lzma,sys; sys.stdout.buffer.write(lzma.open(sys.argv[1]).read())' "$1"; }

expected_refusal() { grep -qxF "$1" "$corpus/EXPECTED" 2>/dev/null; }

passed=0
failed=0
rows=()
for name in "${names[@]}"; do
  spec="$work/specs/$name"
  decompress "$corpus/specs/$name.xz" >"$spec" || { rows+=("$name|missing|no such document"); failed=$((failed + 1)); continue; }
  want=$(awk -F'\t' -v n="$name" '$1 == n { print $10 }' "$corpus/manifest.tsv")
  if [ -n "$want" ] && [ "$(sha256sum "$spec" | cut -d' ' -f1)" != "$want" ]; then
    rows+=("$name|corrupt|sha256 differs from manifest.tsv"); failed=$((failed + 1)); continue
  fi
  crate="corpus_$(echo "${name%.*}" | tr -c 'a-zA-Z0-9\n' '_' | tr -s '_' | tr 'A-Z' 'a-z')"
  dir="$work/crates/$crate"
  mkdir -p "$dir/src"
  start=$(date +%s)
  log="$work/logs/$crate"
  if ! "$generator" --spec "$spec" --api api --out "$dir" --no-tag-features >"$log.generate" 2>&1; then
    rm -rf "$dir"
    first=$(grep -m1 -E '^error' "$log.generate" | cut -c1-160)
    if expected_refusal "$name"; then
      rows+=("$name|refused|$first"); passed=$((passed + 1))
    else
      rows+=("$name|gen-failed|$first"); failed=$((failed + 1))
    fi
    continue
  fi
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$crate"
version = "0.1.0"
edition.workspace = true
publish = false

[dependencies]
generated-client-runtime.workspace = true
serde.workspace = true
serde_json.workspace = true
http.workspace = true
bytes.workspace = true
chrono.workspace = true
futures-util.workspace = true

[lints]
workspace = true
EOF
  cat >"$dir/src/lib.rs" <<'EOF'
//! A client generated from one real-world OpenAPI document, to be compiled.
pub use generated_client_runtime as runtime;
#[allow(missing_docs, reason = "documented by the generated module's own items")]
mod generated;
pub use generated::*;
EOF
  (cd "$work" && cargo check -q -p "$crate" --message-format short) >"$log.check" 2>&1
  status=$?
  seconds=$(( $(date +%s) - start ))
  warnings=$(grep -c ': warning: ' "$log.check")
  if [ "$status" -ne 0 ]; then
    first=$(grep -m1 -E ': error' "$log.check" | sed "s|^$dir/||" | cut -c1-160)
    rows+=("$name|check-failed|$(grep -c ': error' "$log.check") errors; ${first:-$(tail -1 "$log.check")}"); failed=$((failed + 1))
  elif [ "$warnings" -gt 0 ]; then
    rows+=("$name|warnings|$warnings warnings; $(grep -m1 ': warning: ' "$log.check" | sed "s|^$dir/||" | cut -c1-140)"); failed=$((failed + 1))
  else
    rows+=("$name|compiled|${seconds} s"); passed=$((passed + 1))
  fi
  [ -n "${KEEP:-}" ] || rm -rf "$dir"
done

printf '%-52s %-13s %s\n' document outcome "first error (or time)"
for row in "${rows[@]}"; do
  IFS='|' read -r doc outcome detail <<<"$row"
  printf '%-52s %-13s %s\n' "$doc" "$outcome" "$detail"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
