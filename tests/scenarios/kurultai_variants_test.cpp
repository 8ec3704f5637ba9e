// The Kurultai scenarios with Adilet (scenarios/README.md): under the Dirichlet model a party's
// share is Beta(n_eff m, n_eff (1 - m)), so Baytaq's chance of passing 5% is that Beta's tail at
// its own mean share m, whichever way the other parties split. The split variant keeps Baytaq at
// 2.3% and so its odds; the variant with Adilet in Amanat's place raises it to 2.7%.
#include <boost/math/distributions/beta.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "engine/scenario/loader.hpp"
#include "engine/sim/runner.hpp"
#include "engine/sim/summary.hpp"

using namespace seatsim;

namespace {

struct Odds {
  double mean_share = 0.0;
  double p = 0.0;
  double se = 0.0;
};

Odds baytaq_odds(const std::string& file) {
  const auto scenario = scenario::load_file(std::string(SEATSIM_SOURCE_DIR) + "/scenarios/" + file);
  const auto result = sim::run(scenario, {.draws = 200'000, .seed = 3, .threads = 0});
  const auto summary = sim::summarize(scenario, result.tally);
  for (const auto& option : summary.options) {
    if (option.option->id == "baytaq") {
      return {*option.mean_share, option.p_threshold->p, option.p_threshold->se};
    }
  }
  FAIL("no baytaq in " << file);
  return {};
}

double beta_tail(double n_eff, double mean, double line) {
  return boost::math::cdf(boost::math::complement(
      boost::math::beta_distribution<>(n_eff * mean, n_eff * (1 - mean)), line));
}

}  // namespace

TEST_CASE("Baytaq's threshold odds in the Kurultai variants are the Beta tail of its own share") {
  const auto [file, share] =
      GENERATE(std::pair<std::string, double>{"kz-kurultai.toml", 0.0230},
               std::pair<std::string, double>{"kz-kurultai-adilet-split.toml", 0.0230},
               std::pair<std::string, double>{"kz-kurultai-adilet-replaces.toml", 0.0270});
  CAPTURE(file);
  const Odds odds = baytaq_odds(file);
  CHECK(odds.mean_share == Approx(share).margin(4 * std::sqrt(share * (1 - share) / 31 / 200'000)));
  // n_eff = 30 in all three files; the threshold is 5% of the valid vote, of which these are
  // shares.
  CHECK(std::abs(odds.p - beta_tail(30, share, 0.05)) <= 4 * odds.se);
}
