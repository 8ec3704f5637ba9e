// Fuzz target for `seatsim allocate`'s readers: the same bytes are read as a vote CSV (with a
// district-seats column), as a history file, and split at the first line "%" into a long-form
// vote CSV (--region-column region) and its districts' sizes file, and whatever reads cleanly is
// allocated under every method, so that the vote arithmetic is exercised with the largest counts
// the readers let through. Only InputError may escape the readers; the rules must not overflow
// (UBSan) or crash.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/rules/electoral_system.hpp"
#include "engine/rules/mixed.hpp"
#include "engine/scenario/history.hpp"
#include "engine/scenario/vote_table.hpp"
#include "engine/sim/input_error.hpp"

namespace {

void allocate_every_way(const seatsim::scenario::VoteTable& table, seatsim::rules::Votes other) {
  using namespace seatsim::rules;
  const std::size_t n = table.parties.size();
  std::vector<int> list_seats(n);
  std::vector<int> seats(n);
  std::vector<Admission> admission(n);
  const std::vector<int> no_districts(n, 0);
  const ListBallot ballot{
      .lists = table.votes,
      .other_valid = other,
      .invalid = other,
      .district_seats = table.district_seats.empty() ? no_districts : table.district_seats};
  for (const Method method : kMethods) {
    for (const Composition composition : {Composition::parallel, Composition::compensatory}) {
      const MixedRule rule{
          .list = {.seats = 100,
                   .method = method,
                   .threshold = {.parts_per_billion = 50'000'000, .base = ThresholdBase::ballots},
                   .min_admitted = 2,
                   .waiver_district_seats = 1},
          .composition = composition,
          .overhang = Overhang::levelling};
      allocate_mixed(rule, ballot, list_seats, seats, admission);
    }
  }
}

// The long-form table's list districts under every method and threshold scope, in parallel and,
// for divisor methods, compensating for the district seats, through the ElectoralSystem allocate
// calls.
void allocate_regions_every_way(seatsim::scenario::RegionalVoteTable& table) {
  using namespace seatsim::rules;
  const std::size_t n = table.parties.size();
  std::vector<int> list_seats(n);
  std::vector<int> seats(n);
  std::vector<Admission> admission(n);
  std::vector<int> region_seats(table.votes.size());
  int district_seats = 0;
  for (const int s : table.party_district_seats) district_seats += s;
  const ListBallot ballot{.lists = table.party_votes, .district_seats = table.party_district_seats};
  for (const Method method : kMethods) {
    for (const ThresholdScope scope : {ThresholdScope::region, ThresholdScope::national}) {
      for (const Composition composition : {Composition::parallel, Composition::compensatory}) {
        if (composition == Composition::compensatory && is_largest_remainder(method)) continue;
        const ElectoralSystem system(
            {.list = std::nullopt,
             .district_seats = district_seats,
             .composition = composition,
             .exemptions = {},
             .thresholds = {},
             .regions = RegionalRule{.list = {.method = method,
                                              .threshold = {.parts_per_billion = 50'000'000,
                                                            .base = ThresholdBase::ballots}},
                                     .scope = scope,
                                     .seats = table.seats}});
        system.allocate(ballot,
                        {.list_seats = list_seats,
                         .total_seats = seats,
                         .admission = admission,
                         .region_seats = region_seats},
                        {.votes = table.votes,
                         .other_valid = table.other_valid,
                         .invalid = table.invalid,
                         .district_seats = table.district_seats});
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    allocate_every_way(seatsim::scenario::read_vote_table(text, "fuzz.csv", "won"), 0);
  } catch (const seatsim::InputError&) {
  }
  try {
    const auto history = seatsim::scenario::load_history(text, "fuzz.toml");
    seatsim::scenario::VoteTable table;
    for (const auto& party : history.parties) {
      table.parties.push_back(party.name);
      table.votes.push_back(party.votes);
      table.district_seats.push_back(party.district_seats);
    }
    allocate_every_way(table, history.against_all);
  } catch (const seatsim::InputError&) {
  }
  if (const auto split = text.find("\n%\n"); split != std::string_view::npos) {
    try {
      auto table = seatsim::scenario::read_regional_vote_table(
          {.text = text.substr(0, split), .source = "fuzz.csv"},
          {.text = text.substr(split + 3), .source = "fuzz-sizes.csv"},
          {.region = "region", .district_seats = "won"});
      allocate_regions_every_way(table);
    } catch (const seatsim::InputError&) {
    }
  }
  return 0;
}
