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

namespace {

// Two list districts, D'Hondt. North (30 seats): A 500, B 300, C 160, E 40, so E has 4% there;
// South (3 seats): A 60, E 140, so E has 15% of the 1200 votes in all. Checked by hand:
//   E admitted in North (national scope): D'Hondt with divisor 32 gives A 15 (33.3 > 32 > 31.25),
//     B 9 (33.3 > 32 > 30), C 5 (160 / 5 = 32, the 30th average), E 1 (40); the 31st is A's 31.25.
//   E refused in North (5% per district): divisor 31 gives A 16 (31.25), B 9 (33.3 > 31 > 30), C 5
//     (32 > 31 > 26.7); the 31st is B's 30.
//   South either way: E 140, E 70, A 60.
const std::string kRegionVotes =
    "region,party,votes\nNorth,A,500\nNorth,B,300\nNorth,C,160\nNorth,E,40\n"
    "South,A,60\nSouth,E,140\n";
const std::string kRegionSeats = "region,seats\nNorth,30\nSouth,3\n";

}  // namespace

TEST_CASE("allocate --region-column counts the threshold per district or nationally") {
  const std::string rule = "--votes " + write_temp("regions.csv", kRegionVotes) +
                           " --region-column region --region-seats " +
                           write_temp("sizes.csv", kRegionSeats) +
                           " --method dhondt --threshold 0.05 --json";
  const auto per_district = run_allocate(rule);
  const auto national = run_allocate(rule + " --threshold-scope national");
  REQUIRE(per_district.status == 0);
  REQUIRE(national.status == 0);
  const auto r = nlohmann::json::parse(per_district.output);
  const auto n = nlohmann::json::parse(national.output);
  CHECK(r["regions"][0] == nlohmann::json::parse(R"({"region": "North",
        "seats": {"A": 16, "B": 9, "C": 5, "E": 0}})"));
  CHECK(n["regions"][0]["seats"] == nlohmann::json::parse(R"({"A": 15, "B": 9, "C": 5, "E": 1})"));
  for (const auto* json : {&r, &n}) {
    CHECK((*json)["regions"][1]["seats"] ==
          nlohmann::json::parse(R"({"A": 1, "B": 0, "C": 0, "E": 2})"));
    CHECK((*json)["total"] == 33);
  }
  CHECK(r["seats"]["E"] == 2);
  CHECK(n["seats"]["E"] == 3);
  // The table: parties' totals, then a row per district.
  const auto text = run_allocate(rule.substr(0, rule.size() - 7));
  CHECK(text.status == 0);
  CHECK(text.output.find("dhondt in 2 list districts, 33 seats, threshold 5% of valid votes per "
                         "district") != std::string::npos);
  // Each party's column as wide as its name, at least 3, after two spaces.
  CHECK(text.output.find("seats per list district\n"
                         "  district    A    B    C    E\n"
                         "  North      16    9    5    0\n"
                         "  South       1    0    0    2\n") != std::string::npos);
}

TEST_CASE("allocate --region-column with --mixed compensatory is the additional member system") {
  // Region R, 5 list seats: A won 4 constituencies, so its D'Hondt divisor starts at 5 (Scotland
  // Act 1998 s.7(2)): averages B 600, B 300, C 280, A 1100 / 5 = 220, B 200; next A 183.3. Region
  // S, 2 list seats, C won 1: A 100, B 90, C 120 / 2 = 60. Checked by hand.
  const auto csv = write_temp("ams.csv",
                              "region,party,votes,won\nR,A,1100,4\nR,B,600,0\nR,C,280,0\n"
                              "S,A,100,0\nS,B,90,0\nS,C,120,1\n");
  const auto sizes = write_temp("ams-sizes.csv", "region,seats\nR,5\nS,2\n");
  const std::string rule = "--votes " + csv + " --region-column region --region-seats " + sizes +
                           " --method dhondt --district-seats-column won --json --mixed ";
  const auto out = run_allocate(rule + "compensatory");
  REQUIRE(out.status == 0);
  const auto json = nlohmann::json::parse(out.output);
  CHECK(json["regions"][0]["seats"] == nlohmann::json::parse(R"({"A": 1, "B": 3, "C": 1})"));
  CHECK(json["regions"][1]["seats"] == nlohmann::json::parse(R"({"A": 1, "B": 1, "C": 0})"));
  CHECK(json["seats"] == nlohmann::json::parse(R"({"A": 6, "B": 4, "C": 2})"));
  CHECK(json["parties"][0]["district_seats"] == 4);
  CHECK(json["parties"][0]["list_seats"] == 2);
  CHECK(json["total"] == 12);
  // In parallel the district seats add to the list districts' own count: R's 5 seats by D'Hondt
  // from zero are A 1100, B 600, A 550, A 366.7, B 300 (C's 280 next).
  const auto parallel = nlohmann::json::parse(run_allocate(rule + "parallel").output);
  CHECK(parallel["regions"][0]["seats"] == nlohmann::json::parse(R"({"A": 3, "B": 2, "C": 0})"));
  CHECK(parallel["total"] == 12);
}

TEST_CASE("allocate's largest-remainder methods and bases apply in each list district") {
  // One district of 3 seats, ballots base with the sizes file's invalid ballots: A 62, B 20, C 18
  // and 40 invalid make 140 ballots, so B (14.3%) and C (12.9%) pass 0.13 only without them.
  const auto csv = write_temp("lr.csv", "region,party,votes\nX,A,62\nX,B,20\nX,C,18\n");
  const auto sizes = write_temp("lr-sizes.csv", "region,seats,invalid\nX,3,40\n");
  const std::string rule = "--votes " + csv + " --region-column region --region-seats " + sizes +
                           " --method hare --threshold 0.13 --json --threshold-base ";
  const auto valid = nlohmann::json::parse(run_allocate(rule + "valid").output);
  const auto ballots = nlohmann::json::parse(run_allocate(rule + "ballots").output);
  // Hare over A, B, C (100 votes, quota 33.3): A 1 + remainder 28.7, B 20, C 18: A 2, B 1.
  CHECK(valid["seats"] == nlohmann::json::parse(R"({"A": 2, "B": 1, "C": 0})"));
  CHECK(valid["parties"][2]["admitted"] == "yes");
  // Ballots: B 20 / 140 = 14.3% passes, C 12.9% does not; Hare over A, B (82, quota 27.3): A 2
  // + 7.3, B 0 + 20: A 2, B 1.
  CHECK(ballots["parties"][2]["admitted"] == "no");
  CHECK(ballots["seats"] == nlohmann::json::parse(R"({"A": 2, "B": 1, "C": 0})"));
  // The table's header says what the threshold is a share of.
  const std::string text_rule = rule.substr(0, rule.find(" --json"));
  CHECK_THAT(run_allocate(text_rule + " --threshold-base ballots").output,
             Catch::Contains("threshold 13% of ballots cast per district"));
  CHECK_THAT(run_allocate(text_rule + " --threshold-base party_votes").output,
             Catch::Contains("threshold 13% of the lists' votes per district"));
}
