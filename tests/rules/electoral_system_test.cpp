// The electoral system (engine/rules/electoral_system.cpp): one allocate over every tier, which
// must give exactly what the tier rules give alone.
#include "engine/rules/electoral_system.hpp"

#include <catch2/catch.hpp>
#include <vector>

using namespace seatsim::rules;

namespace {

struct Result {
  std::vector<int> list;
  std::vector<int> total;
  std::vector<Admission> admission;
  MixedOutcome outcome;
};

Result allocate(const ElectoralSystem& system, const ListBallot& ballot) {
  const std::size_t n = ballot.lists.size();
  Result r{std::vector<int>(n), std::vector<int>(n), std::vector<Admission>(n), {}};
  r.outcome = system.allocate(
      ballot, {.list_seats = r.list, .total_seats = r.total, .admission = r.admission});
  return r;
}

const ListRule kRule{.seats = 10,
                     .method = Method::dhondt,
                     .threshold = {.parts_per_billion = 50'000'000, .base = ThresholdBase::valid}};

}  // namespace

TEST_CASE("a parallel system gives the list tier's seats plus the districts'") {
  const std::vector<Votes> votes = {600, 300, 70, 30};
  const std::vector<int> districts = {3, 1, 1, 0};
  const ElectoralSystem system({.list = kRule, .district_seats = 5, .exemptions = {}});
  const auto r = allocate(system, {.lists = votes, .other_valid = 50, .district_seats = districts});
  std::vector<int> list(4);
  std::vector<Admission> admission(4);
  allocate_list(kRule, {.lists = votes, .other_valid = 50}, list, admission);
  CHECK(r.list == list);
  CHECK(r.admission == admission);
  for (std::size_t i = 0; i < 4; ++i) CHECK(r.total[i] == list[i] + districts[i]);
  CHECK(r.outcome.house == 15);
  CHECK(system.threshold_base({.lists = votes, .other_valid = 50, .invalid = 9}) == 1050);
}

TEST_CASE("a compensatory system is allocate_mixed, overhang rules included") {
  const std::vector<Votes> votes = {500, 500, 40};
  const std::vector<int> districts = {3, 0, 1};
  for (const Overhang overhang :
       {Overhang::grow_house, Overhang::levelling, Overhang::not_seated}) {
    const ElectoralSystem system({.list = ListRule{.seats = 4, .method = Method::hare},
                                  .district_seats = 4,
                                  .composition = Composition::compensatory,
                                  .overhang = overhang,
                                  .exemptions = {}});
    const ListBallot ballot{.lists = votes, .district_seats = districts};
    const auto r = allocate(system, ballot);
    std::vector<int> list(3), total(3), kept(3), system_kept(3, -1);
    std::vector<Admission> admission(3);
    const MixedOutcome expected = allocate_mixed({.list = {.seats = 4, .method = Method::hare},
                                                  .composition = Composition::compensatory,
                                                  .overhang = overhang},
                                                 ballot, list, total, admission, kept);
    system.allocate(ballot, {.list_seats = list,
                             .total_seats = total,
                             .admission = admission,
                             .overhang = system_kept});
    CHECK(system_kept == kept);
    CHECK(r.list == list);
    CHECK(r.total == total);
    CHECK(r.outcome.house == expected.house);
    CHECK(r.outcome.overhang == expected.overhang);
    CHECK(r.outcome.levelling == expected.levelling);
  }
}

TEST_CASE("a compensatory system seats independents and takes them off the proportional house") {
  // 5 districts, of which the lists won 3: the other 2 went to candidates without a list, as an
  // independent list without votes would under allocate_mixed.
  const std::vector<Votes> votes = {500, 500};
  const std::vector<int> districts = {3, 0};
  for (const Overhang overhang :
       {Overhang::grow_house, Overhang::levelling, Overhang::not_seated}) {
    CAPTURE(to_string(overhang));
    const ElectoralSystem system({.list = ListRule{.seats = 12, .method = Method::sainte_lague},
                                  .district_seats = 5,
                                  .composition = Composition::compensatory,
                                  .overhang = overhang,
                                  .exemptions = {}});
    const auto r = allocate(system, {.lists = votes, .district_seats = districts});
    const std::vector<Votes> with_votes = {500, 500, 0};
    const std::vector<int> with_districts = {3, 0, 2};
    std::vector<int> list(3), total(3);
    std::vector<Admission> admission(3);
    const MixedOutcome expected = allocate_mixed(
        {.list = {.seats = 12, .method = Method::sainte_lague},
         .composition = Composition::compensatory,
         .overhang = overhang},
        {.lists = with_votes, .district_seats = with_districts}, list, total, admission);
    CHECK(r.total == std::vector<int>(total.begin(), total.begin() + 2));
    CHECK(r.outcome.house == expected.house);
    CHECK(r.outcome.house == 12);  // 5 / 5 of the 10 shared, plus the 2 independents
  }
}

TEST_CASE("the system's exemptions admit a list below the threshold") {
  const std::vector<Votes> votes = {600, 380, 20};
  const std::vector<Exemption> exempt = {Exemption::none, Exemption::none, Exemption::exempt};
  const ElectoralSystem with(
      {.list = ListRule{.seats = 50, .method = Method::sainte_lague, .threshold = kRule.threshold},
       .exemptions = exempt});
  const ElectoralSystem without(
      {.list = ListRule{.seats = 50, .method = Method::sainte_lague, .threshold = kRule.threshold},
       .exemptions = {}});
  const auto a = allocate(with, {.lists = votes});
  const auto b = allocate(without, {.lists = votes});
  CHECK(a.admission[2] == Admission::exempt);
  CHECK(a.list[2] == 1);
  CHECK(b.admission[2] == Admission::excluded);
  CHECK(b.list[2] == 0);
}

TEST_CASE("a system of districts alone gives each list its district seats") {
  const std::vector<Votes> votes = {600, 400};
  const std::vector<int> districts = {2, 5};
  const ElectoralSystem system({.list = std::nullopt, .district_seats = 7, .exemptions = {}});
  const auto r = allocate(system, {.lists = votes, .district_seats = districts});
  CHECK(r.list == std::vector<int>{0, 0});
  CHECK(r.total == districts);
  CHECK(r.outcome.house == 7);
  CHECK_FALSE(system.draws_lots());
}
