// Largest-remainder (quota) methods. Each list's quota count is votes / quota; the whole parts are
// its first seats and the seats left over go to the largest fractional parts. The quota is held as
// a fraction numerator / denominator of integers, so every count is votes * denominator / numerator
// and every remainder shares the denominator `numerator`: comparing remainders is exact.
#include <array>

#include "engine/rules/apportion.hpp"

#include <limits>

namespace seatsim::rules::detail {
namespace {

struct Quota {
  Votes numerator = 1;
  Votes denominator = 1;
};

// The quota for `house` seats given `total` admitted votes, with `drop` seats fewer in the divisor
// (see the Imperiali fallback below).
Quota quota(Method method, Votes total, int house, int drop) {
  switch (method) {
    // Hare (1857): votes / seats. Kazakhstan's "first electoral quotient" (Constitutional Law on
    // Elections art. 97-1), sum of the admitted lists' votes over the seats.
    case Method::hare: return {total, house};
    // Droop (1881), in the whole-number form floor(votes / (seats + 1)) + 1, as South Africa's
    // Electoral Act 73 of 1998 (Schedule 1A) uses it for list seats.
    case Method::droop: return {total / (house + 1) + 1, 1};
    // Imperiali: votes / (seats + 2) (Italy's former municipal law; Belgium's municipal councils).
    case Method::imperiali: return {total, house + 2 - drop};
    default: break;
  }
  assert(false && "not a largest-remainder method");
  return {total, house};
}

}  // namespace

ListOutcome largest_remainder(Method method, int house, const Contest& contest,
                              std::span<int> seats) {
  const int n = contest.size();
  const Votes total = admitted_votes(contest);
  // Left uninitialised: only the admitted lists' entries are written and read. (Zeroing both
  // arrays on every call cost about as much as the rest of the apportionment.)
  std::array<Votes, kMaxOptions> remainder;
  std::array<int, kMaxOptions> rank;
  int admitted = 0;
  int given = 0;
  // The Imperiali quota can be small enough that the whole parts alone exceed the house. The quota
  // is then recomputed with one seat fewer in its divisor (votes / (seats + 1), Hagenbach-Bischoff,
  // then Hare), the usual remedy; Hare and Droop never over-allocate.
  for (int drop = 0;; ++drop) {
    const Quota q = quota(method, total, house, drop);
    admitted = 0;
    given = 0;
    for (int i = 0; i < n; ++i) {
      seats[i] = 0;
      if (!contest.admitted(i)) continue;
      const WideInt scaled = static_cast<WideInt>(contest.votes[i]) * q.denominator;
      // The same integer division either way; in 64 bits when it fits, which it does for any
      // realistic count, as 128-bit division is a slow library call.
      if (scaled <= std::numeric_limits<Votes>::max()) {
        const auto narrow = static_cast<Votes>(scaled);
        seats[i] = static_cast<int>(narrow / q.numerator);
        remainder[i] = narrow % q.numerator;
      } else {
        seats[i] = static_cast<int>(scaled / q.numerator);
        remainder[i] = static_cast<Votes>(scaled % q.numerator);
      }
      given += seats[i];
      rank[admitted++] = i;
    }
    if (given <= house) break;
  }

  // Rank the admitted lists by remainder, largest first, ties by the policy (insertion sort: at
  // most kMaxOptions lists, no allocation).
  for (int a = 1; a < admitted; ++a) {
    const int list = rank[a];
    int b = a;
    for (; b > 0; --b) {
      const int other = rank[b - 1];
      const bool before = remainder[list] > remainder[other] ||
                          (remainder[list] == remainder[other] && contest.wins_tie(list, other));
      if (!before) break;
      rank[b] = other;
    }
    rank[b] = list;
  }

  // Leftover seats go down the ranking. Under Hare there are fewer leftovers than lists; a Droop
  // quota on very few votes can leave more, and the ranking is then walked again from the top.
  const int left = house - given;
  for (int k = 0, next = 0; k < left; ++k) {
    ++seats[rank[next]];
    next = next + 1 == admitted ? 0 : next + 1;  // not k % admitted: a division per seat
  }
  // The last leftover seat was contested if the next list in the ranking had the same remainder.
  const int cut = left % admitted;
  ListOutcome outcome;
  outcome.tie_decided = cut > 0 && remainder[rank[cut - 1]] == remainder[rank[cut]];
  return outcome;
}

}  // namespace seatsim::rules::detail
