// `seatsim bench` as a user runs it: a row per thread count, the phases, and the same as JSON.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "engine/rng/vector_kernels.hpp"
#include "run_seatsim.hpp"

namespace fs = std::filesystem;

TEST_CASE("bench measures each thread count and the phases, on the instruction set in use") {
  const auto dir = fs::temp_directory_path() / "seatsim-bench-test";
  fs::create_directories(dir);
  const auto out = dir / "bench.json";
  const std::string arguments = std::string("bench ") + SEATSIM_SOURCE_DIR +
                                "/bench/reference.toml --draws 20000 --threads 1,2 "
                                "--profile-draws 2000 --json " +
                                out.string();
  for (const auto isa : seatsim::rng::supported_vector_isas()) {
    const std::string name(seatsim::rng::vector_isa_name(isa));
    INFO(name);
    const auto outcome = run_seatsim(arguments, "SEATSIM_VECTOR_ISA=" + name);
    REQUIRE(outcome.status == 0);
    CHECK_THAT(outcome.output,
               Catch::Contains("20000 draws per run, seed 1, vector kernels " + name));
    CHECK_THAT(outcome.output, Catch::Contains("ns per draw by phase"));
    std::ifstream in(out);
    const auto json = nlohmann::json::parse(in);
    CHECK(json["vector_isa"] == name);
    REQUIRE(json["runs"].size() == 2);
    for (const auto& run : json["runs"]) CHECK(run["draws_per_second"].get<double>() > 0);
    CHECK(json["runs"][1]["threads"] == 2);
    for (const char* phase : {"vote draw", "district draw", "allocation", "tally"}) {
      CHECK(json["phase_ns_per_draw"][phase].get<double>() > 0);
    }
  }
  fs::remove_all(dir);
}
