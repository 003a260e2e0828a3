#!/usr/bin/env bash
# Runs every benchmark and prints one table. Not part of the tests: figures, not assertions.
# Needs GNU time (/usr/bin/time, Debian package `time`) for peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "install GNU time: apt-get install -y time" >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # command... -> "seconds max_rss_kb"
  "$TIME" -f "%e %M" -o /tmp/bench-time.$$ "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  cat /tmp/bench-time.$$
}

cargo build -q --release -p generator
gen_s=(); gen_kb=()
for _ in $(seq "$runs"); do read -r s kb < <(measure target/release/generator --check); gen_s+=("$s"); gen_kb+=("$kb"); done
gen_wall=$(printf '%s\n' "${gen_s[@]}" | median); gen_rss=$(printf '%s\n' "${gen_kb[@]}" | median)
floor=$(cargo bench -q -p generator --bench generate 2>/dev/null)

cargo build -q -p generated-client --no-default-features --features sources  # dependencies built once
build() { # label, cargo args...
  local label=$1; shift
  local s=() kb=()
  for _ in 1 2 3; do
    cargo clean -q -p generated-client
    read -r a b < <(measure cargo "$@" -q -p generated-client); s+=("$a"); kb+=("$b")
  done
  printf '%s %s %s\n' "$label" "$(printf '%s\n' "${s[@]}" | median)" "$(printf '%s\n' "${kb[@]}" | median)"
}
builds=$(
  build "build, all features" build
  build "build, sources only" build --no-default-features --features sources
  build "check, all features" check
  build "check, sources only" check --no-default-features --features sources
)
decode=$(cargo bench -q -p tests --bench decode 2>/dev/null)
overhead=$(cargo bench -q -p tests --bench overhead 2>/dev/null)
field() { awk -v k="$2" '$1 == k {print $2}' <<<"$1"; }

printf '\n%-52s %12s %12s\n' "benchmark (this machine: $(nproc) cores)" "figure" "target"
printf '%-52s %12s %12s\n' "----------------------------------------------------" "------------" "------------"
printf '%-52s %10.2f s %12s\n' "generate all 358 operations (release, wall, median)" "$gen_wall" "<= 0.30 s"
printf '%-52s %9.0f MB %12s\n' "generate: peak RSS" "$(awk -v k="$gen_rss" 'BEGIN {print k/1024}')" "<= 150 MB"
printf '%-52s %9s ms %12s\n' "generate in-process (median)" "$(field "$floor" generate.total_ms)" ""
printf '%-52s %9s ms %12s\n' "  floor: read+parse spec + prettyplease alone" "$(field "$floor" generate.floor_ms)" ""
while IFS= read -r line; do
  kb=${line##* }; rest=${line% *}; secs=${rest##* }; label=${rest% *}
  target=""
  case "$label" in "build, all features") target="<= 20 s";; "build, sources only") target="<= 5 s";; esac
  printf '%-52s %10.2f s %12s\n' "generated-client $label (clean, debug)" "$secs" "$target"
  printf '%-52s %9.0f MB %12s\n' "  peak RSS" "$(awk -v k="$kb" 'BEGIN {print k/1024}')" "$([ "$label" = "build, all features" ] && echo '<= 1200 MB')"
done <<<"$builds"
printf '%-52s %9s ms %12s\n' "decode 10,000 accounts into generated models" "$(field "$decode" decode.generated_ms)" ""
printf '%-52s %11sx %12s\n' "  speed vs minimal hand-written struct" "$(field "$decode" decode.speed_vs_minimal | tr -d x)" ">= 0.8x"
printf '%-52s %11sx %12s\n' "  speed vs serde_json::Value" "$(field "$decode" decode.speed_vs_value | tr -d x)" ">= 2x"
printf '%-52s %9s us %12s\n' "GET through the client, per call" "$(field "$overhead" overhead.client_us_per_call)" ""
printf '%-52s %9s us %12s\n' "GET through raw reqwest, per call" "$(field "$overhead" overhead.raw_reqwest_us_per_call)" ""
printf '%-52s %11sx %12s\n' "  client / raw reqwest" "$(field "$overhead" overhead.ratio | tr -d x)" "<= 1.1x"
