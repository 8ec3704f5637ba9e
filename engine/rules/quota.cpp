// Largest-remainder (quota) methods. Each list's quota count is votes / quota; the whole parts are
// its first seats and the seats left over go to the largest fractional parts. The quota is held as
// a fraction numerator / denominator of integers, so every count is votes * denominator / numerator
// and every remainder shares the denominator `numerator`: comparing remainders is exact.
#include <algorithm>
#include <array>

#include "engine/rules/apportion.hpp"

namespace seatsim::rules::detail {
namespace {

struct Quota {
  Votes numerator = 1;
  Votes denominator = 1;
};

// The quota for `house` seats given `total` admitted votes, with `drop` seats fewer in the divisor
// (see the Imperiali fallback below).
Quota quota(const ListRule& rule, Votes total, int house, int drop) {
  switch (rule.method) {
    // Hare (1857): votes / seats. Kazakhstan's "first electoral quotient" (Constitutional Law on
    // Elections art. 97-1), sum of the admitted lists' votes over the seats.
    case Method::hare: return {total, house};
    // Droop (1881), in the whole-number form floor(votes / (seats + 1)) + 1, as South Africa's
    // Electoral Act 73 of 1998 (Schedule 1A) uses it for list seats; or votes / (seats + 1)
    // rounded to the nearest whole number, halves up (Slovakia), at least 1.
    case Method::droop:
      if (rule.droop == DroopRounding::nearest) {
        return {std::max<Votes>((2 * total + house + 1) / (2 * (Votes{house} + 1)), 1), 1};
      }
      return {total / (house + 1) + 1, 1};
    // Imperiali: votes / (seats + 2) (Italy's former municipal law; Belgium's municipal councils).
    case Method::imperiali: return {total, house + 2 - drop};
    default: break;
  }
  assert(false && "not a largest-remainder method");
  return {total, house};
}

// A rounded Droop quota can give more seats than the house in whole parts (one, but for a handful
// of votes): each seat too many is taken from another list, smallest remainder first, the later
// one on a tie (Slovakia, Act No. 180/2014 Coll. s.66).
void take_back_excess(int excess, const Contest& contest, std::span<const int> in_order,
                      std::span<const Votes> remainder, std::span<int> seats) {
  std::uint64_t taken = 0;  // bit i: list i has given one back
  for (; excess > 0; --excess) {
    int worst = -1;
    for (const int list : in_order) {
      if (seats[list] == 0 || (taken >> list & 1U) != 0) continue;
      if (worst < 0 || remainder[list] < remainder[worst] ||
          (remainder[list] == remainder[worst] && contest.wins_tie(worst, list))) {
        worst = list;
      }
    }
    if (worst < 0) {
      taken = 0;  // every list has given one back: start a second round
      ++excess;
      continue;
    }
    taken |= std::uint64_t{1} << worst;
    --seats[worst];
  }
}

}  // namespace

ListOutcome largest_remainder(const ListRule& rule, int house, const Contest& contest,
                              std::span<int> seats) {
  const Method method = rule.method;
  const int n = contest.size();
  const Votes total = admitted_votes(contest);
  // Arrays left uninitialised: only the admitted lists' entries are written and read. (Zeroing
  // them on every call cost about as much as the rest of the apportionment.)
  std::array<Votes, kMaxOptions> remainder;
  std::array<int, kMaxOptions> in_order;  // the admitted lists, in ballot order
  int admitted = 0;
  int given = 0;
  // The Imperiali quota can be small enough that the whole parts alone exceed the house. The quota
  // is then recomputed with one seat fewer in its divisor (votes / (seats + 1), Hagenbach-Bischoff,
  // then Hare), the usual remedy; Hare and floor-plus-one Droop never over-allocate.
  for (int drop = 0;; ++drop) {
    const Quota q = quota(rule, total, house, drop);
    admitted = 0;
    given = 0;
    for (int i = 0; i < n; ++i) {
      seats[i] = 0;
      if (!contest.admitted(i)) continue;
      const Division count =
          divide(static_cast<WideInt>(contest.votes[i]) * q.denominator, q.numerator);
      seats[i] = static_cast<int>(count.quotient);
      remainder[i] = count.remainder;
      given += seats[i];
      in_order[admitted++] = i;
    }
    if (given <= house || method != Method::imperiali) break;
  }
  if (given > house) {
    take_back_excess(given - house, contest, std::span<const int>(in_order.data(), admitted),
                     remainder, seats);
    return {};
  }

  // Leftover seats go down the ranking of the remainders. Under Hare there are fewer leftovers than
  // lists; a Droop quota on very few votes can leave more, and the ranking is then walked again
  // from the top: every list gets `rounds`, and the first `cut` in the ranking one more.
  const int left = house - given;
  const int rounds = left < admitted ? 0 : left / admitted;
  const int cut = left - rounds * admitted;

  // The ranking: by remainder, largest first, ties by the policy, and lists the policy cannot
  // order in ballot order (a stable sort's order). That order is one integer key per list, unique:
  // the remainder, then under by_lot the lot, then the earlier place on the ballot. Each list's
  // rank is the number of keys above its own: n^2 compares, each a branch-free compare and add,
  // cheaper for a handful of lists than a sort whose every comparison is a coin toss for the branch
  // predictor. The seats are given as the ranks are found, and nothing is stored by rank (a store
  // to a computed slot, then loads from it, stalls the pipeline).
  // A remainder is below its quota, at most the admitted total plus one (kMaxOptions * kMaxVotes
  // + 1), so the key fits.
  static_assert(WideUint{kMaxOptions} * kMaxVotes <= WideUint{1} << 58 && kMaxOptions <= 64);
  std::array<WideUint, kMaxOptions> key;  // [a]: the a-th admitted list's, in ballot order
  const bool by_lot = contest.ties == TiePolicy::by_lot;
  for (int a = 0; a < admitted; ++a) {
    const int list = in_order[a];
    key[a] = static_cast<WideUint>(remainder[list]) << 70 |
             static_cast<WideUint>(by_lot ? contest.lots[list] : 0) << 6 |
             static_cast<WideUint>(63 - a);
  }
  Votes last_in = 0;    // the remainder ranked cut - 1: the last leftover seat's
  Votes first_out = 0;  // the remainder ranked cut: the first list without one
  for (int a = 0; a < admitted; ++a) {
    const WideUint mine = key[a];
    int ahead = 0;
    for (int b = 0; b < admitted; ++b) ahead += key[b] > mine;
    const int list = in_order[a];
    seats[list] += rounds + (ahead < cut);
    // Masks, not branches: which list holds rank cut is a coin toss for the branch predictor.
    // Ranks are unique, so each of the two is or-ed in from one list.
    last_in |= remainder[list] & -static_cast<Votes>(ahead == cut - 1);
    first_out |= remainder[list] & -static_cast<Votes>(ahead == cut);
  }
  // The last leftover seat was contested if the next list in the ranking had the same remainder.
  ListOutcome outcome;
  outcome.tie_decided = cut > 0 && last_in == first_out;
  return outcome;
}

}  // namespace seatsim::rules::detail
