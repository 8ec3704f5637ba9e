#pragma once
// Logistic-normal and multivariate Student-t draws of national shares, in additive log-ratio (ALR)
// space (Aitchison, The Statistical Analysis of Compositional Data, 1986, ch. 6): with K options,
// y_k = log(share_k / share_K) for k < K, y ~ mu + L z, shares = softmax(y, 0).
//
// The covariance of y is the sum of three terms:
//  - sampling: the Dirichlet(n_eff * mean) log-ratio moments, mu_k = digamma(a_k) - digamma(a_K)
//    and Cov = diag(trigamma(a_k)) + trigamma(a_K), a = n_eff * mean, so that without the other two
//    terms the model is the logistic-normal approximation of the Dirichlet (Aitchison & Shen,
//    Biometrika 67(2), 1980);
//  - systematic polling error shared by every option, e ~ N(0, S) on log shares, with per-option
//    sd and one correlation between any two options: S_kl = sd_k sd_l (k == l ? 1 : rho);
//  - drift, a random walk on each log share: variance drift_sd^2 * days / 365 each, independent.
// The last two are on log shares; y = A log(shares) with A = [I, -1], so they enter as A S A'.
// L is their Cholesky factor, computed once (Eigen LLT).
//
// Student-t: y = mu + L z sqrt(df / W), W ~ chi-square(df), one W per draw (a scale mixture of
// normals; Kotz & Nadarajah, Multivariate t Distributions, 2004, §1.2). The covariance is then
// df / (df - 2) times that of the logistic-normal: L is the scale, not the covariance.
#include <optional>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "engine/rng/distributions.hpp"
#include "engine/rng/stream.hpp"

namespace seatsim::model {

struct LogisticNormalSpec {
  std::vector<double> mean;           // per list-ballot option, sums to 1
  double n_eff = 0.0;                 // the sampling term's concentration
  std::vector<double> error_sd = {};  // per option, sd of the systematic error on log shares
  double error_correlation = 0.0;     // between any two options' errors, in [-1/(K-1), 1]
  double drift_sd = 0.0;              // sd of each log share's drift over 365 days
  double drift_days = 0.0;            // days from the polls (or forecast date) to the election
  double df = 0.0;                    // Student-t degrees of freedom; 0 for the logistic-normal
};

class LogisticNormalModel {
 public:
  explicit LogisticNormalModel(const LogisticNormalSpec& spec);

  // Draws national shares into `national`, without allocating.
  void draw(rng::Rng& engine, std::span<double> national);

  const Eigen::VectorXd& location() const { return mu_; }
  // The covariance of y for the logistic-normal (the scale matrix for the Student-t).
  Eigen::MatrixXd scale() const { return cholesky_ * cholesky_.transpose(); }

 private:
  Eigen::VectorXd mu_;
  Eigen::MatrixXd cholesky_;  // lower triangular
  Eigen::VectorXd z_;         // scratch: one standard normal per log-ratio
  double df_ = 0.0;
  rng::NormalDistribution normal_;
  std::optional<rng::GammaDistribution> half_chi_square_;  // Gamma(df / 2); none for normal
};

}  // namespace seatsim::model
