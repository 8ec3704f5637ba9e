#include "engine/model/logistic_normal.hpp"

#include <Eigen/Cholesky>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "engine/model/national_model.hpp"

using namespace seatsim;

namespace {

constexpr int kDraws = 200'000;

double logistic(double y) {
  return 1.0 / (1.0 + std::exp(-y));
}

// Two options: y = log(s0 / s1) is normal (or Student-t) with the model's location and scale, so
// P(s0 >= c) = P(y >= logit c) is a closed form, and E[s0] = E[logistic(y)] a one-dimensional
// integral, done here by adaptive Gauss-Kronrod quadrature.
template <class Distribution>
void check_two_options(model::LogisticNormalModel& model, const Distribution& y, double location,
                       double scale, std::uint64_t seed) {
  auto engine = rng::make_stream(seed, 0, rng::Purpose::national_vote);
  std::vector<double> shares(2);
  double sum = 0.0;
  double sum_sq = 0.0;
  int above = 0;
  constexpr double kLine = 0.3;
  for (int i = 0; i < kDraws; ++i) {
    model.draw(engine, shares);
    REQUIRE(shares[0] + shares[1] == Approx(1.0).epsilon(1e-12));
    sum += shares[0];
    sum_sq += shares[0] * shares[0];
    above += shares[0] >= kLine;
  }
  const double p = boost::math::cdf(
      boost::math::complement(y, (std::log(kLine / (1 - kLine)) - location) / scale));
  CHECK(std::abs(above / double(kDraws) - p) <= 4 * std::sqrt(p * (1 - p) / kDraws));
  const auto moment = [&](int power) {
    return boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
        [&](double t) {
          return std::pow(logistic(location + scale * t), power) * boost::math::pdf(y, t);
        },
        -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity());
  };
  const double mean = moment(1);
  const double variance = moment(2) - mean * mean;
  CHECK(std::abs(sum / kDraws - mean) <= 4 * std::sqrt(variance / kDraws));
  // The sample second moment's SE is at most sqrt(E[s^4] / n), and s^4 <= s^2.
  CHECK(std::abs(sum_sq / kDraws - moment(2)) <= 4 * std::sqrt(moment(2) / kDraws));
}

}  // namespace

TEST_CASE(
    "logistic-normal, two options: tail and moments match the normal closed form and "
    "numerical integration") {
  model::LogisticNormalModel model({.mean = {0.4, 0.6},
                                    .n_eff = 50,
                                    .error_sd = {0.2, 0.1},
                                    .error_correlation = 0.5,
                                    .drift_sd = 0.3,
                                    .drift_days = 73});
  // Var y = trigamma(20) + trigamma(30) + (0.2^2 + 0.1^2 - 2 * 0.5 * 0.2 * 0.1), plus each log
  // share's drift, 0.3^2 * 73 / 365 = 0.018, twice.
  const double variance = model.scale()(0, 0);
  CHECK(variance ==
        Approx(boost::math::trigamma(20.0) + boost::math::trigamma(30.0) + 0.03 + 2 * 0.018));
  check_two_options(model, boost::math::normal(), model.location()(0), std::sqrt(variance), 21);
}

TEST_CASE(
    "Student-t, two options: tail and moments match the t closed form and numerical "
    "integration") {
  model::LogisticNormalModel model(
      {.mean = {0.1, 0.9}, .n_eff = 30, .error_sd = {0.4, 0.1}, .df = 4});
  check_two_options(model, boost::math::students_t(4), model.location()(0),
                    std::sqrt(model.scale()(0, 0)), 22);
}

TEST_CASE(
    "logistic-normal, five options: log-ratio means and covariances match the Cholesky "
    "input within 4 standard errors") {
  const std::vector<double> mean = {0.45, 0.25, 0.15, 0.1, 0.05};
  model::LogisticNormalModel model({.mean = mean,
                                    .n_eff = 200,
                                    .error_sd = {0.05, 0.2, 0.2, 0.3, 0.3},
                                    .error_correlation = -0.2,
                                    .drift_sd = 0.1,
                                    .drift_days = 100});
  const Eigen::MatrixXd sigma = model.scale();
  auto engine = rng::make_stream(23, 0, rng::Purpose::national_vote);
  std::vector<double> shares(5);
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(4);
  Eigen::MatrixXd cross = Eigen::MatrixXd::Zero(4, 4);
  Eigen::VectorXd y(4);
  for (int i = 0; i < kDraws; ++i) {
    model.draw(engine, shares);
    for (int k = 0; k < 4; ++k) y(k) = std::log(shares[k] / shares[4]) - model.location()(k);
    sum += y;
    cross += y * y.transpose();
  }
  for (int k = 0; k < 4; ++k) {
    CHECK(std::abs(sum(k) / kDraws) <= 4 * std::sqrt(sigma(k, k) / kDraws));
    for (int l = 0; l < 4; ++l) {
      CAPTURE(k, l);
      // For a normal vector, Var(y_k y_l) = s_kk s_ll + s_kl^2.
      const double se = std::sqrt((sigma(k, k) * sigma(l, l) + sigma(k, l) * sigma(k, l)) / kDraws);
      CHECK(std::abs(cross(k, l) / kDraws - sigma(k, l)) <= 4 * se);
    }
  }
}

TEST_CASE("with polls and a prior, the location and covariance are the normal posterior") {
  // Two options: y is one log-ratio, so the posterior is the one-dimensional normal update. The
  // prior Dirichlet(8, 12) has precision p0 = 1 / (trigamma(8) + trigamma(12)); the conjugate
  // posterior Dirichlet(8 + 120, 12 + 60), p1 likewise; the polls add p1 - p0, which an error of
  // variance v = 0.3^2 + 0.1^2 widens to 1 / (1 / (p1 - p0) + v).
  const model::LogisticNormalSpec spec{.mean = {128.0 / 200, 72.0 / 200},
                                       .n_eff = 200,
                                       .prior_alpha = {8, 12},
                                       .error_sd = {0.3, 0.1}};
  const auto moments = [](double a, double b) {
    const double variance = boost::math::trigamma(a) + boost::math::trigamma(b);
    return std::pair{boost::math::digamma(a) - boost::math::digamma(b), 1.0 / variance};
  };
  const auto [m0, p0] = moments(8, 12);
  const auto [m1, p1] = moments(128, 72);
  const double polls = 1.0 / (1.0 / (p1 - p0) + 0.3 * 0.3 + 0.1 * 0.1);
  const double polls_mean = (p1 * m1 - p0 * m0) / (p1 - p0);
  const double precision = p0 + polls;
  const auto posterior = model::log_ratio_posterior(spec);
  CHECK(posterior.covariance(0, 0) == Approx(1.0 / precision).epsilon(1e-12));
  CHECK(posterior.location(0) == Approx((p0 * m0 + polls * polls_mean) / precision).epsilon(1e-12));
  // Between the prior and the polls: the error shrinks the polls towards the prior.
  CHECK(m0 < posterior.location(0));
  CHECK(posterior.location(0) < m1);

  // Without error it is the conjugate posterior's moments; with an error that swamps the polls,
  // the prior's; with a flat prior, the conjugate moments plus the error.
  auto exact = spec;
  exact.error_sd = {};
  CHECK(model::log_ratio_posterior(exact).location(0) == Approx(m1).epsilon(1e-12));
  CHECK(model::log_ratio_posterior(exact).covariance(0, 0) == Approx(1 / p1).epsilon(1e-12));
  auto swamped = spec;
  swamped.error_sd = {1e4, 0.0};
  CHECK(model::log_ratio_posterior(swamped).location(0) == Approx(m0).epsilon(1e-6));
  CHECK(model::log_ratio_posterior(swamped).covariance(0, 0) == Approx(1 / p0).epsilon(1e-6));
  auto flat = spec;
  flat.prior_alpha = {};
  CHECK(model::log_ratio_posterior(flat).location(0) == Approx(m1).epsilon(1e-12));
  CHECK(model::log_ratio_posterior(flat).covariance(0, 0) ==
        Approx(1 / p1 + 0.3 * 0.3 + 0.1 * 0.1).epsilon(1e-12));
}

TEST_CASE("polls that report none for two options give a finite posterior") {
  // No respondent chose option 1 or 2 (the reference): the polls' information Lp = P1 - P0 is
  // then singular, which the information form allows without inverting it.
  const std::vector<double> prior = {10, 6, 4};
  const double n_eff = 320;
  model::LogisticNormalSpec spec{.mean = {310 / n_eff, 6 / n_eff, 4 / n_eff},
                                 .n_eff = n_eff,
                                 .prior_alpha = prior,
                                 .error_sd = {0.2, 0.2, 0.2}};
  const auto posterior = model::log_ratio_posterior(spec);
  CHECK(posterior.location.allFinite());
  CHECK(posterior.covariance.llt().info() == Eigen::Success);
  // Without error it is still the conjugate posterior Dirichlet(310, 6, 4).
  spec.error_sd = {};
  const auto exact = model::log_ratio_posterior(spec);
  CHECK(exact.location(0) ==
        Approx(boost::math::digamma(310.0) - boost::math::digamma(4.0)).epsilon(1e-9));
  CHECK(exact.location(1) ==
        Approx(boost::math::digamma(6.0) - boost::math::digamma(4.0)).epsilon(1e-9).margin(1e-9));
}

TEST_CASE("without error terms the logistic-normal approximates the Dirichlet it is matched to") {
  // Aitchison & Shen (1980): matched log-ratio moments; at n_eff = 400 the share means agree with
  // the Dirichlet's (the mean vector) to well under a tenth of a point.
  const std::vector<double> mean = {0.539, 0.110, 0.086, 0.084, 0.068, 0.052, 0.023, 0.038};
  model::LogisticNormalModel model({.mean = mean, .n_eff = 400});
  auto engine = rng::make_stream(24, 0, rng::Purpose::national_vote);
  std::vector<double> shares(mean.size());
  std::vector<double> sum(mean.size());
  for (int i = 0; i < kDraws; ++i) {
    model.draw(engine, shares);
    for (std::size_t k = 0; k < mean.size(); ++k) sum[k] += shares[k];
  }
  for (std::size_t k = 0; k < mean.size(); ++k) {
    CAPTURE(k);
    CHECK(sum[k] / kDraws == Approx(mean[k]).margin(0.001));
  }
}

TEST_CASE("the undecided split by a Dirichlet keeps the mean and adds the split's variance") {
  const std::vector<double> mean = {0.6, 0.3, 0.1};
  const double u = 0.25;
  const double c = 20;
  model::NationalModel national({.kind = model::DrawModel::dirichlet,
                                 .mean = mean,
                                 .n_eff = 1e9,  // the decided vote pinned at the mean
                                 .undecided_split = model::UndecidedSplit::dirichlet,
                                 .undecided = u,
                                 .undecided_concentration = c});
  auto engine = rng::make_stream(25, 0, rng::Purpose::national_vote);
  std::vector<double> shares(3);
  double sum = 0.0;
  double sum_sq = 0.0;
  for (int i = 0; i < kDraws; ++i) {
    national.draw(engine, shares);
    sum += shares[2];
    sum_sq += shares[2] * shares[2];
  }
  // s = (1 - u) m + u D, D ~ Beta(c m, c (1 - m)): Var s = u^2 m (1 - m) / (c + 1).
  const double variance = u * u * 0.1 * 0.9 / (c + 1);
  CHECK(std::abs(sum / kDraws - 0.1) <= 4 * std::sqrt(variance / kDraws));
  const double sample_variance = sum_sq / kDraws - (sum / kDraws) * (sum / kDraws);
  CHECK(sample_variance == Approx(variance).epsilon(0.02));
}

TEST_CASE(
    "the undecided split of a logistic-normal centres on the posterior's centre, like its draws, "
    "not on the conjugate aggregate") {
  // Large errors shrink the polls' 0.6 / 0.3 / 0.1 towards the prior's 0.2 / 0.4 / 0.4.
  const model::VoteSpec spec{.kind = model::DrawModel::logistic_normal,
                             .mean = {0.6, 0.3, 0.1},
                             .n_eff = 1000,
                             .prior_alpha = {4, 8, 8},
                             .error_sd = {0.5, 0.5, 0.5},
                             .undecided_split = model::UndecidedSplit::dirichlet,
                             .undecided = 0.999,
                             .undecided_concentration = 1e6};
  const auto centre = model::centre_shares(model::logistic_normal_spec(spec));
  REQUIRE(std::abs(centre[2] - spec.mean[2]) > 0.02);
  model::NationalModel national(spec);
  auto engine = rng::make_stream(27, 0, rng::Purpose::national_vote);
  std::vector<double> shares(3);
  double sum = 0.0;
  for (int i = 0; i < kDraws; ++i) {
    national.draw(engine, shares);
    sum += shares[2];
  }
  // shares = 0.001 draw + 0.999 Dirichlet(1e6 centre): the mean is within 0.001 of the centre,
  // and a draw's sd is below sqrt(m (1 - m) / 1e6) + 0.001.
  const double sd = std::sqrt(centre[2] * (1 - centre[2]) / 1e6) + 0.001;
  CHECK(std::abs(sum / kDraws - centre[2]) <= 0.001 + 4 * sd / std::sqrt(kDraws));
}

TEST_CASE("the invalid share is logit-normal around its median") {
  model::InvalidShareModel invalid(0.03, 0.5);
  auto engine = rng::make_stream(26, 0, rng::Purpose::invalid_ballots);
  int below = 0;
  for (int i = 0; i < kDraws; ++i) below += invalid.draw(engine) < 0.03;
  CHECK(std::abs(below / double(kDraws) - 0.5) <= 4 * std::sqrt(0.25 / kDraws));
  model::InvalidShareModel fixed(0.03, 0.0);
  CHECK(fixed.draw(engine) == 0.03);
}
