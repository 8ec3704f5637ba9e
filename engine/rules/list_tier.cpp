#include "engine/rules/list_tier.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "engine/rules/apportion.hpp"

namespace seatsim::rules {
namespace detail {
namespace {

// The runner-up rule: admit the strongest remaining lists until `min_admitted` are in.
void admit_runners_up(const ListRule& rule, const ListBallot& ballot,
                      std::span<Admission> admission) {
  const Contest contest{
      .votes = ballot.lists, .admission = admission, .ties = rule.ties, .lots = ballot.lots};
  const int n = contest.size();
  int count = 0;
  for (const auto a : admission) count += a != Admission::excluded;
  while (count < rule.min_admitted) {
    int best = -1;
    for (int i = 0; i < n; ++i) {
      if (admission[i] != Admission::excluded || ballot.lists[i] <= 0) continue;
      if (best < 0 || ballot.lists[i] > ballot.lists[best] ||
          (ballot.lists[i] == ballot.lists[best] && contest.wins_tie(i, best))) {
        best = i;
      }
    }
    if (best < 0) return;
    admission[best] = Admission::runner_up;
    ++count;
  }
}

}  // namespace

int bonus_seats(const ListRule& rule, const ListBallot& ballot, const Contest& contest,
                int& leader) {
  leader = -1;
  if (rule.bonus.seats == 0) return 0;
  for (int i = 0; i < contest.size(); ++i) {
    if (!contest.admitted(i)) continue;
    if (leader < 0 || contest.votes[i] > contest.votes[leader] ||
        (contest.votes[i] == contest.votes[leader] && contest.wins_tie(i, leader))) {
      leader = i;
    }
  }
  const WideInt base = threshold_base_votes(ballot, rule.threshold.base);
  if (leader < 0 || base <= 0) return 0;
  // votes / base - from as a fraction over base * 1e9, and the whole steps in it.
  const WideInt above =
      static_cast<WideInt>(contest.votes[leader]) * kPartsPerBillion - base * rule.bonus.from_ppb;
  if (above < 0) return 0;
  const WideInt steps = rule.bonus.step_ppb > 0 ? above / (base * rule.bonus.step_ppb) : 0;
  const WideInt bonus = std::min<WideInt>(rule.bonus.seats + steps, rule.bonus.max_seats);
  return static_cast<int>(std::min<WideInt>(bonus, rule.seats));
}

void admit(const ListRule& rule, const ListBallot& ballot, std::span<Admission> admission) {
  const auto n = ballot.lists.size();
  assert(admission.size() == n);
  assert(ballot.district_seats.empty() || ballot.district_seats.size() == n);
  assert(ballot.exemptions.empty() || ballot.exemptions.size() == n);
  assert(ballot.thresholds.empty() || ballot.thresholds.size() == n);
  // A list passes when votes / base >= threshold, tested as votes * 1e9 >= ppb * base in integers.
  const WideInt base = threshold_base_votes(ballot, rule.threshold.base);
  for (std::size_t i = 0; i < n; ++i) {
    admission[i] = Admission::excluded;
    if (ballot.lists[i] <= 0) continue;
    const WideInt scaled = static_cast<WideInt>(ballot.lists[i]) * kPartsPerBillion;
    const std::int64_t ppb =
        ballot.thresholds.empty() ? rule.threshold.parts_per_billion : ballot.thresholds[i];
    if (scaled >= base * ppb) {
      admission[i] = Admission::passed;
    } else if (!ballot.exemptions.empty() && ballot.exemptions[i] == Exemption::exempt) {
      admission[i] = Admission::exempt;
    } else if (rule.waiver_district_seats > 0 && !ballot.district_seats.empty() &&
               ballot.district_seats[i] >= rule.waiver_district_seats) {
      admission[i] = Admission::waived;
    }
  }
  admit_runners_up(rule, ballot, admission);
}

}  // namespace detail

Votes threshold_base_votes(const ListBallot& ballot, ThresholdBase base) {
  Votes lists = 0;
  for (const Votes v : ballot.lists) lists += v;
  switch (base) {
    case ThresholdBase::party_votes: return lists;
    case ThresholdBase::valid: return lists + ballot.other_valid;
    case ThresholdBase::ballots: return lists + ballot.other_valid + ballot.invalid;
  }
  return lists;
}

std::int64_t to_parts_per_billion(double share) {
  return std::llround(share * static_cast<double>(kPartsPerBillion));
}

ListOutcome allocate_list(const ListRule& rule, const ListBallot& ballot, std::span<int> seats,
                          std::span<Admission> admission) {
  assert(ballot.lists.size() <= static_cast<std::size_t>(kMaxOptions));
  assert(seats.size() == ballot.lists.size());
  assert(rule.ties != TiePolicy::by_lot || ballot.lots.size() == ballot.lists.size());
  detail::admit(rule, ballot, admission);
  const detail::Contest contest{
      .votes = ballot.lists, .admission = admission, .ties = rule.ties, .lots = ballot.lots};
  int leader = -1;
  const int bonus = detail::bonus_seats(rule, ballot, contest, leader);
  if (bonus == 0) return detail::apportion(rule, rule.seats, contest, seats);
  ListOutcome outcome = detail::apportion(rule, rule.seats - bonus, contest, seats);
  seats[leader] += bonus;
  outcome.bonus = bonus;
  outcome.bonus_list = leader;
  return outcome;
}

std::string_view to_string(Method method) {
  switch (method) {
    case Method::hare: return "hare";
    case Method::droop: return "droop";
    case Method::imperiali: return "imperiali";
    case Method::dhondt: return "dhondt";
    case Method::sainte_lague: return "sainte-lague";
    case Method::modified_sainte_lague: return "modified-sainte-lague";
    case Method::huntington_hill: return "huntington-hill";
    case Method::adams: return "adams";
  }
  return "?";
}

std::string_view to_string(ThresholdBase base) {
  switch (base) {
    case ThresholdBase::party_votes: return "party_votes";
    case ThresholdBase::valid: return "valid";
    case ThresholdBase::ballots: return "ballots";
  }
  return "?";
}

std::string_view to_string(DroopRounding rounding) {
  switch (rounding) {
    case DroopRounding::floor_plus_one: return "floor-plus-one";
    case DroopRounding::nearest: return "nearest";
  }
  return "?";
}

std::string_view to_string(TiePolicy policy) {
  switch (policy) {
    case TiePolicy::registration_order: return "registration_order";
    case TiePolicy::by_lot: return "by_lot";
    case TiePolicy::report: return "report";
  }
  return "?";
}

}  // namespace seatsim::rules
