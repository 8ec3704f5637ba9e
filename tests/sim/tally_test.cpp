#include "engine/sim/tally.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "engine/rng/stream.hpp"

using namespace seatsim;

TEST_CASE("coalition lines: more than half, and two thirds rounded up") {
  CHECK(sim::coalition_lines(98).majority == 50);
  CHECK(sim::coalition_lines(98).two_thirds == 66);  // 65.33 rounded up
  CHECK(sim::coalition_lines(99).majority == 50);
  CHECK(sim::coalition_lines(99).two_thirds == 66);
  CHECK(sim::coalition_lines(145).two_thirds == 97);  // 96.67 rounded up
}

TEST_CASE("the coalition counter agrees with brute force, over blocks and merges") {
  // Five parties, seat vectors drawn from a small range so that many repeat within a block, and a
  // house of 20 that overhang grows by up to 3 seats in some draws: each draw's majority is of
  // its own house.
  constexpr std::size_t kParties = 5;
  constexpr int kHouse = 20;
  sim::CoalitionCounter counter(kParties, 300);
  sim::Tally first(kParties, 0, kHouse + 3, 0, kParties, 0);
  sim::Tally second = first;
  std::vector<std::uint64_t> majority(32), two_thirds(32);
  auto engine = rng::make_stream(7, 0, rng::Purpose::model_setup);
  for (int block = 0; block < 4; ++block) {
    const int rows = block == 3 ? 1 : 300;  // full blocks, and a block of one
    for (int i = 0; i < rows; ++i) {
      std::vector<int> seats(kParties);
      for (auto& s : seats) s = static_cast<int>(engine() % 9);  // 0..8 seats, sums up to 40
      const int house = kHouse + static_cast<int>(engine() % 4);
      const auto lines = sim::coalition_lines(house);
      counter.add(seats, house);
      for (std::size_t mask = 0; mask < 32; ++mask) {
        int sum = 0;
        for (std::size_t k = 0; k < kParties; ++k) sum += (mask >> k & 1) ? seats[k] : 0;
        majority[mask] += sum >= lines.majority;
        two_thirds[mask] += sum >= lines.two_thirds;
      }
    }
    counter.flush(block % 2 == 0 ? first : second);
  }
  first.merge(second);
  CHECK(first.coalition_majority == majority);
  CHECK(first.coalition_two_thirds == two_thirds);
  CHECK(majority[0] == 0);  // the empty coalition holds no seats
  // Not a trivial case: some coalitions reach the lines in some draws but not all.
  CHECK(std::count_if(majority.begin(), majority.end(),
                      [](std::uint64_t n) { return n > 0 && n < 901; }) > 5);
  CHECK(std::count_if(two_thirds.begin(), two_thirds.end(),
                      [](std::uint64_t n) { return n > 0 && n < 901; }) > 5);
}
