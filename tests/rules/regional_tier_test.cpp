// Multi-member list districts (engine/rules/regional_tier.cpp): hand-checked examples of the two
// threshold scopes, and properties over random elections: each district's seats are the list
// tier's allocation of that district alone (district scope), seats sum to the districts' seats,
// a list's seats never fall as its own votes rise (D'Hondt), and permuting the lists permutes the
// seats (lots break ties).
#include "engine/rules/regional_tier.hpp"

#include <catch2/catch.hpp>
#include <numeric>
#include <vector>

#include "engine/rules/electoral_system.hpp"
#include "tests/rules/random_elections.hpp"

using namespace seatsim::rules;

namespace {

struct Result {
  std::vector<int> region_seats;
  std::vector<int> seats;
  std::vector<Admission> admission;
  RegionalOutcome outcome;
};

Result allocate(const RegionalRule& rule, const std::vector<Votes>& votes,
                const std::vector<Votes>& other_valid,
                const std::vector<std::uint64_t>& lots = {}) {
  const std::size_t lists = votes.size() / other_valid.size();
  Result r{
      std::vector<int>(votes.size()), std::vector<int>(lists), std::vector<Admission>(lists), {}};
  r.outcome = allocate_regions(rule, {.votes = votes, .other_valid = other_valid}, lots,
                               r.region_seats, r.seats, r.admission);
  return r;
}

RegionalRule dhondt(std::vector<int> seats, double threshold, ThresholdScope scope) {
  return {.list = {.method = Method::dhondt,
                   .threshold = {.parts_per_billion = to_parts_per_billion(threshold)}},
          .scope = scope,
          .seats = std::move(seats)};
}

}  // namespace

TEST_CASE("district scope: 3% of each district's valid votes, D'Hondt in each (Spain)") {
  // District 1, 5 seats, 1000 valid (10 blank): A 500, B 300, C 160, D 29 (2.9%: out).
  //   D'Hondt averages: A 500 250 166.7 125; B 300 150; C 160 -> A 3, B 1, C 1 ... check:
  //   the five largest are 500, 300, 250, 166.7, 160: A 3, B 1, C 1.
  // District 2, 3 seats, 200 valid: D 100, A 60, B 40 -> 100, 60, 50: D 2, A 1.
  const std::vector<Votes> votes = {500, 300, 160, 29, 60, 40, 0, 100};
  const auto r = allocate(dhondt({5, 3}, 0.03, ThresholdScope::region), votes, {11, 0});
  CHECK(r.region_seats == std::vector<int>{3, 1, 1, 0, 1, 0, 0, 2});
  CHECK(r.seats == std::vector<int>{4, 1, 1, 2});
  // D is below 3% in district 1 but passes in district 2.
  CHECK(r.admission == std::vector<Admission>(4, Admission::passed));
  CHECK(r.outcome.unfilled == 0);
}

TEST_CASE("national scope: 5% of the national vote, then D'Hondt in each district (Poland)") {
  // National: A 560, B 340, C 189, D 29 of 1118 valid + 0: D has 2.6%, out everywhere; C 16.9%.
  // District 2 (3 seats): A 60, B 40, C 29 -> 60, 40, 30 (A/2), 29: A 2, B 1.
  const std::vector<Votes> votes = {500, 300, 160, 29, 60, 40, 29, 0};
  const auto r = allocate(dhondt({5, 3}, 0.05, ThresholdScope::national), votes, {0, 0});
  CHECK(r.region_seats == std::vector<int>{3, 1, 1, 0, 2, 1, 0, 0});
  CHECK(r.admission == std::vector<Admission>{Admission::passed, Admission::passed,
                                              Admission::passed, Admission::excluded});
  // A list admitted nationally has no claim where it has no votes, even under Adams (d(0) = 0).
  RegionalRule adams = dhondt({2, 2}, 0.0, ThresholdScope::national);
  adams.list.method = Method::adams;
  const auto a = allocate(adams, {10, 0, 5, 5}, {0, 0});
  CHECK(a.region_seats == std::vector<int>{2, 0, 1, 1});
}

TEST_CASE("a district where no list is admitted stays empty and is counted") {
  const auto r = allocate(dhondt({2, 2}, 0.5, ThresholdScope::region), {40, 40, 70, 30}, {20, 0});
  CHECK(r.region_seats == std::vector<int>{0, 0, 2, 0});
  CHECK(r.outcome.unfilled == 1);
}

TEST_CASE("the electoral system adds list districts to the other tiers") {
  const ListRule national{.seats = 4, .method = Method::hare};
  const ElectoralSystem system({.list = national,
                                .district_seats = 0,
                                .exemptions = {},
                                .regions = dhondt({5, 3}, 0.03, ThresholdScope::region)});
  CHECK(system.regional_seats() == 8);
  const std::vector<Votes> lists = {50, 30, 20, 0};
  const std::vector<Votes> regional = {500, 300, 160, 29, 60, 40, 0, 100};
  const std::vector<Votes> other = {11, 0};
  std::vector<int> list(4), total(4), region_seats(8);
  std::vector<Admission> admission(4);
  const MixedOutcome outcome = system.allocate({.lists = lists},
                                               {.list_seats = list,
                                                .total_seats = total,
                                                .admission = admission,
                                                .region_seats = region_seats},
                                               {.votes = regional, .other_valid = other});
  CHECK(list == std::vector<int>{2, 1, 1, 0});  // Hare: quotas 2, 1.2, 0.8
  CHECK(total == std::vector<int>{6, 2, 2, 2});
  CHECK(outcome.house == 12);
  // Without a national list tier the admissions are the list districts'.
  const ElectoralSystem alone({.list = std::nullopt,
                               .exemptions = {},
                               .regions = dhondt({5, 3}, 0.05, ThresholdScope::region)});
  alone.allocate({.lists = lists},
                 {.list_seats = list,
                  .total_seats = total,
                  .admission = admission,
                  .region_seats = region_seats},
                 {.votes = regional, .other_valid = other});
  CHECK(total == std::vector<int>{4, 1, 1, 2});
  CHECK(admission == std::vector<Admission>(4, Admission::passed));
}

TEST_CASE("list districts: properties over random elections") {
  using testing::ElectionGenerator;
  ElectionGenerator generate(20260713);
  for (int trial = 0; trial < 20'000; ++trial) {
    const int districts = 1 + generate.below(5);
    const int lists = 1 + generate.below(8);
    const auto method = kMethods[static_cast<std::size_t>(generate.below(8))];
    const auto scope = generate.below(2) ? ThresholdScope::region : ThresholdScope::national;
    RegionalRule rule{.list = {.method = method,
                               .threshold = {.parts_per_billion = 10'000'000 * generate.below(8)},
                               .ties = TiePolicy::by_lot},
                      .scope = scope,
                      .seats = {}};
    std::vector<Votes> votes;
    std::vector<Votes> other;
    for (int d = 0; d < districts; ++d) {
      const auto e = generate(1, 12);
      rule.seats.push_back(e.seats);
      for (int i = 0; i < lists; ++i) votes.push_back(generate(1, 1).votes[0]);
      other.push_back(generate.below(3) == 0 ? 0 : generate(1, 1).votes[0]);
    }
    std::vector<std::uint64_t> lots(static_cast<std::size_t>(lists));
    std::iota(lots.begin(), lots.end(), 0);
    const auto r = allocate(rule, votes, other, lots);
    INFO("trial " << trial);
    // Seat totals: each district's seats, or none where no list is admitted there.
    int total = 0;
    for (int d = 0; d < districts; ++d) {
      int here = 0;
      for (int i = 0; i < lists; ++i) {
        here += r.region_seats[static_cast<std::size_t>(d * lists + i)];
        CHECK(r.region_seats[static_cast<std::size_t>(d * lists + i)] >= 0);
      }
      CHECK((here == rule.seats[static_cast<std::size_t>(d)] || here == 0));
      total += here;
    }
    CHECK(std::accumulate(r.seats.begin(), r.seats.end(), 0) == total);
    // District scope: each district is the list tier's allocation of that district alone.
    if (scope == ThresholdScope::region) {
      for (int d = 0; d < districts; ++d) {
        ListRule alone = rule.list;
        alone.seats = rule.seats[static_cast<std::size_t>(d)];
        std::vector<int> seats(static_cast<std::size_t>(lists));
        std::vector<Admission> admission(static_cast<std::size_t>(lists));
        allocate_list(alone,
                      {.lists = std::span(votes).subspan(static_cast<std::size_t>(d * lists),
                                                         static_cast<std::size_t>(lists)),
                       .other_valid = other[static_cast<std::size_t>(d)],
                       .lots = lots},
                      seats, admission);
        for (int i = 0; i < lists; ++i)
          CHECK(seats[static_cast<std::size_t>(i)] ==
                r.region_seats[static_cast<std::size_t>(d * lists + i)]);
      }
    }
    // Order: permuting the lists (with their lots) permutes the seats.
    const auto p = generate.permutation(static_cast<std::size_t>(lists));
    std::vector<Votes> permuted(votes.size());
    std::vector<std::uint64_t> permuted_lots(lots.size());
    for (int i = 0; i < lists; ++i) {
      permuted_lots[static_cast<std::size_t>(i)] = lots[static_cast<std::size_t>(p[i])];
      for (int d = 0; d < districts; ++d)
        permuted[static_cast<std::size_t>(d * lists + i)] =
            votes[static_cast<std::size_t>(d * lists + p[i])];
    }
    const auto q = allocate(rule, permuted, other, permuted_lots);
    for (int i = 0; i < lists; ++i)
      CHECK(q.seats[static_cast<std::size_t>(i)] == r.seats[static_cast<std::size_t>(p[i])]);
    // Monotonicity in a list's own votes under D'Hondt: more votes in one district never cost it
    // a seat, there or in all (the threshold base grows too, and the list's share with it).
    if (method == Method::dhondt) {
      const int i = generate.below(lists);
      const int d = generate.below(districts);
      std::vector<Votes> more = votes;
      more[static_cast<std::size_t>(d * lists + i)] += 1 + generate.below(100'000);
      const auto m = allocate(rule, more, other, lots);
      CHECK(m.region_seats[static_cast<std::size_t>(d * lists + i)] >=
            r.region_seats[static_cast<std::size_t>(d * lists + i)]);
      CHECK(m.seats[static_cast<std::size_t>(i)] >= r.seats[static_cast<std::size_t>(i)]);
    }
  }
}
