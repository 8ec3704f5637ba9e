#pragma once
// Mixed systems: a list tier together with single-member districts whose winners are already known
// (ListBallot::district_seats). Pure, exact and allocation-free like the list tier.
#include <span>

#include "engine/rules/list_tier.hpp"

namespace seatsim::rules {

enum class Composition {
  parallel,  // the tiers add up (Kazakhstan 2023, Russia, Ukraine): list seats are the list tier's
  compensatory,  // MMP: list seats top each admitted list up to its proportional share of the house
};

// Under MMP, what happens when a list wins more districts than its proportional share.
enum class Overhang {
  grow_house,  // it keeps the extra seats and the house grows by them (New Zealand, Electoral Act
               // 1993 s.191)
  levelling,   // the house grows until every list's proportional share covers its districts
               // (Germany, BWahlG s.6(5) as amended in 2013)
  not_seated,  // the house stays; district winners beyond their list's proportional share, and
               // those of a list that is not admitted, are not seated (Germany, BWahlG s.6(1)
               // and (4) as amended in 2023: Zweitstimmendeckung)
};

// Levelling stops here: a list with a handful of votes and several districts could otherwise need
// millions of seats. Reaching it keeps the allocation at this size, the districts it does not cover
// as overhang, and says so (MixedOutcome::levelling_capped).
inline constexpr int kMaxLevelledHouse = 100'000;

struct MixedRule {
  // Under `parallel`, list.seats is the list tier; under `compensatory`, the nominal house,
  // district seats included (New Zealand: 120).
  ListRule list;
  Composition composition = Composition::parallel;
  Overhang overhang = Overhang::grow_house;
  // Under levelling, the largest house it may reach; levelling stops there (levelling_capped).
  int max_house = kMaxLevelledHouse;
};

struct MixedOutcome {
  ListOutcome list;   // ties and an unfilled tier
  int house = 0;      // seats in all, district seats included
  int overhang = 0;   // seats kept above the proportional share (grow_house, or levelling capped)
  int levelling = 0;  // seats added so no list has overhang (levelling)
  bool levelling_capped = false;  // levelling stopped at max_house with overhang left
  int unseated = 0;               // district winners not seated (not_seated)
};

// Allocates the list seats of a mixed system. `ballot.district_seats` holds each list's district
// seats (independents can be a list without votes: they are never admitted, and always seated).
// Writes each list's list seats to `list_seats`, its district plus list seats to `total_seats`, and
// its admission to `admission`; and, when `overhang` is not empty, each list's seats kept above its
// proportional share, its part of MixedOutcome::overhang (0 under parallel and not_seated).
MixedOutcome allocate_mixed(const MixedRule& rule, const ListBallot& ballot,
                            std::span<int> list_seats, std::span<int> total_seats,
                            std::span<Admission> admission, std::span<int> overhang = {});

std::string_view to_string(Composition composition);
std::string_view to_string(Overhang overhang);

}  // namespace seatsim::rules
