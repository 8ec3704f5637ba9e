#pragma once
// The validated scenario: a plain value built only by scenario/loader, trusted downstream.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/model/national_model.hpp"
#include "engine/model/polls.hpp"
#include "engine/model/vote_model.hpp"
#include "engine/rules/mixed.hpp"
#include "engine/rules/regional_tier.hpp"

namespace seatsim::sim {

// The largest invalid share a draw counts: each draw then has at most 99 * 2^32 invalid ballots,
// below rules::kMaxVotes.
inline constexpr double kMaxInvalidShare = 0.99;

struct Election {
  std::string name;
  std::string date;  // ISO 8601, as written in the scenario
};

// A seat count to report the odds of reaching, per party: "majority" is 50 of 98.
struct MajorityLine {
  std::string name;
  int seats = 0;
};

// A named set of seat-winning options ([report.blocs]), whose seats are added up in every draw.
struct Bloc {
  std::string name;
  std::vector<int> members;  // option indices, as written
};

struct Questions {
  std::vector<double> share_lines;  // report P(share of the valid vote >= line) per list option
  std::vector<MajorityLine> majority_lines;
  std::vector<Bloc> blocs;
};

// One value on a sweep axis: a number, or a word for a categorical key (tiers.list.method=hare).
using SweepValue = std::variant<double, std::string>;

// One axis of a sweep grid: the scenario value at `key` takes each of `values` in turn.
struct SweepAxis {
  std::string spec;  // as written: KEY=FROM:TO:STEP or KEY=A,B,C
  std::string key;
  std::vector<SweepValue> values;
};

// The polls as given, and what they aggregate to (computed once, at load).
struct Polls {
  model::PollSpec spec;  // without the polls after as_of
  model::PollAggregate aggregate;
  std::optional<int> as_of;  // days since 1970-01-01: polls.as_of (--as-of), where drift starts
};

// Where the model's n_eff comes from: stated in [model], or the poll aggregate's.
enum class NeffSource { stated, polls };

// Multi-member list districts: each district's vote is drawn by the district model (one "district"
// of `vote` per list district, its lists as contenders, model::Contenders::list_options), and its
// seats allocated by `rule`.
struct RegionalTier {
  rules::RegionalRule rule;
  model::DistrictTierSpec vote;
  std::vector<double> weight;  // per district: its share of the national valid vote (sums to 1)
  // Under regional compensation (composition compensatory): per single-member district, the list
  // district its region names (DistrictSpec::region), which compensates for it; empty otherwise.
  std::vector<int> district_region;
};

struct Scenario {
  std::string source;  // where it was read from, for messages and outputs
  Election election;
  std::vector<model::BallotOption> options;  // in registration (ballot) order
  model::VoteSpec vote;  // over the list-ballot options, in option order; mean from the polls
  NeffSource n_eff_source = NeffSource::stated;
  std::string forecast_date;   // ISO 8601 as written in [model], if it was; else drift runs from
                               // the last poll's fieldwork
  std::optional<Polls> polls;  // with a [polls] section
  double invalid_share = 0.0;  // invalid ballots as a share of all ballots (the median if random)
  double invalid_sd = 0.0;     // sd of the invalid share on the logit scale; 0: fixed
  std::optional<rules::ListRule> list_tier;
  std::optional<model::DistrictTierSpec> district_tier;
  std::optional<RegionalTier> regional_tier;  // in parallel with the others, or compensating
  // How the list tier combines with the districts; under compensatory the house is the list seats
  // plus the districts, and under levelling it may grow up to max_house.
  rules::Composition composition = rules::Composition::parallel;
  rules::Overhang overhang = rules::Overhang::grow_house;
  int max_house = 0;                         // under levelling
  std::vector<rules::Exemption> exemptions;  // per party (list), or empty when none is exempt
  std::vector<std::int64_t> thresholds;      // per party (list), ppb, or empty: the tier's
  Questions questions;
  std::vector<SweepAxis> sweep;  // the [sweep] table: the grid `seatsim sweep` runs without --vary

  int list_seats() const { return list_tier ? list_tier->seats : 0; }
  int district_seats() const {
    return district_tier ? static_cast<int>(district_tier->districts.size()) : 0;
  }
  // The rule whose threshold a list passes: the national list tier's, or else the list districts'
  // (passed nationally, or in at least one district); null with neither.
  const rules::ListRule* list_rule() const {
    if (list_tier) return &*list_tier;
    return regional_tier ? &regional_tier->rule.list : nullptr;
  }
  int regional_seats() const {
    int seats = 0;
    if (regional_tier) {
      for (const int s : regional_tier->rule.seats) seats += s;
    }
    return seats;
  }
  int house_size() const { return list_seats() + district_seats() + regional_seats(); }
  // The most seats one option can hold in a draw, and so the list seats: under compensatory a
  // list's list seats can reach its whole proportional share, and levelling grows the house.
  int seat_bound() const {
    if (composition == rules::Composition::parallel) return house_size();
    return overhang == rules::Overhang::levelling ? max_house : house_size();
  }
  // The regional tier's seats count as list seats (draws add them to each party's list seats).
  int list_seat_bound() const {
    return composition == rules::Composition::parallel ? list_seats() + regional_seats()
                                                       : seat_bound();
  }
};

}  // namespace seatsim::sim
