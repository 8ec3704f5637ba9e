#pragma once
// The runner: draws are cut into fixed blocks of kBlockSize; block b draws from its own streams
// Rng(seed, b, purpose), so the result depends on the seed and the number of draws only, never on
// the number of threads. Block tallies are integers and merge by addition in a deterministic
// reduction (tbb::parallel_deterministic_reduce).
#include <cstdint>

#include "engine/sim/importance.hpp"
#include "engine/sim/scenario.hpp"
#include "engine/sim/tally.hpp"

namespace seatsim::sim {

inline constexpr std::uint64_t kBlockSize = 4096;

// The most draws one run may ask for: a year of a core at 30'000 draws/s, and far below where an
// integer tally could overflow (tests/sim/tally_bounds_test.cpp shows it by arithmetic).
inline constexpr std::uint64_t kMaxDraws = 1'000'000'000'000;

struct RunOptions {
  std::uint64_t draws = 1'000'000;  // without a target: exactly this many; with one: at most
  std::uint64_t seed = 1;
  int threads = 0;         // 0: every core
  double target_se = 0.0;  // > 0: stop once every reported probability's SE is at most this
};

struct RunResult {
  Tally tally;
  bool target_met = false;  // with a target_se: whether it was reached within the draws
  double seconds = 0.0;     // wall time spent drawing
  int threads = 0;          // threads actually used
};

// Draws in rounds of whole blocks. Without a target there is one round of all the draws. With a
// target_se, each round is sized from the largest standard error so far (SE falls as 1/sqrt(n)),
// and the run stops once it is at most the target, or at options.draws. The decision depends only
// on the integer tally, so the stopping point, like the result, is the same on any thread count.
RunResult run(const Scenario& scenario, const RunOptions& options);

// Draws as run() does without a target, but with the national vote from the defensive mixture of
// the scenario's model and the tilted one, each weighted back to the scenario's model
// (sim/importance.hpp). The same blocks and streams, so equally deterministic.
WeightedTally run_weighted(const Scenario& scenario, const Tilt& tilt, const RunOptions& options);

// One draw in full, for --replay-draw.
struct DrawRecord {
  std::uint64_t draw = 0;
  std::vector<double> national;             // per list-ballot option, shares of the valid vote
  std::vector<rules::Admission> admission;  // per party (kind "party"), with a list tier
  std::vector<int> list_seats;              // per option
  std::vector<int> district_winners;        // per district, an option index
  std::vector<int> seats;                   // per option, all tiers
};

// Replays draw `draw` of a run with `seed`, alone: its block's streams are advanced through the
// draws before it, so the record is exactly the draw the full run tallied.
DrawRecord replay(const Scenario& scenario, std::uint64_t seed, std::uint64_t draw);

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
