#pragma once
// Many random words at once, for the district noise: one per candidate per district per draw is
// most of a draw's random numbers. A scalar xoshiro256++ waits on its own state update for every
// word; here kLanes independent xoshiro256++ states step together as vector instructions
// (AVX-512, AVX2 or SSE2, chosen at run time). Word i of a fill comes from lane i mod kLanes, in
// order, and every step is integer arithmetic, so the words are the same on every instruction set.
#include <cstdint>
#include <span>

#include "engine/rng/xoshiro.hpp"

namespace seatsim::rng {

class LaneStreams {
 public:
  static constexpr std::size_t kLanes = 8;

  // The lanes' states are the first 4 * kLanes outputs of `engine`; the engine, advanced past
  // them, stays available as scalar().
  explicit LaneStreams(Xoshiro256pp engine);

  // Fills `out` with random 64-bit words. out.size() must be a multiple of kLanes.
  void fill(std::span<std::uint64_t> out);

  // A scalar stream for what does not come in batches.
  Xoshiro256pp& scalar() { return engine_; }

  // Rounds a number of words up to a whole number of lane steps.
  static constexpr std::size_t padded(std::size_t count) {
    return (count + kLanes - 1) / kLanes * kLanes;
  }

 private:
  alignas(64) std::uint64_t state_[4][kLanes];
  Xoshiro256pp engine_;
};

}  // namespace seatsim::rng
