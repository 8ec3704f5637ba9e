#include "engine/model/polls.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>

namespace seatsim::model {
namespace {

// The aggregation is a fixed point (missing shares are filled from the mean, house effects are
// measured against it); it is a contraction, and converges to rounding within a few dozen rounds.
constexpr int kMaxRounds = 1000;
constexpr double kConverged = 1e-15;

void normalise(std::vector<double>& shares) {
  double total = 0.0;
  for (const double s : shares) total += s;
  for (double& s : shares) s /= total;
}

}  // namespace

std::string iso_date(int day) {
  const std::chrono::year_month_day date{std::chrono::sys_days(std::chrono::days(day))};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

std::vector<double> prior_alpha(const PollSpec& spec) {
  std::vector<double> alpha;
  if (spec.prior_n > 0.0) {
    for (const double share : spec.prior) alpha.push_back(spec.prior_n * share);
  }
  return alpha;
}

PollAggregate aggregate_polls(const PollSpec& spec) {
  const std::size_t options = spec.prior.size();
  const std::size_t polls = spec.polls.size();
  PollAggregate out;

  // Weights, and each poll's pollster.
  std::vector<std::string> pollsters;
  std::vector<std::size_t> pollster_of(polls);
  std::vector<double> undiscounted(polls);  // decided respondents before the recency discount
  double total = 0.0;
  for (std::size_t i = 0; i < polls; ++i) {
    const Poll& poll = spec.polls[i];
    assert(poll.shares.size() == options);
    const double age =
        spec.election_day - 0.5 * (poll.fieldwork_start + static_cast<double>(poll.fieldwork_end));
    const double recency = std::pow(0.5, age / spec.half_life_days);
    undiscounted[i] =
        std::min(poll.sample_size * (1.0 - poll.undecided), spec.sample_cap) / spec.design_effect;
    out.weights.push_back({.recency = recency, .respondents = recency * undiscounted[i]});
    total += recency * undiscounted[i];
    out.undecided += recency * undiscounted[i] * poll.undecided;
    const auto found = std::find(pollsters.begin(), pollsters.end(), poll.pollster);
    pollster_of[i] = static_cast<std::size_t>(found - pollsters.begin());
    if (found == pollsters.end()) pollsters.push_back(poll.pollster);
  }

  // House effects: given ones are fixed; estimated ones start at 0.
  out.house_effects.reserve(pollsters.size());
  std::vector<int> polls_by(pollsters.size());
  std::vector<double> respondents_by(pollsters.size());
  for (std::size_t i = 0; i < polls; ++i) {
    ++polls_by[pollster_of[i]];
    respondents_by[pollster_of[i]] += undiscounted[i];
  }
  for (const auto& name : pollsters) {
    HouseEffect effect{.pollster = name, .shift = std::vector<double>(options)};
    if (spec.house_effects == HouseEffects::given) {
      for (const auto& given : spec.given_effects) {
        if (given.pollster == name) effect.shift = given.shift;
      }
    }
    out.house_effects.push_back(std::move(effect));
  }

  std::vector<double> mean = spec.prior;
  if (polls > 0) {
    std::vector<std::vector<double>> decided(polls, std::vector<double>(options));
    std::vector<double> next(options);
    for (int round = 0; round < kMaxRounds; ++round) {
      // Each poll's decided shares. An option it does not report takes the current mean, and the
      // options it does report share the rest in the poll's proportions.
      for (std::size_t i = 0; i < polls; ++i) {
        const Poll& poll = spec.polls[i];
        double reported = 0.0;
        double missing = 0.0;
        for (std::size_t k = 0; k < options; ++k) {
          if (poll.shares[k]) {
            reported += *poll.shares[k];
          } else {
            missing += mean[k];
          }
        }
        for (std::size_t k = 0; k < options; ++k) {
          decided[i][k] = poll.shares[k] ? *poll.shares[k] / reported * (1.0 - missing) : mean[k];
        }
      }
      // The polls corrected by their house effects, each share clamped at 0 in its own poll: an
      // effect larger than a party's share in one poll leaves that poll with none of the party's
      // voters, not fewer than none, which would cancel part of the party's share in the others.
      std::fill(next.begin(), next.end(), 0.0);
      for (std::size_t i = 0; i < polls; ++i) {
        const auto& shift = out.house_effects[pollster_of[i]].shift;
        out.weights[i].clamped = 0;
        for (std::size_t k = 0; k < options; ++k) {
          const double corrected = decided[i][k] - shift[k];
          if (corrected < 0.0) ++out.weights[i].clamped;
          next[k] += out.weights[i].respondents * std::max(corrected, 0.0) / total;
        }
      }
      // Stated effects need not sum to 0 over the options; the corrected polls then sum to
      // 1 - sum(shift), and the aggregate is rescaled to sum to 1.
      normalise(next);
      if (spec.house_effects == HouseEffects::estimate) {
        // A pollster's effect is its polls' mean deviation from the aggregate, weighted by
        // respondents without the recency discount (a lean is a property of the pollster, not of
        // the date). A single poll cannot tell a lean from sampling error, so a pollster with one
        // poll measures none. Effects are then centred so that they average 0 over all
        // respondents, one-poll pollsters' included: the polls as a whole are taken to be
        // unbiased, which identifies the effects, and leaves a one-poll pollster minus the centre.
        for (std::size_t p = 0; p < pollsters.size(); ++p) {
          auto& shift = out.house_effects[p].shift;
          std::fill(shift.begin(), shift.end(), 0.0);
          if (polls_by[p] < 2) continue;
          for (std::size_t i = 0; i < polls; ++i) {
            if (pollster_of[i] != p) continue;
            for (std::size_t k = 0; k < options; ++k) {
              shift[k] += undiscounted[i] * (decided[i][k] - next[k]) / respondents_by[p];
            }
          }
        }
        double all = 0.0;
        for (const double n : respondents_by) all += n;
        for (std::size_t k = 0; k < options; ++k) {
          double centre = 0.0;
          for (std::size_t p = 0; p < pollsters.size(); ++p) {
            centre += respondents_by[p] * out.house_effects[p].shift[k] / all;
          }
          for (auto& effect : out.house_effects) effect.shift[k] -= centre;
        }
      }
      double change = 0.0;
      for (std::size_t k = 0; k < options; ++k)
        change = std::max(change, std::abs(next[k] - mean[k]));
      mean.swap(next);
      if (change < kConverged) break;
    }
    out.undecided /= total;
  }

  // The conjugate blend with the prior.
  out.n_eff = spec.prior_n + total;
  out.mean.resize(options);
  for (std::size_t k = 0; k < options; ++k) {
    out.mean[k] = (spec.prior_n * spec.prior[k] + total * mean[k]) / out.n_eff;
  }
  normalise(out.mean);
  return out;
}

}  // namespace seatsim::model
