#!/usr/bin/env bash
# Runs every benchmark and prints one table. Not part of the tests: figures, not assertions.
# Needs GNU time (/usr/bin/time, Debian package `time`) for peak memory. The budgets are ratios
# taken in one run, since this machine is shared and its speed varies from day to day.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
builds=${BUILD_RUNS:-3}
source scripts/bench-common.sh

repeat() { # n, command... -> "median_seconds median_rss_kb"
  local n=$1; shift
  local s=() kb=()
  for _ in $(seq "$n"); do read -r a b < <(measure "$@"); s+=("$a"); kb+=("$b"); done
  printf '%s %s\n' "$(printf '%s\n' "${s[@]}" | median)" "$(printf '%s\n' "${kb[@]}" | median)"
}

cargo build -q --release -p generator
v3_out=$(mktemp -d)
target/release/generator --spec spec/v3 --out "$v3_out" >/dev/null 2>&1
read -r gen_all gen_all_kb < <(repeat "$runs" target/release/generator --check)
read -r gen_v3 gen_v3_kb < <(repeat "$runs" target/release/generator --spec spec/v3 --out "$v3_out" --check)
rm -rf "$v3_out"
inprocess=$(cargo bench -q -p generator --bench generate 2>/dev/null)

cargo build "${as_dependency[@]}" -q -p generated-client --no-default-features --features v3-sources  # dependencies built once
clean_build() { # features -> "seconds rss_kb", medians of clean debug builds of the crate alone
  local s=() kb=()
  for _ in $(seq "$builds"); do
    cargo clean -q -p generated-client
    read -r a b < <(measure cargo build "${as_dependency[@]}" -q -p generated-client --no-default-features --features "$1"); s+=("$a"); kb+=("$b")
  done
  printf '%s %s\n' "$(printf '%s\n' "${s[@]}" | median)" "$(printf '%s\n' "${kb[@]}" | median)"
}
read -r b_isc_sources b_isc_sources_kb < <(clean_build isc-sources)
read -r b_v3_sources b_v3_sources_kb < <(clean_build v3-sources)
read -r b_isc b_isc_kb < <(clean_build isc)
read -r b_v3 b_v3_kb < <(clean_build v3)
read -r b_all b_all_kb < <(clean_build isc,v3,nerm,nerm-v2025)
decode=$(cargo bench -q -p tests --bench decode 2>/dev/null)
overhead=$(cargo bench -q -p tests --bench overhead 2>/dev/null)
download=$(cargo bench -q -p tests --bench download 2>/dev/null)
field() { awk -v k="$2" '$1 == k {print $2}' <<<"$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
row() { printf '%-56s %12s %12s\n' "$1" "$2" "$3"; }

printf '\n'
row "benchmark (this machine: $(nproc) cores)" "figure" "target"
row "--------------------------------------------------------" "------------" "------------"
row "generate all four APIs (release, wall, median)" "$gen_all s" ""
row "generate v3 alone (same run)" "$gen_v3 s" ""
row "  all / v3" "$(ratio "$gen_all" "$gen_v3")x" "<= 2.5x"
row "  peak RSS, all four APIs" "$(mb "$gen_all_kb") MB" "<= 300 MB"
row "generate in-process, all (median)" "$(field "$inprocess" generate.total_ms) ms" ""
row "  read+parse specs / lower / prettyplease alone" "$(field "$inprocess" generate.read_and_parse_spec_ms) / $(field "$inprocess" generate.lower_ms) / $(field "$inprocess" generate.prettyplease_only_ms) ms" ""
row "clean debug build, isc-sources" "$b_isc_sources s" ""
row "clean debug build, v3-sources" "$b_v3_sources s" ""
row "  isc-sources / v3-sources" "$(ratio "$b_isc_sources" "$b_v3_sources")x" "<= 1.5x"
row "clean debug build, isc (default)" "$b_isc s" ""
row "  peak RSS" "$(mb "$b_isc_kb") MB" ""
row "clean debug build, v3" "$b_v3 s" ""
row "  peak RSS" "$(mb "$b_v3_kb") MB" ""
row "  isc / v3, time" "$(ratio "$b_isc" "$b_v3")x" "<= 2x"
row "  isc / v3, peak RSS" "$(ratio "$b_isc_kb" "$b_v3_kb")x" "<= 2x"
row "clean debug build, all four APIs" "$b_all s" ""
row "  peak RSS" "$(mb "$b_all_kb") MB" ""
row "decode 10,000 accounts into generated models" "$(field "$decode" decode.generated_ms) ms" ""
row "  speed vs minimal hand-written struct" "$(field "$decode" decode.speed_vs_minimal)" ">= 0.8x"
row "  speed vs serde_json::Value" "$(field "$decode" decode.speed_vs_value)" ">= 2x"
row "GET through the client, per call" "$(field "$overhead" overhead.client_us_per_call) us" ""
row "GET through raw reqwest, per call" "$(field "$overhead" overhead.raw_reqwest_us_per_call) us" ""
row "  client / raw reqwest" "$(field "$overhead" overhead.ratio)" "<= 1.1x"
row "stream a 1 GiB download (Call::stream), peak RSS" "$(field "$download" download.peak_rss_mb) MB" "<= 64 MB"

# The build-cost budgets, against the client as it was at a fixed reference (REFERENCE=none skips).
if [ "${REFERENCE:-b6c7b28}" != none ]; then
  scripts/bench-budgets.sh
fi
