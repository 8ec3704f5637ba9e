#pragma once
// The output of `seatsim rare`: importance-sampling estimates with their standard errors, as text
// and as versioned JSON (docs/json-schema.md, "seatsim.rare/1").
#include <nlohmann/json.hpp>
#include <string>

#include "engine/sim/importance.hpp"
#include "engine/sim/runner.hpp"

namespace seatsim::report {

inline constexpr const char* kRareJsonSchema = "seatsim.rare/1";

// What the estimates are of: the scenario, the tilt, and the run that produced them.
struct RareRun {
  const sim::Scenario& scenario;
  const sim::Tilt& tilt;
  const sim::RunOptions& options;
  const sim::RareEventSummary& summary;
  double seconds = 0.0;
};

std::string to_text(const RareRun& run);
nlohmann::ordered_json to_json(const RareRun& run);

}  // namespace seatsim::report
