#include "engine/rng/lane_streams.hpp"

#include <cassert>
#include <cstring>

#include "engine/rng/vector_kernels.hpp"

namespace seatsim::rng {
namespace {

constexpr std::size_t kLanes = LaneStreams::kLanes;
static_assert(kLanes % kWidestVector == 0, "the lanes step as whole vectors on every set");

// xoshiro256++ (Blackman & Vigna), kLanes states stepped together `steps` times, in vectors of W
// lanes; integer steps only, so every version gives the same words.
struct StepLanes {
  template <std::size_t W>
  static void run(std::uint64_t (*state)[kLanes], std::size_t steps, std::uint64_t* out) {
    using Lanes = Vector<std::uint64_t, W>;
    constexpr std::size_t groups = kLanes / W;
    Lanes s0[groups], s1[groups], s2[groups], s3[groups];
    for (std::size_t g = 0; g < groups; ++g) {
      std::memcpy(&s0[g], state[0] + g * W, sizeof(Lanes));
      std::memcpy(&s1[g], state[1] + g * W, sizeof(Lanes));
      std::memcpy(&s2[g], state[2] + g * W, sizeof(Lanes));
      std::memcpy(&s3[g], state[3] + g * W, sizeof(Lanes));
    }
    for (std::size_t step = 0; step < steps; ++step) {
      for (std::size_t g = 0; g < groups; ++g) {
        const Lanes sum = s0[g] + s3[g];
        const Lanes result = ((sum << 23) | (sum >> 41)) + s0[g];
        std::memcpy(out + step * kLanes + g * W, &result, sizeof result);
        const Lanes t = s1[g] << 17;
        s2[g] ^= s0[g];
        s3[g] ^= s1[g];
        s1[g] ^= s2[g];
        s0[g] ^= s3[g];
        s2[g] ^= t;
        s3[g] = (s3[g] << 45) | (s3[g] >> 19);
      }
    }
    for (std::size_t g = 0; g < groups; ++g) {
      std::memcpy(state[0] + g * W, &s0[g], sizeof(Lanes));
      std::memcpy(state[1] + g * W, &s1[g], sizeof(Lanes));
      std::memcpy(state[2] + g * W, &s2[g], sizeof(Lanes));
      std::memcpy(state[3] + g * W, &s3[g], sizeof(Lanes));
    }
  }
};

}  // namespace

LaneStreams::LaneStreams(Xoshiro256pp engine) : engine_(engine) {
  for (auto& word : state_) {
    for (auto& lane : word) lane = engine_();
  }
}

void LaneStreams::fill(std::span<std::uint64_t> out) {
  assert(out.size() % kLanes == 0);
  run_kernel<StepLanes>(state_, out.size() / kLanes, out.data());
}

}  // namespace seatsim::rng
