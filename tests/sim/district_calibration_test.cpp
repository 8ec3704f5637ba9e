// The district tier of the default scenario, scenarios/kz-2027.toml, is calibrated so that at the
// 2023 national result the expected district split is close to the real one: Amanat 22 of 29,
// self-nominated 7, other parties 0 (sailaunews.kz 2023-03-22; ElectionGuide has one of the 7 as
// JSDP). This test pins the national vote at the 2023 result and checks that calibration.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "engine/scenario/loader.hpp"
#include "engine/sim/runner.hpp"

using namespace seatsim;

namespace {

struct Expected {
  double mean = 0.0;
  double se = 0.0;  // Monte Carlo standard error of the mean
};

// Mean and standard error of one option's district seats, from the exact histogram.
Expected district_seats(const sim::Tally& tally, std::size_t option) {
  const auto histogram = tally.district_seat_histogram(option);
  double sum = 0.0, sum_sq = 0.0;
  for (std::size_t s = 0; s < histogram.size(); ++s) {
    const auto count = static_cast<double>(histogram[s]);
    sum += count * static_cast<double>(s);
    sum_sq += count * static_cast<double>(s * s);
  }
  const auto n = static_cast<double>(tally.draws);
  const double mean = sum / n;
  const double variance = std::max(0.0, sum_sq / n - mean * mean);
  return {mean, std::sqrt(variance / n)};
}

std::size_t option_index(const sim::Scenario& scenario, const std::string& id) {
  for (std::size_t k = 0; k < scenario.options.size(); ++k) {
    if (scenario.options[k].id == id) return k;
  }
  FAIL("no option " << id << " in the scenario");
  return 0;
}

}  // namespace

TEST_CASE("kz-2027 districts reproduce the 2023 split at the 2023 national result") {
  auto scenario = scenario::load_file(std::string(SEATSIM_SOURCE_DIR) + "/scenarios/kz-2027.toml");
  REQUIRE(scenario.district_tier);
  REQUIRE(scenario.district_tier->districts.size() == 29);
  // Pin the national vote at its mean, the 2023 result: at n_eff = 1e8 each share's sd is below
  // 0.0001, so every draw's swing is ~1 and only the district noise varies.
  scenario.vote.n_eff = 1e8;

  // 200,000 draws take about 0.3 s on two cores; the standard errors come out near 0.004 seats.
  constexpr std::uint64_t kDraws = 200'000;
  const auto result = sim::run(scenario, {.draws = kDraws, .seed = 2023, .threads = 0});
  REQUIRE(result.tally.draws == kDraws);
  const auto& tally = result.tally;

  const auto amanat = district_seats(tally, option_index(scenario, "amanat"));
  const auto self = district_seats(tally, option_index(scenario, "self_nominated"));
  const double others = 29.0 - amanat.mean - self.mean;
  INFO("expected district seats: Amanat " << amanat.mean << " ± " << amanat.se
                                          << ", self-nominated " << self.mean << " ± " << self.se
                                          << ", others " << others);

  // The Monte Carlo error is negligible next to the calibration tolerance below.
  CHECK(amanat.se < 0.01);
  CHECK(self.se < 0.01);

  // Calibration tolerance: ±1.5 seats. The target is a single realised split, not an expectation:
  // at the 2023 result the model's own sd of the self-nominated count is about 1.7 seats, and the
  // split itself is uncertain by one seat (7 self-nominated, or 6 plus 1 JSDP [U]). A calibration
  // that misses by more than 1.5 seats would make the observed 2023 split an unusual outcome.
  // Plus 5 Monte Carlo standard errors, so the check never fails by chance.
  constexpr double kCalibrationTolerance = 1.5;
  CHECK(std::abs(amanat.mean - 22.0) <= kCalibrationTolerance + 5.0 * amanat.se);
  CHECK(std::abs(self.mean - 7.0) <= kCalibrationTolerance + 5.0 * self.se);
  // Other parties won no district in 2023 (at most one, [U]).
  CHECK(others < 0.5);

  // The figures documented in the scenario's comments (21.93 and 7.00, from 1,000,000 draws with
  // seed 1) still hold: within 5 standard errors plus the rounding of the printed values.
  CHECK(std::abs(amanat.mean - 21.93) <= 5.0 * amanat.se + 0.005 + 0.002);
  CHECK(std::abs(self.mean - 7.00) <= 5.0 * self.se + 0.005 + 0.002);
}

TEST_CASE("kz-2027 list tier gives the official 2023 split at the 2023 national result") {
  auto scenario = scenario::load_file(std::string(SEATSIM_SOURCE_DIR) + "/scenarios/kz-2027.toml");
  scenario.vote.n_eff = 1e8;
  const auto result = sim::run(scenario, {.draws = 20'000, .seed = 2023, .threads = 0});
  const auto& tally = result.tally;
  // Official 2023 list seats [V CEC]: Amanat 40, Auyl 8, Respublica 6, QHP 5, Baytaq 0, Ak Zhol 6,
  // JSDP 4. The pinned shares sit within 0.0001 of the result, so almost every draw reproduces it;
  // the Amanat/JSDP remainders (.6493/.8252) are far from the next (.3221), so the mode is exact.
  const std::pair<const char*, std::size_t> official[] = {
      {"amanat", 40}, {"auyl", 8},    {"respublica", 6}, {"qhp", 5},
      {"baytaq", 0},  {"ak_zhol", 6}, {"jsdp", 4}};
  for (const auto& [id, seats] : official) {
    INFO(id);
    const auto k = option_index(scenario, id);
    CHECK(tally.list_seat_histogram(k)[seats] > tally.draws / 2);
  }
}
