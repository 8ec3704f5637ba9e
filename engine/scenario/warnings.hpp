#pragma once
// What a scenario that loads may still get wrong: lines for stderr, the run going ahead.
#include <string>
#include <vector>

#include "engine/sim/scenario.hpp"

namespace seatsim::scenario {

// The logistic-normal and Student-t models take the log-ratio moments of Dirichlet(n_eff x m)
// (Aitchison & Shen 1980). Where n_eff x m_k is below 1 that normal puts far more weight than the
// Dirichlet on large shares of k, so the run strays from the stated shares (measured in
// docs/polls-and-models.md): one warning naming those options, or none.
std::vector<std::string> model_warnings(const sim::Scenario& scenario);

}  // namespace seatsim::scenario
