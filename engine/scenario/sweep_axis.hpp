#pragma once
// One axis of a sweep grid, KEY=FROM:TO:STEP with both ends included, as `seatsim sweep --vary`
// and the scenario's [sweep] table write it: one grammar, read by this one function.
#include <string_view>

#include "engine/sim/scenario.hpp"

namespace seatsim::scenario {

// Throws std::invalid_argument whose what() is the problem ("needs STEP > 0 and TO >= FROM"); the
// caller adds where the spec came from. Values are rounded to 12 significant digits so that
// 0.03 + 0.01 reads as 0.04.
sim::SweepAxis parse_sweep_axis(std::string_view spec);

}  // namespace seatsim::scenario
