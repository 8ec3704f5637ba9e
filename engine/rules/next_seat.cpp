#include "engine/rules/next_seat.hpp"

#include <algorithm>
#include <array>
#include <cassert>

namespace seatsim::rules {

std::optional<Votes> votes_for_next_seat(const ListRule& rule, const ListBallot& ballot,
                                         std::size_t list) {
  const std::size_t n = ballot.lists.size();
  assert(list < n && n <= static_cast<std::size_t>(kMaxOptions));
  // Stack scratch: the ballot with list `list` given `extra` more votes.
  std::array<Votes, kMaxOptions> votes{};
  std::array<int, kMaxOptions> seats{};
  std::array<Admission, kMaxOptions> admission{};
  std::copy(ballot.lists.begin(), ballot.lists.end(), votes.begin());
  ListBallot more = ballot;
  more.lists = std::span<const Votes>(votes.data(), n);
  const auto seats_with = [&](Votes extra) {
    votes[list] = ballot.lists[list] + extra;
    allocate_list(rule, more, std::span<int>(seats.data(), n),
                  std::span<Admission>(admission.data(), n));
    return seats[list];
  };

  const int now = seats_with(0);
  if (now >= rule.seats) return std::nullopt;
  // Bracket: `enough` gains a seat and `short_of` does not. Start at a Hare quota of the valid
  // vote, often enough already (which saves bisection steps), and double up to the search limit.
  const Votes valid = std::max<Votes>(threshold_base_votes(ballot, ThresholdBase::valid), 1);
  Votes short_of = 0;
  Votes enough = std::max<Votes>(valid / rule.seats, 1);
  while (seats_with(enough) <= now) {
    if (enough >= kNextSeatSearchLimit * valid) return std::nullopt;
    short_of = enough;
    enough = std::min(2 * enough, kNextSeatSearchLimit * valid);
  }
  while (enough - short_of > 1) {
    const Votes middle = short_of + (enough - short_of) / 2;
    (seats_with(middle) > now ? enough : short_of) = middle;
  }
  return enough;
}

}  // namespace seatsim::rules
