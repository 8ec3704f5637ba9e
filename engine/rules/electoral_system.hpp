#pragma once
// The electoral system: every seat tier and how the tiers combine, built once (from a validated
// scenario by sim::electoral_system, from a recorded election by `seatsim allocate`), with one
// allocate that every command calls, so a simulated draw and a real count are allocated by the
// same code. Pure and exact like the tiers it combines: no allocation, no randomness (lots are
// part of the ballot).
#include <optional>
#include <span>
#include <vector>

#include "engine/rules/mixed.hpp"
#include "engine/rules/regional_tier.hpp"

namespace seatsim::rules {

struct SystemSpec {
  std::optional<ListRule> list;  // the national list tier; none: districts alone
  // Single-member districts, whose winners come with the ballot; 0: a list tier alone, whose
  // waiver may still read the district seats a ballot gives. Those the ballot's lists did not win
  // went to candidates without a list (independents).
  int district_seats = 0;
  // How the list tier combines with the districts (under compensatory, list->seats is the house).
  // With `regions` and no `list`, compensatory is regional compensation (allocate_regions_
  // compensatory): each list district compensates for its region's districts, whose seats per list
  // come with the RegionalBallot; the regional method must then be a divisor method.
  Composition composition = Composition::parallel;
  Overhang overhang = Overhang::grow_house;
  int max_house = kMaxLevelledHouse;  // under levelling: MixedRule::max_house
  std::vector<Exemption> exemptions;  // one per list, or empty when no list is exempt
  // One threshold per list (parts per billion), or empty when every list has the list tier's.
  std::vector<std::int64_t> thresholds{};
  // Multi-member list districts, in parallel with the other tiers or compensating (above); none:
  // no such tier.
  std::optional<RegionalRule> regions{};
};

// The seats of one ballot, per list, and what the system did to reach them.
struct SeatsOut {
  std::span<int> list_seats;       // per list: list-tier seats
  std::span<int> total_seats;      // per list: list plus district seats
  std::span<Admission> admission;  // per list: how it stands after the threshold
  // Per district of the regional tier and list (RegionalBallot's layout); empty without one.
  std::span<int> region_seats{};
  // Per list: its seats kept above its proportional share under compensatory (allocate_mixed's
  // `overhang`), 0 otherwise; may be empty when not wanted.
  std::span<int> overhang{};
};

class ElectoralSystem {
 public:
  explicit ElectoralSystem(SystemSpec spec);

  const std::optional<ListRule>& list_tier() const { return spec_.list; }
  std::span<const std::int64_t> thresholds() const { return spec_.thresholds; }
  int district_seats() const { return spec_.district_seats; }
  const std::optional<RegionalRule>& regional_tier() const { return spec_.regions; }
  // Seats in the regional tier's districts together (0 without one).
  int regional_seats() const;
  Composition composition() const { return spec_.composition; }
  Overhang overhang() const { return spec_.overhang; }
  // Whether allocate reads ListBallot::lots.
  bool draws_lots() const {
    return (spec_.list && spec_.list->ties == TiePolicy::by_lot) ||
           (spec_.regions && spec_.regions->list.ties == TiePolicy::by_lot);
  }

  // Allocates every tier. `ballot.district_seats` holds each list's district seats, or is empty
  // when the system has no districts (or they are counted outside the lists); the system's
  // exemptions and thresholds replace the ballot's. `regions` holds the regional tier's votes (read
  // only with one), and under regional compensation each region's district seats per list (whose
  // national sums are ballot.district_seats); its seats are added to each list's total, and to the
  // house. Without a list
  // tier, `out.admission` is the regional tier's.
  MixedOutcome allocate(const ListBallot& ballot, const SeatsOut& out,
                        const RegionalBallot& regions = {}) const;

  // The national votes the list threshold is a share of, on the list tier's base (without one, on
  // the regional tier's; 0 with neither).
  Votes threshold_base(const ListBallot& ballot) const;

  // The extra votes list `list` needs for one more list seat (rules/next_seat.hpp), under the
  // list tier's rule; nullopt without a list tier or when it has no next seat within reach.
  std::optional<Votes> votes_for_next_seat(const ListBallot& ballot, std::size_t list) const;

 private:
  // The ballot with the system's per-list rules (exemptions, thresholds) in place of its own.
  ListBallot with_list_rules(const ListBallot& ballot) const {
    ListBallot out = ballot;
    out.exemptions = spec_.exemptions;
    out.thresholds = spec_.thresholds;
    return out;
  }

  MixedOutcome allocate_national(const ListBallot& ballot, const SeatsOut& out) const;

  SystemSpec spec_;
};

// The admission's name in allocation reports: "yes", "no", "runner-up", "waiver", "exempt".
std::string_view to_string(Admission admission);

}  // namespace seatsim::rules
