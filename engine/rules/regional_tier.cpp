#include "engine/rules/regional_tier.hpp"

#include <array>
#include <cassert>

#include "engine/rules/apportion.hpp"

namespace seatsim::rules {
namespace {

// District d's ballot as the list tier reads it.
ListBallot district_ballot(const RegionalBallot& ballot, std::size_t lists, std::size_t d,
                           std::span<const std::uint64_t> lots) {
  return {.lists = ballot.votes.subspan(d * lists, lists),
          .other_valid = ballot.other_valid[d],
          .invalid = ballot.invalid.empty() ? 0 : ballot.invalid[d],
          .lots = lots};
}

// The national ballot: each list's votes summed over the districts, into `totals`.
ListBallot national_ballot(const RegionalBallot& ballot, std::span<Votes> totals,
                           std::span<const std::uint64_t> lots) {
  const std::size_t lists = totals.size();
  ListBallot national{.lists = totals, .lots = lots};
  for (Votes& t : totals) t = 0;
  for (std::size_t d = 0; d < ballot.other_valid.size(); ++d) {
    for (std::size_t i = 0; i < lists; ++i) totals[i] += ballot.votes[d * lists + i];
    national.other_valid += ballot.other_valid[d];
    if (!ballot.invalid.empty()) national.invalid += ballot.invalid[d];
  }
  return national;
}

// Whether a district's count starts from nothing or from the single-member seats of its region.
enum class Start { empty, district_seats };

// District d's list seats under regional compensation, into `here`: the divisor count continued
// from each list's single-member seats in the region, less those seats.
ListOutcome compensate(const ListRule& rule, int seats, const detail::Contest& contest,
                       std::span<const int> district_seats, std::span<int> here) {
  std::array<int, kMaxOptions> held_store{};
  const std::span<int> held(held_store.data(), here.size());
  int house = seats;
  for (std::size_t i = 0; i < here.size(); ++i) {
    held[i] = district_seats[i];
    house += held[i];
    here[i] = 0;
  }
  if (detail::admitted_votes(contest) <= 0) return {.tie_decided = false, .unfilled = true};
  const ListOutcome outcome = detail::award_highest_averages(rule, house, contest, held);
  for (std::size_t i = 0; i < here.size(); ++i) here[i] = held[i] - district_seats[i];
  return outcome;
}

RegionalOutcome allocate_districts(const RegionalRule& rule, const RegionalBallot& ballot,
                                   std::span<const std::uint64_t> lots, std::span<int> region_seats,
                                   std::span<int> seats, std::span<Admission> admission,
                                   Start start) {
  const std::size_t lists = seats.size();
  const std::size_t districts = rule.seats.size();
  assert(lists <= static_cast<std::size_t>(kMaxOptions) && admission.size() == lists);
  assert(ballot.votes.size() == districts * lists && ballot.other_valid.size() == districts);
  assert(region_seats.size() == districts * lists);
  std::array<Votes, kMaxOptions> totals_store{};
  std::array<Admission, kMaxOptions> national_store{};
  std::array<Admission, kMaxOptions> local_store{};
  const std::span<Admission> national(national_store.data(), lists);
  const std::span<Admission> local(local_store.data(), lists);
  if (rule.scope == ThresholdScope::national) {
    detail::admit(rule.list, national_ballot(ballot, std::span(totals_store.data(), lists), lots),
                  national);
  }
  for (std::size_t i = 0; i < lists; ++i) {
    seats[i] = 0;
    admission[i] = rule.scope == ThresholdScope::national ? national[i] : Admission::excluded;
  }
  RegionalOutcome outcome;
  for (std::size_t d = 0; d < districts; ++d) {
    const ListBallot local_ballot = district_ballot(ballot, lists, d, lots);
    if (rule.scope == ThresholdScope::national) {
      // Admitted nationally and with votes here: a list without votes in a district has no claim
      // there (and under Adams or Huntington-Hill its first average, 0 / 0, is not a number).
      for (std::size_t i = 0; i < lists; ++i) {
        local[i] = local_ballot.lists[i] > 0 ? national[i] : Admission::excluded;
      }
    } else {
      detail::admit(rule.list, local_ballot, local);
      for (std::size_t i = 0; i < lists; ++i) {
        if (local[i] == Admission::passed) admission[i] = Admission::passed;
      }
    }
    const detail::Contest contest{
        .votes = local_ballot.lists, .admission = local, .ties = rule.list.ties, .lots = lots};
    const std::span<int> here = region_seats.subspan(d * lists, lists);
    const ListOutcome result =
        start == Start::empty ? detail::apportion(rule.list, rule.seats[d], contest, here)
                              : compensate(rule.list, rule.seats[d], contest,
                                           ballot.district_seats.subspan(d * lists, lists), here);
    outcome.tie_decided |= result.tie_decided;
    outcome.unfilled += result.unfilled;
    for (std::size_t i = 0; i < lists; ++i) seats[i] += here[i];
  }
  return outcome;
}

}  // namespace

RegionalOutcome allocate_regions(const RegionalRule& rule, const RegionalBallot& ballot,
                                 std::span<const std::uint64_t> lots, std::span<int> region_seats,
                                 std::span<int> seats, std::span<Admission> admission) {
  return allocate_districts(rule, ballot, lots, region_seats, seats, admission, Start::empty);
}

RegionalOutcome allocate_regions_compensatory(const RegionalRule& rule,
                                              const RegionalBallot& ballot,
                                              std::span<const std::uint64_t> lots,
                                              std::span<int> region_seats, std::span<int> seats,
                                              std::span<Admission> admission) {
  assert(!is_largest_remainder(rule.list.method));
  assert(ballot.district_seats.size() == ballot.votes.size());
  return allocate_districts(rule, ballot, lots, region_seats, seats, admission,
                            Start::district_seats);
}

std::string_view to_string(ThresholdScope scope) {
  switch (scope) {
    case ThresholdScope::region: return "region";
    case ThresholdScope::national: return "national";
  }
  return "?";
}

}  // namespace seatsim::rules
