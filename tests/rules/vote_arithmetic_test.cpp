// The rules' integer arithmetic cannot overflow for any input the readers accept: every count is
// at most kMaxVotes, a ballot has at most kMaxOptions lists, a house at most kMaxLevelledHouse
// seats. The bounds are shown by arithmetic on the constants the code uses, then exercised at the
// limits (under UBSan, tests/README.md, an overflow would abort these tests).
#include <catch2/catch.hpp>
#include <limits>
#include <numeric>
#include <vector>

#include "engine/rules/limits.hpp"
#include "engine/rules/list_tier.hpp"
#include "engine/rules/mixed.hpp"

using namespace seatsim::rules;

namespace {

constexpr WideInt kWideMax = std::numeric_limits<WideInt>::max();
constexpr WideInt kLargestHouse = kMaxLevelledHouse;

}  // namespace

TEST_CASE("vote totals and products of counts stay inside 64 and 128 bits at the input limits") {
  // A threshold base sums every list, other-valid and invalid votes, in Votes (64 bits).
  constexpr WideInt largest_total = WideInt{kMaxOptions + 2} * kMaxVotes;
  STATIC_REQUIRE(largest_total < WideInt{1} << 47);
  STATIC_REQUIRE(largest_total < std::numeric_limits<Votes>::max());
  // Threshold test (list_tier.cpp): votes * 10^9 against base * parts per billion (< 10^9).
  STATIC_REQUIRE(WideInt{kMaxVotes} * kPartsPerBillion < WideInt{1} << 70);
  STATIC_REQUIRE(largest_total * kPartsPerBillion < WideInt{1} << 77);
  // Quotas (quota.cpp): votes * (house + 2), the Imperiali denominator at the largest house.
  STATIC_REQUIRE(WideInt{kMaxVotes} * (kLargestHouse + 2) < WideInt{1} << 58);
  // Divisor comparisons (divisor.cpp) cross-multiply averages. The widest is Huntington-Hill's
  // votes^2 / (s (s + 1)), compared as votes_a^2 * s_b (s_b + 1).
  constexpr WideInt widest = WideInt{kMaxVotes} * kMaxVotes * kLargestHouse * (kLargestHouse + 1);
  STATIC_REQUIRE(widest < WideInt{1} << 114);
  STATIC_REQUIRE(widest < kWideMax / 4);
  // Modified Sainte-Lague: 10 votes * (20 s + 10).
  STATIC_REQUIRE(WideInt{10} * kMaxVotes * (20 * kLargestHouse + 10) < WideInt{1} << 65);
  // The house limit the scenario loader and `allocate --seats` enforce is below the levelling one.
  STATIC_REQUIRE(seatsim::rules::kMaxSeats <= kMaxLevelledHouse);
}

TEST_CASE("every method allocates a full house among the most lists at the largest counts") {
  std::vector<Votes> votes(kMaxOptions);
  for (int i = 0; i < kMaxOptions; ++i) votes[i] = kMaxVotes - i;
  std::vector<int> districts(kMaxOptions, 0);
  districts[0] = 200;
  const ListBallot ballot{
      .lists = votes, .other_valid = kMaxVotes, .invalid = kMaxVotes, .district_seats = districts};
  std::vector<int> list_seats(kMaxOptions);
  std::vector<int> seats(kMaxOptions);
  std::vector<Admission> admission(kMaxOptions);
  for (const Method method : kMethods) {
    CAPTURE(to_string(method));
    const ListRule list{
        .seats = seatsim::rules::kMaxSeats,
        .method = method,
        .threshold = {.parts_per_billion = 10'000'000, .base = ThresholdBase::ballots}};
    allocate_list(list, ballot, list_seats, admission);
    CHECK(std::accumulate(list_seats.begin(), list_seats.end(), 0) == list.seats);
    // Nearly equal votes: every list gets 156 or 157 seats (10000 = 64 * 156 + 16).
    for (const int s : list_seats) CHECK((s == 156 || s == 157));
    // The first list's 200 districts (above its 157) force the compensatory house up by levelling.
    const auto outcome = allocate_mixed(
        {.list = list, .composition = Composition::compensatory, .overhang = Overhang::levelling},
        ballot, list_seats, seats, admission);
    CHECK(outcome.levelling > 0);
    CHECK(std::accumulate(seats.begin(), seats.end(), 0) == outcome.house);
  }
}
