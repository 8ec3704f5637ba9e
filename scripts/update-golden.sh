#!/usr/bin/env bash
# Re-blesses the golden results in tests/golden/ from the current build. Run it only when a change
# is meant to move the numbers, and review `git diff tests/golden` before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build
build/engine/seatsim run --draws 100000 --seed 2027 --quiet --json tests/golden/kz-2027.json
echo "update-golden: wrote tests/golden/kz-2027.json; review with git diff tests/golden"
