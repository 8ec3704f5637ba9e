// Fuzz target for `seatsim allocate`'s readers: the same bytes are read as a vote CSV (with a
// district-seats column) and as a history file, and whatever reads cleanly is allocated under every
// method, so that the vote arithmetic is exercised with the largest counts the readers let through.
// Only InputError may escape the readers; the rules must not overflow (UBSan) or crash.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

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
  return 0;
}
