#!/usr/bin/env bash
# seatsim and the NumPy reference (bench/reference/numpy_ref.py) on the same workload, alternating
# in one invocation, so both see the same machine. Prints each side's draws/s (median over rounds),
# the ratio, and whether their answers agree within Monte Carlo error.
#
# On bench/reference.toml it also runs the peers of PEERS (default ../shared/peers beside the
# repository; PEERS= skips them), in the same rounds: the hand-tuned C++ peer's scalar `xoz` and
# AVX-512 `simd` variants (built here with -O3 -march=native into BUILD_DIR/bench/peers) on THREADS
# threads and DRAWS draws, and its NumPy peer on one thread, and prints seatsim's ratio to each.
#
#   bench/compare.sh [SCENARIO]    environment: DRAWS (seatsim, default 20000000),
#                                  NUMPY_DRAWS (default 1000000), ROUNDS (3), THREADS (2), BUILD_DIR,
#                                  PEERS
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

peers=${PEERS-../shared/peers}
peer_sim=""
if [ -n "$peers" ] && [ "$scenario" = bench/reference.toml ] && [ -f "$peers/handtuned_sim.cpp" ]; then
  peer_sim="$build/bench/peers/handtuned_sim"
  mkdir -p "$(dirname "$peer_sim")"
  if [ ! "$peer_sim" -nt "$peers/handtuned_sim.cpp" ]; then
    g++ -O3 -march=native -std=c++20 -o "$peer_sim" "$peers/handtuned_sim.cpp" -lpthread
  fi
fi
# Keeps the draws_per_s= figure a peer prints as the file $work/NAME-ROUND.rate.
run_peer() {
  local name=$1 round=$2
  shift 2
  "$@" | sed -n 's/.*draws_per_s=\([0-9.]*\).*/\1/p' > "$work/$name-$round.rate"
}

for round in $(seq "$rounds"); do
  echo "round $round: seatsim ($draws draws, $threads threads), then numpy ($numpy_draws draws)"
  "$build/engine/seatsim" run "$scenario" --draws "$draws" --threads "$threads" --seed "$round" \
    --quiet --json "$work/seatsim-$round.json"
  bench/reference/numpy_ref.py "$scenario" --draws "$numpy_draws" --seed "$round" \
    --json "$work/numpy-$round.json" >/dev/null
  if [ -n "$peer_sim" ]; then
    echo "         peers: xoz and simd ($draws draws, $threads threads), numpy ($numpy_draws draws)"
    run_peer xoz "$round" "$peer_sim" run xoz log "$draws" "$threads" "$round"
    run_peer simd "$round" "$peer_sim" run simd log "$draws" "$threads" "$round"
    run_peer numpy_peer "$round" env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 /usr/bin/python3 \
      "$peers/numpy_sim.py" "$numpy_draws" --seed "$round"
  fi
done

/usr/bin/python3 - "$work" "$rounds" "$threads" <<'PY'
import json, math, os, statistics, sys
work, rounds, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = [json.load(open(f"{work}/seatsim-{r}.json")) for r in range(1, rounds + 1)]
n = [json.load(open(f"{work}/numpy-{r}.json")) for r in range(1, rounds + 1)]
s_rate = statistics.median(x["timing"]["draws_per_second"] for x in s)
n_rate = statistics.median(x["draws_per_second"] for x in n)
print(f"\nseatsim ({threads} threads): {s_rate:>14,.0f} draws/s")
print(f"numpy   (1 process):  {n_rate:>14,.0f} draws/s")
print(f"ratio:                {s_rate / n_rate:>14.1f}x")
peers = [("xoz", f"C++ xoz ({threads} thr)"), ("simd", f"C++ simd ({threads} thr)"),
         ("numpy_peer", "NumPy peer (1 proc)")]
if os.path.exists(f"{work}/xoz-1.rate"):
    print(f"\npeers (median of {rounds} rounds)      draws/s   seatsim / peer")
    for name, label in peers:
        rates = [float(open(f"{work}/{name}-{r}.rate").read()) for r in range(1, rounds + 1)]
        rate = statistics.median(rates)
        print(f"{label:<24} {rate:>14,.0f}   {s_rate / rate:>6.2f}x")
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
