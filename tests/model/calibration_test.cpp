// Simulation-based calibration, a small version (bench/calibration_bench runs many more
// replications): the forecast's intervals cover the simulated truth at their nominal rates, and
// its threshold probabilities match how often the threshold was crossed.
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/model/calibration.hpp"

using namespace seatsim;

namespace {

constexpr int kReplications = 300;

void check_calibrated(const validation::CalibrationResult& result) {
  for (std::size_t k = 0; k < result.covered.size(); ++k) {
    for (std::size_t level = 0; level < validation::kLevels.size(); ++level) {
      const double q = validation::kLevels[level];
      const double rate = static_cast<double>(result.covered[k][level]) / result.replications;
      CAPTURE(k, q, rate);
      // Binomial: each replication covers with probability q if the forecast is calibrated.
      CHECK(std::abs(rate - q) <= 4 * std::sqrt(q * (1 - q) / result.replications));
    }
  }
  // The threshold events that happened number sum p if the probabilities are calibrated, within
  // standard errors from the spread of the independent replications' discrepancies.
  CAPTURE(result.hits, result.forecast_sum);
  CHECK(std::abs(validation::threshold_z(result)) <= 4);
}

}  // namespace

TEST_CASE("the Dirichlet forecast from a poll is calibrated (it is the conjugate posterior)") {
  const auto result = validation::simulate_calibration({.kind = model::DrawModel::dirichlet,
                                                        .prior = {0.5, 0.25, 0.12, 0.08, 0.05},
                                                        .prior_n = 40,
                                                        .poll_n = 400},
                                                       kReplications, 31);
  check_calibrated(result);
}

// The field of bench/calibration_bench, where a blend that weighs the poll by its sample size
// alone forecast too few threshold crossings (z about +5 here; docs/polls-and-models.md).
TEST_CASE("the logistic-normal forecast with systematic poll error is calibrated") {
  const auto result = validation::simulate_calibration({.kind = model::DrawModel::logistic_normal,
                                                        .prior = validation::kFieldPrior,
                                                        .prior_n = 40,
                                                        .poll_n = 800,
                                                        .error_sd = validation::kFieldErrorSd},
                                                       kReplications, 32);
  check_calibrated(result);
}
