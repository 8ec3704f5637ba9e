// Simulation-based calibration of the poll forecast at scale (tests/model/calibration_test.cpp
// runs a small version): for each draw model, many replications of truth -> poll -> forecast, and
// the coverage of the 50/80/95% intervals and the threshold events, with binomial standard errors.
//
//   build/bench/seatsim_calibration_bench [REPLICATIONS (default 1000)] [SEED (default 1)]
//                                         [POLL_N (default 800)] [PRIOR_N (default 40)]
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "tests/model/calibration.hpp"

using namespace seatsim;

namespace {

void report(std::string_view name, const validation::CalibrationResult& result) {
  const std::size_t options = result.covered.size();
  fmt::print("{} ({} replications x {} options)\n", name, result.replications, options);
  for (std::size_t level = 0; level < validation::kLevels.size(); ++level) {
    const double q = validation::kLevels[level];
    std::string per_option;
    int all = 0;
    for (std::size_t k = 0; k < options; ++k) {
      per_option += fmt::format(" {:5.1f}", 100.0 * result.covered[k][level] / result.replications);
      all += result.covered[k][level];
    }
    const double trials = static_cast<double>(result.replications * options);
    fmt::print("  {:>2.0f}% interval: covered {:5.1f}% ± {:.1f} (binomial SE), per option{}\n",
               100 * q, 100.0 * all / trials, 100.0 * std::sqrt(q * (1 - q) / trials), per_option);
  }
  // z: the SE as if the events were independent, sqrt(sum p (1 - p)); by replication: the SE that
  // allows for the options of one replication being dependent (validation::threshold_z).
  const double z = (result.hits - result.forecast_sum) / std::sqrt(result.variance_sum);
  fmt::print(
      "  threshold events: forecast {:.1f}, happened {:.0f} of {:.0f} (z = {:+.2f}; by replication "
      "{:+.2f}), Brier score {:.4f}\n",
      result.forecast_sum, result.hits, result.events, z, validation::threshold_z(result),
      result.brier_sum / result.events);
}

}  // namespace

int main(int argc, char** argv) {
  const int replications = argc > 1 ? std::atoi(argv[1]) : 1000;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  const double poll_n = argc > 3 ? std::atof(argv[3]) : 800.0;
  const double prior_n = argc > 4 ? std::atof(argv[4]) : 40.0;
  if (replications < 1 || !(poll_n >= 1.0) || !(prior_n > 0.0)) {
    fmt::print(stderr, "usage: {} [REPLICATIONS >= 1] [SEED] [POLL_N >= 1] [PRIOR_N > 0]\n",
               argv[0]);
    return 2;
  }
  const auto& prior = validation::kFieldPrior;
  const auto& error_sd = validation::kFieldErrorSd;
  fmt::print(
      "simulation-based calibration: truth ~ Dirichlet({} x prior), one poll of {}, seed {}\n\n",
      prior_n, poll_n, seed);
  report("dirichlet, no systematic error (exact conjugate posterior)",
         validation::simulate_calibration({.kind = model::DrawModel::dirichlet,
                                           .prior = prior,
                                           .prior_n = prior_n,
                                           .poll_n = poll_n},
                                          replications, seed));
  report("logistic-normal, no systematic error",
         validation::simulate_calibration({.kind = model::DrawModel::logistic_normal,
                                           .prior = prior,
                                           .prior_n = prior_n,
                                           .poll_n = poll_n},
                                          replications, seed));
  report("logistic-normal, systematic error sd 0.06 (largest) / 0.3 (others) on log shares",
         validation::simulate_calibration({.kind = model::DrawModel::logistic_normal,
                                           .prior = prior,
                                           .prior_n = prior_n,
                                           .poll_n = poll_n,
                                           .error_sd = error_sd},
                                          replications, seed));
  report("dirichlet, ignoring that systematic error (expected to under-cover)",
         validation::simulate_calibration({.kind = model::DrawModel::dirichlet,
                                           .prior = prior,
                                           .prior_n = prior_n,
                                           .poll_n = poll_n,
                                           .error_sd = error_sd},
                                          replications, seed));
  report("student-t df 5, same systematic error (fatter tails than the truth's: over-covers)",
         validation::simulate_calibration({.kind = model::DrawModel::student_t,
                                           .prior = prior,
                                           .prior_n = prior_n,
                                           .poll_n = poll_n,
                                           .error_sd = error_sd,
                                           .df = 5},
                                          replications, seed));
  return 0;
}
