// Largest-remainder methods (engine/rules/quota.cpp): worked examples and properties on
// kElectionsPerMethod random elections per method.
#include <catch2/catch.hpp>

#include "engine/rules/list_tier.hpp"
#include "tests/rules/random_elections.hpp"

using namespace seatsim::rules;
using namespace seatsim::rules::testing;

namespace {

constexpr Method kQuotaMethods[] = {Method::hare, Method::droop, Method::imperiali};

std::vector<int> seats_of(Method method, int seats, const std::vector<Votes>& votes) {
  Election e{votes, std::vector<std::uint64_t>(votes.size()), seats};
  return allocate({.seats = seats, .method = method}, e).seats;
}

// Each list's quota count as a fraction: votes * denominator / numerator, computed here from the
// textbook definitions, independently of quota.cpp.
struct QuotaCount {
  WideInt floor = 0;
  bool exact = false;  // no fractional part
};

std::vector<QuotaCount> quota_counts(Method method, const Election& e) {
  Votes total = 0;
  for (const Votes v : e.votes) total += v;
  // Imperiali falls back to votes / (seats + 1), then Hare, when its whole parts exceed the house.
  for (int extra = method == Method::imperiali ? 2 : 0;; --extra) {
    const WideInt numerator = method == Method::droop ? total / (e.seats + 1) + 1 : total;
    const WideInt denominator = method == Method::droop ? 1 : e.seats + extra;
    std::vector<QuotaCount> counts;
    WideInt sum = 0;
    for (const Votes v : e.votes) {
      counts.push_back({v * denominator / numerator, v * denominator % numerator == 0});
      sum += counts.back().floor;
    }
    if (sum <= e.seats) return counts;
  }
}

}  // namespace

TEST_CASE("largest-remainder methods reproduce the textbook example") {
  // 100,000 votes for 10 seats (the standard example, e.g. Gallagher and Mitchell, The Politics of
  // Electoral Systems, 2005, appendix B). Hare quota 10,000; Droop 9,091; Imperiali 8,333.3.
  const std::vector<Votes> votes = {47000, 16000, 15800, 12000, 6100, 3100};
  CHECK(seats_of(Method::hare, 10, votes) == std::vector<int>{5, 2, 1, 1, 1, 0});
  CHECK(seats_of(Method::droop, 10, votes) == std::vector<int>{5, 2, 2, 1, 0, 0});
  CHECK(seats_of(Method::imperiali, 10, votes) == std::vector<int>{5, 2, 2, 1, 0, 0});
}

TEST_CASE("an Imperiali quota that over-allocates falls back to a larger quota") {
  // 2 seats, quota 100 / 4 = 25: whole parts 2 + 2 exceed the house; with 100 / 3 they are 1 + 1.
  CHECK(seats_of(Method::imperiali, 2, {50, 50}) == std::vector<int>{1, 1});
}

TEST_CASE("a Droop quota on very few votes hands leftovers round the ranking again") {
  // 1 vote, 5 seats: quota floor(1 / 6) + 1 = 1 gives one whole seat; 4 are left over.
  CHECK(seats_of(Method::droop, 5, {1, 0}) == std::vector<int>{5, 0});
}

TEST_CASE("largest-remainder properties hold on random elections") {
  for (const Method method : kQuotaMethods) {
    CAPTURE(to_string(method));
    ElectionGenerator next(0x5eed'0000 + static_cast<std::uint64_t>(method));
    const ListRule rule{.seats = 0, .method = method, .ties = TiePolicy::by_lot};
    for (int k = 0; k < kElectionsPerMethod; ++k) {
      Election e = next(12, 60);
      if (e.votes[0] == 0) e.votes[0] = 1;  // at least one vote, so the house is filled
      ListRule r = rule;
      r.seats = e.seats;
      const auto a = allocate(r, e);
      INFO("election " << k);
      REQUIRE(total(a.seats) == e.seats);

      // Each list gets the whole part of its quota count or one more; an exact count, exactly it.
      // Under Droop's whole-vote quota, fewer than seats * (seats + 1) votes can leave more
      // leftover seats than lists, and the bound is then out of reach.
      const auto counts = quota_counts(method, e);
      Votes votes = 0;
      for (const Votes v : e.votes) votes += v;
      const bool few_leftovers =
          method != Method::droop || votes >= static_cast<Votes>(e.seats) * (e.seats + 1);
      for (std::size_t i = 0; i < e.votes.size() && few_leftovers; ++i) {
        const auto s = static_cast<WideInt>(a.seats[i]);
        REQUIRE(s >= counts[i].floor);
        REQUIRE(s <= counts[i].floor + (counts[i].exact ? 0 : 1));
      }

      // Permuting the lists (with their lot keys) permutes the seats.
      const auto p = next.permutation(e.votes.size());
      const auto b = allocate(r, permuted(e, p));
      for (std::size_t i = 0; i < e.votes.size(); ++i) REQUIRE(b.seats[p[i]] == a.seats[i]);

      // Multiplying every count by a constant changes nothing. Droop's quota adds a whole vote
      // after dividing, so it is not scale-free by design and is left out.
      if (method != Method::droop) {
        Election scaled = e;
        const Votes factor = 2 + next.below(999);
        for (Votes& v : scaled.votes) v *= factor;
        REQUIRE(allocate(r, scaled).seats == a.seats);
      }
    }
  }
}

TEST_CASE("a Droop quota rounded to the nearest takes an excess seat from the smallest remainder") {
  // 100 votes, 3 seats: floor(100 / 4) + 1 = 26 gives 2 + 0 whole seats and the leftover to B's
  // remainder 25 (A's is 23); the rounded quota 25 gives 3 + 1 = 4 whole seats, one too many, and
  // both remainders are 0: the later list gives it back.
  Election e{{75, 25}, {0, 0}, 3};
  CHECK(allocate({.seats = 3, .method = Method::droop}, e).seats == std::vector<int>{2, 1});
  const ListRule rounded{.seats = 3, .method = Method::droop, .droop = DroopRounding::nearest};
  CHECK(allocate(rounded, e).seats == std::vector<int>{3, 0});
  // 1000 votes, 10 seats: 1000 / 11 = 90.9 rounds up to 91, as floor + 1 gives.
  Election f{{500, 300, 200}, {0, 0, 0}, 10};
  const ListRule ten{.seats = 10, .method = Method::droop, .droop = DroopRounding::nearest};
  CHECK(allocate(ten, f).seats == allocate({.seats = 10, .method = Method::droop}, f).seats);
}

TEST_CASE("a rounded Droop quota gives exactly the house on random elections") {
  ElectionGenerator next(0x52'0000);
  for (int k = 0; k < kElectionsPerMethod / 10; ++k) {
    const Election e = next(8, 60);
    INFO("election " << k);
    const ListRule rule{.seats = e.seats,
                        .method = Method::droop,
                        .droop = DroopRounding::nearest,
                        .ties = TiePolicy::by_lot};
    const auto a = allocate(rule, e);
    if (a.outcome.unfilled) continue;
    int sum = 0;
    for (std::size_t i = 0; i < e.votes.size(); ++i) {
      REQUIRE(a.seats[i] >= 0);
      sum += a.seats[i];
    }
    REQUIRE(sum == e.seats);
  }
}
