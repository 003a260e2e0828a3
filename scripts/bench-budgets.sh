#!/usr/bin/env bash
# The build-cost budgets: each figure taken for the client as it is and for a fixed reference
# (the client as generated at $REFERENCE, default b6c7b28, built from a git worktree), in one
# run, so that the ratio holds on a shared, noisy machine. Prints one table; asserts nothing.
# Run by scripts/bench.sh; alone: scripts/bench-budgets.sh (BUILD_RUNS=1 for one build each).
# Needs GNU time (/usr/bin/time, Debian package `time`). Takes about an hour on 2 cores: the
# release builds of the benchmark crate dominate.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
reference=${REFERENCE:-b6c7b28}
builds=${BUILD_RUNS:-3}
source scripts/bench-common.sh

ref_dir="$root/target/bench-reference"
if [ ! -d "$ref_dir" ]; then
  git worktree add -q --detach "$ref_dir" "$reference"
fi
cleanup() { [ -n "${KEEP_REFERENCE:-}" ] || git worktree remove --force "$ref_dir"; }
trap cleanup EXIT

medians() { # "s kb" lines on stdin -> "median_s median_kb"
  local s=() kb=()
  while read -r a b; do s+=("$a"); kb+=("$b"); done
  printf '%s %s\n' "$(printf '%s\n' "${s[@]}" | median)" "$(printf '%s\n' "${kb[@]}" | median)"
}

# Clean debug builds of the client crate alone (dependencies built first), in tree $1.
client_build() { # tree features
  (cd "$1" && cargo build "${as_dependency[@]}" -q -p generated-client --no-default-features --features v3-sources >/dev/null 2>&1)
  for _ in $(seq "$builds"); do
    (cd "$1" && cargo clean -q -p generated-client && measure cargo build "${as_dependency[@]}" -q -p generated-client --no-default-features --features "$2")
  done | medians
}

# A release build of scripts/bench-app (a few `isc` operations, all of `isc` enabled): its
# dependencies built first, then the client, its runtime and the program from clean.
app_build() { # tree
  local app="$1/scripts/bench-app"
  if [ "$1" != "$root" ]; then
    mkdir -p "$app/src" && cp "$root/scripts/bench-app/Cargo.toml" "$app/" && cp "$root/scripts/bench-app/src/main.rs" "$app/src/"
    # A reference from before TLS was a feature (4618f12) has no `rustls` feature: its TLS is built in.
    grep -q '^rustls = ' "$1/generated-client/Cargo.toml" || sed -i 's/, "rustls"//' "$app/Cargo.toml"
  fi
  cp "$1/Cargo.lock" "$app/Cargo.lock"
  (cd "$app" && cargo build -q --release >/dev/null 2>&1)
  (cd "$app" && cargo clean -q --release -p generated-client -p generated-client-runtime -p bench-app && measure cargo build -q --release)
}

field() { awk -v k="$2" '$1 == k {print $2}' <<<"$1"; }
benches() { # tree -> decode and overhead figures, both trees measured by today's benches
  [ "$1" = "$root" ] || cp "$root/tests/benches/decode.rs" "$root/tests/benches/overhead.rs" "$1/tests/benches/"
  (cd "$1" && cargo bench -q -p tests --bench decode 2>/dev/null && cargo bench -q -p tests --bench overhead 2>/dev/null)
}
source_mb() { du -sb "$1/generated-client/src/generated" | awk '{printf "%.1f", $1 / 1048576}'; }

declare -A fig
for tree in ref now; do
  dir=$([ "$tree" = ref ] && echo "$ref_dir" || echo "$root")
  read -r fig[$tree.isc] fig[$tree.isc_kb] < <(client_build "$dir" isc)
  read -r fig[$tree.all] fig[$tree.all_kb] < <(client_build "$dir" isc,v3,nerm,nerm-v2025)
  read -r fig[$tree.sources] fig[$tree.sources_kb] < <(client_build "$dir" isc-sources)
  read -r fig[$tree.app] fig[$tree.app_kb] < <(app_build "$dir")
  out=$(benches "$dir")
  fig[$tree.decode]=$(field "$out" decode.speed_vs_minimal | tr -d x)
  fig[$tree.get]=$(field "$out" overhead.ratio | tr -d x)
  fig[$tree.mb]=$(source_mb "$dir")
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.0f MB", k / 1024}'; }
row() { printf '%-44s %12s %12s %9s %9s\n' "$@"; }
printf '\n'
row "measure (reference $reference; $(nproc) cores)" "reference" "now" "now/ref" "budget"
row "--------------------------------------------" "------------" "------------" "---------" "---------"
row "clean debug build, isc (default), time" "${fig[ref.isc]} s" "${fig[now.isc]} s" "$(ratio "${fig[now.isc]}" "${fig[ref.isc]}")" "<= 0.45x"
row "  peak memory" "$(mb "${fig[ref.isc_kb]}")" "$(mb "${fig[now.isc_kb]}")" "$(ratio "${fig[now.isc_kb]}" "${fig[ref.isc_kb]}")" "<= 0.5x"
row "clean debug build, all four APIs, time" "${fig[ref.all]} s" "${fig[now.all]} s" "$(ratio "${fig[now.all]}" "${fig[ref.all]}")" "<= 0.45x"
row "  peak memory" "$(mb "${fig[ref.all_kb]}")" "$(mb "${fig[now.all_kb]}")" "$(ratio "${fig[now.all_kb]}" "${fig[ref.all_kb]}")" "<= 0.5x"
row "clean debug build, isc-sources, time" "${fig[ref.sources]} s" "${fig[now.sources]} s" "$(ratio "${fig[now.sources]}" "${fig[ref.sources]}")" "<= 0.6x"
row "release build, bench-app (all isc), time" "${fig[ref.app]} s" "${fig[now.app]} s" "$(ratio "${fig[now.app]}" "${fig[ref.app]}")" "<= 0.45x"
row "  peak memory" "$(mb "${fig[ref.app_kb]}")" "$(mb "${fig[now.app_kb]}")" "$(ratio "${fig[now.app_kb]}" "${fig[ref.app_kb]}")" "<= 0.5x"
row "decode 10,000 accounts, speed vs minimal" "${fig[ref.decode]}x" "${fig[now.decode]}x" "$(ratio "${fig[now.decode]}" "${fig[ref.decode]}")" ">= 0.9x"
row "GET through the client vs raw reqwest" "${fig[ref.get]}x" "${fig[now.get]}x" "" "<= 1.1x"
row "generated source" "${fig[ref.mb]} MB" "${fig[now.mb]} MB" "$(ratio "${fig[now.mb]}" "${fig[ref.mb]}")" ""
