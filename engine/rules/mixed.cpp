#include "engine/rules/mixed.hpp"

#include <algorithm>
#include <array>

#include "engine/rules/apportion.hpp"

namespace seatsim::rules {
namespace {

// True when every admitted list's proportional share covers its district seats.
bool covers_districts(const detail::Contest& contest, std::span<const int> proportional,
                      std::span<const int> districts) {
  for (int i = 0; i < contest.size(); ++i) {
    if (contest.admitted(i) && proportional[i] < districts[i]) return false;
  }
  return true;
}

// The smallest house, from `house` up, whose proportional shares cover every admitted list's
// districts (BWahlG s.6(5)). Divisor methods are house-monotone, so they grow a seat at a time;
// a largest-remainder allocation can lose a seat as the house grows (the Alabama paradox), so it is
// recomputed for each size.
ListOutcome level(const ListRule& rule, int house, int max_house, const detail::Contest& contest,
                  std::span<const int> districts, std::span<int> proportional, int& levelled) {
  ListOutcome outcome = detail::apportion(rule, house, contest, proportional);
  levelled = house;
  while (!outcome.unfilled && !covers_districts(contest, proportional, districts)) {
    if (levelled >= max_house) break;
    ++levelled;
    outcome = is_largest_remainder(rule.method)
                  ? detail::apportion(rule, levelled, contest, proportional)
                  : detail::highest_averages(rule, levelled, contest, proportional);
  }
  return outcome;
}

}  // namespace

MixedOutcome allocate_mixed(const MixedRule& rule, const ListBallot& ballot,
                            std::span<int> list_seats, std::span<int> total_seats,
                            std::span<Admission> admission, std::span<int> overhang) {
  const int n = static_cast<int>(ballot.lists.size());
  assert(ballot.district_seats.size() == ballot.lists.size());
  assert(overhang.empty() || overhang.size() == ballot.lists.size());
  std::fill(overhang.begin(), overhang.end(), 0);
  assert(list_seats.size() == ballot.lists.size() && total_seats.size() == ballot.lists.size());
  const auto districts = ballot.district_seats;
  int district_total = 0;
  for (const int d : districts) district_total += d;

  MixedOutcome outcome;
  if (rule.composition == Composition::parallel) {
    outcome.list = allocate_list(rule.list, ballot, list_seats, admission);
    for (int i = 0; i < n; ++i) total_seats[i] = list_seats[i] + districts[i];
    outcome.house = rule.list.seats + district_total;
    return outcome;
  }

  // Compensatory. District seats won by lists that are not admitted (and by independents) come off
  // the house before the proportional count (Electoral Act 1993 s.191(4); BWahlG s.6(1)); under
  // not_seated only the independents' do, as the winners of a list that is not admitted have no
  // list vote to cover them (BWahlG s.6(1) and (4) as amended in 2023).
  detail::admit(rule.list, ballot, admission);
  const detail::Contest contest{
      .votes = ballot.lists, .admission = admission, .ties = rule.list.ties, .lots = ballot.lots};
  const bool not_seated = rule.overhang == Overhang::not_seated;
  int outside = 0;
  for (int i = 0; i < n; ++i) {
    if (contest.admitted(i)) continue;
    (not_seated && ballot.lists[i] > 0 ? outcome.unseated : outside) += districts[i];
  }
  const int proportional_house = std::max(rule.list.seats - outside, 0);

  std::array<int, kMaxOptions> proportional_store{};
  const std::span<int> proportional(proportional_store.data(), ballot.lists.size());
  int house = proportional_house;
  if (rule.overhang == Overhang::levelling) {
    outcome.list = level(rule.list, proportional_house, rule.max_house - outside, contest,
                         districts, proportional, house);
    outcome.levelling = house - proportional_house;
    outcome.levelling_capped = !covers_districts(contest, proportional, districts);
  } else {
    outcome.list = detail::apportion(rule.list, proportional_house, contest, proportional);
  }
  for (int i = 0; i < n; ++i) {
    list_seats[i] = 0;
    if (!contest.admitted(i)) {
      total_seats[i] = not_seated && ballot.lists[i] > 0 ? 0 : districts[i];
      continue;
    }
    list_seats[i] = std::max(proportional[i] - districts[i], 0);
    const int beyond = std::max(districts[i] - proportional[i], 0);
    total_seats[i] = districts[i] + list_seats[i] - (not_seated ? beyond : 0);
    (not_seated ? outcome.unseated : outcome.overhang) += beyond;
    if (!overhang.empty() && !not_seated) overhang[i] = beyond;
  }
  outcome.house = house + outside + outcome.overhang;
  return outcome;
}

std::string_view to_string(Composition composition) {
  switch (composition) {
    case Composition::parallel: return "parallel";
    case Composition::compensatory: return "compensatory";
  }
  return "?";
}

std::string_view to_string(Overhang overhang) {
  switch (overhang) {
    case Overhang::grow_house: return "grow-house";
    case Overhang::levelling: return "levelling";
    case Overhang::not_seated: return "not-seated";
  }
  return "?";
}

}  // namespace seatsim::rules
