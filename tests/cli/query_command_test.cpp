// run --save-draws and seatsim query, run as a user would.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "run_seatsim.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("saved draws are the run's draws, in order, whatever the thread count") {
  const auto dir = fs::temp_directory_path() / "seatsim-query-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string draws = std::to_string(3 * 4096 + 17);
  const auto one = dir / "one.draws";
  const auto two = dir / "two.draws";
  REQUIRE(run_seatsim("run --draws " + draws + " --seed 8 --threads 1 --quiet --save-draws " +
                      one.string() + " --json " + (dir / "one.json").string())
              .status == 0);
  REQUIRE(run_seatsim("run --draws " + draws + " --seed 8 --threads 2 --quiet --save-draws " +
                      two.string())
              .status == 0);
  const std::string bytes = read_file(one);
  CHECK(bytes.rfind("SSIMDRAW", 0) == 0);
  CHECK(bytes == read_file(two));
  // 9 options: a record is 8 + 8 * 9 bytes.
  // ... and after the records, their count (8 bytes) and the CRC-32C (4).
  CHECK((bytes.size() - bytes.find("self_nominated") - 14) == (3 * 4096 + 17) * 80 + 12);

  // P(baytaq passes) from the draws is the run's own count: the JSON's p_threshold, exactly.
  const auto passed = run_seatsim("query " + one.string() + " --where baytaq.passed");
  REQUIRE(passed.status == 0);
  const std::string json = read_file(dir / "one.json");
  const auto baytaq = json.find("\"id\": \"baytaq\"");
  const auto p_at = json.find("\"p_threshold\": ", baytaq) + 15;
  const double p = std::stod(json.substr(p_at, json.find(',', p_at) - p_at));
  const auto count = std::llround(p * (3 * 4096 + 17));
  CHECK_THAT(passed.output,
             Catch::StartsWith(std::to_string(count) + " of " + draws + " saved draws (seed 8)"));
  CHECK_THAT(passed.output, Catch::Contains("amanat                 seats"));

  // A condition and its negation split the draws.
  const auto negated = run_seatsim("query " + one.string() + " --where 'not (baytaq.passed)'");
  CHECK_THAT(negated.output, Catch::StartsWith(std::to_string(3 * 4096 + 17 - count) + " of "));
  const auto all = run_seatsim("query " + one.string() +
                               " --where 'baytaq.passed or not baytaq.passed' --show share");
  CHECK_THAT(all.output, Catch::StartsWith(draws + " of " + draws));
  CHECK_THAT(all.output, Catch::Contains("baytaq                 share"));

  fs::remove_all(dir);
}

TEST_CASE("bad query expressions and damaged draw files are input errors") {
  const auto dir = fs::temp_directory_path() / "seatsim-query-errors-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto file = dir / "run.draws";
  REQUIRE(run_seatsim("run --draws 100 --quiet --save-draws " + file.string()).status == 0);
  const std::pair<const char*, const char*> cases[] = {
      {"baytaq.pased", "\"pased\" is not a field"},
      {"baytak.passed", "\"baytak\" is not an option in this file"},
      {"baytaq.seats >", "expected a number at column 15"},
      {"(baytaq.passed", "expected \")\""},
      {"baytaq.passed amanat.passed", "expected \"and\", \"or\" or the end"},
      {"baytaq.share => 0.1", "expected a comparison"},
  };
  for (const auto& [where, message] : cases) {
    CAPTURE(where);
    const auto outcome = run_seatsim("query " + file.string() + " --where '" + where + "'");
    CHECK(outcome.status == 2);
    CHECK_THAT(outcome.output, Catch::Contains(message));
  }
  const std::string bytes = read_file(file);
  std::ofstream(dir / "cut.draws", std::ios::binary) << bytes.substr(0, bytes.size() - 3);
  const auto cut = run_seatsim("query " + (dir / "cut.draws").string() + " --where baytaq.passed");
  CHECK(cut.status == 2);
  CHECK_THAT(cut.output, Catch::Contains("not a seatsim draw file (its last record is cut short)"));
  const auto missing = run_seatsim("query " + (dir / "none.draws").string() + " --where x.passed");
  CHECK(missing.status == 2);
  CHECK_THAT(missing.output, Catch::Contains("cannot open"));
  fs::remove_all(dir);
}
