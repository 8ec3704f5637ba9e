#include "engine/rules/next_seat.hpp"

#include <catch2/catch.hpp>
#include <vector>

#include "tests/rules/random_elections.hpp"

using namespace seatsim::rules;

namespace {

int seats_of(const ListRule& rule, const ListBallot& ballot, std::size_t list) {
  std::vector<int> seats(ballot.lists.size());
  std::vector<Admission> admission(ballot.lists.size());
  allocate_list(rule, ballot, seats, admission);
  return seats[list];
}

// The ballot with `extra` more votes for list `list`.
int seats_with(const ListRule& rule, std::vector<Votes> votes, const ListBallot& ballot,
               std::size_t list, Votes extra) {
  votes[list] += extra;
  ListBallot more = ballot;
  more.lists = votes;
  return seats_of(rule, more, list);
}

constexpr ListRule hare{.seats = 10, .method = Method::hare};
constexpr ListRule dhondt{.seats = 10, .method = Method::dhondt};
constexpr Threshold seven_percent{.parts_per_billion = 70'000'000, .base = ThresholdBase::valid};

}  // namespace

TEST_CASE("votes for the next seat, worked by hand for Hare and D'Hondt") {
  // A 4500, B 3200, C 2300 of 10,000 votes for 10 seats. Hare: quotas 4.5, 3.2, 2.3, so A 5, B 3,
  // C 2. With v more votes B's quota is 10 (3200 + v) / (10000 + v); its remainder (2000 + 7v)
  // beats A's (5000 - 4v) (both over 10000 + v) once 11 v > 3000: v = 273 (v = 272: 3904 < 3912).
  const std::vector<Votes> abc{4500, 3200, 2300};
  CHECK(votes_for_next_seat(hare, {.lists = abc}, 1) == 273);
  // D'Hondt: the 10th seat goes to A's 4500 / 5 = 900. B's fourth quotient (3200 + v) / 4 ties it
  // at v = 400, a tie A wins by registration order; v = 401 wins the seat.
  CHECK(votes_for_next_seat(dhondt, {.lists = abc}, 1) == 401);

  // A 4600, B 3300, C 1600, D 500 of 10,000. Hare: quotas 4.6, 3.3, 1.6, 0.5; the two remainder
  // seats go to A and C (0.6 each), so D has none. Its remainder (5000 + 10 v) beats A's
  // (6000 - 4 v) once 14 v > 1000: v = 72.
  const std::vector<Votes> abcd{4600, 3300, 1600, 500};
  CHECK(votes_for_next_seat(hare, {.lists = abcd}, 3) == 72);
  // D'Hondt: the 10th seat goes to B's 3300 / 4 = 825; D's 500 + v beats it at v = 326.
  CHECK(votes_for_next_seat(dhondt, {.lists = abcd}, 3) == 326);

  // With a 7% threshold D (5%) must first pass: 500 + v >= 0.07 (10000 + v) at v = 216 (215.05
  // rounded up). Hare: at 716 votes D's quota is 7160 / 10216 = 0.70, the largest remainder, so
  // passing is all it takes. D'Hondt: 716 is still below 825, so D needs v = 326 as without one.
  ListRule hare_threshold = hare;
  hare_threshold.threshold = seven_percent;
  ListRule dhondt_threshold = dhondt;
  dhondt_threshold.threshold = seven_percent;
  CHECK(seats_with(hare_threshold, abcd, {.lists = abcd}, 3, 215) == 0);
  CHECK(votes_for_next_seat(hare_threshold, {.lists = abcd}, 3) == 216);
  CHECK(votes_for_next_seat(dhondt_threshold, {.lists = abcd}, 3) == 326);
  // "Against all" votes count in the valid base: 1000 of them raise D's bar to
  // 0.07 (11000 + v), v = 291 (290.3 rounded up).
  CHECK(votes_for_next_seat(hare_threshold, {.lists = abcd, .other_valid = 1000}, 3) == 291);
}

TEST_CASE("a list holding every seat, or one no number of votes can help, has no next seat") {
  const std::vector<Votes> one{5000};
  CHECK_FALSE(votes_for_next_seat(hare, {.lists = one}, 0));
  // Adams and Huntington-Hill (first divisor 0) give every admitted list a first seat, so with 10
  // lists for 10 seats and no threshold no list can ever win a second.
  const std::vector<Votes> ten(10, 100);
  CHECK_FALSE(votes_for_next_seat({.seats = 10, .method = Method::adams}, {.lists = ten}, 0));
  CHECK_FALSE(
      votes_for_next_seat({.seats = 10, .method = Method::huntington_hill}, {.lists = ten}, 0));
  // With a threshold the others fall below it as one list grows, so it can win every seat.
  ListRule adams_threshold{.seats = 10, .method = Method::adams, .threshold = seven_percent};
  CHECK(votes_for_next_seat(adams_threshold, {.lists = ten}, 0).has_value());
}

// Both properties on random elections, for every method, with and without a threshold and the
// runner-up rule: a list's seats never fall as its own votes rise (which the bisection relies on),
// and the answer is exact: v more votes win a seat and v - 1 do not.
TEST_CASE("a list's seats never fall as its votes rise, and the votes found are the fewest") {
  for (const Method method : kMethods) {
    testing::ElectionGenerator next(0x5e47'0000 + static_cast<std::uint64_t>(method));
    for (int k = 0; k < 2000; ++k) {
      const auto e = next(8, 30);
      const ListRule rule{.seats = e.seats,
                          .method = method,
                          .threshold = {.parts_per_billion = next.below(3) * 40'000'000,
                                        .base = ThresholdBase::valid},
                          .min_admitted = next.below(3)};
      const ListBallot ballot{.lists = e.votes, .other_valid = next.below(3) * 1000};
      const auto list = static_cast<std::size_t>(next.below(static_cast<int>(e.votes.size())));
      INFO("method " << to_string(method) << ", election " << k << ", list " << list);

      int before = seats_with(rule, e.votes, ballot, list, 0);
      Votes extra = 0;
      for (int step = 0; step < 40; ++step) {
        extra += 1 + next.below(1 << next.below(22));
        const int after = seats_with(rule, e.votes, ballot, list, extra);
        REQUIRE(after >= before);
        before = after;
      }

      const auto needed = votes_for_next_seat(rule, ballot, list);
      const int now = seats_with(rule, e.votes, ballot, list, 0);
      if (!needed) {
        // Adams and Huntington-Hill (first divisor 0) give every admitted list a first seat.
        CHECK((now == e.seats || method == Method::adams || method == Method::huntington_hill));
        continue;
      }
      CHECK(seats_with(rule, e.votes, ballot, list, *needed) > now);
      CHECK(seats_with(rule, e.votes, ballot, list, *needed - 1) == now);
    }
  }
}
