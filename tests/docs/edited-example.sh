#!/usr/bin/env bash
# ctest docs/edited-example: the doc-example check fails when an example's output is edited by hand.
#   edited-example.sh BUILD_DIR WORKDIR
# WORKDIR becomes a copy of the repository (its entries linked, scripts/doc-examples.py and
# docs/allocate.md copied). The copy's check of docs/allocate.md must pass as it is, and fail,
# showing the edited line, once the last output line of its first example has one digit changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$1 work=$2
fail() { echo "edited-example: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
for entry in "$root"/*; do
  case ${entry##*/} in scripts | docs | build) ;; *) ln -s "$entry" "$work/${entry##*/}" ;; esac
done
mkdir -p "$work/scripts" "$work/docs"
cp "$root/scripts/doc-examples.py" "$work/scripts/"
for entry in "$root"/docs/*; do ln -s "$entry" "$work/docs/${entry##*/}"; done
rm "$work/docs/allocate.md" && cp "$root/docs/allocate.md" "$work/docs/allocate.md"
check() { /usr/bin/python3 "$work/scripts/doc-examples.py" "$build" docs/allocate.md; }

check >"$work/as-is.log" || fail "the unedited copy fails: $(cat "$work/as-is.log")"
edited=$(python3 - "$work/docs/allocate.md" <<'PY'
import re, sys
path = sys.argv[1]
lines = open(path).read().split("\n")
start = lines.index("<!-- example -->") + 2
end = lines.index("```", start)
last = lines[end - 1]
digit = re.search(r"\d(?=\D*$)", last)
assert digit, f"no digit in {last!r}"
lines[end - 1] = last[:digit.start()] + str((int(digit.group()) + 1) % 10) + last[digit.end():]
open(path, "w").write("\n".join(lines))
print(lines[end - 1])
PY
)
status=0
check >"$work/edited.log" || status=$?
[ "$status" -eq 1 ] || fail "the edited copy: exit status $status, expected 1: $(cat "$work/edited.log")"
grep -qxF -- "-$edited" "$work/edited.log" || fail "the diff does not show '$edited': $(cat "$work/edited.log")"
echo "edited-example: '$edited' caught"
