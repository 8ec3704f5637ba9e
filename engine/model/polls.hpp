#pragma once
// Poll aggregation: published polls become one mean vote share vector and an effective sample size,
// which the vote model uses as its centre and, where the scenario says so, as its concentration.
// Deterministic and done once at load; nothing here is random.
//
// Each poll counts as r * min(n (1 - u), cap) / deff decided respondents: n its sample size, u its
// undecided and refused share, cap a ceiling on any one poll's weight, deff the design effect
// (Kish 1965, §8.2), and r = 0.5^(age / half-life) a recency discount, with age in days from the
// middle of fieldwork to the election. The polls' mean is the average of their decided shares
// weighted by those counts, after subtracting each pollster's house effect. The prior (usually
// the last result) counts as prior_n respondents: the blend is the conjugate Dirichlet-multinomial
// update, mean = (prior_n prior + N polls_mean) / (prior_n + N), with effective sample size
// prior_n + N (Gelman et al., Bayesian Data Analysis, 3rd ed., §3.5). That is the Dirichlet
// model's centre and concentration. It takes the polls to be random samples of the result; the
// logistic-normal and Student-t models, which know the polls' systematic error, instead centre on
// the posterior that shrinks each option's polls towards the prior by that error
// (logistic_normal.hpp), from this blend and prior_alpha below.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seatsim::model {

struct Poll {
  std::string pollster;
  int fieldwork_start = 0;  // days since 1970-01-01
  int fieldwork_end = 0;
  double sample_size = 0.0;
  // Per list-ballot option, in option order, the share of all respondents; nullopt where the poll
  // does not report that option (it then says nothing about it).
  std::vector<std::optional<double>> shares;
  double undecided = 0.0;  // undecided and refused, as a share of all respondents
};

enum class HouseEffects {
  none,      // polls are taken at face value
  given,     // each pollster's effect is stated in the scenario
  estimate,  // estimated from each pollster's polls (docs/polls-and-models.md gives the formula)
};

// The names scenario files use; `given` is written as a table of effects, not a name.
constexpr std::string_view to_string(HouseEffects effects) {
  switch (effects) {
    case HouseEffects::none: return "none";
    case HouseEffects::given: return "given";
    case HouseEffects::estimate: return "estimate";
  }
  return "none";
}

// A pollster's lean: per list-ballot option, how far its decided shares sit above the truth.
struct HouseEffect {
  std::string pollster;
  std::vector<double> shift;
};

struct PollSpec {
  std::vector<Poll> polls;
  int election_day = 0;  // days since 1970-01-01
  double half_life_days = 0.0;
  double sample_cap = 0.0;
  double design_effect = 1.0;
  std::vector<double> prior;  // per list-ballot option, sums to 1
  double prior_n = 0.0;       // the prior counts as this many respondents
  HouseEffects house_effects = HouseEffects::none;
  std::vector<HouseEffect> given_effects;  // with HouseEffects::given; a pollster not listed is 0
};

struct PollWeight {
  double recency = 0.0;      // r = 0.5^(age / half-life)
  double respondents = 0.0;  // the decided respondents it counts as, after discounting
  int clamped = 0;           // options whose house-corrected share was below 0 and counted as 0
};

struct PollAggregate {
  std::vector<double> mean;  // per list-ballot option, sums to 1: the blend of polls and prior
  double n_eff = 0.0;        // prior_n plus every poll's respondents
  double undecided = 0.0;    // the polls' undecided share, weighted like the shares
  std::vector<PollWeight> weights;         // per poll
  std::vector<HouseEffect> house_effects;  // applied: given or estimated, one per pollster
};

// A day number (days since 1970-01-01) as an ISO 8601 date.
std::string iso_date(int day);
// The day number of an ISO 8601 calendar date written YYYY-MM-DD, or nullopt.
std::optional<int> iso_day(std::string_view text);

// The prior as Dirichlet parameters, prior_n * prior; empty when prior_n is 0 (a flat prior).
std::vector<double> prior_alpha(const PollSpec& spec);

// Polls must have positive sample sizes and at least one reported share above 0; the loader checks.
PollAggregate aggregate_polls(const PollSpec& spec);

}  // namespace seatsim::model
