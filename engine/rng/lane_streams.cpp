#include "engine/rng/lane_streams.hpp"

#include <cassert>
#include <cstring>

#include "engine/rng/vector_clones.hpp"

namespace seatsim::rng {
namespace {

// kLanes xoshiro256++ states stepped together `steps` times.
SEATSIM_VECTOR_CLONES
void fill_lanes(std::uint64_t (&state)[4][kLanes], std::size_t steps, std::uint64_t* out) {
  LaneWords s0, s1, s2, s3;
  std::memcpy(&s0, state[0], sizeof s0);
  std::memcpy(&s1, state[1], sizeof s1);
  std::memcpy(&s2, state[2], sizeof s2);
  std::memcpy(&s3, state[3], sizeof s3);
  for (std::size_t step = 0; step < steps; ++step) {
    LaneWords result;
    step_lanes(s0, s1, s2, s3, result);
    std::memcpy(out + step * kLanes, &result, sizeof result);
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
  fill_lanes(state_, out.size() / kLanes, out.data());
}

}  // namespace seatsim::rng
