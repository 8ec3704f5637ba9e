#include "engine/rules/list_tier.hpp"

#include <catch2/catch.hpp>
#include <vector>

#include "tests/rules/random_elections.hpp"

using namespace seatsim::rules;

namespace {

struct Case {
  const char* name;
  int seats;
  double threshold;
  ThresholdBase base;
  std::vector<Votes> votes;
  Votes other_valid;
  std::vector<int> official;
};

std::vector<int> allocate(const ListRule& rule, const std::vector<Votes>& votes, Votes other_valid,
                          ListOutcome* outcome = nullptr,
                          std::vector<Admission>* admission = nullptr) {
  std::vector<int> seats(votes.size());
  std::vector<Admission> admitted(votes.size());
  const auto result =
      allocate_list(rule, {.lists = votes, .other_valid = other_valid}, seats, admitted);
  if (outcome) *outcome = result;
  if (admission) *admission = admitted;
  return seats;
}

}  // namespace

// Every official list allocation in ../shared/reference/kazakhstan.md (section 5), to the seat.
TEST_CASE("Hare largest remainder reproduces Kazakhstan's official list allocations") {
  const Case cases[] = {
      {"Majilis 2023",
       69,
       0.05,
       ThresholdBase::valid,
       {3431510, 693938, 547154, 535139, 432920, 331058, 146431},
       248291,
       {40, 8, 6, 6, 5, 4, 0}},
      {"Majilis 2021",
       98,
       0.07,
       ThresholdBase::party_votes,
       {5148074, 792828, 659019, 383023, 258618},
       0,
       {76, 12, 10, 0, 0}},
      {"Majilis 2016",
       98,
       0.07,
       ThresholdBase::party_votes,
       {6183757, 540406, 537123, 151285, 88813, 21484},
       0,
       {84, 7, 7, 0, 0, 0}},
      {"Majilis 2012",
       98,
       0.07,
       ThresholdBase::party_votes,
       {5621436, 518405, 498788, 116534, 82623, 57732, 45702},
       0,
       {83, 8, 7, 0, 0, 0, 0}},
      {"Majilis 2007",
       98,
       0.07,
       ThresholdBase::party_votes,
       {5247720, 269310, 183346, 89855, 76799, 46436, 22159},
       0,
       {98, 0, 0, 0, 0, 0, 0}},
      {"Kostanay oblast maslikhat 2023",
       16,
       0.05,
       ThresholdBase::party_votes,
       {195232, 44220, 22115, 22325, 66220},
       0,
       {9, 2, 1, 1, 3}},
      {"Almaty city maslikhat 2023",
       21,
       0.05,
       ThresholdBase::valid,
       {151531, 38369, 38563, 23266, 15273, 8264},
       16490,
       {12, 3, 3, 2, 1, 0}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const ListRule rule{.seats = c.seats, .threshold = {to_parts_per_billion(c.threshold), c.base}};
    CHECK(allocate(rule, c.votes, c.other_valid) == c.official);
  }
}

TEST_CASE("the threshold is inclusive and exact at the boundary") {
  // 50 of 1000 valid votes is exactly 5%: it passes. 49 does not.
  const ListRule rule{.seats = 10, .threshold = {to_parts_per_billion(0.05), ThresholdBase::valid}};
  std::vector<Admission> admission;
  allocate(rule, {950, 50}, 0, nullptr, &admission);
  CHECK(admission[1] == Admission::passed);
  allocate(rule, {951, 49}, 0, nullptr, &admission);
  CHECK(admission[1] == Admission::excluded);
}

TEST_CASE("the threshold base decides who passes") {
  // Party B has 52 of 1000 list votes (5.2%), but 52 of 1040 valid votes is exactly 5%, and with 20
  // invalid ballots 52 of 1060 is below it.
  const std::vector<Votes> votes = {948, 52};
  auto passes = [&](ThresholdBase base) {
    const ListRule rule{.seats = 10, .threshold = {to_parts_per_billion(0.05), base}};
    std::vector<int> seats(2);
    std::vector<Admission> admission(2);
    allocate_list(rule, {.lists = votes, .other_valid = 40, .invalid = 20}, seats, admission);
    return admission[1] == Admission::passed;
  };
  CHECK(passes(ThresholdBase::party_votes));
  CHECK(passes(ThresholdBase::valid));
  CHECK_FALSE(passes(ThresholdBase::ballots));
}

TEST_CASE("the runner-up rule admits the next lists when too few pass") {
  // Only A passes 7% (C has 6.9%); with min_admitted = 2 the next-largest list, C, is admitted too.
  const ListRule rule{.seats = 10,
                      .threshold = {to_parts_per_billion(0.07), ThresholdBase::party_votes},
                      .min_admitted = 2};
  std::vector<Admission> admission;
  const auto seats = allocate(rule, {900, 31, 69}, 0, nullptr, &admission);
  CHECK(admission ==
        std::vector<Admission>{Admission::passed, Admission::excluded, Admission::runner_up});
  CHECK(seats == std::vector<int>{9, 0, 1});
}

TEST_CASE("ties for the last seat follow the declared policy") {
  // Two seats, quota 100: A takes one; B and C tie exactly (remainder 0.5 each) for the last.
  const std::vector<Votes> votes = {100, 50, 50};
  SECTION("registration order gives the seat to the list registered first") {
    ListOutcome outcome;
    const ListRule rule{.seats = 2, .ties = TiePolicy::registration_order};
    CHECK(allocate(rule, votes, 0, &outcome) == std::vector<int>{1, 1, 0});
    CHECK(outcome.tie_decided);
  }
  SECTION("by lot gives it to the larger lot key") {
    const std::vector<std::uint64_t> lots = {0, 5, 9};
    const ListRule rule{.seats = 2, .ties = TiePolicy::by_lot};
    std::vector<int> seats(3);
    std::vector<Admission> admission(3);
    const auto outcome = allocate_list(rule, {.lists = votes, .lots = lots}, seats, admission);
    CHECK(seats == std::vector<int>{1, 0, 1});
    CHECK(outcome.tie_decided);
  }
  SECTION("no tie is reported when remainders differ") {
    ListOutcome outcome;
    CHECK(allocate({.seats = 2}, {100, 51, 49}, 0, &outcome) == std::vector<int>{1, 1, 0});
    CHECK_FALSE(outcome.tie_decided);
  }
}

TEST_CASE("no admitted list leaves the tier unfilled") {
  ListOutcome outcome;
  const ListRule rule{.seats = 5, .threshold = {to_parts_per_billion(0.5), ThresholdBase::valid}};
  CHECK(allocate(rule, {40, 30, 30}, 0, &outcome) == std::vector<int>{0, 0, 0});
  CHECK(outcome.unfilled);
}

TEST_CASE("thresholds convert to exact parts per billion") {
  CHECK(to_parts_per_billion(0.05) == 50'000'000);
  CHECK(to_parts_per_billion(0.07) == 70'000'000);
  CHECK(to_parts_per_billion(0.0) == 0);
}

TEST_CASE("district seats waive the threshold only at the declared count") {
  // C has 2% but 3 district seats: with a waiver of 3 it is admitted (Germany before 2023), with a
  // waiver of 4 it is not.
  const std::vector<Votes> votes = {600, 380, 20};
  const std::vector<int> districts = {0, 0, 3};
  auto admission_of_c = [&](int waiver) {
    const ListRule rule{.seats = 50,
                        .threshold = {to_parts_per_billion(0.05), ThresholdBase::party_votes},
                        .waiver_district_seats = waiver};
    std::vector<int> seats(3);
    std::vector<Admission> admission(3);
    allocate_list(rule, {.lists = votes, .district_seats = districts}, seats, admission);
    return std::pair{admission[2], seats[2]};
  };
  CHECK(admission_of_c(3) == std::pair{Admission::waived, 1});
  CHECK(admission_of_c(4) == std::pair{Admission::excluded, 0});
  CHECK(admission_of_c(0) == std::pair{Admission::excluded, 0});
}

TEST_CASE("an exempt list is admitted below the threshold") {
  const std::vector<Votes> votes = {600, 380, 20};
  const std::vector<Exemption> exemptions = {Exemption::none, Exemption::none, Exemption::exempt};
  const ListRule rule{.seats = 50,
                      .threshold = {to_parts_per_billion(0.05), ThresholdBase::party_votes}};
  std::vector<int> seats(3);
  std::vector<Admission> admission(3);
  allocate_list(rule, {.lists = votes, .exemptions = exemptions}, seats, admission);
  CHECK(admission[2] == Admission::exempt);
  CHECK(seats == std::vector<int>{30, 19, 1});
}

TEST_CASE("a list below the threshold without a waiver gets nothing, for every method") {
  for (const Method method : kMethods) {
    CAPTURE(to_string(method));
    testing::ElectionGenerator next(0x7e'0000 + static_cast<std::uint64_t>(method));
    for (int k = 0; k < testing::kElectionsPerMethod; ++k) {
      INFO("election " << k);
      const auto e = next(12, 60);
      const auto other_valid = static_cast<Votes>(next.below(1000));
      const auto ppb = static_cast<std::int64_t>(next.below(200'000'000));
      const auto base = static_cast<ThresholdBase>(next.below(3));
      const ListRule rule{
          .seats = e.seats, .method = method, .threshold = {ppb, base}, .ties = TiePolicy::by_lot};
      std::vector<int> seats(e.votes.size());
      std::vector<Admission> admission(e.votes.size());
      allocate_list(rule, {.lists = e.votes, .other_valid = other_valid, .lots = e.lots}, seats,
                    admission);
      // The share, compared here in long double: a tie within its precision is skipped.
      long double base_votes = base == ThresholdBase::party_votes ? 0 : other_valid;
      for (const Votes v : e.votes) base_votes += v;
      for (std::size_t i = 0; i < e.votes.size(); ++i) {
        const long double share = e.votes[i] / base_votes;
        const long double line = ppb / 1e9L;
        if (e.votes[i] == 0 || share < line - 1e-15L) {
          REQUIRE(admission[i] == Admission::excluded);
          REQUIRE(seats[i] == 0);
        } else if (share > line + 1e-15L) {
          REQUIRE(admission[i] == Admission::passed);
        }
      }
    }
  }
}

TEST_CASE("a list's own threshold admits or excludes it, the others keep the rule's") {
  // An alliance at 7% under its own 8% (Poland, Electoral Code art. 197(1)) is out; a party at 6%
  // under the rule's 5% is in.
  const std::vector<Votes> votes = {870, 70, 60};
  const std::vector<std::int64_t> thresholds = {50'000'000, 80'000'000, 50'000'000};
  const ListRule rule{.seats = 10, .threshold = {to_parts_per_billion(0.05), ThresholdBase::valid}};
  std::vector<int> seats(3);
  std::vector<Admission> admission(3);
  allocate_list(rule, {.lists = votes, .thresholds = thresholds}, seats, admission);
  CHECK(admission ==
        std::vector<Admission>{Admission::passed, Admission::excluded, Admission::passed});
  // Exactly at its own threshold it passes: 80 of 1000 is 8%.
  const std::vector<Votes> at = {860, 80, 60};
  allocate_list(rule, {.lists = at, .thresholds = thresholds}, seats, admission);
  CHECK(admission[1] == Admission::passed);
}

namespace {

// The Greek schedule of 2023: 20 bonus seats at 25%, one per whole half point above, 50 from 40%,
// in a house of 300 (Hare on the rest).
const ListRule kGreek{.seats = 300,
                      .method = Method::hare,
                      .bonus = {.seats = 20,
                                .from_ppb = to_parts_per_billion(0.25),
                                .step_ppb = to_parts_per_billion(0.005),
                                .max_seats = 50},
                      .threshold = {to_parts_per_billion(0.03), ThresholdBase::valid}};

// The bonus the first of two lists takes with `first` of 1,000,000 valid votes (the rest to the
// second list and to other valid votes).
int greek_bonus(Votes first) {
  const std::vector<Votes> votes = {first, 200'000};
  std::vector<int> seats(2);
  std::vector<Admission> admission(2);
  const auto outcome = allocate_list(
      kGreek, {.lists = votes, .other_valid = 1'000'000 - first - 200'000}, seats, admission);
  CHECK(seats[0] + seats[1] == 300);
  return outcome.bonus;
}

}  // namespace

TEST_CASE("the majority bonus follows its schedule exactly at each step") {
  CHECK(greek_bonus(249'999) == 0);
  CHECK(greek_bonus(250'000) == 20);  // 25% exactly
  CHECK(greek_bonus(254'999) == 20);
  CHECK(greek_bonus(255'000) == 21);  // 25.5%
  CHECK(greek_bonus(399'999) == 49);
  CHECK(greek_bonus(400'000) == 50);  // 40%
  CHECK(greek_bonus(600'000) == 50);  // capped
}

TEST_CASE("the bonus goes first, the rest proportionally, and never shrinks as the leader grows") {
  // 40% of the valid vote: 50 bonus seats, then Hare over 250 among the admitted lists.
  const std::vector<Votes> votes = {400'000, 200'000, 100'000};
  std::vector<int> seats(3), rest(3);
  std::vector<Admission> admission(3);
  allocate_list(kGreek, {.lists = votes, .other_valid = 300'000}, seats, admission);
  allocate_list({.seats = 250, .method = Method::hare, .threshold = kGreek.threshold},
                {.lists = votes, .other_valid = 300'000}, rest, admission);
  CHECK(seats == std::vector<int>{rest[0] + 50, rest[1], rest[2]});
  // Monotone in the leader's own votes: its seats never fall as it gains votes from the others.
  int before = 0;
  for (Votes first = 200'000; first <= 500'000; first += 1'000) {
    const std::vector<Votes> v = {first, 250'000, 100'000};
    allocate_list(kGreek, {.lists = v, .other_valid = 650'000 - first}, seats, admission);
    REQUIRE(seats[0] >= before);
    before = seats[0];
  }
}
