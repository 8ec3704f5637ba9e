#pragma once
// Votes needed for the next seat: the smallest number of extra list votes that would give a list
// one more seat, with every other count held fixed (so the valid total grows by the same amount).
// Exact, pure and allocation-free like allocate_list, which it calls about 30 times.
#include <optional>

#include "engine/rules/list_tier.hpp"

namespace seatsim::rules {

// The search stops at this many times the valid vote: a list that would not gain a seat even then
// has no next seat within reach (Adams' and Huntington-Hill's methods, whose first divisor is 0,
// keep every other admitted list's first seat).
inline constexpr Votes kNextSeatSearchLimit = 1000;

// The smallest v >= 1 such that list `list` wins more seats with `v` more votes than it does now,
// under `rule` (threshold, method, runner-up rule, ties and all); nullopt when it already holds
// every seat or when v = kNextSeatSearchLimit times the valid vote is not enough. Relies on a
// list's seats never falling as its own votes rise (tested for every method in
// tests/rules/next_seat_test.cpp), so a bisection finds the smallest v exactly.
std::optional<Votes> votes_for_next_seat(const ListRule& rule, const ListBallot& ballot,
                                         std::size_t list);

}  // namespace seatsim::rules
