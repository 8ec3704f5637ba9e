#pragma once
// The human-readable forecast table printed by `seatsim run`.
#include <string>

#include "engine/sim/runner.hpp"
#include "engine/sim/summary.hpp"

namespace seatsim::report {

std::string to_text(const sim::Scenario& scenario, const sim::Summary& summary,
                    const sim::RunOptions& options, const sim::RunResult& result);

}  // namespace seatsim::report
