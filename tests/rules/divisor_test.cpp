// Divisor methods (engine/rules/divisor.cpp): worked examples and properties on
// kElectionsPerMethod random elections per method.
#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>

#include "engine/rules/list_tier.hpp"
#include "tests/rules/random_elections.hpp"

using namespace seatsim::rules;
using namespace seatsim::rules::testing;

namespace {

constexpr Method kDivisorMethods[] = {Method::dhondt, Method::sainte_lague,
                                      Method::modified_sainte_lague, Method::huntington_hill,
                                      Method::adams};

std::vector<int> seats_of(Method method, int seats, const std::vector<Votes>& votes) {
  Election e{votes, std::vector<std::uint64_t>(votes.size()), seats};
  return allocate({.seats = seats, .method = method}, e).seats;
}

// Jefferson's formulation of D'Hondt, independent of the seat-by-seat rule: find the divisor x with
// sum floor(votes / x) = seats. The candidates are the quotients votes / j; x is the seats-th
// largest. Returns nothing when the quotients tie at x, where no divisor gives exactly `seats`.
std::optional<std::vector<int>> jefferson(const Election& e) {
  struct Quotient {
    Votes votes;
    Votes divisor;
  };
  const auto larger = [](const Quotient& a, const Quotient& b) {
    return static_cast<WideInt>(a.votes) * b.divisor > static_cast<WideInt>(b.votes) * a.divisor;
  };
  std::vector<Quotient> quotients;
  for (const Votes v : e.votes) {
    for (int j = 1; j <= e.seats + 1 && v > 0; ++j) quotients.push_back({v, j});
  }
  if (static_cast<int>(quotients.size()) <= e.seats) return std::nullopt;
  std::nth_element(quotients.begin(), quotients.begin() + e.seats, quotients.end(), larger);
  const Quotient next = quotients[e.seats];  // the largest quotient that gets no seat
  std::nth_element(quotients.begin(), quotients.begin() + e.seats - 1, quotients.begin() + e.seats,
                   larger);
  const Quotient x = quotients[e.seats - 1];
  if (!larger(x, next)) return std::nullopt;
  std::vector<int> seats;
  for (const Votes v : e.votes) {
    seats.push_back(static_cast<int>(static_cast<WideInt>(v) * x.divisor / x.votes));
  }
  return seats;
}

}  // namespace

TEST_CASE("divisor methods reproduce the textbook example") {
  // 100,000 votes for 10 seats; results checked with exact fractions (Python's fractions module).
  const std::vector<Votes> votes = {47000, 16000, 15800, 12000, 6100, 3100};
  CHECK(seats_of(Method::dhondt, 10, votes) == std::vector<int>{5, 2, 2, 1, 0, 0});
  CHECK(seats_of(Method::sainte_lague, 10, votes) == std::vector<int>{4, 2, 2, 1, 1, 0});
  CHECK(seats_of(Method::modified_sainte_lague, 10, votes) == std::vector<int>{5, 2, 2, 1, 0, 0});
  CHECK(seats_of(Method::huntington_hill, 10, votes) == std::vector<int>{4, 2, 1, 1, 1, 1});
  CHECK(seats_of(Method::adams, 10, votes) == std::vector<int>{3, 2, 2, 1, 1, 1});
}

TEST_CASE("D'Hondt and Sainte-Lague part ways on the standard four-party example") {
  const std::vector<Votes> votes = {100000, 80000, 30000, 20000};
  CHECK(seats_of(Method::dhondt, 8, votes) == std::vector<int>{4, 3, 1, 0});
  CHECK(seats_of(Method::sainte_lague, 8, votes) == std::vector<int>{3, 3, 1, 1});
}

TEST_CASE("the 1.4 first divisor holds back a small list that plain Sainte-Lague seats") {
  // The fourth list's first average is 20,000 under Sainte-Lague (beats 100,000 / 5) but
  // 20,000 / 1.4 = 14,286 under the modified rule (loses to it).
  const std::vector<Votes> votes = {100000, 80000, 30000, 20000};
  CHECK(seats_of(Method::modified_sainte_lague, 8, votes) == std::vector<int>{4, 3, 1, 0});
}

TEST_CASE("Huntington-Hill and Adams seat every list before any takes a second") {
  CHECK(seats_of(Method::huntington_hill, 3, {1000, 2, 1}) == std::vector<int>{1, 1, 1});
  CHECK(seats_of(Method::adams, 2, {1000, 2, 1}) == std::vector<int>{1, 1, 0});
}

TEST_CASE("a tie for the last seat is reported") {
  // D'Hondt: 60 takes the first seat; for the second, 60 / 2 and 30 / 1 tie. With a third seat the
  // other list takes it (30 against 20), so the tie no longer decides anything.
  Election e{{60, 30}, {0, 1}, 2};
  CHECK(allocate({.seats = 2, .method = Method::dhondt}, e).outcome.tie_decided);
  e.seats = 3;
  CHECK_FALSE(allocate({.seats = 3, .method = Method::dhondt}, e).outcome.tie_decided);
}

TEST_CASE("divisor-method properties hold on random elections") {
  for (const Method method : kDivisorMethods) {
    CAPTURE(to_string(method));
    ElectionGenerator next(0xd1'0000 + static_cast<std::uint64_t>(method));
    int jefferson_checked = 0;
    for (int k = 0; k < kElectionsPerMethod; ++k) {
      Election e = next(10, 40);
      if (e.votes[0] == 0) e.votes[0] = 1;  // at least one vote, so the house is filled
      const ListRule rule{.seats = e.seats, .method = method, .ties = TiePolicy::by_lot};
      const auto a = allocate(rule, e);
      INFO("election " << k);
      REQUIRE(total(a.seats) == e.seats);

      // Permuting the lists (with their lot keys) permutes the seats.
      const auto p = next.permutation(e.votes.size());
      const auto b = allocate(rule, permuted(e, p));
      for (std::size_t i = 0; i < e.votes.size(); ++i) REQUIRE(b.seats[p[i]] == a.seats[i]);

      // Multiplying every count by a constant changes nothing.
      Election scaled = e;
      const Votes factor = 2 + next.below(999);
      for (Votes& v : scaled.votes) v *= factor;
      REQUIRE(allocate(rule, scaled).seats == a.seats);

      // House monotonicity: one more seat never takes a seat from anyone.
      ListRule bigger = rule;
      ++bigger.seats;
      const auto c = allocate(bigger, e);
      for (std::size_t i = 0; i < e.votes.size(); ++i) REQUIRE(c.seats[i] >= a.seats[i]);

      if (method == Method::dhondt) {
        if (const auto expected = jefferson(e)) {
          REQUIRE(a.seats == *expected);
          ++jefferson_checked;
        }
      }
    }
    // Ties at the divisor are rare: nearly every election is compared with Jefferson's search.
    if (method == Method::dhondt) CHECK(jefferson_checked > kElectionsPerMethod * 9 / 10);
  }
}

TEST_CASE("the first divisor of modified Sainte-Lague is a number: Sweden's 1.2 seats the list") {
  // Under 1.2 the fourth list's first average is 20,000 / 1.2 = 16,667, above B's third (16,000)
  // and A's fourth (14,286), so it takes the seventh seat; under 1.4 (14,286) it does not.
  const std::vector<Votes> votes = {100000, 80000, 30000, 20000};
  Election e{votes, std::vector<std::uint64_t>(votes.size()), 8};
  const ListRule sweden{
      .seats = 8, .method = Method::modified_sainte_lague, .first_divisor_ppb = 1'200'000'000};
  CHECK(allocate(sweden, e).seats == std::vector<int>{3, 3, 1, 1});
}

TEST_CASE("a first divisor of 1 is plain Sainte-Lague, on random elections") {
  ElectionGenerator next(0x51'0000);
  for (int k = 0; k < kElectionsPerMethod / 10; ++k) {
    const Election e = next(8, 60);
    INFO("election " << k);
    const ListRule one{.seats = e.seats,
                       .method = Method::modified_sainte_lague,
                       .first_divisor_ppb = kPartsPerBillion,
                       .ties = TiePolicy::by_lot};
    const ListRule plain{
        .seats = e.seats, .method = Method::sainte_lague, .ties = TiePolicy::by_lot};
    REQUIRE(allocate(one, e).seats == allocate(plain, e).seats);
  }
}
