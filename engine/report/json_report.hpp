#pragma once
// The versioned JSON result (schema documented in docs/json-schema.md). Apart from the top-level
// "timing" object it depends only on the scenario, seed and number of draws, so it is
// byte-identical across thread counts.
#include <nlohmann/json.hpp>

#include "engine/sim/runner.hpp"
#include "engine/sim/summary.hpp"

namespace seatsim::report {

inline constexpr const char* kJsonSchema = "seatsim.result/1";

// The "parties", "events" and "blocs" arrays of a result, also used per point of a sweep.
nlohmann::ordered_json parties_json(const sim::Scenario& scenario, const sim::Summary& summary);
nlohmann::ordered_json events_json(const sim::Summary& summary);
nlohmann::ordered_json blocs_json(const sim::Scenario& scenario, const sim::Summary& summary);

nlohmann::ordered_json to_json(const sim::Scenario& scenario, const sim::Summary& summary,
                               const sim::RunOptions& options, const sim::RunResult& result);

}  // namespace seatsim::report
