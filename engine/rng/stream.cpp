#include "engine/rng/stream.hpp"

namespace seatsim::rng {

Rng make_stream(std::uint64_t seed, std::uint64_t block, Purpose purpose) noexcept {
  std::uint64_t key = seed;
  key = splitmix64(key) ^ block;
  key = splitmix64(key) ^ static_cast<std::uint64_t>(purpose);
  std::uint64_t expander = splitmix64(key);
  Rng::State state{};
  for (auto& word : state) word = splitmix64(expander);
  // An all-zero state is the one state xoshiro cannot leave; SplitMix64 never yields four zeros in
  // a row, so this cannot happen, but the contract is cheap to state.
  return Rng(state);
}

}  // namespace seatsim::rng
