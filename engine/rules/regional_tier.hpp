#pragma once
// PR in multi-member list districts: each district (region) elects its own seats from its own list
// votes by one method, with a threshold counted in the district or nationally (Spain: 3% of the
// province's valid votes, LOREG art. 163.1(a); Poland: 5% of the national valid votes, Electoral
// Code art. 196; Portugal: none, Lei 14/79 art. 16). Pure, exact and allocation-free like the list
// tier whose apportionment it reuses.
#include <span>
#include <vector>

#include "engine/rules/list_tier.hpp"

namespace seatsim::rules {

// Where a multi-member district tier's threshold is counted.
enum class ThresholdScope {
  region,    // in each district, of its own threshold base (Spain, LOREG art. 163.1(a))
  national,  // once, of the national total of the districts' votes (Poland, Electoral Code
             // art. 196); an admitted list then competes in every district where it has votes
};

struct RegionalRule {
  // The method, threshold (share and base), ties and method variants; list.seats is unused (each
  // district has its own seats), and the bonus, runner-up and waiver rules do not apply.
  ListRule list;
  ThresholdScope scope = ThresholdScope::region;
  std::vector<int> seats;  // per district, each at least 1
};

// The districts' votes, district-major: votes[d * lists + i] is list i's count in district d.
struct RegionalBallot {
  std::span<const Votes> votes;
  std::span<const Votes> other_valid;  // per district: valid votes for no list (blank votes)
  std::span<const Votes> invalid{};    // per district, or empty (read only on the ballots base)
  // Under regional compensation, district-major like `votes`: the single-member seats list i won
  // in district d's region; empty otherwise.
  std::span<const int> district_seats{};
};

struct RegionalOutcome {
  bool tie_decided = false;  // some district's last seat went one way on a tie
  int unfilled = 0;          // districts where no list was admitted, whose seats stay empty
};

// Allocates every district's seats. Writes list i's seats in district d to
// region_seats[d * lists + i], its seats over all districts to `seats`, and to `admission` how it
// stands: under the national scope, its national admission; under the district scope, `passed` if
// it passed in at least one district. `lots` (one per list) is read only under TiePolicy::by_lot.
RegionalOutcome allocate_regions(const RegionalRule& rule, const RegionalBallot& ballot,
                                 std::span<const std::uint64_t> lots, std::span<int> region_seats,
                                 std::span<int> seats, std::span<Admission> admission);

// Regional compensation, the additional member system: each list district's seats go one at a
// time to the admitted list with the highest average under rule.list.method, a divisor method, each
// list counting as held the single-member seats it won in the district's region
// (ballot.district_seats): in D'Hondt, its regional votes / (1 + constituency seats + regional
// seats already allocated) (Scotland Act 1998 s.7(2)-(3) and s.8(1)-(2); Government of Wales Act
// 2006 s.9). Writes only the list seats (region_seats, seats); the single-member seats stay the
// caller's. No overhang arises: a list keeps every single-member seat, and the district's list
// seats are given in full on top of them (a list whose constituencies exceed its share just wins no
// list seat). Individual candidates on the regional ballot (who can win one seat at most) are not
// modelled. Admission, ties and the arguments as allocate_regions.
RegionalOutcome allocate_regions_compensatory(const RegionalRule& rule,
                                              const RegionalBallot& ballot,
                                              std::span<const std::uint64_t> lots,
                                              std::span<int> region_seats, std::span<int> seats,
                                              std::span<Admission> admission);

std::string_view to_string(ThresholdScope scope);

}  // namespace seatsim::rules
