#!/usr/bin/env bash
# Fails, listing the files, if any C++ file differs from what clang-format-14 (.clang-format) makes
# of it. Run `scripts/check-format.sh --fix` to reformat them in place.
set -euo pipefail
cd "$(dirname "$0")/.."
formatter=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$formatter" ]; then
  echo "check-format: clang-format-14 not found; run scripts/install-deps.sh" >&2
  exit 1
fi
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.cpp' '*.hpp' '*.cpp.in')
if [ "${1:-}" = "--fix" ]; then
  "$formatter" -i "${files[@]}"
  exit 0
fi
bad=()
for file in "${files[@]}"; do
  [ -f "$file" ] || continue
  if ! "$formatter" --dry-run --Werror "$file" >/dev/null 2>&1; then bad+=("$file"); fi
done
if [ "${#bad[@]}" -gt 0 ]; then
  echo "check-format: these files are not clang-formatted (scripts/check-format.sh --fix):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
