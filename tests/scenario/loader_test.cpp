#include "engine/scenario/loader.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/scenario/text_file.hpp"
#include "engine/scenario/writer.hpp"
#include "engine/sim/input_error.hpp"
#include "tests/input_errors.hpp"

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

// Polls, a Student-t model with every option, a random undecided split and invalid share.
constexpr std::string_view kPolls = R"([election]
name = "Polls"
date = 2030-03-01

[parties.a]
name = "A"
share = 0.6
[parties.b]
name = "B"
share = 0.3
[parties.none]
name = "Against all"
kind = "against_all"
share = 0.1

[polls]
half_life_days = 28
sample_cap = 1500
design_effect = 1.5
prior_n = 100
house_effects = { "Lean Co" = { a = 0.02, b = -0.02 } }
[[polls.poll]]
pollster = "Lean Co"
fieldwork_start = 2030-02-01
fieldwork_end = 2030-02-01
sample_size = 3000
shares = { a = 0.5, b = 0.3 }
undecided = 0.1
refused = 0.1
[[polls.poll]]
pollster = "Other"
fieldwork_start = 2030-02-20
fieldwork_end = 2030-02-22
sample_size = 900
shares = { a = 0.55, b = 0.35, none = 0.1 }

[model]
type = "student-t"
n_eff = "polls"
df = 5
error_sd = { a = 0.05, b = 0.2 }
error_correlation = -0.3
drift_sd = 0.2
invalid_share = 0.03
invalid_sd = 0.4
undecided_split = "dirichlet"
undecided_concentration = 10

[tiers.list]
seats = 50
method = "dhondt"
threshold = 0.05
threshold_base = "ballots"
)";

std::vector<std::string> errors_of(std::string_view text) {
  return test::input_errors([&] { scenario::load_text(text, "bad.toml"); });
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

TEST_CASE("a party's colour is read as written and kept in the normalised form") {
  std::string text(kValid);
  text.replace(text.find("name = \"Alpha\""), 14, "name = \"Alpha\"\ncolour = \"#1F77b4\"");
  const auto scenario = scenario::load_text(text, "colour.toml");
  CHECK(scenario.options[1].colour == "#1F77b4");
  CHECK(scenario.options[0].colour.empty());
  CHECK(scenario::load_text(scenario::to_toml(scenario), "again.toml").options[1].colour ==
        "#1F77b4");
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
    return test::first_input_error(
        [&] { scenario::load_text(kValid, "valid.toml", std::vector<std::string>{assignment}); });
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

TEST_CASE("a typed value set on a document reads as the same --set written as text") {
  // As `seatsim sweep` sets each grid point: a share (kept, the others making room), a whole
  // number (an integer, as --set tiers.list.seats=12 is), and the same key set again.
  scenario::ScenarioDocument document(kValid, "valid.toml");
  document.set("parties.alpha.share", 0.45);
  document.set("parties.alpha.share", 0.4);
  document.set("tiers.list.seats", 12.0);
  const auto typed = document.read();
  const auto text = scenario::load_text(
      kValid, "valid.toml",
      std::vector<std::string>{"parties.alpha.share=0.4", "tiers.list.seats=12"});
  CHECK(typed.vote.mean == text.vote.mean);
  CHECK(typed.list_seats() == 12);
  CHECK(scenario::to_toml(typed) == scenario::to_toml(text));

  // Checked like the file, located as the --set it stands for.
  document.set("tiers.list.threshold", 1.5);
  CHECK_THROWS_WITH(
      document.read(),
      "--set tiers.list.threshold=1.5: tiers.list.threshold: 1.5 is outside [0, 1) (a "
      "threshold is a share of the vote, below 1)");
  document.set("tiers.list.seats", 2.5);
  try {
    document.read();
    FAIL("a fractional seat count was accepted");
  } catch (const InputError& error) {
    CHECK_THAT(
        error.messages().front(),
        Catch::StartsWith("--set tiers.list.seats=2.5: tiers.list.seats: expected an integer"));
  }
}

TEST_CASE("polls aggregate into the model's mean and n_eff, and every model key loads") {
  const auto s = scenario::load_text(kPolls, "polls.toml");
  REQUIRE(s.polls);
  const auto& aggregate = s.polls->aggregate;
  // 28 and 8 days before the election, weighed by recency (half-life 28 days).
  const double lean = 0.5 * 1500 / 1.5;  // 2400 decided, capped at 1500
  const double other = std::pow(0.5, 8.0 / 28) * 900 / 1.5;
  REQUIRE(aggregate.weights.size() == 2);
  CHECK(aggregate.weights[0].respondents == Approx(lean));
  CHECK(aggregate.weights[1].respondents == Approx(other));
  CHECK(aggregate.n_eff == Approx(100 + lean + other));
  CHECK(s.vote.n_eff == aggregate.n_eff);
  CHECK(s.n_eff_source == sim::NeffSource::polls);
  CHECK(s.vote.mean == aggregate.mean);
  // Lean Co's poll: a and b share 1 - 0.1 (none, missing, at the aggregate's 0.1) as 5 : 3;
  // its house effect moves 0.02 from a to b.
  CHECK(s.vote.mean[2] == Approx((100 * 0.1 + (lean + other) * 0.1) / aggregate.n_eff));
  CHECK(s.vote.mean[0] ==
        Approx((100 * 0.6 + lean * (0.9 * 5 / 8 - 0.02) + other * 0.55) / aggregate.n_eff));
  CHECK(aggregate.undecided == Approx(lean * 0.2 / (lean + other)));
  CHECK(s.vote.kind == model::DrawModel::student_t);
  // The Student-t centres on the posterior given the polls, with the prior as 100 respondents.
  REQUIRE(s.vote.prior_alpha.size() == 3);
  CHECK(s.vote.prior_alpha[0] == Approx(60));
  CHECK(s.vote.prior_alpha[1] == Approx(30));
  CHECK(s.vote.prior_alpha[2] == Approx(10));
  CHECK(s.vote.df == 5);
  CHECK(s.vote.error_sd == std::vector<double>{0.05, 0.2, 0.0});
  CHECK(s.vote.error_correlation == -0.3);
  CHECK(s.vote.drift_days == 7);  // from the last fieldwork day, 22 Feb, to 1 Mar 2030
  CHECK(s.vote.undecided_split == model::UndecidedSplit::dirichlet);
  CHECK(s.vote.undecided == aggregate.undecided);
  CHECK(s.invalid_sd == 0.4);
}

TEST_CASE("poll and model mistakes are reported at their keys") {
  const auto errors_with = [](std::string_view from, std::string_view to) {
    std::string text(kPolls);
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return errors_of(text);
  };
  const auto first = [](const std::vector<std::string>& errors) {
    return errors.empty() ? std::string() : errors.front();
  };
  CHECK_THAT(first(errors_with("fieldwork_end = 2030-02-22", "fieldwork_end = 2030-03-02")),
             Catch::Contains("polls.poll[1].fieldwork_end: after the election"));
  CHECK_THAT(first(errors_with("shares = { a = 0.5, b = 0.3 }", "shares = { a = 0.5, c = 0.3 }")),
             Catch::Contains("polls.poll[0].shares.c: not a list-ballot option"));
  CHECK_THAT(first(errors_with("undecided = 0.1\n", "undecided = 0.5\n")),
             Catch::Contains("polls.poll[0].shares: shares, undecided and refused sum to 1.4"));
  CHECK_THAT(first(errors_with("df = 5\n", "")), Catch::Contains("model.df: missing"));
  CHECK_THAT(first(errors_with("error_correlation = -0.3", "error_correlation = -0.6")),
             Catch::Contains("model.error_correlation: -0.6 is outside [-0.5, 1]"));
  CHECK_THAT(first(errors_with("type = \"student-t\"", "type = \"dirichlet\"")),
             Catch::Contains("model.error_sd: not allowed for type \"dirichlet\""));
  // A stated n_eff is the conjugate posterior's: below prior_n it gives the options fewer
  // respondents than the prior does.
  CHECK_THAT(first(errors_with("n_eff = \"polls\"", "n_eff = 50")),
             Catch::Contains("model.n_eff: 50 gives a, b, none fewer respondents than the prior"));
  CHECK_THAT(first(errors_with("[[polls.poll]]", "[polls.x]\n[[polls.poll]]")),
             Catch::Contains("polls.x: unknown key"));
}

TEST_CASE("the normalised form loads back to the same scenario") {
  const std::string forecast =
      scenario::read_text_file(SEATSIM_SOURCE_DIR "/scenarios/kz-2023-forecast.toml");
  for (const auto& [text, name] :
       {std::pair{kValid, std::string_view("valid.toml")},
        std::pair{kPolls, std::string_view("polls.toml")},
        std::pair{std::string_view(forecast),
                  std::string_view(SEATSIM_SOURCE_DIR "/scenarios/kz-2023-forecast.toml")},
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
      CHECK(again.options[k].colour == original.options[k].colour);
    }
    // The shares read back may differ in the last bit: they are renormalised again.
    REQUIRE(again.vote.mean.size() == original.vote.mean.size());
    for (std::size_t j = 0; j < again.vote.mean.size(); ++j) {
      CHECK(again.vote.mean[j] == Approx(original.vote.mean[j]).epsilon(1e-14));
    }
    CHECK(again.vote.n_eff == Approx(original.vote.n_eff).epsilon(1e-14));
    CHECK(again.vote.kind == original.vote.kind);
    CHECK(again.vote.error_sd == original.vote.error_sd);
    CHECK(again.vote.error_correlation == original.vote.error_correlation);
    CHECK(again.vote.drift_days == original.vote.drift_days);
    CHECK(again.vote.df == original.vote.df);
    CHECK(again.vote.undecided == original.vote.undecided);
    CHECK(again.invalid_share == original.invalid_share);
    CHECK(again.invalid_sd == original.invalid_sd);
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

TEST_CASE("blocs are read in the order of their names, members as written, and kept normalised") {
  const std::string text =
      std::string(kValid) + "\n[report.blocs]\nzz = [\"ind\", \"alpha\"]\naa = [\"zeta\"]\n";
  const auto s = scenario::load_text(text, "blocs.toml");
  REQUIRE(s.questions.blocs.size() == 2);
  const auto id = [&](int k) { return s.options[static_cast<std::size_t>(k)].id; };
  CHECK(s.questions.blocs[0].name == "aa");
  REQUIRE(s.questions.blocs[0].members.size() == 1);
  CHECK(id(s.questions.blocs[0].members[0]) == "zeta");
  CHECK(s.questions.blocs[1].name == "zz");
  REQUIRE(s.questions.blocs[1].members.size() == 2);
  CHECK(id(s.questions.blocs[1].members[0]) == "ind");
  CHECK(id(s.questions.blocs[1].members[1]) == "alpha");
  const auto again = scenario::load_text(scenario::to_toml(s), "normalised.toml");
  REQUIRE(again.questions.blocs.size() == 2);
  for (std::size_t b = 0; b < 2; ++b) {
    CHECK(again.questions.blocs[b].name == s.questions.blocs[b].name);
    CHECK(again.questions.blocs[b].members == s.questions.blocs[b].members);
  }
  // Without blocs, the normalised form has no [report.blocs] table.
  CHECK(scenario::to_toml(scenario::load_text(kValid, "valid.toml")).find("blocs") ==
        std::string::npos);
}

TEST_CASE("a sweep table reads its axes in the grammar of --vary, each error at its line") {
  std::string text(kValid);
  text +=
      "\n[sweep]\nvary = [\"tiers.list.threshold=0.03:0.07:0.01\", "
      "\"parties.alpha.share=0.1:0.2:0.05\"]\n";
  const auto s = scenario::load_text(text, "sweep.toml");
  REQUIRE(s.sweep.size() == 2);
  CHECK(s.sweep[0].key == "tiers.list.threshold");
  CHECK(s.sweep[0].values == std::vector<sim::SweepValue>{0.03, 0.04, 0.05, 0.06, 0.07});
  CHECK(s.sweep[1].values == std::vector<sim::SweepValue>{0.1, 0.15, 0.2});
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

TEST_CASE("the normalised form of a scenario with --set shares runs what --set runs") {
  // District baselines hold at the file's shares; --set moves the national shares away from them
  // (a swing), which the normalised form must keep though it writes the new shares.
  const std::vector<std::string> set = {"parties.amanat.share=0.3"};
  const auto original =
      scenario::load_text(scenario::default_text(), scenario::default_name(), set);
  const auto again = scenario::load_text(scenario::to_toml(original), "normalised.toml");
  // Each option's district score before noise, baseline x national / reference, up to a factor
  // common to the district.
  const auto scores = [](const sim::Scenario& s, int d) {
    std::vector<double> score;
    double total = 0.0;
    for (std::size_t k = 0, j = 0; k < s.options.size(); ++k) {
      double x = s.district_tier->districts[d].baseline[k];
      if (model::on_list_ballot(s.options[k].kind)) {
        x *= s.vote.mean[j] / s.district_tier->reference_mean[j];
        ++j;
      }
      score.push_back(x);
      total += x;
    }
    for (double& x : score) x /= total;
    return score;
  };
  REQUIRE(again.district_seats() == original.district_seats());
  for (int d = 0; d < original.district_seats(); ++d) {
    const auto a = scores(again, d);
    const auto b = scores(original, d);
    for (std::size_t k = 0; k < a.size(); ++k) {
      CAPTURE(d, k);
      CHECK(a[k] == Approx(b[k]).epsilon(1e-12));
    }
  }
}
