#pragma once
// The human-readable forecast table printed by `seatsim run`.
#include <string>

#include "engine/sim/runner.hpp"
#include "engine/sim/summary.hpp"

namespace seatsim::report {

std::string to_text(const sim::Scenario& scenario, const sim::Summary& summary,
                    const sim::RunOptions& options, const sim::RunResult& result);

// One replayed draw in full: shares, list admission and seats, district winners, seats per tier.
std::string to_text(const sim::Scenario& scenario, const sim::DrawRecord& draw, std::uint64_t seed);

}  // namespace seatsim::report
