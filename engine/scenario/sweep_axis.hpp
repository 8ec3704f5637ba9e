#pragma once
// One axis of a sweep grid, as `seatsim sweep --vary` and the scenario's [sweep] table write it:
// KEY=FROM:TO:STEP, a numeric range with both ends included, or KEY=A,B,C, a list of values (words
// such as method names, or numbers). One grammar, read by these functions.
#include <span>
#include <string_view>

#include "engine/sim/scenario.hpp"

namespace seatsim::scenario {

// Throws std::invalid_argument whose what() is the problem ("needs STEP > 0 and TO >= FROM"); the
// caller adds where the spec came from. A range runs FROM, FROM + STEP, ... while at most TO, then
// ends at TO itself when the steps do not land on it (0.03:0.08:0.02 is 0.03, 0.05, 0.07, 0.08).
// Values are rounded to 12 significant digits so that 0.03 + 0.01 reads as 0.04. A list item that
// reads as a number is a number, any other a word (a string, as --set takes a bare word).
sim::SweepAxis parse_sweep_axis(std::string_view spec);

// Throws std::invalid_argument naming the first key varied on two axes: the second would overwrite
// the first at every point, so rows labelled with the first's values would all be computed at the
// second's.
void check_distinct_keys(std::span<const sim::SweepAxis> axes);

}  // namespace seatsim::scenario
