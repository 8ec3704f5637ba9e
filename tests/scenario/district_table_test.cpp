// Districts from a CSV file: the same districts as [[tiers.districts.district]] tables, to the bit,
// in both forms of their option columns (baseline shares, multipliers), and each problem at its
// file, line and column.
#include "engine/scenario/district_table.hpp"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/scenario/csv_rows.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/text_file.hpp"
#include "engine/scenario/writer.hpp"
#include "tests/input_errors.hpp"

using namespace seatsim;

namespace {

const std::vector<std::string> kIds{"a", "b", "ind"};
const std::vector<double> kReference{0.6, 0.4, 0.2};
const std::vector<char> kCanWin{1, 1, 1};
const scenario::DistrictTableFormat kBaselines{
    .option_ids = kIds, .reference = kReference, .can_win = kCanWin};

std::vector<std::string> errors_of(const std::string& csv,
                                   const scenario::DistrictTableFormat& f = kBaselines) {
  return test::input_errors([&] { scenario::read_district_table(csv, "d.csv", f); });
}

// `text` with its `file = ...` and `values = ...` lines replaced by one table per row of `csv`,
// each option column written as TOML under `key` (baseline or multiplier) from the cell's own text.
std::string with_inline_districts(std::string text, const std::string& csv, const char* key) {
  for (const char* prefix : {"file = ", "values = "}) {
    const auto at = text.find(prefix);
    if (at != std::string::npos) text.erase(at, text.find('\n', at) + 1 - at);
  }
  const auto rows = scenario::read_csv_rows(csv);
  const auto& header = rows.front().fields;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::ostringstream table;
    table << "\n[[tiers.districts.district]]\n";
    std::string values, strength;
    for (std::size_t c = 0; c < header.size(); ++c) {
      const std::string& cell = rows[r].fields[c];
      if (header[c] == "district") {
        table << "name = \"" << cell << "\"\n";
      } else if (header[c] == "region") {
        table << "region = \"" << cell << "\"\n";
      } else if (header[c].starts_with("strength.") && !cell.empty()) {
        strength += (strength.empty() ? "" : ", ") + header[c].substr(9) + " = " + cell;
      } else if (header[c] != "note" && !header[c].starts_with("strength.") && !cell.empty()) {
        const bool percent = cell.back() == '%';
        const std::string number = percent ? cell.substr(0, cell.size() - 1) + "e-2" : cell;
        values += (values.empty() ? "" : ", ") + header[c] + " = " + number;
      }
    }
    table << key << " = { " << values << " }\n";
    if (!strength.empty()) table << "strength = { " << strength << " }\n";
    text += table.str();
  }
  return text;
}

}  // namespace

TEST_CASE("a district file gives the districts its rows would give as tables, to the bit") {
  SECTION("baseline shares, percentages, regions and strengths") {
    const std::string path = SEATSIM_SOURCE_DIR "/tests/scenario/data/district-file.toml";
    const std::string text = scenario::read_text_file(path);
    const std::string csv =
        scenario::read_text_file(SEATSIM_SOURCE_DIR "/tests/scenario/data/district-file.csv");
    const auto from_file = scenario::load_text(text, path);
    const auto from_tables =
        scenario::load_text(with_inline_districts(text, csv, "baseline"), path);
    REQUIRE(from_file.district_tier);
    REQUIRE(from_file.district_tier->districts.size() == 3);
    const auto& south = from_file.district_tier->districts[2];
    CHECK(south.name == "South, rural");
    CHECK(south.region == "South");
    CHECK(south.baseline[2] == 0.0);  // c does not stand: an empty cell
    CHECK(from_file.district_tier->districts[1].strength[3] == 0.7);
    CHECK(test::normalised(from_file) == test::normalised(from_tables));
  }
  SECTION("multipliers: bench/large-country.toml's 650 districts") {
    const std::string path = SEATSIM_SOURCE_DIR "/bench/large-country.toml";
    const std::string text = scenario::read_text_file(path);
    const std::string csv =
        scenario::read_text_file(SEATSIM_SOURCE_DIR "/bench/large-country-districts.csv");
    const auto from_file = scenario::load_text(text, path);
    const auto from_tables =
        scenario::load_text(with_inline_districts(text, csv, "multiplier"), path);
    REQUIRE(from_file.district_tier);
    CHECK(from_file.district_tier->districts.size() == 650);
    CHECK(test::normalised(from_file) == test::normalised(from_tables));
  }
}

TEST_CASE("a multiplier column scales the reference share, and an empty cell is multiplier 1") {
  auto format = kBaselines;
  format.values = scenario::DistrictValues::multiplier;
  const auto districts = scenario::read_district_table("district,a,b\nX,2,\n", "d.csv", format);
  REQUIRE(districts.size() == 1);
  CHECK(districts[0].baseline == std::vector<double>{2 * 0.6, 0.4, 0.2});
}

TEST_CASE("each problem of a district file is reported at its line and column") {
  using Catch::Matchers::Contains;
  CHECK_THAT(errors_of("district,a,zz\nX,1,1\n").at(0), Contains("d.csv:1: zz: unknown column"));
  CHECK_THAT(errors_of("district,a,a\nX,1,1\n").at(0),
             Contains("d.csv:1: a: a second column of this name"));
  CHECK_THAT(errors_of("region,a\nR,1\n").at(0), Contains("d.csv:1: district: missing column"));
  CHECK_THAT(errors_of("district,a\n").at(0), Contains("d.csv:1: (rows): 0 districts"));
  CHECK_THAT(errors_of("district,a\nX,1\nX,1\n").at(0),
             Contains("d.csv:3: district: duplicate district \"X\""));
  CHECK_THAT(errors_of("district,a\nX,\n").at(0),
             Contains("d.csv:2: district: no candidate can win"));
  CHECK_THAT(errors_of("district,a\nX,1.5\n").at(0), Contains("d.csv:2: a: 1.5 is outside [0, 1]"));
  CHECK_THAT(errors_of("district,a\nX,lots\n").at(0),
             Contains("d.csv:2: a: \"lots\" is not a share"));
  CHECK_THAT(errors_of("district,a,b\nX,1\n").at(0), Contains("d.csv:2: (row): 2 fields"));
  CHECK_THAT(errors_of("district,a,b,strength.b\nX,1,,0.5\n").at(0),
             Contains("d.csv:2: strength.b: no candidate here"));
  CHECK_THAT(errors_of("district,a,strength.a\nX,1,11\n").at(0),
             Contains("d.csv:2: strength.a: \"11\" is not a number in [-10, 10]"));
  auto format = kBaselines;
  format.values = scenario::DistrictValues::multiplier;
  CHECK_THAT(errors_of("district,a\nX,-1\n", format).at(0),
             Contains("d.csv:2: a: \"-1\" is not a number in [0, 1000]"));
  CHECK(errors_of("district,region,note,a\nX,,anything at all,1\n").empty());
}
