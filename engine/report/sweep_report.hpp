#pragma once
// Sweep results: one row per grid point drawn, as CSV (header first) or JSON (schema
// seatsim.sweep/1); docs/sweep.md lists the columns.
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/sim/scenario.hpp"
#include "engine/sim/summary.hpp"

namespace seatsim::report {

inline constexpr const char* kSweepSchema = "seatsim.sweep/1";

struct SweepPoint {
  std::vector<std::pair<std::string, sim::SweepValue>> values;  // KEY = value, in --vary order
  sim::Scenario scenario;
  sim::Summary summary;  // refers to `scenario`'s options
  bool partial = false;  // stopped by a signal before its draws were done
};

std::string sweep_csv(const std::vector<SweepPoint>& points);
// The same values in long ("tidy") form, for R and pandas: the axes, draws and partial, then one
// row per (point, option, measure) with its value; docs/sweep.md.
std::string sweep_csv_long(const std::vector<SweepPoint>& points);
// `partial`: the sweep was stopped before its last point was done.
nlohmann::ordered_json sweep_json(const std::vector<SweepPoint>& points, std::uint64_t seed,
                                  bool partial);

}  // namespace seatsim::report
