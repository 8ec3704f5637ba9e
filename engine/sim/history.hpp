#pragma once
// A past election recorded with its votes, rule and official seats (scenarios/history/*.toml), for
// `seatsim allocate FILE.toml` to back-test the rules against: a plain value built only by
// scenario/history, as the Scenario is by scenario/loader.
#include <optional>
#include <string>
#include <vector>

#include "engine/rules/mixed.hpp"
#include "engine/rules/regional_tier.hpp"

namespace seatsim::sim {

struct HistoryParty {
  std::string name;
  rules::Votes votes = 0;
  int district_seats = 0;
  int official_seats = 0;  // list seats, or all seats under a mixed rule
  rules::Exemption exemption = rules::Exemption::none;
  std::optional<std::int64_t> threshold_ppb;  // its own list threshold, if it has one
};

// One multi-member list district of a recorded election: per party (in [[parties]] order) its
// votes and official seats there.
struct HistoryRegion {
  std::string name;
  std::vector<rules::Votes> votes;
  rules::Votes other_valid = 0;     // valid votes for no list (blank votes)
  std::vector<int> official_seats;  // its list seats
  // Under regional compensation: per party, the single-member seats it won in the region; empty
  // otherwise.
  std::vector<int> district_seats;
};

struct History {
  std::string source;  // the file
  std::string name;
  std::string date;
  std::vector<std::string> sources;
  rules::MixedRule rule;
  std::optional<rules::Composition> composition;  // none: a list tier alone
  rules::Votes against_all = 0;
  rules::Votes other_valid = 0;  // valid votes for lists not recorded one by one
  rules::Votes invalid = 0;
  std::vector<HistoryParty> parties;  // in registration order
  // PR in multi-member list districts ([[regions]]), instead of a national list tier: the rule's
  // method, threshold and scope, each district's seats; the parties' votes are their sums. Under
  // rule.mixed = "compensatory", regional compensation: each region's list seats compensate for
  // the single-member seats won there (HistoryRegion::district_seats, summed into the parties').
  std::optional<rules::RegionalRule> regions;
  std::vector<HistoryRegion> region_results;
};

}  // namespace seatsim::sim
