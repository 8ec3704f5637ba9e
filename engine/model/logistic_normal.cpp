#include "engine/model/logistic_normal.hpp"

#include <Eigen/Cholesky>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <cassert>
#include <cmath>
#include <stdexcept>

namespace seatsim::model {

LogisticNormalModel::LogisticNormalModel(const LogisticNormalSpec& spec) : df_(spec.df) {
  const auto options = static_cast<Eigen::Index>(spec.mean.size());
  assert(options >= 2);
  const Eigen::Index ratios = options - 1;
  std::vector<double> alpha(spec.mean.size());
  for (std::size_t k = 0; k < alpha.size(); ++k) alpha[k] = spec.n_eff * spec.mean[k];
  const double last_trigamma = boost::math::trigamma(alpha.back());
  const double last_digamma = boost::math::digamma(alpha.back());

  // Covariance of the log shares from the systematic error and the drift.
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

  Eigen::MatrixXd cov = to_ratios * log_cov * to_ratios.transpose();
  cov.array() += last_trigamma;
  mu_.resize(ratios);
  for (Eigen::Index k = 0; k < ratios; ++k) {
    cov(k, k) += boost::math::trigamma(alpha[k]);
    mu_(k) = boost::math::digamma(alpha[k]) - last_digamma;
  }
  // The sampling term is positive definite and the others positive semi-definite, so the
  // factorisation exists whenever the loader's bounds hold.
  const Eigen::LLT<Eigen::MatrixXd> llt(cov);
  if (llt.info() != Eigen::Success) {
    throw std::invalid_argument("LogisticNormalModel: covariance is not positive definite");
  }
  cholesky_ = llt.matrixL();
  z_.resize(ratios);
  if (df_ > 0.0) half_chi_square_.emplace(0.5 * df_);
}

void LogisticNormalModel::draw(rng::Rng& engine, std::span<double> national) {
  const Eigen::Index ratios = mu_.size();
  assert(national.size() == static_cast<std::size_t>(ratios + 1));
  for (Eigen::Index k = 0; k < ratios; ++k) z_(k) = normal_(engine);
  // A chi-square(df) is 2 Gamma(df / 2).
  const double scale =
      half_chi_square_ ? std::sqrt(df_ / (2.0 * (*half_chi_square_)(engine))) : 1.0;
  // y = mu + scale L z, then the softmax against the reference option's log-ratio 0, taken against
  // the largest so that no exp overflows. L is lower triangular; the loop skips its zeros.
  double most = 0.0;
  for (Eigen::Index k = 0; k < ratios; ++k) {
    double y = 0.0;
    for (Eigen::Index j = 0; j <= k; ++j) y += cholesky_(k, j) * z_(j);
    national[k] = mu_(k) + scale * y;
    most = std::max(most, national[k]);
  }
  national[ratios] = 0.0;
  double total = 0.0;
  for (double& share : national) {
    share = std::exp(share - most);
    total += share;
  }
  const double inverse = 1.0 / total;
  for (double& share : national) share *= inverse;
}

}  // namespace seatsim::model
