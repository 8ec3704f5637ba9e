// Runs `seatsim rare` as a user would: text and JSON estimates, and its input errors.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_seatsim.hpp"

namespace fs = std::filesystem;

TEST_CASE("rare writes its estimates as text and as versioned JSON") {
  const fs::path json = fs::temp_directory_path() / "seatsim-rare-test.json";
  const auto outcome = run_seatsim(std::string("rare ") + SEATSIM_SOURCE_DIR +
                                   "/bench/reference.toml --party p7 --draws 20000 --seed 2 "
                                   "--json " +
                                   json.string());
  REQUIRE(outcome.status == 0);
  CHECK_THAT(outcome.output, Catch::Contains("P(passes the list threshold)"));
  CHECK_THAT(outcome.output, Catch::Contains("tilted from 2.30% to 5.00%"));
  const auto result = nlohmann::json::parse(std::ifstream(json));
  CHECK(result["schema"] == "seatsim.rare/1");
  CHECK(result["draws"] == 20000);
  CHECK(result["tilt"]["party"] == "p7");
  const double p = result["p_threshold"]["p"];
  const double se = result["p_threshold"]["se"];
  CHECK(p > 0.0);
  CHECK(se > 0.0);
  CHECK(se < p);
  fs::remove(json);
}

TEST_CASE("rare --at moves the tilt, and the estimate stays the same within its error") {
  const auto at = [](const char* share) {
    const auto outcome = run_seatsim(std::string("rare ") + SEATSIM_SOURCE_DIR +
                                     "/bench/reference.toml --party p7 --draws 50000 --quiet "
                                     "--json /dev/stdout --at " +
                                     share);
    REQUIRE(outcome.status == 0);
    return nlohmann::json::parse(outcome.output)["p_threshold"];
  };
  const auto near = at("0.05");
  const auto far = at("0.06");
  // Written in place: renaming a temporary file over /dev/stdout would replace the device link.
  CHECK(fs::is_symlink("/dev/stdout"));
  const double difference = std::abs(near["p"].get<double>() - far["p"].get<double>());
  CHECK(difference <= 4 * std::hypot(near["se"].get<double>(), far["se"].get<double>()));
}

TEST_CASE("rare refuses a party that is not on the list ballot, and a missing --party") {
  const auto unknown = run_seatsim("rare --party nobody --draws 10");
  CHECK(unknown.status == 2);
  CHECK_THAT(unknown.output, Catch::Contains("--party nobody: not a party on the list ballot"));
  const auto district_only = run_seatsim("rare --party self_nominated --draws 10");
  CHECK(district_only.status == 2);
  const auto missing = run_seatsim("rare --draws 10");
  CHECK(missing.status != 0);
  CHECK_THAT(missing.output, Catch::Contains("--party is required"));
}
