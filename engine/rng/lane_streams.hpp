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

// kLanes 64-bit words as one GCC vector: one instruction per operation with AVX-512, two with AVX2,
// four with SSE2.
inline constexpr std::size_t kLanes = 8;
using LaneWords = std::uint64_t __attribute__((vector_size(kLanes * sizeof(std::uint64_t))));

// One xoshiro256++ step (Blackman & Vigna) of kLanes states at once: `out` gets each lane's word
// and the states advance. Integer steps only, so every instruction set gives the same words. Inline
// and by reference (a vector passed by value would change the ABI per instruction set), so that a
// kernel keeps the states in its own registers.
[[gnu::always_inline]] inline void step_lanes(LaneWords& s0, LaneWords& s1, LaneWords& s2,
                                              LaneWords& s3, LaneWords& out) {
  const LaneWords sum = s0 + s3;
  out = ((sum << 23) | (sum >> 41)) + s0;
  const LaneWords t = s1 << 17;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = (s3 << 45) | (s3 >> 19);
}

class LaneStreams {
 public:
  static constexpr std::size_t kLanes = rng::kLanes;

  // The lanes' states are the first 4 * kLanes outputs of `engine`; the engine, advanced past
  // them, stays available as scalar().
  explicit LaneStreams(Xoshiro256pp engine);

  // Fills `out` with random 64-bit words. out.size() must be a multiple of kLanes.
  void fill(std::span<std::uint64_t> out);

  // A scalar stream for what does not come in batches.
  Xoshiro256pp& scalar() { return engine_; }

  // The lanes' states, word j of lane l at [j][l], for a kernel that steps them itself with
  // step_lanes(): its words are then the ones fill() would have given.
  std::uint64_t (&states())[4][kLanes] { return state_; }

  // Rounds a number of words up to a whole number of lane steps.
  static constexpr std::size_t padded(std::size_t count) {
    return (count + kLanes - 1) / kLanes * kLanes;
  }

 private:
  alignas(64) std::uint64_t state_[4][kLanes];
  Xoshiro256pp engine_;
};

}  // namespace seatsim::rng
