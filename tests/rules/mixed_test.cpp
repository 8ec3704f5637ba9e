// Mixed systems (engine/rules/mixed.cpp): parallel tiers, MMP with overhang kept, MMP levelled,
// MMP with district winners beyond the proportional share not seated.
#include "engine/rules/mixed.hpp"

#include <catch2/catch.hpp>
#include <numeric>
#include <vector>

#include "tests/rules/random_elections.hpp"

using namespace seatsim::rules;

namespace {

struct Result {
  std::vector<int> list;
  std::vector<int> total;
  std::vector<Admission> admission;
  MixedOutcome outcome;
};

Result allocate(const MixedRule& rule, const std::vector<Votes>& votes,
                const std::vector<int>& districts) {
  Result r{std::vector<int>(votes.size()),
           std::vector<int>(votes.size()),
           std::vector<Admission>(votes.size()),
           {}};
  r.outcome = allocate_mixed(rule, {.lists = votes, .district_seats = districts}, r.list, r.total,
                             r.admission);
  return r;
}

// Sainte-Lague over 10 compensatory seats, where 500/300/200 votes give 5/3/2 but the first list
// won 8 districts (kOverhangVotes, kOverhangDistricts).
MixedRule overhang_rule(Overhang overhang, int max_house = kMaxLevelledHouse) {
  return {.list = {.seats = 10, .method = Method::sainte_lague},
          .composition = Composition::compensatory,
          .overhang = overhang,
          .max_house = max_house};
}
const std::vector<Votes> kOverhangVotes = {500, 300, 200};
const std::vector<int> kOverhangDistricts = {8, 1, 0};

}  // namespace

TEST_CASE("parallel tiers add up") {
  const MixedRule rule{.list = {.seats = 10}, .composition = Composition::parallel};
  const auto r = allocate(rule, {600, 300, 100}, {3, 1, 0});
  CHECK(r.list == std::vector<int>{6, 3, 1});
  CHECK(r.total == std::vector<int>{9, 4, 1});
  CHECK(r.outcome.house == 14);
}

TEST_CASE("MMP with the house grown by overhang reproduces New Zealand 2008") {
  // Party votes and electorates won, 2008 general election (Electoral Commission official result):
  // National, Labour, Green, ACT, Maori, Progressive, United Future, NZ First. Sainte-Lague over
  // 120 seats; 5% or one electorate qualifies (Electoral Act 1993 s.191). NZ First (4.07%, no
  // electorate) is out; the Maori Party's 5 electorates exceed its 3 proportional seats, so the
  // House had 122 members. Lists with fewer votes are left out; they change no seat.
  const std::vector<Votes> votes = {1053398, 796880, 157613, 85496, 55980, 21241, 20497, 95356};
  const std::vector<int> electorates = {41, 21, 0, 1, 5, 1, 1, 0};
  const MixedRule rule{
      .list = {.seats = 120,
               .method = Method::sainte_lague,
               .threshold = {to_parts_per_billion(0.05), ThresholdBase::party_votes},
               .waiver_district_seats = 1},
      .composition = Composition::compensatory,
      .overhang = Overhang::grow_house};
  const auto r = allocate(rule, votes, electorates);
  CHECK(r.total == std::vector<int>{58, 43, 9, 5, 5, 1, 1, 0});
  CHECK(r.list == std::vector<int>{17, 22, 9, 4, 0, 0, 0, 0});
  CHECK(r.admission[3] == Admission::waived);
  CHECK(r.admission[7] == Admission::excluded);
  CHECK(r.outcome.overhang == 2);
  CHECK(r.outcome.house == 122);
}

TEST_CASE("each list's overhang: New Zealand 2023, Te Pati Maori 2") {
  // Party votes and electorates won, 2023 general election as declared on 3 November 2023
  // (scenarios/history/nz-2023.toml, from the Electoral Commission's results): National, Labour,
  // Green, ACT, NZ First, Te Pati Maori, then the lists without an electorate down to 4,532 votes.
  // Te Pati Maori (3.08%) is admitted by its electorates; Sainte-Lague over 120 gives it 4 seats,
  // and it won 6 electorates, so it keeps 2 above its share and the House has 122 members
  // (Electoral Commission: National 48, Labour 34, Green 15, ACT 11, NZ First 8, Te Pati Maori 6).
  const std::vector<Votes> votes = {1085851, 767540, 330907, 246473, 173553, 87844, 63344,
                                    34478,   16126,  13025,  9586,   6786,   5018,  4532};
  const std::vector<int> electorates = {43, 17, 3, 2, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0};
  MixedRule rule{.list = {.seats = 120,
                          .method = Method::sainte_lague,
                          .threshold = {to_parts_per_billion(0.05), ThresholdBase::valid},
                          .waiver_district_seats = 1},
                 .composition = Composition::compensatory,
                 .overhang = Overhang::grow_house};
  const std::size_t n = votes.size();
  std::vector<int> list(n), total(n), overhang(n, -1);
  std::vector<Admission> admission(n);
  const ListBallot ballot{.lists = votes, .district_seats = electorates};
  const MixedOutcome outcome = allocate_mixed(rule, ballot, list, total, admission, overhang);
  CHECK(total == std::vector<int>{48, 34, 15, 11, 8, 6, 0, 0, 0, 0, 0, 0, 0, 0});
  CHECK(overhang == std::vector<int>{0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0});
  CHECK(outcome.overhang == 2);
  CHECK(outcome.house == 122);
  // Not seated, the two are not overhang but unseated; levelled, the house grows instead.
  rule.overhang = Overhang::not_seated;
  const MixedOutcome unseated = allocate_mixed(rule, ballot, list, total, admission, overhang);
  CHECK(unseated.unseated == 2);
  CHECK(overhang == std::vector<int>(n, 0));
  rule.overhang = Overhang::levelling;
  const MixedOutcome levelled = allocate_mixed(rule, ballot, list, total, admission, overhang);
  CHECK(levelled.levelling > 0);
  CHECK(overhang == std::vector<int>(n, 0));
}

TEST_CASE("MMP with levelling grows the house until no list has overhang") {
  // The smallest house whose shares cover every list's districts is 15: 8/4/3 (checked with exact
  // fractions).
  const auto r = allocate(overhang_rule(Overhang::levelling), kOverhangVotes, kOverhangDistricts);
  CHECK(r.total == std::vector<int>{8, 4, 3});
  CHECK(r.list == std::vector<int>{0, 3, 3});
  CHECK(r.outcome.levelling == 5);
  CHECK(r.outcome.overhang == 0);
  CHECK(r.outcome.house == 15);
}

TEST_CASE("districts won outside the admitted lists come off the proportional house") {
  // An independent (no votes) won 2 of the districts: 8 seats are shared proportionally.
  const MixedRule rule{.list = {.seats = 10}, .composition = Composition::compensatory};
  const auto r = allocate(rule, {500, 300, 0}, {2, 1, 2});
  CHECK(r.total == std::vector<int>{5, 3, 2});
  CHECK(r.outcome.house == 10);
}

TEST_CASE("MMP without overhang seats no district winner beyond the proportional share") {
  // The house stays at 10 (BWahlG 2023): the first list keeps 5 of its 8 districts.
  const auto r = allocate(overhang_rule(Overhang::not_seated), kOverhangVotes, kOverhangDistricts);
  CHECK(r.total == std::vector<int>{5, 3, 2});
  CHECK(r.list == std::vector<int>{0, 2, 2});
  CHECK(r.outcome.unseated == 3);
  CHECK(r.outcome.overhang == 0);
  CHECK(r.outcome.house == 10);
}

TEST_CASE("without overhang, a list below the threshold loses its districts, an independent not") {
  // The third list (3% of 1000 votes) won a district but is not admitted: under not_seated its
  // winner has no list vote to cover it and is not seated, and the house is not reduced; the
  // independent (no list votes) keeps its district, which comes off the proportional house.
  const MixedRule rule{.list = {.seats = 10,
                                .method = Method::sainte_lague,
                                .threshold = {to_parts_per_billion(0.05), ThresholdBase::valid}},
                       .composition = Composition::compensatory,
                       .overhang = Overhang::not_seated};
  const auto r = allocate(rule, {600, 370, 30, 0}, {2, 1, 1, 1});
  CHECK(r.admission[2] == Admission::excluded);
  CHECK(r.total == std::vector<int>{6, 3, 0, 1});  // 9 seats shared 600:370
  CHECK(r.outcome.unseated == 1);
  CHECK(r.outcome.house == 10);
  // Under grow_house the same winner is seated and comes off the house instead.
  const MixedRule kept{.list = rule.list, .composition = Composition::compensatory};
  CHECK(allocate(kept, {600, 370, 30, 0}, {2, 1, 1, 1}).total == std::vector<int>{5, 3, 1, 1});
}

TEST_CASE("levelling stops at the rule's largest house") {
  // Short of it, levelling stops at the largest house and keeps what it does not cover as overhang.
  const auto short_of =
      allocate(overhang_rule(Overhang::levelling, 14), kOverhangVotes, kOverhangDistricts);
  CHECK_FALSE(short_of.outcome.list.unfilled);
  CHECK(short_of.outcome.levelling_capped);
  CHECK(short_of.outcome.overhang > 0);
  CHECK(short_of.outcome.house == 14 + short_of.outcome.overhang);
  const auto enough =
      allocate(overhang_rule(Overhang::levelling, 15), kOverhangVotes, kOverhangDistricts);
  CHECK_FALSE(enough.outcome.list.unfilled);
  CHECK_FALSE(enough.outcome.levelling_capped);
  CHECK(enough.outcome.house == 15);
}

TEST_CASE("without overhang the house is fixed and each list seated within its share") {
  for (const Method method : kMethods) {
    CAPTURE(to_string(method));
    testing::ElectionGenerator next(0x34'0000 + static_cast<std::uint64_t>(method));
    for (int k = 0; k < testing::kElectionsPerMethod / 10; ++k) {
      INFO("election " << k);
      auto e = next(8, 40);
      if (e.votes[0] == 0) e.votes[0] = 1;
      std::vector<int> districts;
      for (const Votes v : e.votes) districts.push_back(v > 0 ? next.below(4) : 0);
      const MixedRule rule{.list = {.seats = e.seats + 12,
                                    .method = method,
                                    .threshold = {to_parts_per_billion(0.1), ThresholdBase::valid},
                                    .ties = TiePolicy::by_lot},
                           .composition = Composition::compensatory,
                           .overhang = Overhang::not_seated};
      std::vector<int> list(e.votes.size()), totals(e.votes.size());
      std::vector<Admission> admission(e.votes.size());
      const auto outcome =
          allocate_mixed(rule, {.lists = e.votes, .lots = e.lots, .district_seats = districts},
                         list, totals, admission);
      const int sum = std::accumulate(totals.begin(), totals.end(), 0);
      const int won = std::accumulate(districts.begin(), districts.end(), 0);
      int kept = 0;
      for (std::size_t i = 0; i < e.votes.size(); ++i) {
        REQUIRE(list[i] >= 0);
        REQUIRE(totals[i] <= districts[i] + list[i]);
        kept += totals[i] - list[i];
        if (admission[i] == Admission::excluded) REQUIRE(totals[i] == 0);
      }
      REQUIRE(kept + outcome.unseated == won);
      if (!outcome.list.unfilled) REQUIRE(sum == rule.list.seats);
      REQUIRE(outcome.house == rule.list.seats);
    }
  }
}

TEST_CASE("mixed seats sum to the house plus overhang on random elections") {
  for (const Method method : kMethods) {
    for (const Overhang overhang : {Overhang::grow_house, Overhang::levelling}) {
      CAPTURE(to_string(method), to_string(overhang));
      testing::ElectionGenerator next(0x33'0000 + static_cast<std::uint64_t>(method));
      for (int k = 0; k < testing::kElectionsPerMethod / 10; ++k) {
        INFO("election " << k);
        auto e = next(8, 40);
        if (e.votes[0] == 0) e.votes[0] = 1;
        // Districts go to lists with at least 1/40 of the votes, so levelling stays small.
        const Votes votes = std::accumulate(e.votes.begin(), e.votes.end(), Votes{0});
        std::vector<int> districts;
        for (const Votes v : e.votes) districts.push_back(v * 40 >= votes ? next.below(4) : 0);
        const MixedRule rule{
            .list = {.seats = e.seats + 12, .method = method, .ties = TiePolicy::by_lot},
            .composition = Composition::compensatory,
            .overhang = overhang};
        std::vector<int> list(e.votes.size()), totals(e.votes.size());
        std::vector<Admission> admission(e.votes.size());
        std::vector<int> kept(e.votes.size());
        const auto outcome =
            allocate_mixed(rule, {.lists = e.votes, .lots = e.lots, .district_seats = districts},
                           list, totals, admission, kept);
        const int sum = std::accumulate(totals.begin(), totals.end(), 0);
        REQUIRE(sum == outcome.house);
        // Each list's overhang is its part of the total, at most the districts it won.
        REQUIRE(std::accumulate(kept.begin(), kept.end(), 0) == outcome.overhang);
        REQUIRE(outcome.house == rule.list.seats + outcome.overhang + outcome.levelling);
        for (std::size_t i = 0; i < e.votes.size(); ++i) {
          REQUIRE(list[i] >= 0);
          REQUIRE(totals[i] == districts[i] + list[i]);
          REQUIRE((kept[i] >= 0 && kept[i] <= districts[i]));
          if (kept[i] > 0) REQUIRE(list[i] == 0);
          if (admission[i] == Admission::excluded) REQUIRE(list[i] == 0);
        }
      }
    }
  }
}

TEST_CASE("levelling past its cap keeps both lists admitted and says it stopped") {
  // One vote and 5 districts: only a house of millions would cover them.
  const MixedRule rule{.list = {.seats = 10},
                       .composition = Composition::compensatory,
                       .overhang = Overhang::levelling};
  const auto r = allocate(rule, {1'000'000, 1}, {0, 5});
  CHECK(r.admission == std::vector<Admission>{Admission::passed, Admission::passed});
  CHECK_FALSE(r.outcome.list.unfilled);
  CHECK(r.outcome.levelling_capped);
  CHECK(r.outcome.levelling == kMaxLevelledHouse - 10);
  CHECK(r.total == std::vector<int>{kMaxLevelledHouse, 5});
  CHECK(r.outcome.overhang == 5);
  CHECK(r.outcome.house == kMaxLevelledHouse + 5);
}
