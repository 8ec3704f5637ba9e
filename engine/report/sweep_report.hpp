#pragma once
// Sweep results: one row per grid point, as CSV (header first) or JSON (schema seatsim.sweep/1).
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/sim/scenario.hpp"
#include "engine/sim/summary.hpp"

namespace seatsim::report {

inline constexpr const char* kSweepSchema = "seatsim.sweep/1";

struct SweepPoint {
  std::vector<std::pair<std::string, double>> values;  // KEY = value, in --vary order
  sim::Scenario scenario;
  sim::Summary summary;  // refers to `scenario`'s options
};

std::string sweep_csv(const std::vector<SweepPoint>& points);
nlohmann::ordered_json sweep_json(const std::vector<SweepPoint>& points, std::uint64_t seed);

}  // namespace seatsim::report
