#pragma once
// Random streams keyed by (seed, block, purpose), never by thread: a draw's random numbers depend
// only on which block it belongs to and what they are for, so any number of threads or processes
// produces the same bytes (cf. OpenMC's init_seed and named STREAM_* constants).
#include <cstdint>

#include "engine/rng/xoshiro.hpp"

namespace seatsim::rng {

using Rng = Xoshiro256pp;

// Each purpose gets its own stream, so adding draws for one purpose never shifts another.
enum class Purpose : std::uint64_t {
  national_vote = 1,
  district_noise = 2,
  tie_lots = 3,
  model_setup = 4,
  regional_swing = 5,
  invalid_ballots = 6,
  list_district_noise = 7,  // the noise of multi-member list districts' votes
};

// The stream for one block of draws and one purpose. Keys are hashed with the SplitMix64
// finaliser at each step, so nearby (seed, block) pairs give unrelated states.
Rng make_stream(std::uint64_t seed, std::uint64_t block, Purpose purpose) noexcept;

}  // namespace seatsim::rng
