#pragma once
#include <string>

#include "engine/sim/scenario.hpp"

namespace seatsim::scenario {

// The scenario in normalised form, as TOML that loads back to the same Scenario: shares
// renormalised, defaults written out, and every district as explicit baseline shares summing to 1
// (the same model: a district's winner depends only on their ratios). Under a --set
// of party shares, the districts' swing reference (the shares as written) is not kept.
std::string to_toml(const sim::Scenario& scenario);

}  // namespace seatsim::scenario
