#pragma once
// Shared by the rules: apportioning a house among admitted lists with one method. Not part of the
// public interface; callers use allocate_list (list_tier.hpp) or allocate_mixed (mixed.hpp).
#include <cassert>
#include <limits>
#include <span>

#include "engine/rules/list_tier.hpp"

namespace seatsim::rules::detail {

// Who competes for seats, and how a tie between two of them is settled.
struct Contest {
  std::span<const Votes> votes;
  std::span<const Admission> admission;
  TiePolicy ties = TiePolicy::registration_order;
  std::span<const std::uint64_t> lots;

  int size() const { return static_cast<int>(votes.size()); }
  bool admitted(int i) const { return admission[i] != Admission::excluded; }
  // True when list `a` takes a seat before list `b` whose claim is exactly as strong.
  bool wins_tie(int a, int b) const {
    if (ties == TiePolicy::by_lot) return lots[a] > lots[b];
    return a < b;  // registration order, also the settlement under TiePolicy::report
  }
};

// n / d and n % d, for n >= 0 and d > 0: in 64 bits when n fits, which it does for any realistic
// count, as 128-bit division is a slow library call; the same integers either way.
struct Division {
  WideInt quotient = 0;
  Votes remainder = 0;  // below d
};
inline Division divide(WideInt n, Votes d) {
  if (n <= std::numeric_limits<Votes>::max()) {
    const auto narrow = static_cast<Votes>(n);
    return {narrow / d, narrow % d};
  }
  return {n / d, static_cast<Votes>(n % d)};
}

// Largest remainder with the quota of rule.method (quota.cpp), for `house` seats (not rule.seats:
// a compensatory house varies). Overwrites `seats`.
ListOutcome largest_remainder(const ListRule& rule, int house, const Contest& contest,
                              std::span<int> seats);

// Highest averages (divisor.cpp). Continues from the seats already in `seats`, which must be the
// method's own allocation of a smaller house (all zeros to start), until `house` are given. Divisor
// methods are house-monotone, so growing a house one seat at a time is exact.
ListOutcome highest_averages(const ListRule& rule, int house, const Contest& contest,
                             std::span<int> seats);

// The seat-by-seat count of highest_averages without its jump start: from whatever seats are in
// `seats` (those of lists that are not admitted count towards `house` but never grow), each further
// seat to the admitted list with the highest average votes / d(seats held), until `house` are held.
// Regional compensation starts it from the seats each list won in single-member districts
// (regional_tier.hpp), which are not the method's own allocation of anything.
ListOutcome award_highest_averages(const ListRule& rule, int house, const Contest& contest,
                                   std::span<int> seats);

// Sum of the votes of admitted lists.
inline Votes admitted_votes(const Contest& contest) {
  Votes total = 0;
  for (int i = 0; i < contest.size(); ++i) {
    if (contest.admitted(i)) total += contest.votes[i];
  }
  return total;
}

// Apportions `house` seats from scratch by rule.method. Unfilled when no admitted list has a vote.
inline ListOutcome apportion(const ListRule& rule, int house, const Contest& contest,
                             std::span<int> seats) {
  assert(seats.size() == contest.votes.size());
  for (int& s : seats) s = 0;
  if (admitted_votes(contest) <= 0) return {.tie_decided = false, .unfilled = true};
  if (is_largest_remainder(rule.method)) return largest_remainder(rule, house, contest, seats);
  return highest_averages(rule, house, contest, seats);
}

// The majority bonus (ListRule::bonus) of this contest, and in `leader` the list that takes it
// (-1 when none does).
int bonus_seats(const ListRule& rule, const ListBallot& ballot, const Contest& contest,
                int& leader);

// Sets each list's admission: the threshold, then exemptions, the district-seat waiver and the
// runner-up rule. Lists without votes are never admitted.
void admit(const ListRule& rule, const ListBallot& ballot, std::span<Admission> admission);

}  // namespace seatsim::rules::detail
