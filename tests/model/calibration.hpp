#pragma once
// Simulation-based calibration of the poll forecast (Talts et al., "Validating Bayesian inference
// algorithms with simulation-based calibration", arXiv:1804.06788, 2018; Cook, Gelman & Rubin,
// JCGS 15(3), 2006): draw a true result from the prior, simulate a poll from it, aggregate the
// poll and draw the forecast from the model, and count how often the forecast's central intervals
// contain the truth and how its threshold probabilities match what happened. A calibrated
// forecast covers at the nominal rates. Shared by tests/model/calibration_test.cpp (a small
// version) and bench/calibration_bench.cpp (many replications).
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <vector>

#include "engine/model/national_model.hpp"
#include "engine/model/polls.hpp"

namespace seatsim::validation {

inline constexpr std::array<double, 3> kLevels = {0.5, 0.8, 0.95};

// A Kazakh-like field: one large party, several near the 5% threshold; and a systematic error of
// sd 0.06 on the large party's log share and 0.3 on the others'.
inline const std::vector<double> kFieldPrior = {0.55, 0.11, 0.09, 0.08, 0.07, 0.05, 0.03, 0.02};
inline const std::vector<double> kFieldErrorSd = {0.06, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3};

struct CalibrationSetup {
  model::DrawModel kind = model::DrawModel::dirichlet;
  std::vector<double> prior;  // the prior mean; the truth is drawn from Dirichlet(prior_n prior)
  double prior_n = 0.0;
  double poll_n = 0.0;  // respondents in the one poll
  // Systematic polling error: the poll samples from softmax(log truth + e), e_k ~ N(0, sd_k^2),
  // and the logistic-normal and Student-t forecasts are told the same sd (empty: none); the
  // Dirichlet has no such term, and ignores it.
  std::vector<double> error_sd = {};
  double df = 0.0;  // the Student-t forecast's degrees of freedom
  double threshold = 0.05;
  int forecast_draws = 2000;
};

struct CalibrationResult {
  int replications = 0;
  std::vector<std::array<int, kLevels.size()>> covered;  // [option][level]: truth in interval
  // Threshold events, share >= threshold, over every (replication, option):
  double events = 0.0;        // count
  double forecast_sum = 0.0;  // sum of forecast probabilities p
  double variance_sum = 0.0;  // sum of p (1 - p): the variance of the hits if calibrated
  double hits = 0.0;          // events that happened
  double brier_sum = 0.0;     // sum of (p - outcome)^2
  // Sum over replications of the square of (its events that happened - its sum of p).
  double discrepancy_square_sum = 0.0;
};

inline CalibrationResult simulate_calibration(const CalibrationSetup& setup, int replications,
                                              std::uint64_t seed) {
  const std::size_t options = setup.prior.size();
  CalibrationResult result;
  result.replications = replications;
  result.covered.assign(options, {});
  model::DirichletModel truth_model({.mean = setup.prior, .n_eff = setup.prior_n});
  rng::NormalDistribution normal;
  std::vector<double> truth(options);
  std::vector<double> sampled(options);
  std::vector<std::vector<double>> forecast(options, std::vector<double>(setup.forecast_draws));
  std::vector<double> shares(options);
  for (int r = 0; r < replications; ++r) {
    // Each replication's truth, poll and forecast draw from their own streams.
    const auto block = static_cast<std::uint64_t>(r);
    auto truth_engine = rng::make_stream(seed, block, rng::Purpose::model_setup);
    auto poll_engine = rng::make_stream(seed, block, rng::Purpose::tie_lots);
    auto forecast_engine = rng::make_stream(seed, block, rng::Purpose::national_vote);
    truth_model.draw(truth_engine, truth);

    // The population the poll samples: the truth, moved by the systematic error.
    double total = 0.0;
    for (std::size_t k = 0; k < options; ++k) {
      const double e = setup.error_sd.empty() ? 0.0 : setup.error_sd[k] * normal(poll_engine);
      sampled[k] = truth[k] * std::exp(e);
      total += sampled[k];
    }
    std::vector<double> cumulative(options);
    std::partial_sum(sampled.begin(), sampled.end(), cumulative.begin());
    std::vector<double> counts(options);
    for (int i = 0; i < static_cast<int>(setup.poll_n); ++i) {
      const double u = rng::uniform01(poll_engine) * total;
      const auto k = static_cast<std::size_t>(
          std::upper_bound(cumulative.begin(), cumulative.end() - 1, u) - cumulative.begin());
      counts[k] += 1.0;
    }
    model::PollSpec polls{.polls = {},
                          .election_day = 0,
                          .half_life_days = 1e5,
                          .sample_cap = 1e9,
                          .design_effect = 1.0,
                          .prior = setup.prior,
                          .prior_n = setup.prior_n,
                          .house_effects = model::HouseEffects::none,
                          .given_effects = {}};
    model::Poll poll{.pollster = "sim",
                     .fieldwork_start = 0,
                     .fieldwork_end = 0,
                     .sample_size = setup.poll_n,
                     .shares = {},
                     .undecided = 0.0};
    for (const double c : counts) poll.shares.emplace_back(c / setup.poll_n);
    polls.polls.push_back(poll);
    const auto aggregate = model::aggregate_polls(polls);

    // As the scenario loader does: the logistic models centre on the posterior given the poll.
    const bool logistic = setup.kind != model::DrawModel::dirichlet;
    model::NationalModel forecast_model(
        {.kind = setup.kind,
         .mean = aggregate.mean,
         .n_eff = aggregate.n_eff,
         .prior_alpha = logistic ? model::prior_alpha(polls) : std::vector<double>{},
         .error_sd = setup.error_sd,
         .df = setup.df});
    for (int d = 0; d < setup.forecast_draws; ++d) {
      forecast_model.draw(forecast_engine, shares);
      for (std::size_t k = 0; k < options; ++k) forecast[k][d] = shares[k];
    }
    double discrepancy = 0.0;  // this replication's events that happened, less their forecast
    for (std::size_t k = 0; k < options; ++k) {
      auto& draws = forecast[k];
      const double p =
          static_cast<double>(std::count_if(draws.begin(), draws.end(),
                                            [&](double s) { return s >= setup.threshold; })) /
          setup.forecast_draws;
      const double outcome = truth[k] >= setup.threshold ? 1.0 : 0.0;
      result.events += 1.0;
      result.forecast_sum += p;
      result.variance_sum += p * (1.0 - p);
      result.hits += outcome;
      result.brier_sum += (p - outcome) * (p - outcome);
      discrepancy += outcome - p;
      std::sort(draws.begin(), draws.end());
      for (std::size_t level = 0; level < kLevels.size(); ++level) {
        const double tail = 0.5 * (1.0 - kLevels[level]);
        const auto at = [&](double q) {
          return draws[static_cast<std::size_t>(q * (setup.forecast_draws - 1) + 0.5)];
        };
        result.covered[k][level] += at(tail) <= truth[k] && truth[k] <= at(1.0 - tail);
      }
    }
    result.discrepancy_square_sum += discrepancy * discrepancy;
  }
  return result;
}

// How far the threshold events that happened are from their forecast, in standard errors. The
// replications are independent, and if the forecast is calibrated each one's discrepancy (events
// that happened less the sum of their p) has mean 0, so the sum over replications has variance
// estimated by the sum of their squares; the options of one replication need not be independent.
inline double threshold_z(const CalibrationResult& result) {
  return (result.hits - result.forecast_sum) / std::sqrt(result.discrepancy_square_sum);
}

}  // namespace seatsim::validation
