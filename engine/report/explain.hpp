#pragma once
// `seatsim run --explain`: how the scenario's vote model was built, before the forecast: the draw
// model and its parameters and, with polls, each poll's weight and the aggregate's mean and
// effective sample size.
#include <string>

#include "engine/sim/scenario.hpp"

namespace seatsim::report {

std::string explain(const sim::Scenario& scenario);

}  // namespace seatsim::report
