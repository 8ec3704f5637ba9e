#include "engine/model/national_model.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace seatsim::model {

LogisticNormalSpec logistic_normal_spec(const VoteSpec& spec) {
  return {
      .mean = spec.mean,
      .n_eff = spec.n_eff,
      .prior_alpha = spec.prior_alpha,
      .error_sd = spec.error_sd,
      .error_correlation = spec.error_correlation,
      .drift_sd = spec.drift_sd,
      .drift_days = spec.drift_days,
      .df = spec.kind == DrawModel::student_t ? spec.df : 0.0,
  };
}

NationalModel::NationalModel(const VoteSpec& spec)
    : undecided_share_(spec.undecided_split == UndecidedSplit::dirichlet ? spec.undecided : 0.0),
      undecided_draw_(spec.mean.size()) {
  if (spec.kind == DrawModel::dirichlet) {
    dirichlet_.emplace(DirichletSpec{.mean = spec.mean, .n_eff = spec.n_eff});
  } else if (logistic(spec.kind)) {
    logistic_normal_.emplace(logistic_normal_spec(spec));
  } else {
    fixed_ = spec.mean;
  }
  // The undecided split centres where the decided vote's draw does: the conjugate mean for the
  // Dirichlet (and the fixed shares), the posterior's centre for the logistic models, so that it
  // moves no share away from the model's estimate.
  if (undecided_share_ > 0.0) {
    undecided_.emplace(DirichletSpec{
        .mean = logistic_normal_ ? centre_shares(logistic_normal_spec(spec)) : spec.mean,
        .n_eff = spec.undecided_concentration});
  }
}

void NationalModel::draw(rng::Rng& engine, std::span<double> national) {
  if (dirichlet_) {
    dirichlet_->draw(engine, national);
  } else if (logistic_normal_) {
    logistic_normal_->draw(engine, national);
  } else {
    std::copy(fixed_.begin(), fixed_.end(), national.begin());
  }
  if (!undecided_) return;
  undecided_->draw(engine, undecided_draw_);
  for (std::size_t k = 0; k < national.size(); ++k) {
    national[k] = (1.0 - undecided_share_) * national[k] + undecided_share_ * undecided_draw_[k];
  }
}

InvalidShareModel::InvalidShareModel(double share, double sd)
    : share_(share), logit_(std::log(share / (1.0 - share))), sd_(sd) {
  assert(sd == 0.0 || (share > 0.0 && share < 1.0));
}

double InvalidShareModel::draw(rng::Rng& engine) {
  if (sd_ <= 0.0) return share_;
  return 1.0 / (1.0 + std::exp(-(logit_ + sd_ * normal_(engine))));
}

}  // namespace seatsim::model
