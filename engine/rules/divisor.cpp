// Divisor (highest-averages) methods. Each seat goes to the list with the highest average
// votes / d(s), where s is the seats it already holds. Averages are compared as fractions by
// cross-multiplying in 128 bits, so no floating point decides a seat:
//   D'Hondt (Jefferson)        d(s) = s + 1
//   Sainte-Lague (Webster)     d(s) = 2s + 1
//   modified Sainte-Lague      d(0) = a first divisor f, then 2s + 1: f = 1.4 in Norway
//                              (Representation of the People Act 2002 s.11-4) and Sweden before
//                              2018, 1.2 in Sweden since (Elections Act 2005:837 ch.14 s.3); every
//                              divisor in parts per billion, f exactly as ListRule holds it
//   Huntington-Hill            d(s) = sqrt(s (s + 1)) (US House, 2 U.S.C. 2a), compared squared:
//                              votes^2 / (s (s + 1)), exact in 128 bits for votes below 2^40
//   Adams                      d(s) = s
// Huntington-Hill and Adams have d(0) = 0: a list without a seat has an infinite average, so every
// admitted list is seated once before any takes a second; among those, more votes go first.
#include <algorithm>
#include <array>

#include "engine/rules/apportion.hpp"

namespace seatsim::rules::detail {
namespace {

// An average as numerator / denominator; a zero denominator is an infinite average.
struct Average {
  WideInt numerator = 0;
  WideInt denominator = 1;
};

Average average(const ListRule& rule, Votes votes, int held) {
  const WideInt v = votes;
  const WideInt s = held;
  switch (rule.method) {
    case Method::dhondt: return {v, s + 1};
    case Method::sainte_lague: return {v, 2 * s + 1};
    case Method::modified_sainte_lague:
      return {kPartsPerBillion * v,
              held == 0 ? WideInt{rule.first_divisor_ppb} : (2 * s + 1) * kPartsPerBillion};
    case Method::huntington_hill: return {v * v, s * (s + 1)};
    case Method::adams: return {v, s};
    default: break;
  }
  assert(false && "not a divisor method");
  return {v, s + 1};
}

// -1, 0 or 1 as average a is below, equal to or above average b.
int compare(const Average& a, const Average& b) {
  if (a.denominator == 0 && b.denominator == 0) {
    return (a.numerator > b.numerator) - (a.numerator < b.numerator);
  }
  const WideInt left = a.numerator * b.denominator;
  const WideInt right = b.numerator * a.denominator;
  return (left > right) - (left < right);
}

}  // namespace

ListOutcome highest_averages(const ListRule& rule, int house, const Contest& contest,
                             std::span<int> seats) {
  const int n = contest.size();
  // Jump start. Every divisor here, normalised (Sainte-Lague's halved, Huntington-Hill's root),
  // lies in [s, s + 1], so with m admitted lists and V their votes a list ends with at least
  // floor(votes * (house - m) / V) - 1 seats: the marginal average is at most V / (house - m), and
  // every average above it is seated. Any start at or below the final seats reaches them, since the
  // seats still to give are the largest averages not yet seated, taken in order.
  int lists = 0;
  for (int i = 0; i < n; ++i) lists += contest.admitted(i);
  const Votes total = admitted_votes(contest);
  if (house > lists && total > 0) {
    for (int i = 0; i < n; ++i) {
      if (!contest.admitted(i)) continue;
      const WideInt bound =
          divide(static_cast<WideInt>(contest.votes[i]) * (house - lists), total).quotient - 1;
      seats[i] = std::max(seats[i], static_cast<int>(std::max<WideInt>(bound, 0)));
    }
  }
  return award_highest_averages(rule, house, contest, seats);
}

ListOutcome award_highest_averages(const ListRule& rule, int house, const Contest& contest,
                                   std::span<int> seats) {
  const int n = contest.size();
  std::array<Average, kMaxOptions> averages;  // only the admitted lists' are written and read
  int given = 0;
  for (int i = 0; i < n; ++i) {
    given += seats[i];
    if (contest.admitted(i)) averages[i] = average(rule, contest.votes[i], seats[i]);
  }
  ListOutcome outcome;
  for (; given < house; ++given) {
    int best = -1;
    bool tied = false;
    for (int i = 0; i < n; ++i) {
      if (!contest.admitted(i)) continue;
      if (best < 0) {
        best = i;
        continue;
      }
      const int order = compare(averages[i], averages[best]);
      if (order == 0) tied = true;
      if (order > 0 || (order == 0 && contest.wins_tie(i, best))) {
        if (order > 0) tied = false;
        best = i;
      }
    }
    assert(best >= 0);
    ++seats[best];
    averages[best] = average(rule, contest.votes[best], seats[best]);
    // Only the last seat can be contested: an earlier tie is settled by the next seat. (With the
    // jump start, a tie for a seat given at the start is never contested: it is above the margin.)
    outcome.tie_decided = tied && given + 1 == house;
  }
  return outcome;
}

}  // namespace seatsim::rules::detail
