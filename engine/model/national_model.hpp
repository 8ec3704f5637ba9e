#pragma once
// The national vote: one draw of the list-ballot shares from the scenario's draw model (Dirichlet,
// logistic-normal, Student-t, or the stated shares themselves), with the undecided split among the
// options proportionally or at random, and one draw of the invalid-ballot share.
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/model/logistic_normal.hpp"
#include "engine/model/vote_model.hpp"
#include "engine/rng/distributions.hpp"
#include "engine/rng/stream.hpp"

namespace seatsim::model {

// `fixed` is no draw: every draw's shares are the mean exactly, so that a scenario at an official
// result gives its official seats in every draw (no n_eff, however large, holds a remainder race
// decided by a few hundred votes out of millions in every draw).
enum class DrawModel { dirichlet, logistic_normal, student_t, fixed };

// True for the models drawn in log-ratio space (logistic_normal.hpp).
constexpr bool logistic(DrawModel kind) {
  return kind == DrawModel::logistic_normal || kind == DrawModel::student_t;
}

enum class UndecidedSplit {
  proportional,  // the undecided vote like the decided: the draw's shares stand as they are
  dirichlet,     // the undecided share u splits by its own Dirichlet(c * centre) draw, centred
                 // like the decided draw (the posterior's centre for the logistic models)
};

// The names scenario files use.
constexpr std::string_view to_string(DrawModel kind) {
  switch (kind) {
    case DrawModel::dirichlet: return "dirichlet";
    case DrawModel::logistic_normal: return "logistic-normal";
    case DrawModel::student_t: return "student-t";
    case DrawModel::fixed: return "fixed";
  }
  return "dirichlet";
}
constexpr std::string_view to_string(UndecidedSplit split) {
  return split == UndecidedSplit::dirichlet ? "dirichlet" : "proportional";
}

struct VoteSpec {
  DrawModel kind = DrawModel::dirichlet;
  std::vector<double> mean;  // per list-ballot option, in option order; sums to 1
  double n_eff = 0.0;        // Dirichlet concentration, or the logistic-normal sampling term's;
                             // 0 under DrawModel::fixed
  // Logistic-normal and Student-t only (see logistic_normal.hpp). With polls and prior_n > 0, the
  // prior's Dirichlet parameters prior_n * prior, towards which the posterior shrinks the polls
  // the more the larger their error; empty: a flat prior.
  std::vector<double> prior_alpha = {};
  std::vector<double> error_sd = {};  // empty: no systematic error
  double error_correlation = 0.0;
  double drift_sd = 0.0;
  double drift_days = 0.0;
  double df = 0.0;  // Student-t only
  // With UndecidedSplit::dirichlet, shares = (1 - u) draw + u Dirichlet(c * centre).
  UndecidedSplit undecided_split = UndecidedSplit::proportional;
  double undecided = 0.0;                // u: the polls' undecided share
  double undecided_concentration = 0.0;  // c
};

// The logistic-normal or Student-t part of a VoteSpec.
LogisticNormalSpec logistic_normal_spec(const VoteSpec& spec);

class NationalModel {
 public:
  explicit NationalModel(const VoteSpec& spec);

  // Draws national shares into `national`, without allocating.
  void draw(rng::Rng& engine, std::span<double> national);

 private:
  std::optional<DirichletModel> dirichlet_;
  std::optional<LogisticNormalModel> logistic_normal_;
  std::vector<double> fixed_;  // the shares of every draw, under DrawModel::fixed
  std::optional<DirichletModel> undecided_;
  double undecided_share_ = 0.0;
  std::vector<double> undecided_draw_;  // scratch
};

// The invalid-ballot share of all ballots: logit-normal around `share` (its median) with sd `sd`
// on the logit scale, or exactly `share` when sd is 0.
class InvalidShareModel {
 public:
  InvalidShareModel(double share, double sd);
  double draw(rng::Rng& engine);
  bool random() const { return sd_ > 0.0; }

 private:
  double share_;
  double logit_;
  double sd_;
  rng::NormalDistribution normal_;
};

}  // namespace seatsim::model
