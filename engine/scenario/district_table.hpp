#pragma once
// Single-member districts from a CSV file, `[tiers.districts] file = "districts.csv"`
// (scenarios/README.md): a header row, then one row per district. Columns: district (its name),
// region (optional; empty: a region alone), note (optional, free text such as the sources, not
// read), one per option id, and `strength.ID` (optional, the candidate's strength, a natural-log
// multiplier in [-10, 10]). The option columns hold what `[tiers.districts] values` says, as the
// [[tiers.districts.district]] tables' `baseline` or `multiplier` would: baseline shares (a number
// in [0, 1] or a percentage such as 48.6%; an empty cell or a missing column: the option does not
// stand there), or multipliers of each option's reference share (in [0, 1000]; empty or missing:
// 1). Throws InputError with every problem, each FILE:LINE: column: problem (why).
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/vote_model.hpp"

namespace seatsim::scenario {

enum class DistrictValues { baseline, multiplier };

constexpr std::string_view to_string(DistrictValues values) {
  return values == DistrictValues::baseline ? "baseline" : "multiplier";
}

struct DistrictTableFormat {
  DistrictValues values = DistrictValues::baseline;
  std::span<const std::string> option_ids;  // every ballot option, in option order
  std::span<const double> reference;        // per option: the share a multiplier scales
  std::span<const char> can_win;            // per option: whether it can win a district
};

std::vector<model::DistrictSpec> read_district_table(std::string_view text, std::string_view source,
                                                     const DistrictTableFormat& format);
std::vector<model::DistrictSpec> read_district_table_file(const std::filesystem::path& path,
                                                          const DistrictTableFormat& format);

}  // namespace seatsim::scenario
