# What scripts/bench.sh and scripts/bench-budgets.sh share; sourced, not run.
# Needs GNU time (/usr/bin/time, Debian package `time`) for peak memory.

TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "install GNU time: apt-get install -y time" >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # command... -> "seconds max_rss_kb"
  "$TIME" -f "%e %M" -o /tmp/bench-time.$$ "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  cat /tmp/bench-time.$$
}

# The client built as a project that depends on it builds it: full debug info, which the
# workspace's own profile trims for the test suite.
as_dependency=(--config 'profile.dev.package.generated-client.debug=true')
