#include "engine/rules/electoral_system.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <utility>

#include "engine/rules/next_seat.hpp"

namespace seatsim::rules {

ElectoralSystem::ElectoralSystem(SystemSpec spec) : spec_(std::move(spec)) {
  // Regional compensation: list districts alone compensate, each for its region's districts.
  assert(!(spec_.regions && spec_.composition == Composition::compensatory) ||
         (!spec_.list && !is_largest_remainder(spec_.regions->list.method)));
}

int ElectoralSystem::regional_seats() const {
  int seats = 0;
  if (spec_.regions) {
    for (const int s : spec_.regions->seats) seats += s;
  }
  return seats;
}

MixedOutcome ElectoralSystem::allocate(const ListBallot& ballot, const SeatsOut& out,
                                       const RegionalBallot& regions) const {
  MixedOutcome outcome = allocate_national(ballot, out);
  if (!spec_.regions) return outcome;
  // The regional tier adds up with the others (parallel), or compensates each region for its
  // single-member seats (compensatory, without a national list tier: the constructor's contract);
  // either way its seats add to the districts'. Its admissions are the lists' own only when there
  // is no national list tier.
  std::array<int, kMaxOptions> seats_store{};
  std::array<Admission, kMaxOptions> admission_store{};
  const std::size_t n = ballot.lists.size();
  const std::span<int> seats(seats_store.data(), n);
  const std::span<Admission> admission =
      spec_.list ? std::span<Admission>(admission_store.data(), n) : out.admission;
  const RegionalOutcome regional =
      spec_.composition == Composition::compensatory
          ? allocate_regions_compensatory(*spec_.regions, regions, ballot.lots, out.region_seats,
                                          seats, admission)
          : allocate_regions(*spec_.regions, regions, ballot.lots, out.region_seats, seats,
                             admission);
  for (std::size_t i = 0; i < n; ++i) out.total_seats[i] += seats[i];
  outcome.house += regional_seats();
  outcome.list.tie_decided |= regional.tie_decided;
  if (!spec_.list) outcome.list.unfilled = regional.unfilled > 0;
  return outcome;
}

MixedOutcome ElectoralSystem::allocate_national(const ListBallot& ballot,
                                                const SeatsOut& out) const {
  const std::size_t n = ballot.lists.size();
  assert(out.list_seats.size() == n && out.total_seats.size() == n && out.admission.size() == n);
  assert(ballot.district_seats.empty() || ballot.district_seats.size() == n);
  const bool with_districts = spec_.district_seats > 0 && !ballot.district_seats.empty();
  std::fill(out.overhang.begin(), out.overhang.end(), 0);
  if (!spec_.list) {
    std::fill(out.list_seats.begin(), out.list_seats.end(), 0);
    std::fill(out.admission.begin(), out.admission.end(), Admission::excluded);
    for (std::size_t i = 0; i < n; ++i)
      out.total_seats[i] = with_districts ? ballot.district_seats[i] : 0;
    return {
        .list = {}, .house = spec_.district_seats, .overhang = 0, .levelling = 0, .unseated = 0};
  }
  const ListBallot ruled = with_list_rules(ballot);
  // District seats the lists did not win went to independents: seated, and part of the house.
  int independents = 0;
  if (with_districts) {
    independents = spec_.district_seats;
    for (const int seats : ballot.district_seats) independents -= seats;
  }
  if (spec_.composition == Composition::compensatory) {
    assert(ballot.district_seats.size() == n);
    // Their seats come off the house before the proportional count, as the seats of lists that
    // are not admitted do (Electoral Act 1993 s.191(4); BWahlG s.6(1)).
    MixedRule rule{.list = *spec_.list,
                   .composition = spec_.composition,
                   .overhang = spec_.overhang,
                   .max_house = spec_.max_house - independents};
    rule.list.seats -= independents;
    MixedOutcome outcome =
        allocate_mixed(rule, ruled, out.list_seats, out.total_seats, out.admission, out.overhang);
    outcome.house += independents;
    return outcome;
  }
  // Parallel, or a list tier alone (whose waiver may still read district seats won elsewhere):
  // the tiers add up, as in allocate_mixed's parallel case.
  MixedOutcome outcome{.list = allocate_list(*spec_.list, ruled, out.list_seats, out.admission),
                       .house = spec_.list->seats + (with_districts ? spec_.district_seats : 0),
                       .overhang = 0,
                       .levelling = 0,
                       .unseated = 0};
  if (!with_districts) {
    std::copy(out.list_seats.begin(), out.list_seats.end(), out.total_seats.begin());
    return outcome;
  }
  for (std::size_t i = 0; i < n; ++i) {
    out.total_seats[i] = out.list_seats[i] + ballot.district_seats[i];
  }
  return outcome;
}

Votes ElectoralSystem::threshold_base(const ListBallot& ballot) const {
  if (spec_.list) return threshold_base_votes(ballot, spec_.list->threshold.base);
  return spec_.regions ? threshold_base_votes(ballot, spec_.regions->list.threshold.base) : 0;
}

std::optional<Votes> ElectoralSystem::votes_for_next_seat(const ListBallot& ballot,
                                                          std::size_t list) const {
  if (!spec_.list) return std::nullopt;
  return rules::votes_for_next_seat(*spec_.list, with_list_rules(ballot), list);
}

std::string_view to_string(Admission admission) {
  switch (admission) {
    case Admission::excluded: return "no";
    case Admission::passed: return "yes";
    case Admission::runner_up: return "runner-up";
    case Admission::waived: return "waiver";
    case Admission::exempt: return "exempt";
  }
  return "?";
}

}  // namespace seatsim::rules
