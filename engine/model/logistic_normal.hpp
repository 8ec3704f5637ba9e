#pragma once
// Logistic-normal and multivariate Student-t draws of national shares, in additive log-ratio (ALR)
// space (Aitchison, The Statistical Analysis of Compositional Data, 1986, ch. 6): with K options,
// y_k = log(share_k / share_K) for k < K, y ~ mu + L z, shares = softmax(y, 0).
//
// mu and the covariance of y are the normal approximation of the posterior of the result given
// the polls, computed once. Three pieces go into it:
//  - the conjugate posterior, as if the polls had no error: Dirichlet(n_eff * mean), which with
//    n_eff = "polls" is Dirichlet(prior_n prior + N polls). Its log-ratio moments are
//    m_k = digamma(a_k) - digamma(a_K) and C = diag(trigamma(a_k)) + trigamma(a_K), a = n_eff *
//    mean (the logistic-normal approximation of the Dirichlet: Aitchison & Shen, Biometrika 67(2),
//    1980);
//  - the prior, Dirichlet(prior_alpha) with prior_alpha = prior_n prior, by the same moments (none
//    without polls or with prior_n = 0: a flat prior);
//  - the polls' error V: a systematic error e ~ N(0, S) on log shares, shared by every poll, with
//    per-option sd and one correlation between any two options, S_kl = sd_k sd_l (k == l ? 1 :
//    rho), plus the drift from the polls to the election, a random walk on each log share with
//    variance drift_sd^2 * days / 365, independent. Both are on log shares; y = A log(shares)
//    with A = [I, -1], so V = A (S + D) A'. The prior speaks of the result, the polls of the
//    result moved by e and the drift.
// In information form (precision P = C^-1, h = P m), the polls' part of the conjugate posterior is
// what it adds to the prior, Lp = P1 - P0 and hp = h1 - h0 (a Dirichlet's log-ratio covariance
// falls as any a_k grows, so Lp is positive semi-definite). An error N(0, V) common to the polls
// widens that Gaussian likelihood from covariance Lp^-1 to Lp^-1 + V (the linear-Gaussian
// measurement model: Bishop, Pattern Recognition and Machine Learning, 2006, §2.3.3), which in
// information form is Lp' = (I + Lp V)^-1 Lp and hp' = (I + Lp V)^-1 hp, with no inverse of Lp
// (an option no poll reports adds nothing to it). The posterior is the prior plus that:
// P = P0 + Lp', h = h0 + hp', mu = P^-1 h and Cov = P^-1 (Gelman et al., Bayesian Data Analysis,
// 3rd ed., §3.5, the normal model with known variance). So a poll is shrunk towards the prior
// per option, the more the larger that option's error. Without error (V = 0) this is the conjugate
// posterior's moments, as before; with a flat prior it is C1 + V, the conjugate moments plus the
// error (and, without polls, n_eff and mean as stated plus the error and drift).
// L is the Cholesky factor of Cov (Eigen LLT).
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
  std::vector<double> mean;  // per list-ballot option, sums to 1
  double n_eff = 0.0;        // the conjugate posterior's concentration
  // With polls, the prior's Dirichlet parameters prior_n * prior; empty for a flat prior. The
  // conjugate posterior contains the prior: n_eff * mean >= prior_alpha in every option.
  std::vector<double> prior_alpha = {};
  std::vector<double> error_sd = {};  // per option, sd of the systematic error on log shares
  double error_correlation = 0.0;     // between any two options' errors, in [-1/(K-1), 1]
  double drift_sd = 0.0;              // sd of each log share's drift over 365 days
  double drift_days = 0.0;            // days from the polls (or forecast date) to the election
  double df = 0.0;                    // Student-t degrees of freedom; 0 for the logistic-normal
};

// y's location mu and covariance, as above: the normal approximation of the posterior.
struct LogRatioNormal {
  Eigen::VectorXd location;
  Eigen::MatrixXd covariance;
};
LogRatioNormal log_ratio_posterior(const LogisticNormalSpec& spec);
// The shares at that location, softmax(mu, 0): each log-ratio at its median.
std::vector<double> centre_shares(const LogisticNormalSpec& spec);

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
