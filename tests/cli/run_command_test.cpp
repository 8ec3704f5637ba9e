// Runs the seatsim binary as a user would: exit statuses, messages on stderr, output files.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "engine/rng/vector_kernels.hpp"
#include "run_seatsim.hpp"
#include "tests/sim/test_scenario.hpp"

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

// `seatsim ARGUMENTS` is an input error: exit status 2 and `message` on stderr.
void check_input_error(const std::string& arguments, const std::string& message) {
  const auto outcome = run_seatsim(arguments);
  CAPTURE(arguments);
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.output, Catch::Contains(message));
}

// The fields of one CSV row; the rows tested here quote nothing.
// The fields of one CSV row, quoted as RFC 4180 says (district names hold commas).
std::vector<std::string> split_fields(const std::string& row) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '"') {
      if (quoted && i + 1 < row.size() && row[i + 1] == '"') {
        fields.back() += row[++i];
      } else {
        quoted = !quoted;
      }
    } else if (row[i] == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += row[i];
    }
  }
  return fields;
}

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
  CHECK(a.find("\"next_seat_votes\"") != std::string::npos);
  CHECK(without_timing(a) == without_timing(read_file(two)));
  fs::remove_all(dir);
}

TEST_CASE("the default scenario matches its golden summary, on every instruction set") {
  // Re-bless on purpose with scripts/update-golden.sh, and review the diff. Each instruction set
  // the machine runs (SEATSIM_VECTOR_ISA) must give the same bytes.
  const auto dir = fs::temp_directory_path() / "seatsim-golden-test";
  fs::create_directories(dir);
  const auto out = dir / "kz-2027.json";
  for (const auto isa : seatsim::rng::supported_vector_isas()) {
    const std::string name(seatsim::rng::vector_isa_name(isa));
    INFO(name);
    REQUIRE(run_seatsim("run --draws 100000 --seed 2027 --quiet --json " + out.string(),
                        "SEATSIM_VECTOR_ISA=" + name)
                .status == 0);
    CHECK(without_timing(read_file(out)) ==
          without_timing(read_file(kSource / "tests/golden/kz-2027.json")));
  }
  fs::remove_all(dir);
}

TEST_CASE("SEATSIM_VECTOR_ISA names an instruction set the machine runs") {
  const auto outcome = run_seatsim("run --draws 10 --quiet", "SEATSIM_VECTOR_ISA=avx1024");
  CHECK(outcome.status == 2);
  CHECK_THAT(outcome.output,
             Catch::Contains("(environment): SEATSIM_VECTOR_ISA: \"avx1024\" is not an instruction "
                             "set this machine runs (expected one of baseline"));
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
    const auto fields = split_fields(row);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const double p = std::stod(fields[columns[c]]);
      CHECK(p <= previous[c]);
      previous[c] = p;
    }
  }
  CHECK(rows == 5);
  CHECK(read_file(json).find("\"schema\": \"seatsim.sweep/1\"") != std::string::npos);
  check_input_error("sweep --vary tiers.list.threshold=0.07:0.03:0.01",
                    "needs STEP > 0 and TO >= FROM");
  fs::remove_all(dir);
}

TEST_CASE("a scenario's sweep table runs the grid that --vary would, and --vary replaces it") {
  const auto dir = fs::temp_directory_path() / "seatsim-sweep-table-test";
  fs::create_directories(dir);
  const auto scenario = dir / "with-sweep.toml";
  {
    std::ofstream out(scenario);
    out << read_file(kSource / "scenarios/kz-2027.toml")
        << "\n[sweep]\nvary = [\"tiers.list.threshold=0.05:0.07:0.02\"]\n";
  }
  const std::string common = " --draws 4096 --seed 3 --csv ";
  REQUIRE(
      run_seatsim("sweep " + scenario.string() + common + (dir / "table.csv").string()).status ==
      0);
  REQUIRE(run_seatsim("sweep " + (kSource / "scenarios/kz-2027.toml").string() +
                      " --vary tiers.list.threshold=0.05:0.07:0.02" + common +
                      (dir / "vary.csv").string())
              .status == 0);
  const auto table = read_file(dir / "table.csv");
  CHECK(std::count(table.begin(), table.end(), '\n') == 3);  // the header and two points
  CHECK(table == read_file(dir / "vary.csv"));
  REQUIRE(run_seatsim("sweep " + scenario.string() + " --vary tiers.list.threshold=0.03:0.03:0.01" +
                      common + (dir / "replaced.csv").string())
              .status == 0);
  const auto replaced = read_file(dir / "replaced.csv");
  CHECK(std::count(replaced.begin(), replaced.end(), '\n') == 2);
  check_input_error("sweep --draws 4096",
                    "give --vary KEY=FROM:TO:STEP or KEY=A,B,C, or a [sweep] table");
  fs::remove_all(dir);
}

TEST_CASE(
    "run with --csv DIR writes the run, parties, seat histograms, events, coalitions and "
    "districts") {
  const auto dir = fs::temp_directory_path() / "seatsim-csv-test";
  fs::remove_all(dir);
  REQUIRE(
      run_seatsim("run --draws 10000 --seed 4 --quiet --csv " + (dir / "out").string()).status ==
      0);
  auto rows = [&](const char* name) {
    std::vector<std::vector<std::string>> table;
    std::istringstream lines(read_file(dir / "out" / name));
    for (std::string line; std::getline(lines, line);) table.push_back(split_fields(line));
    return table;
  };
  const auto run = rows("run.csv");
  REQUIRE(run.size() == 2);
  CHECK(run[1][3] == "4");
  CHECK(run[1][4] == "10000");
  CHECK(run[1][5] == "false");
  // One row per ballot option of the default scenario, as in the JSON.
  CHECK(rows("parties.csv").size() == 1 + 9);
  // Every option's histogram in every tier counts each draw once.
  std::map<std::string, long> per_option_tier;
  const auto seats = rows("seats.csv");
  CHECK(seats[0] == std::vector<std::string>{"id", "tier", "seats", "draws", "probability"});
  for (std::size_t i = 1; i < seats.size(); ++i)
    per_option_tier[seats[i][0] + "/" + seats[i][1]] += std::stol(seats[i][3]);
  CHECK(per_option_tier.size() > 9);
  for (const auto& [key, draws] : per_option_tier) {
    CAPTURE(key);
    CHECK(draws == 10000);
  }
  const auto events = rows("events.csv");
  CHECK(events[0] == std::vector<std::string>{"event", "p", "se"});
  CHECK(events[1][0] == "amanat >= 50 seats (majority)");
  // Amanat alone holds a majority in most draws; so does every coalition that contains it.
  const auto coalitions = rows("coalitions.csv");
  CHECK(coalitions[0] == std::vector<std::string>{"parties", "size", "p_majority", "p_majority_se",
                                                  "p_two_thirds", "p_two_thirds_se"});
  double amanat_alone = -1.0;
  for (std::size_t i = 1; i < coalitions.size(); ++i) {
    if (coalitions[i][0] == "amanat") amanat_alone = std::stod(coalitions[i][2]);
  }
  CHECK(amanat_alone > 0.5);
  for (std::size_t i = 1; i < coalitions.size(); ++i) {
    if (coalitions[i][0].find("amanat") != std::string::npos) {
      CHECK(std::stod(coalitions[i][2]) >= amanat_alone);
    }
  }
  // Each district's contenders' P(win) add up to 1, and over the districts an option's P(win) add
  // up to its mean district seats in parties.csv (both exact counts of the same draws).
  const auto districts = rows("districts.csv");
  CHECK(districts[0] == std::vector<std::string>{"district", "region", "id", "p_win", "p_win_se",
                                                 "favourite", "margin", "margin_se"});
  std::map<std::string, double> per_district, per_option;
  for (std::size_t i = 1; i < districts.size(); ++i) {
    per_district[districts[i][0]] += std::stod(districts[i][3]);
    per_option[districts[i][2]] += std::stod(districts[i][3]);
  }
  CHECK(per_district.size() == 29);
  for (const auto& [name, p] : per_district) {
    CAPTURE(name);
    CHECK(p == Approx(1.0));
  }
  const auto parties = rows("parties.csv");
  for (std::size_t i = 1; i < parties.size(); ++i) {
    if (parties[i][16].empty()) continue;
    CAPTURE(parties[i][0]);
    CHECK(per_option[parties[i][0]] == Approx(std::stod(parties[i][16])));
  }
  CHECK(per_option["amanat"] > 10.0);
  fs::remove_all(dir);
}

// What the JSON says, the text and the CSV say too: share lines, P(largest) and the tie for first.
TEST_CASE("share lines and P(largest) are in the text and the CSV as in the JSON") {
  const auto dir = fs::temp_directory_path() / "seatsim-lines-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto outcome = run_seatsim("run " + (kSource / "scenarios/kz-kurultai.toml").string() +
                                   " --draws 8192 --seed 3 --json " + (dir / "r.json").string() +
                                   " --csv " + (dir / "csv").string());
  REQUIRE(outcome.status == 0);
  const auto json = nlohmann::json::parse(read_file(dir / "r.json"));
  std::istringstream csv(read_file(dir / "csv" / "share_lines.csv"));
  std::string line;
  std::getline(csv, line);
  CHECK(line == "id,line,p,se");
  std::size_t rows = 0;
  for (const auto& party : json["parties"]) {
    const auto name = party["name"].get<std::string>().substr(0, 22);
    for (const auto& share_line : party.value("share_lines", nlohmann::json::array())) {
      REQUIRE(std::getline(csv, line));
      const auto fields = split_fields(line);
      CHECK(fields[0] == party["id"]);
      CHECK(std::stod(fields[1]) == share_line["line"].get<double>());
      CHECK(std::stod(fields[2]) == Approx(share_line["p"].get<double>()).epsilon(1e-9));
      ++rows;
      // The text's row for the option: its name, then the line's probability in percent.
      const double p = 100.0 * share_line["p"].get<double>();
      CAPTURE(name, p);
      const auto at = outcome.output.find("share lines:");
      REQUIRE(at != std::string::npos);
      const auto row = outcome.output.find("\n  " + name, at);
      REQUIRE(row != std::string::npos);
      const auto cell = outcome.output.substr(row + 3 + 22, 10);
      CHECK(std::stod(cell) == Approx(p).margin(0.01));
    }
    if (party.contains("p_largest") && party["p_largest"].get<double>() > 0.0) {
      const auto at = outcome.output.find("largest party: P(strictly the most seats)");
      REQUIRE(at != std::string::npos);
      CHECK(outcome.output.find("\n  " + name, at) != std::string::npos);
    }
  }
  CHECK(rows == 8);  // the eight list-ballot options, one line (7%) each
  CHECK_FALSE(std::getline(csv, line));
  const auto largest = outcome.output.find("largest party:");
  CHECK(outcome.output.find("  tie for the most seats", largest) != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a draw count may have a decimal exponent; the same count gives the same bytes") {
  const auto dir = fs::temp_directory_path() / "seatsim-exponent-test";
  fs::create_directories(dir);
  const auto written = dir / "exponent.json";
  const auto plain = dir / "plain.json";
  REQUIRE(run_seatsim("run --draws 2.5e3 --seed 5 --quiet --json " + written.string()).status == 0);
  REQUIRE(run_seatsim("run --draws 2500 --seed 5 --quiet --json " + plain.string()).status == 0);
  CHECK(without_timing(read_file(written)) == without_timing(read_file(plain)));
  CHECK_THAT(read_file(written), Catch::Contains("\"draws\": 2500"));
  fs::remove_all(dir);
}

TEST_CASE("run --explain prints each poll's weight and the aggregate before the forecast") {
  const auto outcome = run_seatsim("run " + (kSource / "scenarios/kz-2023-forecast.toml").string() +
                                   " --draws 4096 --explain");
  REQUIRE(outcome.status == 0);
  // kz-2023-forecast.toml: the Institute of Democracy's 8000, capped at 2000 and halved by the
  // design effect, discounted by 0.5^(38.5 / 30) = 0.4155 for its age on election day.
  CHECK_THAT(outcome.output, Catch::Contains("model: logistic-normal, n_eff 581.5 (the polls'"));
  CHECK_THAT(outcome.output, Catch::Contains("Institute of Democracy"));
  CHECK_THAT(outcome.output, Catch::Contains("0.416       415.6"));
  CHECK_THAT(outcome.output, Catch::Contains("aggregate: effective sample size 581.5"));
  CHECK(outcome.output.find("aggregate:") < outcome.output.find("P(>= 5% valid)"));
}

TEST_CASE("a finished run's checkpoint extends to a larger --draws, as an uninterrupted run") {
  const auto dir = fs::temp_directory_path() / "seatsim-extend-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string ckpt = " --seed 5 --checkpoint " + (dir / "run.ckpt").string();
  auto json = [&](const char* name) { return " --json " + (dir / name).string(); };
  // 300,000 draws end in a partial block; the checkpoint keeps the whole blocks before it.
  const std::uint64_t whole_blocks = 300000 / 4096 * 4096;
  REQUIRE(run_seatsim("run --draws 300000 --quiet" + ckpt + json("small.json")).status == 0);
  const auto again = run_seatsim("run --draws 300000 --quiet --resume" + ckpt + json("again.json"));
  REQUIRE(again.status == 0);
  CHECK_THAT(again.output, Catch::Contains("from " + std::to_string(whole_blocks) + " draws"));
  CHECK(without_timing(read_file(dir / "again.json")) ==
        without_timing(read_file(dir / "small.json")));

  const auto extended =
      run_seatsim("run --draws 700000 --threads 1 --resume" + ckpt + json("extended.json"));
  REQUIRE(extended.status == 0);
  CHECK_THAT(extended.output, Catch::Contains("resuming " + (dir / "run.ckpt").string() + " from " +
                                              std::to_string(whole_blocks) + " draws to 700000"));
  CHECK_THAT(extended.output,
             Catch::Contains("resumed from a checkpoint of " + std::to_string(whole_blocks) +
                             " draws; the time and rate are of the " +
                             std::to_string(700000 - whole_blocks) + " drawn"));
  CHECK_THAT(read_file(dir / "extended.json"),
             Catch::Contains("\"resumed_draws\": " + std::to_string(whole_blocks)));
  REQUIRE(run_seatsim("run --draws 700000 --quiet --seed 5" + json("whole.json")).status == 0);
  CHECK(without_timing(read_file(dir / "extended.json")) ==
        without_timing(read_file(dir / "whole.json")));
  fs::remove_all(dir);
}

TEST_CASE("a forecast as of a date uses the polls ended by then, with drift from then") {
  const auto dir = fs::temp_directory_path() / "seatsim-as-of-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string forecast = (kSource / "scenarios/kz-2023-forecast.toml").string();
  const std::string common = " --draws 20000 --seed 3 --quiet --json ";
  auto json_body = [&](const char* name) {
    const std::string text = without_timing(read_file(dir / name));
    return text.substr(text.find("\"election\""));  // past the source, which names the file
  };
  // As of the last poll's end: the polls and the drift of a plain run.
  REQUIRE(run_seatsim("run " + forecast + common + (dir / "plain.json").string()).status == 0);
  REQUIRE(
      run_seatsim("run " + forecast + " --as-of 2023-02-12" + common + (dir / "last.json").string())
          .status == 0);
  CHECK(json_body("last.json") == json_body("plain.json"));

  // As of 1 Feb 2023: the January poll alone, drift from 1 Feb; as a copy of the scenario whose
  // CSV holds only that poll, with model.forecast_date = 2023-02-01.
  fs::copy_file(forecast, dir / "kz-2023-forecast.toml");
  {
    std::ifstream in(kSource / "scenarios/kz-2023-polls.csv");
    std::ofstream out(dir / "kz-2023-polls.csv");
    std::string line;
    for (int k = 0; k < 2 && std::getline(in, line); ++k) out << line << "\n";
  }
  REQUIRE(run_seatsim("run " + (dir / "kz-2023-forecast.toml").string() +
                      " --set model.forecast_date=2023-02-01" + common +
                      (dir / "january.json").string())
              .status == 0);
  REQUIRE(run_seatsim("run " + forecast + " --as-of 2023-02-01" + common +
                      (dir / "as-of.json").string())
              .status == 0);
  CHECK(json_body("as-of.json") == json_body("january.json"));
  CHECK(json_body("as-of.json") != json_body("plain.json"));

  // A sweep over dates: each point is the run as of its date.
  REQUIRE(run_seatsim("sweep " + forecast +
                      " --vary polls.as_of=2023-02-01,2023-02-12 --draws 20000 --seed 3 --quiet "
                      "--json " +
                      (dir / "dates.json").string())
              .status == 0);
  const std::string dates = read_file(dir / "dates.json");
  CHECK_THAT(dates, Catch::Contains("\"polls.as_of\": \"2023-02-01\""));
  fs::remove_all(dir);
}

// A bloc adds up its members' seats in each draw: a bloc of one party is that party, exactly; a
// bloc of every seat-winning option holds the whole house in every draw; a pair is the coalition of
// the same two. Blocs are counted into the tally, so the result is the same bytes on any thread
// count.
TEST_CASE(
    "blocs: one party is the party, all parties hold the house, the same on any thread count") {
  const auto dir = fs::temp_directory_path() / "seatsim-blocs-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto scenario = dir / "blocs.toml";
  std::ofstream(scenario) << read_file(kSource / "scenarios/kz-2027.toml")
                          << "\n[report.blocs]\nalone = [\"amanat\"]\npair = [\"ak_zhol\", "
                             "\"amanat\"]\neveryone = [\"amanat\", \"auyl\", \"respublica\", "
                             "\"qhp\", \"baytaq\", \"ak_zhol\", \"jsdp\", \"self_nominated\"]\n";
  const std::string run = "run " + scenario.string() + " --draws 20000 --seed 11 --json ";
  const auto text = run_seatsim(run + (dir / "one.json").string() + " --threads 1 --csv " +
                                (dir / "csv").string());
  REQUIRE(text.status == 0);
  REQUIRE(run_seatsim(run + (dir / "two.json").string() + " --threads 2 --quiet").status == 0);
  const std::string one = read_file(dir / "one.json");
  CHECK(without_timing(one) == without_timing(read_file(dir / "two.json")));

  const auto json = nlohmann::json::parse(one);
  std::map<std::string, nlohmann::json> blocs, parties, events, coalitions;
  for (const auto& b : json["blocs"]) blocs[b["name"]] = b;
  for (const auto& p : json["parties"]) parties[p["id"]] = p;
  for (const auto& e : json["events"]) events[e["name"]] = e;
  for (const auto& c : json["coalitions"]["subsets"]) coalitions[c["parties"].dump()] = c;
  REQUIRE(blocs.size() == 3);
  // Alphabetical order, members as written.
  CHECK(json["blocs"][0]["name"] == "alone");
  CHECK(blocs["pair"]["parties"] == nlohmann::json({"ak_zhol", "amanat"}));

  CHECK(blocs["alone"]["seats"] == parties["amanat"]["seats"]);
  const auto& amanat = coalitions["[\"amanat\"]"];
  CHECK(blocs["alone"]["p_majority"] == amanat["p_majority"]);
  CHECK(blocs["alone"]["p_two_thirds"] == amanat["p_two_thirds"]);
  for (const char* line : {"50 seats (majority)", "66 seats (two_thirds)"}) {
    CAPTURE(line);
    CHECK(events[std::string("bloc alone >= ") + line]["p"] ==
          events[std::string("amanat >= ") + line]["p"]);
  }
  const auto& pair = coalitions["[\"amanat\",\"ak_zhol\"]"];
  CHECK(blocs["pair"]["p_majority"] == pair["p_majority"]);
  CHECK(blocs["pair"]["p_two_thirds"] == pair["p_two_thirds"]);
  CHECK(blocs["pair"]["p_majority"].get<double>() > amanat["p_majority"].get<double>());

  const auto& everyone = blocs["everyone"];
  CHECK(everyone["p_majority"] == 1.0);
  CHECK(everyone["p_two_thirds"] == 1.0);
  CHECK(everyone["seats"]["p5"] == 98);
  CHECK(everyone["seats"]["p95"] == 98);
  CHECK(everyone["seats"]["histogram"][98] == 20000);

  // The text's blocs section and blocs.csv say what the JSON says.
  const auto section = text.output.find("blocs (majority >= 50 seats, two thirds >= 66");
  REQUIRE(section != std::string::npos);
  CHECK(text.output.find("\n  everyone ", section) != std::string::npos);
  std::istringstream csv(read_file(dir / "csv" / "blocs.csv"));
  std::string line;
  std::getline(csv, line);
  CHECK(line.rfind("bloc,parties,p_majority,p_majority_se,p_two_thirds,", 0) == 0);
  std::size_t rows = 0;
  while (std::getline(csv, line)) {
    const auto fields = split_fields(line);
    CAPTURE(line);
    REQUIRE(blocs.count(fields[0]) == 1);
    CHECK(std::stod(fields[2]) == Approx(blocs[fields[0]]["p_majority"].get<double>()));
    CHECK(std::stod(fields[6]) == Approx(blocs[fields[0]]["seats"]["mean"].get<double>()));
    ++rows;
  }
  CHECK(rows == 3);
  CHECK(read_file(dir / "csv" / "seats.csv").find("\neveryone,bloc,98,20000,1\n") !=
        std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a sweep's CSV has each bloc's columns") {
  const auto dir = fs::temp_directory_path() / "seatsim-blocs-sweep-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  REQUIRE(run_seatsim("sweep " + (kSource / "scenarios/kz-kurultai-adilet-split.toml").string() +
                      " --draws 4096 --quiet --vary tiers.list.threshold=0.05,0.07 --csv " +
                      (dir / "s.csv").string())
              .status == 0);
  std::istringstream csv(read_file(dir / "s.csv"));
  std::string header;
  std::getline(csv, header);
  const auto columns = split_fields(header);
  for (const char* column :
       {"pro_presidential.p_majority", "pro_presidential.p_two_thirds",
        "pro_presidential.seats_mean", "bloc pro_presidential >= 73 seats (majority)"}) {
    CAPTURE(column);
    CHECK(std::find(columns.begin(), columns.end(), column) != columns.end());
  }
  fs::remove_all(dir);
}

TEST_CASE("the house per draw: each draw's house is its seats' sum, grown by overhang") {
  // New Zealand 2023 under a Dirichlet: Te Pāti Māori's overhang moves the house from draw to draw.
  const auto dir = fs::temp_directory_path() / "seatsim-house-test";
  fs::create_directories(dir);
  const auto out = dir / "nz.json";
  REQUIRE(run_seatsim("run " + (kSource / "scenarios/nz-2023.toml").string() +
                      " --set model.type=dirichlet --set model.n_eff=300 --draws 20000 --seed 5"
                      " --quiet --json " +
                      out.string())
              .status == 0);
  const auto result = nlohmann::json::parse(read_file(out));
  const auto& house = result["house"];
  const double draws = result["draws"].get<double>();
  // Every draw's house is the sum of its options' seats, so the means agree to rounding.
  double seats = 0.0;
  for (const auto& party : result["parties"]) {
    if (party.contains("seats")) seats += party["seats"]["mean"].get<double>();
  }
  CHECK(house["mean"].get<double>() == Approx(seats).epsilon(1e-12));
  // Under grow-house the house is the nominal one plus the overhang, draw by draw.
  CHECK(house["nominal"] == 120);
  CHECK(house["mean"].get<double>() - 120.0 == Approx(house["overhang_mean"].get<double>()));
  std::uint64_t counted = 0;
  int smallest = -1;
  const auto& histogram = house["histogram"];
  for (std::size_t n = 0; n < histogram.size(); ++n) {
    counted += histogram[n].get<std::uint64_t>();
    if (smallest < 0 && histogram[n].get<std::uint64_t>() > 0) smallest = static_cast<int>(n);
  }
  CHECK(static_cast<double>(counted) == draws);
  CHECK(smallest >= 120);                // overhang only grows the house
  CHECK(house["p95"].get<int>() > 120);  // and does, in some draws
  // Each party's overhang, counted per draw, adds up to the house's; Te Pati Maori holds most of
  // it.
  double overhang = 0.0;
  for (const auto& party : result["parties"]) {
    if (party.contains("overhang_seats_mean"))
      overhang += party["overhang_seats_mean"].get<double>();
  }
  CHECK(overhang == Approx(house["overhang_mean"].get<double>()).epsilon(1e-12));
  CHECK(result["parties"][5]["id"] == "tpm");
  CHECK(result["parties"][5]["overhang_seats_mean"].get<double>() > 0.5 * overhang);
  fs::remove_all(dir);
}

TEST_CASE("the majority bonus per party: Greece 2023 at its result gives New Democracy 50") {
  // ND's 40.56% of the valid vote is above 40%: the whole bonus of 50 (P.D. 26/2012 art. 99).
  const auto dir = fs::temp_directory_path() / "seatsim-bonus-test";
  fs::create_directories(dir);
  const auto out = dir / "gr.json";
  REQUIRE(run_seatsim("run " + (kSource / "scenarios/gr-2023-06.toml").string() +
                      " --draws 4096 --quiet --json " + out.string())
              .status == 0);
  const auto result = nlohmann::json::parse(read_file(out));
  for (const auto& party : result["parties"]) {
    if (party["kind"] != "party") continue;
    INFO(party["id"]);
    REQUIRE(party.contains("bonus_seats"));
    const bool nd = party["id"] == "nd";
    CHECK(party["bonus_seats"]["mean"].get<double>() == (nd ? 50.0 : 0.0));
    CHECK(party["bonus_seats"]["p_taken"].get<double>() == (nd ? 1.0 : 0.0));
  }
  CHECK(result["house"]["histogram"][300] == 4096);
  fs::remove_all(dir);
}

TEST_CASE("with list districts alone, the threshold column and the JSON threshold are theirs") {
  const auto dir = fs::temp_directory_path() / "seatsim-regions-report-test";
  fs::create_directories(dir);
  const auto scenario = dir / "regions.toml";
  std::ofstream(scenario) << seatsim::test::kRegionsScenario;
  const auto out = dir / "regions.json";
  const auto run = run_seatsim("run " + scenario.string() + " --draws 4096 --json " + out.string());
  REQUIRE(run.status == 0);
  CHECK(run.output.find("P(>= 3% valid)") != std::string::npos);
  const auto result = nlohmann::json::parse(read_file(out));
  CHECK(result["tiers"]["threshold"] == 0.03);
  CHECK(result["tiers"]["threshold_base"] == "valid");
  fs::remove_all(dir);
}

// list_districts.csv says what the JSON's region_seats say, and over the districts a party's
// seats add up to its list seats in parties.csv; without list districts it is only its header.
TEST_CASE("list_districts.csv holds each party's seats in each list district, as the JSON") {
  const auto dir = fs::temp_directory_path() / "seatsim-list-districts-csv-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const auto scenario = dir / "regions.toml";
  std::ofstream(scenario) << seatsim::test::kRegionsScenario;
  REQUIRE(run_seatsim("run " + scenario.string() + " --draws 4096 --seed 2 --quiet --json " +
                      (dir / "r.json").string() + " --csv " + (dir / "csv").string())
              .status == 0);
  const auto json = nlohmann::json::parse(read_file(dir / "r.json"));
  std::istringstream csv(read_file(dir / "csv" / "list_districts.csv"));
  std::string line;
  std::getline(csv, line);
  CHECK(line == "district,id,seats_mean,seats_mean_se,p_any_seat,p_any_seat_se");
  std::map<std::string, double> per_party;
  std::size_t rows = 0;
  for (const std::string district : {"North", "South", "Island"}) {
    for (const auto& party : json["parties"]) {
      if (!party.contains("region_seats")) continue;
      const auto& seats =
          *std::find_if(party["region_seats"].begin(), party["region_seats"].end(),
                        [&](const nlohmann::json& entry) { return entry["name"] == district; });
      REQUIRE(std::getline(csv, line));
      const auto fields = split_fields(line);
      CAPTURE(line);
      CHECK(fields[0] == district);
      CHECK(fields[1] == party["id"]);
      CHECK(std::stod(fields[2]) == Approx(seats["mean"].get<double>()).epsilon(1e-9));
      CHECK(std::stod(fields[4]) == Approx(seats["p_any_seat"].get<double>()).epsilon(1e-9));
      per_party[fields[1]] += std::stod(fields[2]);
      ++rows;
    }
  }
  CHECK(rows == 9);  // three districts, three parties (not the blank votes)
  CHECK_FALSE(std::getline(csv, line));
  CHECK(per_party["big"] > per_party["mid"]);
  for (const auto& party : json["parties"]) {
    if (!party.contains("list_seats")) continue;
    CAPTURE(party["id"]);
    CHECK(per_party[party["id"]] == Approx(party["list_seats"]["mean"].get<double>()));
  }
  REQUIRE(run_seatsim("run --draws 1024 --quiet --csv " + (dir / "default").string()).status == 0);
  CHECK(read_file(dir / "default" / "list_districts.csv") ==
        "district,id,seats_mean,seats_mean_se,p_any_seat,p_any_seat_se\n");
  fs::remove_all(dir);
}
