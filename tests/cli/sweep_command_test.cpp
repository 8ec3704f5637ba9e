// `seatsim sweep` as a user runs it: categorical axes, the scenario's [sweep] table, the end of a
// range, and the CSV's columns.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
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

TEST_CASE("a timeline's last date is the plain run: same seed, every poll, drift from the last") {
  const auto dir = fresh_dir("seatsim-timeline-test");
  const std::string forecast = (kSource / "scenarios/kz-2023-forecast.toml").string();
  const std::string common = " --draws 8192 --seed 7 --quiet --json ";
  REQUIRE(run_seatsim("timeline " + forecast + common + (dir / "timeline.json").string()).status ==
          0);
  REQUIRE(run_seatsim("run " + forecast + common + (dir / "run.json").string()).status == 0);
  const auto timeline = nlohmann::json::parse(std::ifstream(dir / "timeline.json"));
  const auto run = nlohmann::json::parse(std::ifstream(dir / "run.json"));
  // The dates the two polls' fieldwork ended (scenarios/kz-2023-polls.csv), in order.
  const auto& points = timeline.at("sweep");
  REQUIRE(points.size() == 2);
  CHECK(points[0].at("point").at("polls.as_of") == "2023-01-28");
  CHECK(points[1].at("point").at("polls.as_of") == "2023-02-12");
  const auto& last = points[1].at("parties");
  REQUIRE(last.size() == run.at("parties").size());
  // Every party object, every field: a sweep point's parties are a run's (docs/sweep.md).
  for (std::size_t i = 0; i < last.size(); ++i) CHECK(last[i] == run.at("parties")[i]);
  // The first date leaves the second poll out, so the forecast differs.
  CHECK(points[0].at("parties")[0].at("mean_share") != last[0].at("mean_share"));

  // --step counts days from --from, and the last date is --to even off the step.
  REQUIRE(run_seatsim("timeline " + forecast +
                      " --from 2023-01-28 --to 2023-02-12 --step 7 --draws 4096 --quiet --csv " +
                      (dir / "steps.csv").string())
              .status == 0);
  const auto rows = lines_of(dir / "steps.csv");
  REQUIRE(rows.size() == 5);
  CHECK(rows[1].rfind("2023-01-28,", 0) == 0);
  CHECK(rows[2].rfind("2023-02-04,", 0) == 0);
  CHECK(rows[3].rfind("2023-02-11,", 0) == 0);
  CHECK(rows[4].rfind("2023-02-12,", 0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("a sweep prints a scenario's warnings, each once, as run does") {
  const auto out = run_seatsim(
      "sweep --set model.type=logistic-normal --vary parties.baytaq.share=0.005,0.005001 --vary "
      "tiers.list.method=hare,dhondt --draws 1000 --quiet");
  REQUIRE(out.status == 0);
  // Four points with one warning between them: Baytaq's n_eff x share is 0.15 at both its shares.
  std::size_t warnings = 0;
  for (auto at = out.output.find("warning:"); at != std::string::npos;
       at = out.output.find("warning:", at + 1)) {
    ++warnings;
  }
  CHECK(warnings == 1);
  CHECK(out.output.find("baytaq 0.15") != std::string::npos);
}

TEST_CASE("sweep --csv-long holds the wide CSV's values, one row per point, option and measure") {
  const auto dir = fresh_dir("seatsim-sweep-long-test");
  REQUIRE(run_seatsim("sweep " + kKurultai +
                      " --vary tiers.list.method=hare,dhondt --vary tiers.list.threshold=0.05,0.07"
                      " --draws 4096 --quiet --csv " +
                      (dir / "wide.csv").string() + " --csv-long " + (dir / "long.csv").string())
              .status == 0);
  const auto wide = lines_of(dir / "wide.csv");
  const auto tidy = lines_of(dir / "long.csv");
  REQUIRE(wide.size() == 5);
  const auto header = split_fields(wide[0]);
  CHECK(split_fields(tidy[0]) == std::vector<std::string>{"tiers.list.method",
                                                          "tiers.list.threshold", "draws",
                                                          "partial", "option", "measure", "value"});
  // Every long row, keyed by its point and the wide column it stands for: `ID.measure`, or the
  // event's name alone.
  std::map<std::pair<std::string, std::string>, std::string> values;
  for (std::size_t r = 1; r < tidy.size(); ++r) {
    const auto f = split_fields(tidy[r]);
    REQUIRE(f.size() == 7);
    const std::string point = f[0] + "," + f[1] + "," + f[2] + "," + f[3];
    const std::string column = f[4].empty() ? f[5] : f[4] + "." + f[5];
    CHECK(values.emplace(std::pair(point, column), f[6]).second);  // each pair once
  }
  // Every wide cell but the axes, draws and partial has its long row with the same text, and no
  // long row is left over.
  const std::size_t measures = header.size() - 4;
  CHECK(measures > 100);
  CHECK(values.size() == 4 * measures);
  for (std::size_t r = 1; r < wide.size(); ++r) {
    const auto f = split_fields(wide[r]);
    REQUIRE(f.size() == header.size());
    const std::string point = f[0] + "," + f[1] + "," + f[f.size() - 2] + "," + f.back();
    for (std::size_t c = 2; c + 2 < header.size(); ++c) {
      const auto found = values.find(std::pair(point, header[c]));
      REQUIRE(found != values.end());
      CHECK(found->second == f[c]);
    }
  }
  fs::remove_all(dir);
}
