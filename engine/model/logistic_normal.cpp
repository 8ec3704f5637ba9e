#include "engine/model/logistic_normal.hpp"

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <algorithm>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <cassert>
#include <cmath>
#include <stdexcept>

namespace seatsim::model {

namespace {

// The log-ratio moments of Dirichlet(alpha) in information form (Aitchison & Shen 1980).
struct Information {
  Eigen::MatrixXd precision;
  Eigen::VectorXd shift;  // precision * mean
};

Information dirichlet_information(const std::vector<double>& alpha) {
  const auto ratios = static_cast<Eigen::Index>(alpha.size()) - 1;
  Eigen::MatrixXd cov =
      Eigen::MatrixXd::Constant(ratios, ratios, boost::math::trigamma(alpha.back()));
  Eigen::VectorXd mean(ratios);
  const double last_digamma = boost::math::digamma(alpha.back());
  for (Eigen::Index k = 0; k < ratios; ++k) {
    cov(k, k) += boost::math::trigamma(alpha[k]);
    mean(k) = boost::math::digamma(alpha[k]) - last_digamma;
  }
  // Positive definite: a positive diagonal plus a positive multiple of 1 1'.
  const Eigen::LLT<Eigen::MatrixXd> llt(cov);
  const Eigen::MatrixXd precision = llt.solve(Eigen::MatrixXd::Identity(ratios, ratios));
  return {precision, precision * mean};
}

// Log-ratios y (against the last option) in shares[0, K - 1), with shares[K - 1] the reference's
// 0, into shares: softmax(y, 0), taken against the largest so that no exp overflows.
void softmax_against_reference(std::span<double> shares) {
  double most = 0.0;
  for (const double y : shares) most = std::max(most, y);
  double total = 0.0;
  for (double& share : shares) {
    share = std::exp(share - most);
    total += share;
  }
  const double inverse = 1.0 / total;
  for (double& share : shares) share *= inverse;
}

}  // namespace

LogRatioNormal log_ratio_posterior(const LogisticNormalSpec& spec) {
  const auto options = static_cast<Eigen::Index>(spec.mean.size());
  assert(options >= 2);
  assert(spec.prior_alpha.empty() || spec.prior_alpha.size() == spec.mean.size());
  const Eigen::Index ratios = options - 1;

  // V: the systematic error and the drift, from log shares to log-ratios.
  Eigen::MatrixXd log_cov = Eigen::MatrixXd::Zero(options, options);
  if (!spec.error_sd.empty()) {
    for (Eigen::Index k = 0; k < options; ++k) {
      for (Eigen::Index l = 0; l < options; ++l) {
        log_cov(k, l) =
            spec.error_sd[k] * spec.error_sd[l] * (k == l ? 1.0 : spec.error_correlation);
      }
    }
  }
  log_cov.diagonal().array() += spec.drift_sd * spec.drift_sd * spec.drift_days / 365.0;
  Eigen::MatrixXd to_ratios = Eigen::MatrixXd::Zero(ratios, options);
  to_ratios.leftCols(ratios).setIdentity();
  to_ratios.col(ratios).setConstant(-1.0);
  const Eigen::MatrixXd error = to_ratios * log_cov * to_ratios.transpose();

  std::vector<double> alpha(spec.mean.size());
  for (std::size_t k = 0; k < alpha.size(); ++k) alpha[k] = spec.n_eff * spec.mean[k];
  const Information conjugate = dirichlet_information(alpha);
  Information prior{Eigen::MatrixXd::Zero(ratios, ratios), Eigen::VectorXd::Zero(ratios)};
  if (!spec.prior_alpha.empty()) prior = dirichlet_information(spec.prior_alpha);

  // The polls' information, widened by the error: (I + Lp V)^-1 (Lp, hp). I + Lp V is invertible,
  // since Lp V, a product of two positive semi-definite matrices, has no negative eigenvalue.
  const Eigen::MatrixXd polls = conjugate.precision - prior.precision;
  const Eigen::PartialPivLU<Eigen::MatrixXd> widen(Eigen::MatrixXd::Identity(ratios, ratios) +
                                                   polls * error);
  Eigen::MatrixXd precision = prior.precision + widen.solve(polls);
  precision = 0.5 * (precision + precision.transpose());  // symmetric up to rounding
  const Eigen::VectorXd shift = prior.shift + widen.solve(conjugate.shift - prior.shift);
  const Eigen::LLT<Eigen::MatrixXd> llt(precision);
  if (llt.info() != Eigen::Success) {
    throw std::invalid_argument("log_ratio_posterior: precision is not positive definite");
  }
  return {llt.solve(shift), llt.solve(Eigen::MatrixXd::Identity(ratios, ratios))};
}

std::vector<double> centre_shares(const LogisticNormalSpec& spec) {
  const Eigen::VectorXd location = log_ratio_posterior(spec).location;
  std::vector<double> shares(spec.mean.size(), 0.0);  // the reference option's log-ratio is 0
  for (Eigen::Index k = 0; k < location.size(); ++k)
    shares[static_cast<std::size_t>(k)] = location(k);
  softmax_against_reference(shares);
  return shares;
}

LogisticNormalModel::LogisticNormalModel(const LogisticNormalSpec& spec) : df_(spec.df) {
  const LogRatioNormal posterior = log_ratio_posterior(spec);
  mu_ = posterior.location;
  // Positive definite, the inverse of a positive definite precision.
  const Eigen::LLT<Eigen::MatrixXd> llt(posterior.covariance);
  if (llt.info() != Eigen::Success) {
    throw std::invalid_argument("LogisticNormalModel: covariance is not positive definite");
  }
  cholesky_ = llt.matrixL();
  z_.resize(mu_.size());
  if (df_ > 0.0) half_chi_square_.emplace(0.5 * df_);
}

void LogisticNormalModel::draw(rng::Rng& engine, std::span<double> national) {
  const Eigen::Index ratios = mu_.size();
  assert(national.size() == static_cast<std::size_t>(ratios + 1));
  for (Eigen::Index k = 0; k < ratios; ++k) z_(k) = normal_(engine);
  // A chi-square(df) is 2 Gamma(df / 2).
  const double scale =
      half_chi_square_ ? std::sqrt(df_ / (2.0 * (*half_chi_square_)(engine))) : 1.0;
  // y = mu + scale L z, then the softmax against the reference option's log-ratio 0. L is lower
  // triangular; the loop skips its zeros.
  for (Eigen::Index k = 0; k < ratios; ++k) {
    double y = 0.0;
    for (Eigen::Index j = 0; j <= k; ++j) y += cholesky_(k, j) * z_(j);
    national[k] = mu_(k) + scale * y;
  }
  national[ratios] = 0.0;
  softmax_against_reference(national);
}

}  // namespace seatsim::model
