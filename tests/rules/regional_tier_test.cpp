// Multi-member list districts (engine/rules/regional_tier.cpp): hand-checked examples of the two
// threshold scopes, and properties over random elections: each district's seats are the list
// tier's allocation of that district alone (district scope), seats sum to the districts' seats,
// a list's seats never fall as its own votes rise (D'Hondt), and permuting the lists permutes the
// seats (lots break ties). Regional compensation (allocate_regions_compensatory): a hand-checked
// example, and the same properties with each list's single-member seats in the count.
#include "engine/rules/regional_tier.hpp"

#include <catch2/catch.hpp>
#include <numeric>
#include <span>
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

Result compensate(const RegionalRule& rule, const std::vector<Votes>& votes,
                  const std::vector<Votes>& other_valid, const std::vector<int>& district_seats,
                  const std::vector<std::uint64_t>& lots = {}) {
  const std::size_t lists = votes.size() / other_valid.size();
  Result r{
      std::vector<int>(votes.size()), std::vector<int>(lists), std::vector<Admission>(lists), {}};
  r.outcome = allocate_regions_compensatory(
      rule, {.votes = votes, .other_valid = other_valid, .district_seats = district_seats}, lots,
      r.region_seats, r.seats, r.admission);
  return r;
}

RegionalRule dhondt(std::vector<int> seats, double threshold, ThresholdScope scope) {
  return {.list = {.method = Method::dhondt,
                   .threshold = {.parts_per_billion = to_parts_per_billion(threshold)}},
          .scope = scope,
          .seats = std::move(seats)};
}

// A random election in 1 .. max_districts list districts of 1 .. max_seats seats each: the
// method drawn from `methods`, either threshold scope, a threshold of 0 to 7%, votes stored
// district by district, some districts with other valid votes, and lots 0 .. lists - 1.
struct RegionalElection {
  int districts = 0;
  int lists = 0;
  RegionalRule rule;
  std::vector<Votes> votes;
  std::vector<Votes> other;
  std::vector<std::uint64_t> lots;

  std::size_t at(int district, int list) const {
    return static_cast<std::size_t>(district * lists + list);
  }
};

// Each district elects all its seats, or none where no list is admitted there; no list has a
// negative count; the lists' totals are the districts' seats.
template <typename Allocation>
void check_district_totals(const RegionalElection& e, const Allocation& r) {
  int total = 0;
  for (int d = 0; d < e.districts; ++d) {
    int here = 0;
    for (int i = 0; i < e.lists; ++i) {
      CHECK(r.region_seats[e.at(d, i)] >= 0);
      here += r.region_seats[e.at(d, i)];
    }
    CHECK((here == e.rule.seats[static_cast<std::size_t>(d)] || here == 0));
    total += here;
  }
  CHECK(std::accumulate(r.seats.begin(), r.seats.end(), 0) == total);
}

// `blocks` (one entry per list, in each of one or more blocks: a district's votes, the lots) with
// position i of each block taking list permutation[i].
template <typename T>
std::vector<T> permuted(const std::vector<T>& blocks, const std::vector<int>& permutation) {
  const std::size_t lists = permutation.size();
  std::vector<T> out(blocks.size());
  for (std::size_t k = 0; k < blocks.size(); ++k)
    out[k] = blocks[k - k % lists + static_cast<std::size_t>(permutation[k % lists])];
  return out;
}

RegionalElection random_regional_election(testing::ElectionGenerator& generate, int max_districts,
                                          int max_seats, std::span<const Method> methods) {
  RegionalElection e;
  e.districts = 1 + generate.below(max_districts);
  e.lists = 1 + generate.below(8);
  e.rule = {.list = {.method = methods[static_cast<std::size_t>(
                         generate.below(static_cast<int>(methods.size())))],
                     .threshold = {.parts_per_billion = 10'000'000 * generate.below(8)},
                     .ties = TiePolicy::by_lot},
            .scope = generate.below(2) ? ThresholdScope::region : ThresholdScope::national,
            .seats = {}};
  for (int d = 0; d < e.districts; ++d) {
    e.rule.seats.push_back(1 + generate.below(max_seats));
    for (int i = 0; i < e.lists; ++i) e.votes.push_back(generate(1, 1).votes[0]);
    e.other.push_back(generate.below(3) == 0 ? 0 : generate(1, 1).votes[0]);
  }
  e.lots.resize(static_cast<std::size_t>(e.lists));
  std::iota(e.lots.begin(), e.lots.end(), 0);
  return e;
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
  testing::ElectionGenerator generate(20260713);
  for (int trial = 0; trial < 20'000; ++trial) {
    const auto e = random_regional_election(generate, 5, 12, kMethods);
    const auto& [districts, lists, rule, votes, other, lots] = e;
    const auto r = allocate(rule, votes, other, lots);
    INFO("trial " << trial);
    // Seat totals: each district's seats, or none where no list is admitted there.
    check_district_totals(e, r);
    // District scope: each district is the list tier's allocation of that district alone.
    if (rule.scope == ThresholdScope::region) {
      for (int d = 0; d < districts; ++d) {
        ListRule alone = rule.list;
        alone.seats = rule.seats[static_cast<std::size_t>(d)];
        std::vector<int> seats(static_cast<std::size_t>(lists));
        std::vector<Admission> admission(static_cast<std::size_t>(lists));
        allocate_list(
            alone,
            {.lists = std::span(votes).subspan(e.at(d, 0), static_cast<std::size_t>(lists)),
             .other_valid = other[static_cast<std::size_t>(d)],
             .lots = lots},
            seats, admission);
        for (int i = 0; i < lists; ++i)
          CHECK(seats[static_cast<std::size_t>(i)] == r.region_seats[e.at(d, i)]);
      }
    }
    // Order: permuting the lists (with their lots) permutes the seats.
    const auto p = generate.permutation(static_cast<std::size_t>(lists));
    const auto q = allocate(rule, permuted(votes, p), other, permuted(lots, p));
    for (int i = 0; i < lists; ++i)
      CHECK(q.seats[static_cast<std::size_t>(i)] == r.seats[static_cast<std::size_t>(p[i])]);
    // Monotonicity in a list's own votes under D'Hondt: more votes in one district never cost it
    // a seat, there or in all (the threshold base grows too, and the list's share with it).
    if (rule.list.method == Method::dhondt) {
      const int i = generate.below(lists);
      const int d = generate.below(districts);
      std::vector<Votes> more = votes;
      more[e.at(d, i)] += 1 + generate.below(100'000);
      const auto m = allocate(rule, more, other, lots);
      CHECK(m.region_seats[e.at(d, i)] >= r.region_seats[e.at(d, i)]);
      CHECK(m.seats[static_cast<std::size_t>(i)] >= r.seats[static_cast<std::size_t>(i)]);
    }
  }
}

TEST_CASE("regional compensation: D'Hondt from each list's constituency seats (Scotland)") {
  // Region 1, 4 list seats. Votes A 9000, B 6600, C 2900, D 1000; constituencies won A 2, D 1.
  // Divisors start at constituency seats + 1: A 9000/3 = 3000, B 6600/1, C 2900/1, D 1000/2 = 500.
  //   seat 1: B 6600 (B next 6600/2 = 3300)
  //   seat 2: B 3300 (B next 6600/3 = 2200)
  //   seat 3: A 3000 (A next 9000/4 = 2250)
  //   seat 4: C 2900, above A 2250, B 2200 and D 500.
  // List seats A 1, B 2, C 1, D 0 (from scratch D'Hondt would give A 2, B 2).
  // Region 2, 2 list seats. Votes A 100, B 500, C 0, D 400; constituencies won B 3.
  //   A 100/1, B 500/4 = 125, D 400/1: seat 1 D 400 (next 200), seat 2 D 200: D 2.
  //   B keeps its 3 constituencies with no list seat: no overhang, the region elects 3 + 2.
  const std::vector<Votes> votes = {9000, 6600, 2900, 1000, 100, 500, 0, 400};
  const std::vector<int> districts = {2, 0, 0, 1, 0, 3, 0, 0};
  const auto r = compensate(dhondt({4, 2}, 0.0, ThresholdScope::region), votes, {0, 0}, districts);
  CHECK(r.region_seats == std::vector<int>{1, 2, 1, 0, 0, 0, 0, 2});
  CHECK(r.seats == std::vector<int>{1, 2, 1, 2});
  CHECK(r.outcome.unfilled == 0);
  CHECK_FALSE(r.outcome.tie_decided);
  // A list below a threshold keeps its constituencies and takes no list seat: with 10% of
  // region 1, D (5.2%) is out and its average no longer counts; the rest is unchanged.
  const auto t = compensate(dhondt({4, 2}, 0.10, ThresholdScope::region), votes, {0, 0}, districts);
  CHECK(t.region_seats == r.region_seats);
  CHECK(t.admission[3] == Admission::passed);  // D passes in region 2
}

TEST_CASE("the electoral system: list districts compensate for their regions' districts") {
  // The example above through the one allocation path: 6 single-member seats (A 2, B 3, D 1).
  const ElectoralSystem system({.list = std::nullopt,
                                .district_seats = 6,
                                .composition = Composition::compensatory,
                                .exemptions = {},
                                .regions = dhondt({4, 2}, 0.0, ThresholdScope::region)});
  const std::vector<Votes> lists = {9100, 7100, 2900, 1400};
  const std::vector<int> national_districts = {2, 3, 0, 1};
  const std::vector<Votes> regional = {9000, 6600, 2900, 1000, 100, 500, 0, 400};
  const std::vector<int> region_districts = {2, 0, 0, 1, 0, 3, 0, 0};
  const std::vector<Votes> other = {0, 0};
  std::vector<int> list(4), total(4), region_seats(8);
  std::vector<Admission> admission(4);
  const MixedOutcome outcome = system.allocate(
      {.lists = lists, .district_seats = national_districts},
      {.list_seats = list,
       .total_seats = total,
       .admission = admission,
       .region_seats = region_seats},
      {.votes = regional, .other_valid = other, .district_seats = region_districts});
  CHECK(region_seats == std::vector<int>{1, 2, 1, 0, 0, 0, 0, 2});
  CHECK(total == std::vector<int>{3, 5, 1, 3});
  CHECK(outcome.house == 12);
  CHECK(outcome.overhang == 0);
}

TEST_CASE("regional compensation: properties over random elections") {
  testing::ElectionGenerator generate(20261201);
  const Method divisor_methods[] = {Method::dhondt, Method::sainte_lague,
                                    Method::modified_sainte_lague, Method::huntington_hill,
                                    Method::adams};
  for (int trial = 0; trial < 20'000; ++trial) {
    const auto e = random_regional_election(generate, 4, 10, divisor_methods);
    const auto& [districts, lists, rule, votes, other, lots] = e;
    std::vector<int> held;  // single-member seats, some to lists without votes
    for (std::size_t k = 0; k < votes.size(); ++k)
      held.push_back(generate.below(3) == 0 ? generate.below(6) : 0);
    const auto r = compensate(rule, votes, other, held, lots);
    INFO("trial " << trial);
    // Each region elects its constituencies plus its list seats, all of them unless no list is
    // admitted there; list seats are never negative.
    check_district_totals(e, r);
    // Without single-member seats, regional compensation is plain PR in each list district.
    const auto plain = compensate(rule, votes, other, std::vector<int>(held.size(), 0), lots);
    CHECK(plain.region_seats == allocate(rule, votes, other, lots).region_seats);
    // D'Hondt against a seat-by-seat reference: votes / (seats held + 1), cross-multiplied,
    // the larger lot on a tie, admitted lists only.
    if (rule.list.method == Method::dhondt) {
      for (int d = 0; d < districts; ++d) {
        std::vector<int> count(static_cast<std::size_t>(lists));
        for (int i = 0; i < lists; ++i) count[static_cast<std::size_t>(i)] = held[e.at(d, i)];
        bool any = false;
        for (int i = 0; i < lists; ++i) any |= r.region_seats[e.at(d, i)] > 0;
        if (!any) continue;
        for (int seat = 0; seat < rule.seats[static_cast<std::size_t>(d)]; ++seat) {
          int best = -1;
          for (int i = 0; i < lists; ++i) {
            const bool admitted =
                rule.scope == ThresholdScope::region
                    ? r.region_seats[e.at(d, i)] > 0 || votes[e.at(d, i)] > 0
                    : r.admission[static_cast<std::size_t>(i)] != Admission::excluded;
            if (!admitted || votes[e.at(d, i)] == 0) continue;
            if (best < 0) {
              best = i;
              continue;
            }
            const WideInt left = static_cast<WideInt>(votes[e.at(d, i)]) *
                                 (count[static_cast<std::size_t>(best)] + 1);
            const WideInt right = static_cast<WideInt>(votes[e.at(d, best)]) *
                                  (count[static_cast<std::size_t>(i)] + 1);
            if (left > right || (left == right && lots[static_cast<std::size_t>(i)] >
                                                      lots[static_cast<std::size_t>(best)]))
              best = i;
          }
          if (best >= 0) ++count[static_cast<std::size_t>(best)];
        }
        // Under the district scope the reference admits every list with votes, so it is checked
        // only where no threshold applies.
        if (rule.scope == ThresholdScope::national || rule.list.threshold.parts_per_billion == 0) {
          for (int i = 0; i < lists; ++i)
            CHECK(count[static_cast<std::size_t>(i)] - held[e.at(d, i)] ==
                  r.region_seats[e.at(d, i)]);
        }
      }
    }
    // Order: permuting the lists (with their votes, seats and lots) permutes the seats.
    const auto p = generate.permutation(static_cast<std::size_t>(lists));
    const auto q =
        compensate(rule, permuted(votes, p), other, permuted(held, p), permuted(lots, p));
    for (int i = 0; i < lists; ++i)
      CHECK(q.seats[static_cast<std::size_t>(i)] == r.seats[static_cast<std::size_t>(p[i])]);
    // Monotone in a list's own votes (every divisor method with the district scope and no
    // threshold: more votes raise only its own averages; with a threshold they also grow the base).
    if (rule.list.threshold.parts_per_billion == 0) {
      const int i = generate.below(lists);
      const int d = generate.below(districts);
      std::vector<Votes> more = votes;
      more[e.at(d, i)] += 1 + generate.below(100'000);
      const auto m = compensate(rule, more, other, held, lots);
      CHECK(m.region_seats[e.at(d, i)] >= r.region_seats[e.at(d, i)]);
    }
  }
}
