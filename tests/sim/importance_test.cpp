#include "engine/sim/importance.hpp"

#include <boost/math/distributions/beta.hpp>
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/scenario/loader.hpp"
#include "engine/sim/runner.hpp"
#include "engine/sim/summary.hpp"

using namespace seatsim;

namespace {

sim::Scenario load(const char* relative_path) {
  return scenario::load_file(std::string(SEATSIM_SOURCE_DIR) + "/" + relative_path);
}

int option_index(const sim::Scenario& scenario, std::string_view id) {
  for (std::size_t k = 0; k < scenario.options.size(); ++k) {
    if (scenario.options[k].id == id) return static_cast<int>(k);
  }
  FAIL("no option " << id);
  return -1;
}

// The log density of Dirichlet(alpha) at x, written out in full.
double dirichlet_log_density(const std::vector<double>& alpha, const std::vector<double>& x) {
  double total = 0.0;
  double log_density = 0.0;
  for (std::size_t i = 0; i < alpha.size(); ++i) {
    total += alpha[i];
    log_density += (alpha[i] - 1.0) * std::log(x[i]) - std::lgamma(alpha[i]);
  }
  return log_density + std::lgamma(total);
}

// The Dirichlet parameters of the scenario's vote (a VoteSpec) or of the proposal (a
// DirichletSpec).
template <class Spec>
std::vector<double> parameters(const Spec& spec) {
  std::vector<double> alpha;
  for (const double m : spec.mean) alpha.push_back(spec.n_eff * m);
  return alpha;
}

// |a - b| within k combined standard errors.
bool agree(const sim::Probability& a, const sim::Probability& b, double k) {
  return std::abs(a.p - b.p) <= k * std::hypot(a.se, b.se);
}

}  // namespace

TEST_CASE("The weight is the density ratio of the scenario's model to the defensive mixture") {
  const auto scenario = load("bench/reference.toml");
  const auto tilt = sim::make_tilt(scenario, option_index(scenario, "p7"), 0.05);
  CHECK(tilt.proposal.mean[tilt.list_position] == Approx(0.05));
  const auto p = parameters(scenario.vote);
  const auto q = parameters(tilt.proposal);
  for (std::size_t k = 0; k < p.size(); ++k) {
    if (k != tilt.list_position) CHECK(q[k] == Approx(p[k]).epsilon(1e-12));
  }
  // Points across the simplex, with the tilted party's share from tiny to large.
  for (const double x7 : {1e-6, 0.01, 0.023, 0.05, 0.2}) {
    std::vector<double> x(p.size(), (1.0 - x7) / static_cast<double>(p.size() - 1));
    x[tilt.list_position] = x7;
    const double density_p = std::exp(dirichlet_log_density(p, x));
    const double density_q = std::exp(dirichlet_log_density(q, x));
    const double mixture =
        sim::Tilt::kDefensive * density_p + (1 - sim::Tilt::kDefensive) * density_q;
    CHECK(tilt.weight(x) == Approx(density_p / mixture).epsilon(1e-9));
    CHECK(tilt.weight(x) <= 1.0 / sim::Tilt::kDefensive);
  }
}

TEST_CASE("A rare threshold event matches its Beta closed form with a 1% relative error") {
  // The reference workload's smallest party: mean share 2.3% at n_eff 400, so its share is
  // Beta(9.2, 390.8) and crossing 5% has probability about 2e-3. The threshold is on the valid
  // vote, so passing is exactly share >= 5% (up to the 2^-33 rounding of shares to votes).
  const auto scenario = load("bench/reference.toml");
  const int p7 = option_index(scenario, "p7");
  const auto tilt = sim::make_tilt(scenario, p7, 0.05);
  const auto tally =
      sim::run_weighted(scenario, tilt, {.draws = 100'000, .seed = 11, .threads = 2});
  const auto summary = sim::summarize(scenario, tilt, tally);
  const double alpha = 400 * 0.023;
  const double exact = boost::math::cdf(
      boost::math::complement(boost::math::beta_distribution<>(alpha, 400 - alpha), 0.05));
  INFO("estimate " << summary.p_threshold.p << " ± " << summary.p_threshold.se << ", exact "
                   << exact);
  CHECK(exact > 5e-4);
  CHECK(exact < 5e-3);
  CHECK(std::abs(summary.p_threshold.p - exact) <= 4 * summary.p_threshold.se);
  CHECK(summary.p_threshold.se / summary.p_threshold.p < 0.01);
  // E_m[w] = 1: the weights' mean is within 4 SE of it.
  CHECK(std::abs(summary.mean_weight.p - 1.0) <= 4 * summary.mean_weight.se);
}

namespace {

// P(total seats >= s) from a plain run's exact histogram.
sim::Probability at_least(const sim::Summary& plain, int option, int seats) {
  const auto& histogram = plain.options[option].total_seats->histogram;
  std::uint64_t hits = 0;
  for (std::size_t i = static_cast<std::size_t>(seats); i < histogram.size(); ++i)
    hits += histogram[i];
  return sim::probability(hits, plain.draws);
}

// `seatsim rare` tilted to `share` for `party` against `seatsim run` on the same scenario: every
// event both report (threshold, share lines, seats >= s, majority lines) within `k` combined SE.
void check_rare_agrees_with_run(const sim::Scenario& scenario, std::string_view party, double share,
                                std::uint64_t draws, double k) {
  const int option = option_index(scenario, party);
  const auto tilt = sim::make_tilt(scenario, option, share);
  const sim::RunOptions options{.draws = draws, .seed = 5, .threads = 2};
  const auto weighted = sim::summarize(scenario, tilt, sim::run_weighted(scenario, tilt, options));
  const auto plain = sim::summarize(scenario, sim::run(scenario, options).tally);
  const auto& own = plain.options[option];
  CHECK(agree(weighted.p_threshold, *own.p_threshold, k));
  REQUIRE(weighted.p_share_lines.size() == own.p_share_lines.size());
  for (std::size_t i = 0; i < own.p_share_lines.size(); ++i) {
    INFO("share line " << scenario.questions.share_lines[i]);
    CHECK(agree(weighted.p_share_lines[i], own.p_share_lines[i], k));
  }
  for (std::size_t s = 1; s <= weighted.p_seats_at_least.size(); ++s) {
    INFO("seats >= " << s);
    CHECK(agree(weighted.p_seats_at_least[s - 1], at_least(plain, option, static_cast<int>(s)), k));
  }
  for (const auto& line : weighted.majority_lines) {
    int seats = 0;
    for (const auto& m : scenario.questions.majority_lines) {
      if (m.name == line.line) seats = m.seats;
    }
    INFO(line.party << " reaches " << line.line);
    CHECK(agree(line.p, at_least(plain, option_index(scenario, line.party), seats), k));
  }
}

}  // namespace

TEST_CASE("Importance sampling agrees with plain Monte Carlo within 3 standard errors") {
  // The default Kazakhstan scenario: Baytaq, at 2.3%, passes 5% about one time in eight, often
  // enough for plain Monte Carlo to check every estimate, seats and other parties' lines included.
  check_rare_agrees_with_run(scenario::load_file_or_default(""), "baytaq", 0.05, 300'000, 3);
}

TEST_CASE("rare and run agree within 4 SE on every threshold base, random invalid share included") {
  // The case that found rare ignoring the invalid share: a ballots base with invalid_sd > 0.
  const std::vector<std::vector<std::string>> cases = {
      {"tiers.list.threshold_base=party_votes"},
      {"tiers.list.threshold_base=valid"},
      {"tiers.list.threshold_base=ballots", "model.invalid_share=0.3"},
      {"tiers.list.threshold_base=ballots", "model.invalid_share=0.3", "model.invalid_sd=1.5"},
      {"tiers.list.threshold_base=valid", "model.invalid_share=0.3", "model.invalid_sd=1.5"}};
  for (auto overrides : cases) {
    overrides.push_back("report.share_lines=[0.04, 0.05, 0.07]");
    const auto scenario = scenario::load_file_or_default("", overrides);
    INFO(overrides[0] << (overrides.size() > 2 ? " " + overrides[1] : "")
                      << (overrides.size() > 3 ? " " + overrides[2] : ""));
    check_rare_agrees_with_run(scenario, "jsdp", 0.05, 100'000, 4);
  }
}

TEST_CASE("Weighted runs give the same bits on any number of threads") {
  const auto scenario = load("bench/reference.toml");
  const auto tilt = sim::make_tilt(scenario, option_index(scenario, "p7"), 0.05);
  const auto one = sim::run_weighted(scenario, tilt, {.draws = 20'000, .seed = 3, .threads = 1});
  const auto three = sim::run_weighted(scenario, tilt, {.draws = 20'000, .seed = 3, .threads = 3});
  CHECK(one.all.w == three.all.w);
  CHECK(one.all.w2 == three.all.w2);
  for (std::size_t i = 0; i < one.total_histogram.size(); ++i) {
    CHECK(one.total_histogram[i].w == three.total_histogram[i].w);
    CHECK(one.total_histogram[i].w2 == three.total_histogram[i].w2);
  }
}
