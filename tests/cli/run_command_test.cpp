// Runs the seatsim binary as a user would: exit statuses, messages on stderr, output files.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "run_seatsim.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Drops the "timing" object, the one part of the JSON that may differ between runs.
std::string without_timing(const std::string& json) {
  return json.substr(0, json.find("\"timing\""));
}

const fs::path kSource = SEATSIM_SOURCE_DIR;

}  // namespace

TEST_CASE("JSON results are byte-identical across thread counts apart from timing") {
  const auto dir = fs::temp_directory_path() / "seatsim-run-test";
  fs::create_directories(dir);
  const auto one = dir / "one.json";
  const auto two = dir / "two.json";
  REQUIRE(
      run_seatsim("run --draws 50000 --seed 9 --threads 1 --quiet --json " + one.string()).status ==
      0);
  REQUIRE(
      run_seatsim("run --draws 50000 --seed 9 --threads 2 --quiet --json " + two.string()).status ==
      0);
  const auto a = read_file(one);
  CHECK(a.find("\"timing\"") != std::string::npos);
  CHECK(without_timing(a) == without_timing(read_file(two)));
  fs::remove_all(dir);
}

TEST_CASE("the default scenario matches its golden summary") {
  // Re-bless on purpose with scripts/update-golden.sh, and review the diff.
  const auto dir = fs::temp_directory_path() / "seatsim-golden-test";
  fs::create_directories(dir);
  const auto out = dir / "kz-2027.json";
  REQUIRE(run_seatsim("run --draws 100000 --seed 2027 --quiet --json " + out.string()).status == 0);
  CHECK(without_timing(read_file(out)) ==
        without_timing(read_file(kSource / "tests/golden/kz-2027.json")));
  fs::remove_all(dir);
}

TEST_CASE("command-line mistakes are reported with a non-zero status") {
  CHECK(run_seatsim("").status != 0);
  CHECK(run_seatsim("run --draws 0").status != 0);
  CHECK(run_seatsim("run --threads -1").status != 0);
  CHECK(run_seatsim("run --bogus").status != 0);
  const auto missing = run_seatsim("run /nonexistent.toml");
  CHECK(missing.status == 2);
  CHECK_THAT(missing.output, Catch::Contains("/nonexistent.toml: cannot open"));
}

TEST_CASE("--help lists every option with its default") {
  const auto help = run_seatsim("run --help");
  CHECK(help.status == 0);
  for (const char* option : {"--draws", "--seed", "--threads", "--json", "--quiet"}) {
    CHECK_THAT(help.output, Catch::Contains(option));
  }
  CHECK_THAT(help.output, Catch::Contains("1000000"));
}

TEST_CASE("a threshold sweep shares its draws: P(threshold) never rises with the threshold") {
  const auto dir = fs::temp_directory_path() / "seatsim-sweep-test";
  fs::create_directories(dir);
  const auto csv = dir / "sweep.csv";
  const auto json = dir / "sweep.json";
  const auto outcome = run_seatsim(
      "sweep --vary tiers.list.threshold=0.03:0.07:0.01 --draws 20000 "
      "--csv " +
      csv.string() + " --json " + json.string());
  REQUIRE(outcome.status == 0);
  std::istringstream lines(read_file(csv));
  std::string header;
  std::getline(lines, header);
  CHECK(header.rfind("tiers.list.threshold,amanat.p_threshold,amanat.p_threshold_se,", 0) == 0);
  // Columns of P(threshold): every header field ending in ".p_threshold".
  std::vector<std::size_t> columns;
  std::size_t column = 0;
  for (std::size_t start = 0; start <= header.size(); ++column) {
    const auto end = std::min(header.find(',', start), header.size());
    if (header.substr(start, end - start).ends_with(".p_threshold")) columns.push_back(column);
    start = end + 1;
  }
  REQUIRE(columns.size() == 7);
  std::vector<double> previous(columns.size(), 2.0);
  int rows = 0;
  for (std::string row; std::getline(lines, row); ++rows) {
    std::vector<std::string> fields;
    std::istringstream cells(row);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const double p = std::stod(fields[columns[c]]);
      CHECK(p <= previous[c]);
      previous[c] = p;
    }
  }
  CHECK(rows == 5);
  CHECK(read_file(json).find("\"schema\": \"seatsim.sweep/1\"") != std::string::npos);
  const auto bad = run_seatsim("sweep --vary tiers.list.threshold=0.07:0.03:0.01");
  CHECK(bad.status == 2);
  CHECK_THAT(bad.output, Catch::Contains("needs STEP > 0 and TO >= FROM"));
  fs::remove_all(dir);
}
