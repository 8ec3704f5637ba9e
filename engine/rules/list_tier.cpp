#include "engine/rules/list_tier.hpp"

#include <array>
#include <cassert>
#include <cmath>

namespace seatsim::rules {
namespace {

using Wide = WideInt;

Votes sum(std::span<const Votes> votes) {
  Votes total = 0;
  for (const Votes v : votes) total += v;
  return total;
}

Votes threshold_base_votes(const ListBallot& ballot, ThresholdBase base) {
  const Votes lists = sum(ballot.lists);
  switch (base) {
    case ThresholdBase::party_votes: return lists;
    case ThresholdBase::valid: return lists + ballot.other_valid;
    case ThresholdBase::ballots: return lists + ballot.other_valid + ballot.invalid;
  }
  return lists;
}

// True when list `a` should take a contested seat before list `b` whose claim is equally strong.
bool wins_tie(const ListRule& rule, const ListBallot& ballot, int a, int b) {
  if (rule.ties == TiePolicy::by_lot) return ballot.lots[a] > ballot.lots[b];
  return a < b;  // registration order, also the settlement under TiePolicy::report
}

// The runner-up rule: admit the strongest remaining lists until `min_admitted` are in.
void admit_runners_up(const ListRule& rule, const ListBallot& ballot,
                      std::span<Admission> admission) {
  const int n = static_cast<int>(ballot.lists.size());
  int count = 0;
  for (const auto a : admission) count += a != Admission::excluded;
  while (count < rule.min_admitted) {
    int best = -1;
    for (int i = 0; i < n; ++i) {
      if (admission[i] != Admission::excluded || ballot.lists[i] <= 0) continue;
      if (best < 0 || ballot.lists[i] > ballot.lists[best] ||
          (ballot.lists[i] == ballot.lists[best] && wins_tie(rule, ballot, i, best))) {
        best = i;
      }
    }
    if (best < 0) return;
    admission[best] = Admission::runner_up;
    ++count;
  }
}

// Hare quota with largest remainders. A list's quota count is votes * seats / admitted_votes; the
// whole part is its first seats, and the leftover seats go to the largest fractional parts. All
// fractional parts share the denominator admitted_votes, so comparing numerators is exact.
ListOutcome hare_largest_remainder(const ListRule& rule, const ListBallot& ballot,
                                   std::span<int> seats, std::span<const Admission> admission) {
  const int n = static_cast<int>(ballot.lists.size());
  Votes admitted_votes = 0;
  for (int i = 0; i < n; ++i) {
    if (admission[i] != Admission::excluded) admitted_votes += ballot.lists[i];
  }
  if (admitted_votes <= 0) return {.tie_decided = false, .unfilled = true};

  std::array<Votes, kMaxOptions> remainder{};
  int given = 0;
  for (int i = 0; i < n; ++i) {
    if (admission[i] == Admission::excluded) {
      remainder[i] = -1;
      continue;
    }
    const Wide scaled = static_cast<Wide>(ballot.lists[i]) * rule.seats;
    seats[i] = static_cast<int>(scaled / admitted_votes);
    remainder[i] = static_cast<Votes>(scaled % admitted_votes);
    given += seats[i];
  }

  // Fewer leftover seats than admitted lists, so each pass picks a distinct list.
  ListOutcome outcome;
  for (int left = rule.seats - given; left > 0; --left) {
    int best = -1;
    for (int i = 0; i < n; ++i) {
      if (remainder[i] < 0) continue;
      if (best < 0 || remainder[i] > remainder[best] ||
          (remainder[i] == remainder[best] && wins_tie(rule, ballot, i, best))) {
        best = i;
      }
    }
    assert(best >= 0);
    ++seats[best];
    // The last leftover seat is contested if another list had the same remainder.
    if (left == 1) {
      for (int i = 0; i < n; ++i) {
        if (i != best && remainder[i] == remainder[best]) outcome.tie_decided = true;
      }
    }
    remainder[best] = -1;
  }
  return outcome;
}

}  // namespace

std::int64_t to_parts_per_billion(double share) {
  return std::llround(share * static_cast<double>(kPartsPerBillion));
}

ListOutcome allocate_list(const ListRule& rule, const ListBallot& ballot, std::span<int> seats,
                          std::span<Admission> admission) {
  const auto n = ballot.lists.size();
  assert(n <= static_cast<std::size_t>(kMaxOptions));
  assert(seats.size() == n && admission.size() == n);
  assert(rule.ties != TiePolicy::by_lot || ballot.lots.size() == n);

  // A list passes when votes / base >= threshold, tested as votes * 1e9 >= ppb * base in integers.
  const Wide base = threshold_base_votes(ballot, rule.threshold.base);
  for (std::size_t i = 0; i < n; ++i) {
    seats[i] = 0;
    const Wide scaled = static_cast<Wide>(ballot.lists[i]) * kPartsPerBillion;
    const bool passes = ballot.lists[i] > 0 && scaled >= base * rule.threshold.parts_per_billion;
    admission[i] = passes ? Admission::passed : Admission::excluded;
  }
  admit_runners_up(rule, ballot, admission);

  switch (rule.method) {
    case Method::hare: return hare_largest_remainder(rule, ballot, seats, admission);
  }
  return {};
}

std::string_view to_string(Method method) {
  switch (method) {
    case Method::hare: return "hare";
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

std::string_view to_string(TiePolicy policy) {
  switch (policy) {
    case TiePolicy::registration_order: return "registration_order";
    case TiePolicy::by_lot: return "by_lot";
    case TiePolicy::report: return "report";
  }
  return "?";
}

}  // namespace seatsim::rules
