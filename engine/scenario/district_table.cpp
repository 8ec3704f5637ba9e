#include "engine/scenario/district_table.hpp"

#include <fmt/format.h>

#include <set>

#include "engine/rules/limits.hpp"
#include "engine/scenario/csv_rows.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::scenario {
namespace {

constexpr std::string_view kStrengthPrefix = "strength.";

// The column names in the order find_csv_columns reports them: district, region, note, then per
// option its baseline, then per option its strength.
std::vector<std::string> column_names(const DistrictTableFormat& format) {
  std::vector<std::string> names{"district", "region", "note"};
  names.insert(names.end(), format.option_ids.begin(), format.option_ids.end());
  for (const auto& id : format.option_ids)
    names.push_back(fmt::format("{}{}", kStrengthPrefix, id));
  return names;
}

model::DistrictSpec read_row(CsvErrors& errors, const CsvRow& csv_row, const CsvRow& header,
                             const std::vector<int>& columns, const DistrictTableFormat& format) {
  CsvRowReader row(errors, csv_row, header.fields);
  const std::size_t options = format.option_ids.size();
  model::DistrictSpec district;
  district.name = row.cell(columns[0]);
  if (district.name.empty() || !is_utf8(district.name)) {
    row.error(columns[0], "empty or not UTF-8", "every row names its district, in UTF-8");
  }
  district.region = columns[1] >= 0 ? row.cell(columns[1]) : "";
  if (!is_utf8(district.region)) row.error(columns[1], "not UTF-8", "save the file as UTF-8");
  const bool multipliers = format.values == DistrictValues::multiplier;
  if (multipliers) {
    district.baseline.assign(format.reference.begin(), format.reference.end());
  } else {
    district.baseline.assign(options, 0.0);
  }
  district.strength.assign(options, 0.0);
  bool anyone_can_win = false;
  for (std::size_t k = 0; k < options; ++k) {
    if (const int column = columns[3 + k]; column >= 0 && multipliers) {
      const auto multiplier =
          row.number(column, 0.0, 1000.0, "a multiplier scales the option's reference share");
      if (multiplier) district.baseline[k] = *multiplier * format.reference[k];
    } else if (column >= 0) {
      district.baseline[k] =
          row.share(column, "a baseline is a share of the district's vote").value_or(0.0);
    }
    anyone_can_win |= format.can_win[k] && district.baseline[k] > 0.0;
    const int strength_column = columns[3 + options + k];
    if (strength_column < 0 || row.cell(strength_column).empty()) continue;
    const auto strength =
        row.number(strength_column, -10.0, 10.0,
                   "a strength is a natural-log multiplier of the candidate's score");
    if (strength && !(format.can_win[k] && district.baseline[k] > 0.0)) {
      row.error(strength_column, "no candidate here",
                "only an option that can win and stands in this district takes a strength");
    }
    district.strength[k] = strength.value_or(0.0);
  }
  if (!anyone_can_win) {
    row.error(columns[0], "no candidate can win",
              "at least one party or district_only option must stand");
  }
  return district;
}

}  // namespace

std::vector<model::DistrictSpec> read_district_table(std::string_view text, std::string_view source,
                                                     const DistrictTableFormat& format) {
  CsvErrors errors(source);
  const std::vector<CsvRow> rows = read_csv_rows(text);
  const auto max_rows = static_cast<std::size_t>(rules::kMaxDistricts) + 1;
  if (rows.size() < 2 || rows.size() > max_rows) {
    errors.error(
        rows.empty() ? 1 : rows.front().line, "(rows)",
        fmt::format("{} districts", rows.empty() ? 0 : rows.size() - 1),
        fmt::format("a header row, then one row per district, 1 to {}", rules::kMaxDistricts));
    errors.throw_if_errors();
  }
  const auto names = column_names(format);
  const auto columns = find_csv_columns(
      errors, rows.front(), names, {"district"},
      fmt::format("the columns are district, region, note, the option ids {} and strength.ID",
                  fmt::join(format.option_ids, ", ")));
  errors.throw_if_errors();
  std::vector<model::DistrictSpec> districts;
  std::set<std::string> seen;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    if (!has_header_width(errors, rows[k], rows.front())) continue;
    districts.push_back(read_row(errors, rows[k], rows.front(), columns, format));
    if (!districts.back().name.empty() && !seen.insert(districts.back().name).second) {
      errors.error(rows[k].line, "district",
                   fmt::format("duplicate district \"{}\"", districts.back().name),
                   "district names must be unique");
    }
  }
  errors.throw_if_errors();
  return districts;
}

std::vector<model::DistrictSpec> read_district_table_file(const std::filesystem::path& path,
                                                          const DistrictTableFormat& format) {
  return read_district_table(read_csv_file(path, "a district table"), path.string(), format);
}

}  // namespace seatsim::scenario
