#include "engine/rng/xoshiro.hpp"

#include <catch2/catch.hpp>

#include "engine/rng/stream.hpp"

using namespace seatsim::rng;

TEST_CASE("xoshiro256++ reproduces the reference implementation's outputs") {
  // Outputs of https://prng.di.unimi.it/xoshiro256plusplus.c from the state {1, 2, 3, 4}, as
  // published with rand_xoshiro's reference test.
  Xoshiro256pp engine({1, 2, 3, 4});
  const std::uint64_t expected[] = {41943041ULL,
                                    58720359ULL,
                                    3588806011781223ULL,
                                    3591011842654386ULL,
                                    9228616714210784205ULL,
                                    9973669472204895162ULL,
                                    14011001112246962877ULL,
                                    12406186145184390807ULL,
                                    15849039046786891736ULL,
                                    10450023813501588000ULL};
  for (const auto value : expected) CHECK(engine() == value);
}

TEST_CASE("SplitMix64 reproduces the reference implementation's outputs") {
  // Outputs of https://prng.di.unimi.it/splitmix64.c seeded with 1477776061723855037.
  std::uint64_t state = 1477776061723855037ULL;
  const std::uint64_t expected[] = {1985237415132408290ULL, 2979275885539914483ULL,
                                    13511426838097143398ULL, 8488337342461049707ULL,
                                    15141737807933549159ULL};
  for (const auto value : expected) CHECK(splitmix64(state) == value);
}

TEST_CASE("uniform01 covers 0 to just below 1 with 53-bit resolution") {
  struct Fixed {
    std::uint64_t value;
    std::uint64_t operator()() { return value; }
  };
  Fixed zero{0};
  Fixed top{~0ULL};
  CHECK(uniform01(zero) == 0.0);
  CHECK(uniform01(top) == 1.0 - 0x1.0p-53);
}

TEST_CASE("streams depend on seed, block and purpose, and only on them") {
  auto first = [](std::uint64_t seed, std::uint64_t block, Purpose purpose) {
    auto engine = make_stream(seed, block, purpose);
    return engine();
  };
  const auto base = first(7, 3, Purpose::national_vote);
  CHECK(first(7, 3, Purpose::national_vote) == base);
  CHECK(first(8, 3, Purpose::national_vote) != base);
  CHECK(first(7, 4, Purpose::national_vote) != base);
  CHECK(first(7, 3, Purpose::district_noise) != base);
  // Swapping seed and block must not alias streams.
  CHECK(first(3, 7, Purpose::national_vote) != base);
}
