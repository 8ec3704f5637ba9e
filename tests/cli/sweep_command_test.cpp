// `seatsim sweep` as a user runs it: categorical axes, the scenario's [sweep] table, the end of a
// range, and the CSV's columns.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "run_seatsim.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kSource = SEATSIM_SOURCE_DIR;
const std::string kKurultai = (kSource / "scenarios/kz-kurultai.toml").string();

std::vector<std::string> lines_of(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The fields of one CSV row; the rows tested here quote nothing.
std::vector<std::string> split_fields(const std::string& row) {
  std::vector<std::string> fields;
  std::istringstream cells(row);
  for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
  return fields;
}

fs::path fresh_dir(const std::string& name) {
  const auto dir = fs::temp_directory_path() / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("a categorical sweep over the eight methods runs on the Kurultai scenario") {
  const auto dir = fresh_dir("seatsim-sweep-methods-test");
  const std::vector<std::string> methods{"hare",
                                         "droop",
                                         "imperiali",
                                         "dhondt",
                                         "sainte-lague",
                                         "modified-sainte-lague",
                                         "huntington-hill",
                                         "adams"};
  std::string list;
  for (const auto& m : methods) list += (list.empty() ? "" : ",") + m;
  const std::string common = " --draws 8192 --seed 5 --quiet --csv ";
  REQUIRE(run_seatsim("sweep " + kKurultai + " --vary tiers.list.method=" + list + common +
                      (dir / "all.csv").string())
              .status == 0);
  const auto rows = lines_of(dir / "all.csv");
  REQUIRE(rows.size() == 1 + methods.size());
  CHECK(rows[0].rfind("tiers.list.method,", 0) == 0);
  CHECK(rows[0].ends_with(",draws,partial"));
  const auto header = split_fields(rows[0]);
  const auto amanat_mean =
      std::find(header.begin(), header.end(), "amanat.seats_mean") - header.begin();
  REQUIRE(amanat_mean < static_cast<long>(header.size()));
  std::vector<std::string> means;
  for (std::size_t m = 0; m < methods.size(); ++m) {
    const auto fields = split_fields(rows[1 + m]);
    CHECK(fields.front() == methods[m]);
    CHECK(fields[fields.size() - 2] == "8192");
    CHECK(fields.back() == "false");
    means.push_back(fields[static_cast<std::size_t>(amanat_mean)]);
  }
  // The method is applied: the largest party's seats differ between largest remainders (hare) and
  // the method that favours large parties most (imperiali's quota, d'Hondt's divisors).
  CHECK(means[0] != means[3]);

  // Each point is its own run with the same seed: a one-point sweep of D'Hondt gives its row.
  REQUIRE(run_seatsim("sweep " + kKurultai + " --vary tiers.list.method=dhondt" + common +
                      (dir / "dhondt.csv").string())
              .status == 0);
  const auto alone = lines_of(dir / "dhondt.csv");
  REQUIRE(alone.size() == 2);
  CHECK(alone[1] == rows[4]);
  fs::remove_all(dir);
}

TEST_CASE("a [sweep] table takes a list axis as --vary does") {
  const auto dir = fresh_dir("seatsim-sweep-list-table-test");
  const auto scenario = dir / "with-sweep.toml";
  {
    std::ifstream in(kKurultai);
    std::ostringstream text;
    text << in.rdbuf();
    std::ofstream(scenario) << text.str()
                            << "\n[sweep]\nvary = [\"tiers.list.method=hare,dhondt\", "
                               "\"tiers.list.threshold=0.03:0.06:0.02\"]\n";
  }
  const std::string common = " --draws 4096 --seed 2 --quiet --csv ";
  REQUIRE(
      run_seatsim("sweep " + scenario.string() + common + (dir / "table.csv").string()).status ==
      0);
  REQUIRE(run_seatsim("sweep " + kKurultai +
                      " --vary tiers.list.method=hare,dhondt --vary "
                      "tiers.list.threshold=0.03:0.06:0.02" +
                      common + (dir / "vary.csv").string())
              .status == 0);
  const auto table = lines_of(dir / "table.csv");
  CHECK(table == lines_of(dir / "vary.csv"));
  // 0.03, 0.05 and then the end, 0.06, which the step of 0.02 does not land on.
  REQUIRE(table.size() == 7);
  const std::vector<std::string> expected{"hare,0.03",   "hare,0.05",   "hare,0.06",
                                          "dhondt,0.03", "dhondt,0.05", "dhondt,0.06"};
  for (std::size_t r = 0; r < expected.size(); ++r) {
    CHECK(table[1 + r].rfind(expected[r] + ",", 0) == 0);
  }
  fs::remove_all(dir);
}
