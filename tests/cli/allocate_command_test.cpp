// Runs `seatsim allocate` as a user would: results, JSON, a mismatch with the official seats, and
// every bad input exiting 2 with a message that names the file (or option) and line.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/sim/draw.hpp"
#include "run_seatsim.hpp"
#include "tests/sim/test_scenario.hpp"

namespace fs = std::filesystem;

namespace {

Outcome run_allocate(const std::string& arguments) {
  return run_seatsim("allocate " + arguments);
}

// Writes `text` to a file of this name in a fresh temporary folder and returns its path.
std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "seatsim-allocate-test";
  fs::create_directories(dir);
  const fs::path path = dir / name;
  std::ofstream(path) << text;
  return path.string();
}

const std::string kVotes =
    "party,votes,districts\nA,47000,3\nB,16000,0\nC,15800,1\n"
    "D,12000,0\nE,6100,0\nF,3100,0\n";

}  // namespace

TEST_CASE("allocate prints seats from a CSV, as a table and as JSON") {
  const auto csv = write_temp("votes.csv", kVotes);
  const auto table = run_allocate("--votes " + csv + " --seats 10 --method droop");
  CHECK(table.status == 0);
  CHECK(table.output.find("total seats: 10") != std::string::npos);
  const auto json = run_allocate("--votes " + csv + " --seats 10 --method dhondt --json");
  CHECK(json.status == 0);
  CHECK(
      json.output.find("\"seats\": {\n    \"A\": 5,\n    \"B\": 2,\n    \"C\": 2,\n    \"D\": 1") !=
      std::string::npos);
  CHECK(json.output.find("\"total\": 10") != std::string::npos);
}

TEST_CASE("allocate under MMP can exceed the nominal house") {
  // Hare over 4 seats gives A 2; it won 3 districts, so the house grows by one.
  const auto csv = write_temp("mmp.csv", "party,votes,d\nA,500,3\nB,500,0\n");
  const auto out = run_allocate("--votes " + csv +
                                " --seats 4 --district-seats-column d --mixed compensatory --json");
  CHECK(out.status == 0);
  CHECK(out.output.find("\"total\": 5") != std::string::npos);
  CHECK(out.output.find("\"overhang\": 1") != std::string::npos);
}

TEST_CASE("allocate admits an --exempt party and seats no overhang under not-seated") {
  // F has 3.1% of 100,000: below 5%, admitted only when exempt. Sainte-Lague over 20 then gives it
  // the 18th largest average, 3100 / 1, ahead of A's 47000 / 17 = 2765 and D's 12000 / 5 = 2400.
  const auto csv = write_temp("votes.csv", kVotes);
  const std::string rule = "--votes " + csv + " --seats 20 --method sainte-lague --threshold 0.05";
  const auto plain = run_allocate(rule + " --json");
  const auto exempt = run_allocate(rule + " --exempt F --json");
  REQUIRE(plain.status == 0);
  REQUIRE(exempt.status == 0);
  const auto a = nlohmann::json::parse(plain.output);
  const auto b = nlohmann::json::parse(exempt.output);
  CHECK(a["seats"]["F"] == 0);
  CHECK(b["seats"]["F"] == 1);
  CHECK(b["parties"][5]["admitted"] == "exempt");
  // A's 3 districts exceed its share of a house of 4 (2 seats): not-seated keeps the house at 4.
  const auto capped = run_allocate("--votes " + csv +
                                   " --seats 4 --method sainte-lague --threshold 0.05"
                                   " --district-seats-column districts --mixed compensatory"
                                   " --overhang not-seated --json");
  REQUIRE(capped.status == 0);
  const auto c = nlohmann::json::parse(capped.output);
  CHECK(c["total"] == 4);
  CHECK(c["seats"]["A"] == 2);
}

TEST_CASE("a history file whose official seats differ exits 1 and prints both") {
  std::ifstream in(std::string(SEATSIM_SOURCE_DIR) + "/scenarios/history/kz-2023-almaty.toml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = text.find("official_seats = 12");
  REQUIRE(at != std::string::npos);
  text.replace(at, 19, "official_seats = 11");
  const auto out = run_allocate(write_temp("wrong.toml", text));
  CHECK(out.status == 1);
  CHECK(out.output.find("11  <- mismatch") != std::string::npos);
  CHECK(out.output.find("DOES NOT match") != std::string::npos);
}

TEST_CASE("bad allocate input exits 2 with a located message") {
  const auto good = write_temp("good.csv", kVotes);
  struct Case {
    std::string arguments;
    std::string expected;
  };
  const Case cases[] = {
      {"--votes " + good + " --seats 10 --method borda", "--method: \"borda\" is not recognised"},
      {"--votes " + good + " --seats 0", "--seats: 0 is not a seat count"},
      {"--votes " + good + " --seats 10 --threshold 1", "--threshold: 1 is outside [0, 1)"},
      {"--votes " + good + " --seats 10 --threshold-base all", "--threshold-base: \"all\""},
      {"--votes " + good + " --seats 10 --mixed compensatory", "--mixed: no district seats"},
      {"--votes " + good + " --seats 10 --district-seats-column seats",
       "good.csv:1: seats: missing column"},
      {"--votes " + write_temp("empty.csv", "") + " --seats 3", "empty.csv:1: (header): the file"},
      {"--votes " + write_temp("negative.csv", "party,votes\nA,10\nB,-4\n") + " --seats 3",
       "negative.csv:3: votes: -4 is outside"},
      {"--votes " + write_temp("fraction.csv", "party,votes\nA,10.5\n") + " --seats 3",
       "fraction.csv:2: votes: \"10.5\" is not a whole number"},
      {"--votes " + write_temp("nocol.csv", "name,votes\nA,10\n") + " --seats 3",
       "nocol.csv:1: party: missing column"},
      {"--votes " + write_temp("short.csv", "party,votes\nA\n") + " --seats 3",
       "short.csv:2: (row): 1 fields"},
      {"--votes " + write_temp("dup.csv", "party,votes\nA,1\nA,2\n") + " --seats 3",
       "dup.csv:3: party: duplicate party \"A\""},
      {write_temp("unknown.toml",
                  "[election]\nname = \"x\"\ndate = 2023-01-01\nsources = [\"s\"]\n"
                  "colour = 1\n[rule]\nseats = 1\n[[parties]]\nname = \"A\"\n"
                  "votes = 1\nofficial_seats = 1\n"),
       "unknown.toml:5: election.colour: unknown key"},
      {write_temp("nosource.toml",
                  "[election]\nname = \"x\"\ndate = 2023-01-01\n[rule]\n"
                  "seats = 1\n[[parties]]\nname = \"A\"\nvotes = 1\n"
                  "official_seats = 1\n"),
       "nosource.toml:1: election.sources: missing"},
      {write_temp("method.toml",
                  "[election]\nname = \"x\"\ndate = 2023-01-01\nsources = [\"s\"]\n"
                  "[rule]\nseats = 1\nmethod = \"borda\"\n[[parties]]\n"
                  "name = \"A\"\nvotes = 1\nofficial_seats = 1\n"),
       "method.toml:7: rule.method: \"borda\" is not recognised"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.arguments);
    const auto out = run_allocate(c.arguments);
    CAPTURE(out.output);
    CHECK(out.status == 2);
    CHECK(out.output.find(c.expected) != std::string::npos);
  }
}

TEST_CASE("a history file may write a zero threshold as an integer") {
  const auto out =
      run_allocate(write_temp("zero.toml",
                              "[election]\nname = \"x\"\ndate = 2023-01-01\nsources = [\"s\"]\n"
                              "[rule]\nseats = 2\nthreshold = 0\n[[parties]]\nname = \"A\"\n"
                              "votes = 3\nofficial_seats = 2\n[[parties]]\nname = \"B\"\n"
                              "votes = 1\nofficial_seats = 0\n"));
  CAPTURE(out.output);
  CHECK(out.status == 0);
}

namespace {

// A simulated draw's counts and the seats the run gave them.
struct CountedDraw {
  std::vector<seatsim::rules::Votes> votes;  // per party
  seatsim::rules::Votes other_valid = 0, invalid = 0;
  std::vector<int> district_seats, seats;  // per party
  std::vector<seatsim::rules::Admission> admission;
};

// An accumulator that keeps every draw.
struct DrawCopies {
  void add(const seatsim::sim::Draw& draw) {
    draws.push_back({draw.list_votes, draw.other_valid, draw.invalid, draw.party_district_seats,
                     draw.party_seats, draw.admission});
  }
  std::vector<CountedDraw> draws;
};

}  // namespace

TEST_CASE("allocate gives the seats run gave, on the same votes") {
  using namespace seatsim;
  for (const char* method : {"hare", "dhondt", "adams"}) {
    for (const char* base : {"party_votes", "valid", "ballots"}) {
      const std::string overrides[] = {std::string("tiers.list.method=") + method,
                                       std::string("tiers.list.threshold_base=") + base,
                                       "model.invalid_share=0.2", "model.invalid_sd=0.5"};
      const auto scenario = scenario::load_text(test::kScenario, "test.toml", overrides);
      const sim::BallotLayout layout(scenario);
      const auto system = sim::electoral_system(scenario);
      DrawCopies copies;
      sim::DrawGenerator(scenario, layout, system).draw_block(7, 0, 6, copies);
      for (const auto& draw : copies.draws) {
        std::string csv = "party,votes,d\n";
        for (std::size_t p = 0; p < layout.party_options.size(); ++p) {
          csv += scenario.options[layout.party_options[p]].id + "," +
                 std::to_string(draw.votes[p]) + "," + std::to_string(draw.district_seats[p]) +
                 "\n";
        }
        const auto out = run_allocate(
            "--votes " + write_temp("draw.csv", csv) + " --seats 20 --method " + method +
            " --threshold 0.05 --threshold-base " + base + " --against-all " +
            std::to_string(draw.other_valid) + " --invalid " + std::to_string(draw.invalid) +
            " --district-seats-column d --mixed parallel --json");
        INFO(method << ", " << base << "\n" << csv << out.output);
        REQUIRE(out.status == 0);
        const auto json = nlohmann::json::parse(out.output);
        for (std::size_t p = 0; p < layout.party_options.size(); ++p) {
          CHECK(json["parties"][p]["seats"] == draw.seats[p]);
          CHECK(json["parties"][p]["admitted"] == rules::to_string(draw.admission[p]));
        }
      }
    }
  }
}

TEST_CASE("a votes CSV may start with a UTF-8 byte-order mark, as Excel saves it") {
  const auto plain = run_allocate("--votes " + write_temp("plain.csv", kVotes) + " --seats 10");
  const auto marked =
      run_allocate("--votes " + write_temp("marked.csv", "\xEF\xBB\xBF" + kVotes) + " --seats 10");
  REQUIRE(plain.status == 0);
  CHECK(marked.status == 0);
  // The same table but for the file name in its first line.
  CHECK(marked.output.substr(marked.output.find('\n')) ==
        plain.output.substr(plain.output.find('\n')));
}
