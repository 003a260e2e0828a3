#!/usr/bin/env bash
# Builds the client with each tag feature alone (or the ones named on the command line):
# clippy with warnings denied, and rustdoc with warnings denied.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -gt 0 ]; then
  tags=("$@")
else
  mapfile -t tags < <(sed -n '/^\[features\]/,$p' generated-client/Cargo.toml | grep -E '^[a-z0-9-]+ = \[\]' | cut -d' ' -f1)
fi
failed=0
for tag in "${tags[@]}"; do
  start=$(date +%s)
  if cargo clippy -q -p generated-client --no-default-features --features "$tag" -- -D warnings \
     && RUSTDOCFLAGS="-D warnings" cargo doc -q -p generated-client --no-deps --no-default-features --features "$tag"; then
    echo "ok      $tag ($(( $(date +%s) - start )) s)"
  else
    echo "FAILED  $tag"
    failed=$((failed + 1))
  fi
done
echo "${#tags[@]} tag features checked, $failed failed"
[ "$failed" -eq 0 ]
