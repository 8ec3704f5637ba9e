#pragma once
// The validated scenario: a plain value built only by scenario/loader, trusted downstream.
#include <optional>
#include <string>
#include <vector>

#include "engine/model/vote_model.hpp"
#include "engine/rules/list_tier.hpp"

namespace seatsim::sim {

struct Election {
  std::string name;
  std::string date;  // ISO 8601, as written in the scenario
};

// A seat count to report the odds of reaching, per party: "majority" is 50 of 98.
struct MajorityLine {
  std::string name;
  int seats = 0;
};

struct Questions {
  std::vector<double> share_lines;  // report P(share of the valid vote >= line) per list option
  std::vector<MajorityLine> majority_lines;
};

// One axis of a sweep grid: the scenario value at `key` takes each of `values` in turn.
struct SweepAxis {
  std::string spec;  // as written: KEY=FROM:TO:STEP
  std::string key;
  std::vector<double> values;
};

struct Scenario {
  std::string source;  // where it was read from, for messages and outputs
  Election election;
  std::vector<model::BallotOption> options;  // in registration (ballot) order
  model::DirichletSpec vote;                 // over the list-ballot options, in option order
  double invalid_share = 0.0;                // invalid ballots as a share of all ballots
  std::optional<rules::ListRule> list_tier;
  std::optional<model::DistrictTierSpec> district_tier;
  Questions questions;
  std::vector<SweepAxis> sweep;  // the [sweep] table: the grid `seatsim sweep` runs without --vary

  int list_seats() const { return list_tier ? list_tier->seats : 0; }
  int district_seats() const {
    return district_tier ? static_cast<int>(district_tier->districts.size()) : 0;
  }
  int house_size() const { return list_seats() + district_seats(); }
};

}  // namespace seatsim::sim
