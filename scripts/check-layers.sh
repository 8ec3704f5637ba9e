#!/usr/bin/env bash
# Fails, naming each file and line, if a file under engine/ includes a header of a layer above its
# own (docs: ../shared/ARCHITECTURE.md; STYLE.md practice 2). The layers, lowest first:
#   rng, rules  <-  model  <-  sim  <-  scenario, report  <-  cli
# rng and rules are siblings, as are scenario and report: neither of a pair includes the other.
#   scripts/check-layers.sh [ROOT]   checks ROOT/engine (default: this repository)
#   scripts/check-layers.sh --self-test   checks that a planted upward include is caught
set -euo pipefail

# The folders each layer may include, besides its own.
declare -A allowed=(
  [rng]=""
  [rules]=""
  [model]="rng rules"
  [sim]="rng rules model"
  [scenario]="rng rules model sim"
  [report]="rng rules model sim"
  [cli]="rng rules model sim scenario report"
)

check() {
  local root=$1 bad=0 file layer line number target
  while IFS= read -r file; do
    layer=${file#"$root"/engine/}
    layer=${layer%%/*}
    if [ -z "${allowed[$layer]+set}" ]; then
      echo "check-layers: $file: engine/$layer/ is not a known layer" >&2
      bad=1
      continue
    fi
    while IFS=: read -r number line; do
      target=$(sed -E 's|^[[:space:]]*#[[:space:]]*include[[:space:]]*"engine/([^/"]+)/.*|\1|' <<<"$line")
      [ "$target" = "$layer" ] && continue
      case " ${allowed[$layer]} " in *" $target "*) continue ;; esac
      echo "check-layers: ${file#"$root"/}:$number: engine/$layer/ includes engine/$target/ (a layer above or beside it)" >&2
      bad=1
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"engine/[^/"]+/' "$file" || true)
  done < <(find "$root/engine" -mindepth 2 -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.cpp.in' \) | sort)
  return $bad
}

if [ "${1:-}" = "--self-test" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/engine/rules" "$tmp/engine/sim" "$tmp/engine/cli"
  printf '#include "engine/rules/limits.hpp"\n' >"$tmp/engine/sim/fine.cpp"
  printf '#include "engine/sim/runner.hpp"\n#include "engine/report/csv.hpp"\n' >"$tmp/engine/cli/fine.cpp"
  check "$tmp" 2>/dev/null || { echo "check-layers self-test: downward includes were refused" >&2; exit 1; }
  printf '#include "engine/rules/limits.hpp"\n  #include "engine/sim/runner.hpp"\n' >"$tmp/engine/rules/upward.cpp"
  if out=$(check "$tmp" 2>&1); then
    echo "check-layers self-test: a planted upward include was not caught" >&2
    exit 1
  fi
  grep -q 'engine/rules/upward.cpp:2: engine/rules/ includes engine/sim/' <<<"$out" || {
    echo "check-layers self-test: the report does not name the file and line: $out" >&2
    exit 1
  }
  echo "check-layers self-test: a planted upward include is caught and located"
  exit 0
fi

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
check "$root"
echo "check-layers: every include under engine/ points down"
