// Every documented value of every categorical scenario key (scenarios/README.md) runs end to end
// through `run`, `rare` and `sweep`; `rare` refuses, with its reason, the models it cannot weight.
// The values are read from the README itself, so a value documented later without a case here
// fails the first test.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "run_seatsim.hpp"
#include "tests/sim/test_scenario.hpp"

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The small test scenario (every option kind, a list tier and districts), as a file.
std::string small_scenario() {
  const fs::path path = fs::temp_directory_path() / "seatsim-categorical-keys" / "small.toml";
  fs::create_directories(path.parent_path());
  std::ofstream(path) << seatsim::test::kScenario;
  return path.string();
}

// The small list-district scenario, as a file.
std::string regions_scenario() {
  const fs::path path = fs::temp_directory_path() / "seatsim-categorical-keys" / "regions.toml";
  fs::create_directories(path.parent_path());
  std::ofstream(path) << seatsim::test::kRegionsScenario;
  return path.string();
}

const std::string kForecast = SEATSIM_SOURCE_DIR "/scenarios/kz-2023-forecast.toml";
const std::string kDistrictFile = SEATSIM_SOURCE_DIR "/tests/scenario/data/district-file.toml";
const std::string kLargeCountry = SEATSIM_SOURCE_DIR "/bench/large-country.toml";
// At an official result, with type = "fixed" and no n_eff (which "fixed" refuses).
const std::string kGreece = SEATSIM_SOURCE_DIR "/scenarios/gr-2023-06.toml";

// Whether `seatsim rare` can weight the model: its weights are Dirichlet density ratios.
enum class Rare { weights, refuses };

struct Case {
  std::string key;    // as in the README: the last part of the path
  std::string value;  // as written in TOML, without quotes
  std::string scenario;
  std::string party;              // the party `rare` tilts
  std::vector<std::string> sets;  // --set arguments, the key's own included
  Rare rare = Rare::weights;
};

std::vector<Case> cases() {
  const std::string small = small_scenario();
  std::vector<Case> all;
  auto add = [&](std::string key, std::string value, const std::string& scenario,
                 std::vector<std::string> sets, Rare rare = Rare::weights) {
    const std::string party = scenario == kForecast       ? "jsdp"
                              : scenario == kDistrictFile ? "c"
                              : scenario == kLargeCountry ? "p9"
                              : scenario == kGreece       ? "pe"
                                                          : "small";
    all.push_back({key, value, scenario, party, std::move(sets), rare});
  };
  for (const char* method : {"hare", "droop", "imperiali", "dhondt", "sainte-lague",
                             "modified-sainte-lague", "huntington-hill", "adams"}) {
    add("method", method, small, {std::string("tiers.list.method=") + method});
  }
  add("threshold_base", "party_votes", small, {"tiers.list.threshold_base=party_votes"});
  add("threshold_base", "valid", small, {"tiers.list.threshold_base=valid"});
  add("threshold_base", "ballots", small,
      {"tiers.list.threshold_base=ballots", "model.invalid_share=0.2", "model.invalid_sd=0.5"});
  for (const char* ties : {"registration_order", "by_lot", "report"}) {
    add("ties", ties, small, {std::string("tiers.list.ties=") + ties});
  }
  add("type", "dirichlet", small, {"model.type=dirichlet"});
  add("type", "logistic-normal", small, {"model.type=logistic-normal"}, Rare::refuses);
  add("type", "student-t", small, {"model.type=student-t", "model.df=5"}, Rare::refuses);
  add("type", "fixed", kGreece, {"model.type=fixed"}, Rare::refuses);
  add("type", "logistic-normal", kForecast, {"model.type=logistic-normal"}, Rare::refuses);
  add("type", "student-t", kForecast, {"model.type=student-t", "model.df=5"}, Rare::refuses);
  add("undecided_split", "proportional", kForecast, {"model.undecided_split=proportional"},
      Rare::refuses);
  add("undecided_split", "dirichlet", kForecast,
      {"model.undecided_split=dirichlet", "model.undecided_concentration=20"}, Rare::refuses);
  add("n_eff", "polls", kForecast, {"model.n_eff=polls"}, Rare::refuses);
  add("house_effects", "none", kForecast, {"polls.house_effects=none"}, Rare::refuses);
  add("house_effects", "estimate", kForecast, {"polls.house_effects=estimate"}, Rare::refuses);
  add("basis", "all", kForecast, {"polls.basis=all"}, Rare::refuses);
  add("basis", "decided", kForecast, {"polls.basis=decided"}, Rare::refuses);
  add("mixed", "parallel", small, {"tiers.mixed=parallel"});
  add("mixed", "compensatory", small, {"tiers.mixed=compensatory"});
  add("overhang", "grow-house", small, {"tiers.mixed=compensatory", "tiers.overhang=grow-house"});
  add("overhang", "levelling", small,
      {"tiers.mixed=compensatory", "tiers.overhang=levelling", "tiers.max_house=200"});
  add("overhang", "not-seated", small, {"tiers.mixed=compensatory", "tiers.overhang=not-seated"});
  add("kind", "party", small, {});
  add("kind", "against_all", small, {});
  add("kind", "district_only", small, {});
  add("kind", "other_valid", small, {"parties.none.kind=other_valid"});
  add("quota_rounding", "floor-plus-one", small,
      {"tiers.list.method=droop", "tiers.list.quota_rounding=floor-plus-one"});
  add("quota_rounding", "nearest", small,
      {"tiers.list.method=droop", "tiers.list.quota_rounding=nearest"});
  add("values", "baseline", kDistrictFile, {"tiers.districts.values=baseline"});
  add("values", "multiplier", kLargeCountry, {"tiers.districts.values=multiplier"});
  const std::string regions = regions_scenario();
  add("threshold_scope", "region", regions, {"tiers.regions.threshold_scope=region"});
  add("threshold_scope", "national", regions, {"tiers.regions.threshold_scope=national"});
  return all;
}

std::string set_arguments(const Case& c) {
  std::string out;
  for (const auto& set : c.sets) out += " --set " + set;
  return out;
}

// Every categorical key of the README with its quoted values: the key tables' rows
// (| `key` | `"a"`, `"b"` | ...), and the method table's (| `"a"` | ...).
std::map<std::string, std::set<std::string>> documented_values(const std::string& readme) {
  std::map<std::string, std::set<std::string>> documented;
  const std::regex key_row("^\\| `([a-z_]+)` \\|([^|]*)\\|");
  const std::regex method_row("^\\| `\"([a-z-]+)\"` \\|");
  const std::regex quoted("`\"([a-z_-]+)\"`");
  std::istringstream lines(readme);
  for (std::string line; std::getline(lines, line);) {
    std::smatch row;
    if (std::regex_search(line, row, method_row)) {
      documented["method"].insert(row[1]);
    } else if (std::regex_search(line, row, key_row)) {
      const std::string cell = row[2];
      for (std::sregex_iterator it(cell.begin(), cell.end(), quoted), end; it != end; ++it) {
        documented[row[1]].insert((*it)[1]);
      }
    }
  }
  std::erase_if(documented, [](const auto& entry) { return entry.second.empty(); });
  return documented;
}

}  // namespace

TEST_CASE("every documented value of every categorical key has a case") {
  const std::string readme = read(SEATSIM_SOURCE_DIR "/scenarios/README.md");
  std::map<std::string, std::set<std::string>> covered;
  for (const auto& c : cases()) covered[c.key].insert(c.value);
  const auto documented = documented_values(readme);
  CHECK(documented.size() >= 8);
  CHECK(documented == covered);
}

TEST_CASE("every documented value runs through run, sweep and rare") {
  for (const auto& c : cases()) {
    const std::string sets = set_arguments(c);
    INFO(c.key << " = " << c.value << " in " << c.scenario);
    const auto run = run_seatsim("run " + c.scenario + sets + " --draws 4096 --threads 2 -q");
    CHECK(run.status == 0);
    CHECK(run.output.empty());
    const auto sweep = run_seatsim("sweep " + c.scenario + sets + " --vary parties." + c.party +
                                   ".share=0.04:0.05:0.01 --draws 4096 --threads 2");
    CHECK(sweep.status == 0);
    const auto rare =
        run_seatsim("rare " + c.scenario + sets + " -p " + c.party + " --draws 4096 --threads 2");
    if (c.rare == Rare::weights) {
      CHECK(rare.status == 0);
      CHECK(rare.output.find("P(passes the list threshold)") != std::string::npos);
    } else {
      CHECK(rare.status == 2);
      CHECK(rare.output.find("seatsim rare needs \"dirichlet\"") != std::string::npos);
    }
  }
}

TEST_CASE("ties = by_lot runs on every shipped scenario") {
  for (const auto& entry : fs::directory_iterator(SEATSIM_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() != ".toml") continue;
    INFO(entry.path());
    // The national list's ties, or the list districts' where they are the only list tier
    // (regional compensation, scot-2021.toml).
    std::ifstream file(entry.path());
    const std::string text((std::istreambuf_iterator<char>(file)),
                           std::istreambuf_iterator<char>());
    const std::string tier = text.find("[tiers.list]") == std::string::npos &&
                                     text.find("[tiers.regions]") != std::string::npos
                                 ? "regions"
                                 : "list";
    const auto run = run_seatsim("run " + entry.path().string() + " --set tiers." + tier +
                                 ".ties=by_lot --draws 4096 --threads 2 -q");
    CHECK(run.status == 0);
    CHECK(run.output.empty());
  }
}
