#pragma once
// The runner: draws are cut into fixed blocks of kBlockSize; block b draws from its own streams
// Rng(seed, b, purpose), so the result depends on the seed and the number of draws only, never on
// the number of threads. Tallies are integers and merge by exact addition, so each thread counts
// its blocks into one tally and the threads' tallies are summed in any order; run_weighted's
// floating-point sums merge in a fixed tree instead (tbb::parallel_deterministic_reduce).
#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "engine/sim/draw.hpp"
#include "engine/sim/importance.hpp"
#include "engine/sim/processes.hpp"
#include "engine/sim/scenario.hpp"
#include "engine/sim/summary.hpp"
#include "engine/sim/tally.hpp"

namespace seatsim::sim {

// The most draws one run may ask for: a year of a core at 30'000 draws/s, and far below where an
// integer tally could overflow (tests/sim/tally_bounds_test.cpp shows it by arithmetic).
inline constexpr std::uint64_t kMaxDraws = 1'000'000'000'000;

struct RunOptions {
  std::uint64_t draws = 1'000'000;  // without a target: exactly this many; with one: at most
  std::uint64_t seed = 1;
  int threads = 0;         // 0: every core
  double target_se = 0.0;  // > 0: stop once every reported probability's SE is at most this
};

// One draw as a fixed-size record, for --save-draws (docs/save-draws.md), all little-endian:
//   u64      passed: bit k set when option k passed the list threshold
//   f32[K]   national share of the valid vote per option (0 for district-only options)
//   u16[K]   list seats per option
//   u16[K]   district seats per option
// with K the scenario's options in ballot order (at most 64, rules::kMaxOptions).
inline std::size_t draw_record_size(const Scenario& scenario) {
  return 8 + 8 * scenario.options.size();
}

// How a caller watches and steers a run from the calling thread, between rounds of whole blocks.
// None of it changes which blocks are drawn or how they merge (integer addition, so the grouping
// into rounds does not matter), only when the run stops: a run stopped early, or resumed, gives
// the tally of an uninterrupted run of the same number of draws.
// Whether a run may be resumed from a tally (RunControl::resume_from) to the result it would
// have given uninterrupted: always without a target; with one, only where a target round ends,
// since the next round is sized from the tally there.
enum class Resumable { yes, no };

struct RunControl {
  // After each slice: the merged tally of blocks [0, tally.draws / kBlockSize), the seconds spent
  // drawing so far (in this process), and whether a checkpoint of it could be resumed.
  std::function<void(const Tally& tally, double seconds, Resumable resumable)> after_round;
  // Checked after each round; true stops the run there (a signal handler's flag, say).
  std::function<bool()> stop_requested;
  // Continue from this tally of the run's first whole blocks (a checkpoint, saved where
  // after_round said Resumable::yes) instead of from zero; with several processes, every one of
  // them starts from it.
  std::optional<Tally> resume_from;
  // Each slice's draws as records (draw_record_size bytes each), in draw order, before
  // after_round; the records of a slice are only valid during the call. Needs one process.
  std::function<void(std::span<const unsigned char> records)> on_draws;
  // Share the blocks with these processes (MPI ranks); none: this process draws them all.
  Processes* processes = nullptr;
};

struct RunResult {
  Tally tally;
  bool target_met = false;          // with a target_se: whether it was reached within the draws
  bool partial = false;             // stopped by stop_requested before the planned draws were done
  double seconds = 0.0;             // wall time spent drawing
  std::uint64_t resumed_draws = 0;  // of tally.draws, those resumed from (RunControl::resume_from)
  int threads = 0;                  // threads actually used, per process
  int processes = 1;                // processes that shared the blocks
};

// Draws per second over the draws this run made, not those it resumed from.
inline double draws_per_second(const RunResult& result) {
  return result.seconds > 0
             ? static_cast<double>(result.tally.draws - result.resumed_draws) / result.seconds
             : 0.0;
}

// Draws in rounds of whole blocks. Without a target there is one round of all the draws. With a
// target_se, each round is sized from the largest standard error so far (SE falls as 1/sqrt(n)),
// and the run stops once it is at most the target, or at options.draws. The decision depends only
// on the integer tally, so the stopping point, like the result, is the same on any thread count.
RunResult run(const Scenario& scenario, const RunOptions& options, const RunControl& control = {});

// Draws as run() does without a target, but with the national vote from the defensive mixture of
// the scenario's model and the tilted one, each weighted back to the scenario's model
// (sim/importance.hpp). The same blocks and streams, so equally deterministic.
WeightedTally run_weighted(const Scenario& scenario, const Tilt& tilt, const RunOptions& options);

// One draw in full, for --replay-draw; per option in ballot order, an entry empty where the option
// has no such thing (a district-only option has no share, a party has no admission without a list
// tier).
struct DrawRecord {
  std::uint64_t draw = 0;
  std::vector<std::optional<double>> shares;               // of the valid vote
  std::vector<std::optional<rules::Admission>> admission;  // parties, with a list tier
  std::vector<std::optional<int>> list_seats;              // parties, with a list tier
  std::vector<int> district_winners;                       // per district, an option index
  std::vector<int> seats;                                  // all tiers
};

// Replays draw `draw` of a run with `seed`, alone: its block's streams are advanced through the
// draws before it, so the record is exactly the draw the full run tallied.
DrawRecord replay(const Scenario& scenario, std::uint64_t seed, std::uint64_t draw);

// The draw nearest `medians` (summary.hpp's NearestDraw) among the first min(draws, kBlockSize)
// draws of a run with `seed`: one block drawn again, whatever the run's length.
NearestDraw nearest_to_medians(const Scenario& scenario, std::uint64_t seed, std::uint64_t draws,
                               std::span<const int> medians);

// Seconds per draw spent in each phase of a draw.
struct PhaseTimes {
  double vote_draw = 0.0;      // national shares and their votes
  double district_draw = 0.0;  // district noise and winners
  double allocation = 0.0;     // the seat rules
  double tally = 0.0;          // counting into the tally
};

// Times each phase of `draws` draws on one thread, with the clock read between phases (and the
// cost of reading it subtracted). For benchmarks: the clock reads slow the draws down.
PhaseTimes profile_phases(const Scenario& scenario, std::uint64_t draws, std::uint64_t seed);

}  // namespace seatsim::sim
