#!/usr/bin/env bash
# seatsim and the NumPy reference (bench/reference/numpy_ref.py) on the same workload, alternating
# in one invocation, so both see the same machine. Prints each side's draws/s (median over rounds),
# the ratio, and whether their answers agree within Monte Carlo error.
#
#   bench/compare.sh [SCENARIO]    environment: DRAWS (seatsim, default 20000000),
#                                  NUMPY_DRAWS (default 1000000), ROUNDS (3), THREADS (2), BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-bench/reference.toml}
build=${BUILD_DIR:-build}
draws=${DRAWS:-20000000}
numpy_draws=${NUMPY_DRAWS:-1000000}
rounds=${ROUNDS:-3}
threads=${THREADS:-2}

if [ ! -x "$build/engine/seatsim" ]; then
  cmake -S . -B "$build" -G Ninja >/dev/null && cmake --build "$build"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for round in $(seq "$rounds"); do
  echo "round $round: seatsim ($draws draws, $threads threads), then numpy ($numpy_draws draws)"
  "$build/engine/seatsim" run "$scenario" --draws "$draws" --threads "$threads" --seed "$round" \
    --quiet --json "$work/seatsim-$round.json"
  bench/reference/numpy_ref.py "$scenario" --draws "$numpy_draws" --seed "$round" \
    --json "$work/numpy-$round.json" >/dev/null
done

/usr/bin/python3 - "$work" "$rounds" "$threads" <<'PY'
import json, math, statistics, sys
work, rounds, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = [json.load(open(f"{work}/seatsim-{r}.json")) for r in range(1, rounds + 1)]
n = [json.load(open(f"{work}/numpy-{r}.json")) for r in range(1, rounds + 1)]
s_rate = statistics.median(x["timing"]["draws_per_second"] for x in s)
n_rate = statistics.median(x["draws_per_second"] for x in n)
print(f"\nseatsim ({threads} threads): {s_rate:>14,.0f} draws/s")
print(f"numpy   (1 process):  {n_rate:>14,.0f} draws/s")
print(f"ratio:                {s_rate / n_rate:>14.1f}x")
# The two implementations must agree: P(threshold) per party within 4 combined standard errors.
worst = 0.0
for a, b in zip(s[0]["parties"], n[0]["parties"]):
    if "p_threshold" not in a:
        continue
    p, q = a["p_threshold"], b["p_threshold"]
    # Two-sample test with the pooled proportion: stable for probabilities near 0 or 1, where each
    # side's own p(1 - p) can be 0 or rest on a handful of draws.
    n1, n2 = s[0]["draws"], n[0]["draws"]
    pooled = (p * n1 + q * n2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    worst = max(worst, abs(p - q) / se if se > 0 else 0.0)
print(f"agreement: largest P(threshold) difference is {worst:.2f} standard errors "
      f"({'ok' if worst < 4 else 'MISMATCH'})")
sys.exit(0 if worst < 4 else 1)
PY
