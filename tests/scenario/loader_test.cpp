#include "engine/scenario/loader.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "engine/scenario/input_error.hpp"
#include "engine/scenario/writer.hpp"

using namespace seatsim;

namespace {

constexpr std::string_view kValid = R"(# A comment line
[election]
name = "Valid"
date = 2030-01-01

[parties.zeta]
name = "Zeta"
share = 0.505

[parties.alpha]
name = "Alpha"
share = 0.3

[parties.none]
name = "Against all"
kind = "against_all"
share = 0.2

[parties.ind]
name = "Independents"
kind = "district_only"
district_share = 0.25

[model]
type = "dirichlet"
n_eff = 200
invalid_share = 0.02

[tiers.list]
seats = 69
method = "hare"
threshold = 0.05
threshold_base = "ballots"
ties = "by_lot"
min_admitted = 2

[tiers.districts]
noise = 0.3
regional_swing = 0.15
[[tiers.districts.district]]
name = "North"
region = "n"
multiplier = { zeta = 2.0 }
[[tiers.districts.district]]
name = "South"
baseline = { alpha = 0.5, ind = 0.1 }
strength = { ind = 0.4 }
)";

std::vector<std::string> errors_of(std::string_view text) {
  try {
    scenario::load_text(text, "bad.toml");
  } catch (const InputError& error) {
    return error.messages();
  }
  return {};
}

}  // namespace

TEST_CASE("a valid scenario loads into the plain Scenario value") {
  const auto s = scenario::load_text(kValid, "valid.toml");
  CHECK(s.source == "valid.toml");
  CHECK(s.election.name == "Valid");
  CHECK(s.election.date == "2030-01-01");

  // Ballot order is file order, not the alphabetical order of toml++'s tables.
  REQUIRE(s.options.size() == 4);
  CHECK(s.options[0].id == "zeta");
  CHECK(s.options[1].id == "alpha");
  CHECK(s.options[2].kind == model::OptionKind::against_all);
  CHECK(s.options[3].kind == model::OptionKind::district_only);

  // Shares summing to 1.005 are within tolerance and renormalised.
  REQUIRE(s.vote.mean.size() == 3);
  CHECK(s.vote.mean[0] == Approx(0.505 / 1.005));
  CHECK(s.vote.mean[0] + s.vote.mean[1] + s.vote.mean[2] == Approx(1.0));
  CHECK(s.vote.n_eff == 200);
  CHECK(s.invalid_share == 0.02);

  REQUIRE(s.list_tier);
  CHECK(s.list_tier->seats == 69);
  CHECK(s.list_tier->threshold.parts_per_billion == 50'000'000);
  CHECK(s.list_tier->threshold.base == rules::ThresholdBase::ballots);
  CHECK(s.list_tier->ties == rules::TiePolicy::by_lot);
  CHECK(s.list_tier->min_admitted == 2);

  REQUIRE(s.district_tier);
  CHECK(s.district_tier->noise_sd == 0.3);
  CHECK(s.district_tier->region_sd == 0.15);
  CHECK(s.district_tier->districts[0].region == "n");
  // Strength is a log-multiplier per option, 0 where none is given.
  CHECK(s.district_tier->districts[0].strength == std::vector<double>(4, 0.0));
  CHECK(s.district_tier->districts[1].strength == std::vector<double>{0.0, 0.0, 0.0, 0.4});
  const auto& north = s.district_tier->districts[0].baseline;
  // Multipliers scale each option's reference share; unnamed options keep multiplier 1.
  CHECK(north[0] == Approx(2.0 * 0.505));
  CHECK(north[1] == Approx(0.3));
  CHECK(north[3] == Approx(0.25));
  // Baselines name the options that stand; the others do not.
  const auto& south = s.district_tier->districts[1].baseline;
  CHECK(south == std::vector<double>{0.0, 0.5, 0.0, 0.1});

  CHECK(s.house_size() == 71);
  // Default majority lines: more than half, and two thirds, of 71 seats.
  REQUIRE(s.questions.majority_lines.size() == 2);
  CHECK(s.questions.majority_lines[0].seats == 36);
  CHECK(s.questions.majority_lines[1].seats == 48);
}

TEST_CASE("every problem in a file is reported, each with its line") {
  std::string text(kValid);
  text.replace(text.find("seats = 69"), 10, "seats = 0 ");
  text.replace(text.find("n_eff = 200"), 11, "n_eff = \"x\"");
  text += "colour = \"blue\"\n";
  const auto errors = errors_of(text);
  REQUIRE(errors.size() == 3);
  CHECK_THAT(errors[0], Catch::StartsWith("bad.toml:26: model.n_eff: expected a number"));
  CHECK_THAT(errors[1], Catch::StartsWith("bad.toml:30: tiers.list.seats: 0 is outside"));
  CHECK_THAT(errors[2],
             Catch::StartsWith("bad.toml:48: tiers.districts.district[1].colour: unknown key"));
}

TEST_CASE("a missing file is an input error naming it") {
  CHECK_THROWS_WITH(scenario::load_file("/nonexistent/x.toml"),
                    Catch::StartsWith("/nonexistent/x.toml: cannot open"));
}

TEST_CASE("the built-in default scenario loads") {
  const auto s = scenario::load_text(scenario::default_text(), scenario::default_name());
  CHECK(s.house_size() == 98);
  CHECK(s.list_seats() == 69);
  CHECK(s.district_seats() == 29);
}

TEST_CASE("overrides (--set) are applied before validation and checked like the file") {
  const std::vector<std::string> set = {"tiers.list.threshold=0.07", "tiers.list.method=hare",
                                        "tiers.districts.district[1].name=Far South",
                                        "report.share_lines=[0.03, 0.1]"};
  const auto s = scenario::load_text(kValid, "valid.toml", set);
  CHECK(s.list_tier->threshold.parts_per_billion == 70'000'000);
  CHECK(s.district_tier->districts[1].name == "Far South");
  CHECK(s.questions.share_lines == std::vector<double>{0.03, 0.1});

  auto error_for = [](const std::string& assignment) {
    try {
      scenario::load_text(kValid, "valid.toml", std::vector<std::string>{assignment});
    } catch (const InputError& error) {
      return error.messages().front();
    }
    return std::string("no error");
  };
  CHECK(error_for("tiers.list.threshold=1.5") ==
        "--set tiers.list.threshold=1.5: tiers.list.threshold: 1.5 is outside [0, 1) (a "
        "threshold is a share of the vote, below 1)");
  CHECK_THAT(error_for("tiers.list.colour=red"),
             Catch::StartsWith("--set tiers.list.colour=red: tiers.list.colour: unknown key"));
  CHECK_THAT(error_for("threshold"), Catch::Contains("expected KEY=VALUE"));
  CHECK_THAT(error_for("tiers.districts.district[5].name=x"), Catch::Contains("does not exist"));
  CHECK_THAT(error_for("election.name.first=x"), Catch::Contains("is not a table"));
}

TEST_CASE("a share set with --set is kept and the other shares make room in proportion") {
  const auto s = scenario::load_text(kValid, "valid.toml",
                                     std::vector<std::string>{"parties.alpha.share=0.4"});
  // As written: zeta 0.505, alpha 0.3, none 0.2. Alpha is set to 0.4; zeta and none share 0.6.
  CHECK(s.vote.mean[1] == Approx(0.4));
  CHECK(s.vote.mean[0] == Approx(0.6 * 0.505 / 0.705));
  CHECK(s.vote.mean[2] == Approx(0.6 * 0.2 / 0.705));
  // District baselines still hold at the shares as written, so the swing is measured from those.
  CHECK(s.district_tier->reference_mean[1] == Approx(0.3 / 1.005));
}

TEST_CASE("the normalised form loads back to the same scenario") {
  for (const auto& [text, name] : {std::pair{kValid, std::string_view("valid.toml")},
                                   std::pair{scenario::default_text(), scenario::default_name()}}) {
    CAPTURE(name);
    const auto original = scenario::load_text(text, name);
    const auto normalised = scenario::to_toml(original);
    CAPTURE(normalised);
    const auto again = scenario::load_text(normalised, "normalised.toml");
    CHECK(again.election.name == original.election.name);
    CHECK(again.election.date == original.election.date);
    REQUIRE(again.options.size() == original.options.size());
    for (std::size_t k = 0; k < again.options.size(); ++k) {
      CHECK(again.options[k].id == original.options[k].id);
      CHECK(again.options[k].name == original.options[k].name);
      CHECK(again.options[k].kind == original.options[k].kind);
    }
    CHECK(again.vote.mean == original.vote.mean);
    CHECK(again.vote.n_eff == original.vote.n_eff);
    CHECK(again.invalid_share == original.invalid_share);
    CHECK(again.list_seats() == original.list_seats());
    if (original.list_tier) {
      CHECK(again.list_tier->threshold.parts_per_billion ==
            original.list_tier->threshold.parts_per_billion);
      CHECK(again.list_tier->threshold.base == original.list_tier->threshold.base);
      CHECK(again.list_tier->ties == original.list_tier->ties);
      CHECK(again.list_tier->min_admitted == original.list_tier->min_admitted);
    }
    REQUIRE(again.district_seats() == original.district_seats());
    if (original.district_tier) {
      CHECK(again.district_tier->noise_sd == original.district_tier->noise_sd);
      CHECK(again.district_tier->region_sd == original.district_tier->region_sd);
      for (int d = 0; d < original.district_seats(); ++d) {
        CHECK(again.district_tier->districts[d].region ==
              original.district_tier->districts[d].region);
        CHECK(again.district_tier->districts[d].strength ==
              original.district_tier->districts[d].strength);
      }
    }
    // Baselines are written as shares of each district's total: the same ratios.
    for (int d = 0; d < original.district_seats(); ++d) {
      const auto& a = again.district_tier->districts[d].baseline;
      const auto& b = original.district_tier->districts[d].baseline;
      double total = 0.0;
      for (const double x : b) total += x;
      for (std::size_t k = 0; k < b.size(); ++k) CHECK(a[k] == Approx(b[k] / total).epsilon(1e-12));
    }
    CHECK(again.questions.share_lines == original.questions.share_lines);
    REQUIRE(again.questions.majority_lines.size() == original.questions.majority_lines.size());
  }
}

TEST_CASE("a sweep table reads its axes in the grammar of --vary, each error at its line") {
  std::string text(kValid);
  text +=
      "\n[sweep]\nvary = [\"tiers.list.threshold=0.03:0.07:0.01\", "
      "\"parties.alpha.share=0.1:0.2:0.05\"]\n";
  const auto s = scenario::load_text(text, "sweep.toml");
  REQUIRE(s.sweep.size() == 2);
  CHECK(s.sweep[0].key == "tiers.list.threshold");
  CHECK(s.sweep[0].values == std::vector<double>{0.03, 0.04, 0.05, 0.06, 0.07});
  CHECK(s.sweep[1].values == std::vector<double>{0.1, 0.15, 0.2});
  // The normalised form keeps the table.
  CHECK(scenario::load_text(scenario::to_toml(s), "normalised.toml").sweep.size() == 2);

  std::string bad(kValid);
  const auto line = std::count(bad.begin(), bad.end(), '\n') + 4;
  bad +=
      "\n[sweep]\nvary = [\n  \"tiers.list.threshold=0.07:0.03:0.01\",\n  \"x=1:2\",\n  3,\n]\n"
      "colour = 1\n";
  const auto errors = errors_of(bad);
  REQUIRE(errors.size() == 4);
  CHECK_THAT(errors[0], Catch::StartsWith("bad.toml:" + std::to_string(line + 4) +
                                          ": sweep.colour: unknown key (allowed here: vary)"));
  CHECK_THAT(errors[1],
             Catch::StartsWith(
                 "bad.toml:" + std::to_string(line) +
                 ": sweep.vary[0]: \"tiers.list.threshold=0.07:0.03:0.01\": needs STEP > 0"));
  CHECK_THAT(errors[2], Catch::StartsWith("bad.toml:" + std::to_string(line + 1) +
                                          ": sweep.vary[1]: \"x=1:2\": expected KEY=FROM:TO:STEP"));
  CHECK_THAT(errors[3], Catch::StartsWith("bad.toml:" + std::to_string(line + 2) +
                                          ": sweep.vary[2]: expected a string"));
}
