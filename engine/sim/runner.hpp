#pragma once
// The runner: draws are cut into fixed blocks of kBlockSize; block b draws from its own streams
// Rng(seed, b, purpose), so the result depends on the seed and the number of draws only, never on
// the number of threads. Block tallies are integers and merge by addition in a deterministic
// reduction (tbb::parallel_deterministic_reduce).
#include <cstdint>

#include "engine/sim/scenario.hpp"
#include "engine/sim/tally.hpp"

namespace seatsim::sim {

inline constexpr std::uint64_t kBlockSize = 4096;

struct RunOptions {
  std::uint64_t draws = 1'000'000;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: every core
};

struct RunResult {
  Tally tally;
  double seconds = 0.0;  // wall time spent drawing
  int threads = 0;       // threads actually used
};

RunResult run(const Scenario& scenario, const RunOptions& options);

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
