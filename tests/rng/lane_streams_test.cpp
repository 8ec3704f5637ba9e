#include "engine/rng/lane_streams.hpp"

#include <catch2/catch.hpp>
#include <vector>

#include "engine/rng/distributions.hpp"
#include "tests/rng/every_vector_isa.hpp"

using namespace seatsim::rng;

TEST_CASE(
    "each lane is a plain xoshiro256++ stream, and fills continue where they stopped, on every "
    "instruction set") {
  on_every_vector_isa([&] {
    const Xoshiro256pp seeder({11, 22, 33, 44});
    // The lanes' states are the seeder's first 32 outputs, word by word: state word j of lane l is
    // output 8 j + l.
    Xoshiro256pp copy = seeder;
    std::uint64_t outputs[32];
    for (auto& output : outputs) output = copy();
    std::vector<Xoshiro256pp> lanes;
    for (std::size_t l = 0; l < LaneStreams::kLanes; ++l) {
      lanes.emplace_back(
          Xoshiro256pp::State{outputs[l], outputs[8 + l], outputs[16 + l], outputs[24 + l]});
    }
    LaneStreams streams(seeder);
    std::vector<std::uint64_t> first(16);
    std::vector<std::uint64_t> second(24);
    streams.fill(first);
    streams.fill(second);
    first.insert(first.end(), second.begin(), second.end());
    for (std::size_t i = 0; i < first.size(); ++i) {
      INFO("word " << i);
      CHECK(first[i] == lanes[i % LaneStreams::kLanes]());
    }
    // The scalar stream is the seeder advanced past the 32 words the lanes took.
    CHECK(streams.scalar()() == copy());
  });
}

TEST_CASE("ziggurat normals from batched first words have the normal's moments") {
  // complete() finishes each draw from a batch word exactly as operator() does from an engine
  // call; here its mean, variance and fourth moment are checked within 4 standard errors.
  LaneStreams streams(Xoshiro256pp({1, 2, 3, 4}));
  NormalDistribution normal;
  std::vector<std::uint64_t> words(1024);
  double sum = 0, sum2 = 0, sum4 = 0;
  constexpr int kRounds = 1000;
  for (int r = 0; r < kRounds; ++r) {
    streams.fill(words);
    for (const auto word : words) {
      const double z = normal.complete(word, streams.scalar());
      sum += z;
      sum2 += z * z;
      sum4 += z * z * z * z;
    }
  }
  const double n = kRounds * 1024.0;
  CHECK(std::abs(sum / n) <= 4 * std::sqrt(1.0 / n));
  CHECK(std::abs(sum2 / n - 1.0) <= 4 * std::sqrt(2.0 / n));   // Var(z^2) = 2
  CHECK(std::abs(sum4 / n - 3.0) <= 4 * std::sqrt(96.0 / n));  // Var(z^4) = 105 - 9
}

TEST_CASE(
    "complete_all gives the same draws as complete() one by one, and calls the engine alike, on "
    "every instruction set") {
  on_every_vector_isa([&] {
    // Batches of odd sizes, across the 64-word chunks, so that draws outside the rectangles (about
    // 0.4%, finished by the scalar engine) fall at every position of a chunk.
    LaneStreams streams(Xoshiro256pp({5, 6, 7, 8}));
    NormalDistribution normal;
    Xoshiro256pp one_by_one({9, 10, 11, 12});
    Xoshiro256pp batched = one_by_one;
    std::size_t finished_by_engine = 0;
    for (const std::size_t size :
         {std::size_t{8}, std::size_t{64}, std::size_t{200}, std::size_t{1000}}) {
      std::vector<std::uint64_t> words(LaneStreams::padded(size));
      std::vector<double> expected(words.size()), actual(words.size());
      for (int round = 0; round < 200; ++round) {
        streams.fill(words);
        for (std::size_t i = 0; i < words.size(); ++i) {
          const Xoshiro256pp before = one_by_one;
          expected[i] = normal.complete(words[i], one_by_one);
          finished_by_engine += before.state() != one_by_one.state();
        }
        normal.complete_all(words, actual, batched);
        REQUIRE(actual == expected);
        REQUIRE(batched.state() == one_by_one.state());
      }
    }
    CHECK(finished_by_engine > 1000);  // the slow path was taken, often
  });
}
