#include "engine/rng/lane_streams.hpp"

#include <cassert>
#include <cstring>

#include "engine/rng/vector_clones.hpp"

namespace seatsim::rng {
namespace {

constexpr std::size_t kLanes = LaneStreams::kLanes;

// kLanes 64-bit words as one GCC vector: one instruction per operation with AVX-512, two with
// AVX2, four with SSE2.
using Lanes = std::uint64_t __attribute__((vector_size(kLanes * sizeof(std::uint64_t))));

// xoshiro256++ (Blackman & Vigna), kLanes states stepped together `steps` times; integer steps
// only, so every instruction set's version gives the same words.
SEATSIM_VECTOR_CLONES
void step_lanes(std::uint64_t (&state)[4][kLanes], std::size_t steps, std::uint64_t* out) {
  Lanes s0, s1, s2, s3;
  std::memcpy(&s0, state[0], sizeof s0);
  std::memcpy(&s1, state[1], sizeof s1);
  std::memcpy(&s2, state[2], sizeof s2);
  std::memcpy(&s3, state[3], sizeof s3);
  for (std::size_t step = 0; step < steps; ++step) {
    // Rotations written out: a helper taking a vector by value would change the ABI per clone.
    const Lanes sum = s0 + s3;
    const Lanes result = ((sum << 23) | (sum >> 41)) + s0;
    std::memcpy(out + step * kLanes, &result, sizeof result);
    const Lanes t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 45) | (s3 >> 19);
  }
  std::memcpy(state[0], &s0, sizeof s0);
  std::memcpy(state[1], &s1, sizeof s1);
  std::memcpy(state[2], &s2, sizeof s2);
  std::memcpy(state[3], &s3, sizeof s3);
}

}  // namespace

LaneStreams::LaneStreams(Xoshiro256pp engine) : engine_(engine) {
  for (auto& word : state_) {
    for (auto& lane : word) lane = engine_();
  }
}

void LaneStreams::fill(std::span<std::uint64_t> out) {
  assert(out.size() % kLanes == 0);
  step_lanes(state_, out.size() / kLanes, out.data());
}

}  // namespace seatsim::rng
