#pragma once
// Importance sampling for rare threshold events. Plain Monte Carlo needs about 10^7 draws to give
// an event of probability 10^-3 a 1% relative standard error. Drawing instead from a tilted vote
// model, in which one party's mean share sits at the line it rarely reaches, and weighting each
// draw by the likelihood ratio of the scenario's model to the tilted one, gives an estimator that
// is exact in expectation for every event of the draw (threshold, seats, majorities), with a
// variance that is orders of magnitude smaller for the events the tilt makes common (Owen, "Monte
// Carlo theory, methods and examples", 2013, ch. 9; Asmussen & Glynn, "Stochastic Simulation",
// 2007, ch. VI).
//
// The scenario's national shares are Dirichlet(alpha). The tilt changes one party's parameter,
// alpha_k -> alpha'_k, so that its mean share under the tilt is the line; the others keep theirs.
// The likelihood ratio of two Dirichlet densities that differ in one parameter is
//   r(x) = p(x) / q(x) = [Gamma(A) Gamma(alpha'_k)] / [Gamma(A') Gamma(alpha_k)] x_k^(alpha_k -
//   alpha'_k),
// with A and A' the parameter sums: it depends on the tilted party's share alone. r grows without
// bound as x_k -> 0, and when alpha'_k > 2 alpha_k its square is not integrable, so the estimator
// of an event that includes small shares would have infinite variance. Draws therefore come from
// the defensive mixture m = lambda p + (1 - lambda) q (Hesterberg, "Weighted average importance
// sampling and defensive mixture distributions", Technometrics 37(2), 1995): the weight
// p / m = r / (lambda r + 1 - lambda) is at most 1 / lambda, so every event's estimator has finite
// variance, at most 1 / lambda times plain Monte Carlo's, while the rare events get the tilted
// draws.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/sim/draw.hpp"
#include "engine/sim/scenario.hpp"
#include "engine/sim/summary.hpp"

namespace seatsim::sim {

struct Tilt {
  static constexpr double kDefensive = 0.5;  // lambda: the share of draws from the scenario's model

  int option = 0;                 // the tilted option, an index into scenario.options
  std::size_t list_position = 0;  // its index among the list-ballot options
  double share = 0.0;             // its mean share under the tilted model
  double alpha = 0.0;             // its Dirichlet parameter in the scenario
  double tilted_alpha = 0.0;      // and under the tilt
  double log_ratio_constant = 0;  // log of the Gamma-function ratio in r(x)
  model::DirichletSpec proposal;  // q: the tilted national vote model

  // The weight p / m of a draw with national shares `national`.
  double weight(std::span<const double> national) const;
};

// The tilt that moves option `option`'s mean share to `share` (0 < share < 1). The option must be
// on the list ballot. Throws InputError otherwise.
Tilt make_tilt(const Scenario& scenario, int option, double share);

// Sums of w * 1{event} and of its square, for the estimate and its standard error.
struct WeightedSum {
  double w = 0.0;
  double w2 = 0.0;

  void add(double weight) {
    w += weight;
    w2 += weight * weight;
  }
  void merge(const WeightedSum& other) {
    w += other.w;
    w2 += other.w2;
  }
};

// The weighted counterpart of Tally. Sums of doubles, merged in the runner's fixed block order,
// so the result is still the same on any number of threads.
struct WeightedTally {
  WeightedTally() = default;
  WeightedTally(std::size_t options, std::size_t share_lines, int house_size);
  explicit WeightedTally(const BallotLayout& layout);

  // Counts one draw with its weight, Draw::weight.
  void add(const Draw& draw);
  void merge(const WeightedTally& other);

  // Views per option, in ballot order: the only place the sums' index layout is written.
  std::span<const WeightedSum> share_line_hits_of(std::size_t option) const {
    return std::span(share_line_hits).subspan(option * share_lines, share_lines);
  }
  std::span<const WeightedSum> total_seat_histogram(std::size_t option) const {
    return std::span(total_histogram).subspan(option * (house_size + 1), house_size + 1);
  }

  std::size_t options = 0;
  std::size_t share_lines = 0;
  int house_size = 0;
  std::uint64_t draws = 0;
  WeightedSum all;                           // every draw: the weights' mean estimates 1
  std::vector<WeightedSum> passed;           // [option]: passed the list threshold
  std::vector<WeightedSum> share_line_hits;  // [option * share_lines + line]
  std::vector<WeightedSum> total_histogram;  // [option * (house_size + 1) + seats]
};

// The estimate mean(w * 1{event}) and its standard error, sqrt((mean(w^2 1{event}) - p^2) / n).
Probability estimate(const WeightedSum& sum, std::uint64_t draws);

// The importance-sampling estimates of one run.
struct RareEventSummary {
  std::uint64_t draws = 0;
  Probability mean_weight;                    // should be 1 within its SE: a check of the weights
  double effective_draws = 0.0;               // Kish's effective sample size, (sum w)^2 / sum w^2
  Probability p_threshold;                    // the tilted option passes the list threshold
  std::vector<Probability> p_share_lines;     // the tilted option's share >= each line
  std::vector<Probability> p_seats_at_least;  // [s]: the tilted option wins >= s seats, s >= 1
  struct Line {
    std::string party;  // an option id
    std::string line;   // a majority line's name
    Probability p;
  };
  std::vector<Line> majority_lines;  // every seat-winning option against every majority line
};

RareEventSummary summarize(const Scenario& scenario, const Tilt& tilt, const WeightedTally& tally);

}  // namespace seatsim::sim
