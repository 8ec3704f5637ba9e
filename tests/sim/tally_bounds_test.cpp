// Integer tallies cannot overflow within the limits the CLI enforces: shown by arithmetic on the
// same constants the code uses, so that raising a limit past a safe bound fails this test.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

#include "engine/rules/list_tier.hpp"
#include "engine/rules/next_seat.hpp"
#include "engine/sim/runner.hpp"
#include "engine/sim/tally.hpp"

using namespace seatsim;

TEST_CASE("tallies of kMaxDraws = 10^12 draws fit their integers with room to spare") {
  // Every count (passed, share-line hits, histogram bins, ties) grows by at most 1 per draw.
  STATIC_REQUIRE(sim::kMaxDraws == 1'000'000'000'000);
  STATIC_REQUIRE(sim::kMaxDraws < (std::uint64_t{1} << 40));
  // vote_sum grows by an option's votes, at most kVotesPerDraw = 2^32, per draw: 2^72 at most.
  constexpr auto votes_per_draw = static_cast<rules::WideUint>(sim::kVotesPerDraw);
  STATIC_REQUIRE(votes_per_draw == rules::WideUint{1} << 32);
  constexpr rules::WideUint largest_vote_sum = votes_per_draw * sim::kMaxDraws;
  STATIC_REQUIRE(largest_vote_sum < rules::WideUint{1} << 72);
  STATIC_REQUIRE(largest_vote_sum < std::numeric_limits<rules::WideUint>::max() >> 50);
  // 64 bits would not do for vote_sum: it overflows after 2^32 draws, far below the limit.
  STATIC_REQUIRE(largest_vote_sum > std::numeric_limits<std::uint64_t>::max());
  // next_seat_sum_squares grows, on every kNextSeatStride-th draw, by the square of a share of at
  // most kNextSeatSearchLimit in units of 2^-32 (rules/next_seat.hpp): below 2^84 per draw.
  constexpr auto largest_share = static_cast<rules::WideUint>(rules::kNextSeatSearchLimit) << 32;
  STATIC_REQUIRE(largest_share * largest_share < rules::WideUint{1} << 84);
  constexpr rules::WideUint largest_square_sum =
      largest_share * largest_share * (sim::kMaxDraws / sim::kNextSeatStride + 1);
  STATIC_REQUIRE(largest_square_sum < rules::WideUint{1} << 117);
}

TEST_CASE("merging tallies near the draw limit adds exactly") {
  sim::Tally a(2, 0, 1, 0, 0, 2);
  sim::Tally b(2, 0, 1, 0, 0, 2);
  a.draws = sim::kMaxDraws / 2;
  b.draws = sim::kMaxDraws - a.draws;
  a.passed = {a.draws, 0};
  b.passed = {b.draws, 1};
  a.vote_sum = {static_cast<rules::WideUint>(a.draws) << 32, 0};
  b.vote_sum = {static_cast<rules::WideUint>(b.draws) << 32, 7};
  a.merge(b);
  CHECK(a.draws == sim::kMaxDraws);
  CHECK(a.passed[0] == sim::kMaxDraws);
  CHECK(a.passed[1] == 1);
  CHECK(a.vote_sum[0] == static_cast<rules::WideUint>(sim::kMaxDraws) << 32);
  CHECK(a.vote_sum[1] == 7);
}
