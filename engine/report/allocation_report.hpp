#pragma once
// One allocation of real vote counts, as `seatsim allocate` prints it: from a CSV under a rule
// given on the command line, or from a recorded election (scenarios/history/*.toml) checked seat
// for seat against its official result. The seats come from rules::ElectoralSystem, the same
// allocate every simulated draw goes through.
#include <string>
#include <string_view>
#include <vector>

#include "engine/rules/electoral_system.hpp"
#include "engine/sim/history.hpp"

namespace seatsim::report {

// The counted votes of one election, lists in registration order.
struct CountedVotes {
  std::vector<std::string> parties;
  std::vector<rules::Votes> votes;
  std::vector<int> district_seats;  // per list; empty when none were given
  rules::Votes against_all = 0;     // valid votes for no list
  rules::Votes invalid = 0;
  // With list districts (the system's regional tier): per district, its name, its votes
  // [district * parties + party], its other valid votes and its invalid ballots (may be empty:
  // none); under regional compensation, the single-member seats each party won in the district's
  // region [district * parties + party].
  std::vector<std::string> regions{};
  std::vector<rules::Votes> region_votes{};
  std::vector<rules::Votes> region_other_valid{};
  std::vector<rules::Votes> region_invalid{};
  std::vector<int> region_district_seats{};
};

enum class AllocationFormat { text, json };

// `seatsim allocate --votes FILE`: the allocation of `votes` under `system`, headed by `source`.
std::string allocation_report(const rules::ElectoralSystem& system, const CountedVotes& votes,
                              std::string_view source, AllocationFormat format);

// `seatsim allocate HISTORY.toml`: the recorded election allocated under its rule, beside its
// official seats, and whether every party's seats match.
struct HistoryCheck {
  std::string report;
  bool matches = false;
};
HistoryCheck check_history(const sim::History& history, AllocationFormat format);

// The electoral system of a recorded election: its list rule, and its districts when it is mixed.
rules::ElectoralSystem electoral_system(const sim::History& history);

}  // namespace seatsim::report
