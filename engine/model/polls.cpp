#include "engine/model/polls.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <charconv>
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

// A poll's decided shares. An option it does not report takes the current mean, and the options it
// does report share the rest in the poll's proportions.
void decided_shares(const Poll& poll, const std::vector<double>& mean,
                    std::vector<double>& decided) {
  double reported = 0.0;
  double missing = 0.0;
  for (std::size_t k = 0; k < mean.size(); ++k) {
    if (poll.shares[k]) {
      reported += *poll.shares[k];
    } else {
      missing += mean[k];
    }
  }
  for (std::size_t k = 0; k < mean.size(); ++k) {
    decided[k] = poll.shares[k] ? *poll.shares[k] / reported * (1.0 - missing) : mean[k];
  }
}

// A pollster's house effect before aggregation: a given one is fixed; an estimated one starts at 0.
HouseEffect starting_effect(const PollSpec& spec, const std::string& pollster) {
  HouseEffect effect{.pollster = pollster, .shift = std::vector<double>(spec.prior.size())};
  if (spec.house_effects == HouseEffects::given) {
    for (const auto& given : spec.given_effects) {
      if (given.pollster == pollster) effect.shift = given.shift;
    }
  }
  return effect;
}

// The polls corrected by their house effects and pooled by weight (`total` the sum of weights),
// each share clamped at 0 in its own poll: an effect larger than a party's share in one poll
// leaves that poll with none of the party's voters, not fewer than none, which would cancel part
// of the party's share in the others. Counts each poll's clamped shares.
void pool_corrected(const std::vector<std::vector<double>>& decided,
                    const std::vector<HouseEffect>& effects,
                    const std::vector<std::size_t>& pollster_of, double total,
                    std::vector<PollWeight>& weights, std::vector<double>& pooled) {
  std::fill(pooled.begin(), pooled.end(), 0.0);
  for (std::size_t i = 0; i < decided.size(); ++i) {
    const auto& shift = effects[pollster_of[i]].shift;
    weights[i].clamped = 0;
    for (std::size_t k = 0; k < pooled.size(); ++k) {
      const double corrected = decided[i][k] - shift[k];
      if (corrected < 0.0) ++weights[i].clamped;
      pooled[k] += weights[i].respondents * std::max(corrected, 0.0) / total;
    }
  }
}

// A pollster's effect is its polls' mean deviation from the aggregate, weighted by respondents
// without the recency discount (a lean is a property of the pollster, not of the date). A single
// poll cannot tell a lean from sampling error, so a pollster with one poll measures none. Effects
// are then centred so that they average 0 over all respondents, one-poll pollsters' included: the
// polls as a whole are taken to be unbiased, which identifies the effects, and leaves a one-poll
// pollster minus the centre.
void estimate_house_effects(const std::vector<std::vector<double>>& decided,
                            const std::vector<double>& aggregate,
                            const std::vector<double>& undiscounted,
                            const std::vector<std::size_t>& pollster_of,
                            const std::vector<int>& polls_by,
                            const std::vector<double>& respondents_by,
                            std::vector<HouseEffect>& effects) {
  for (std::size_t p = 0; p < effects.size(); ++p) {
    auto& shift = effects[p].shift;
    std::fill(shift.begin(), shift.end(), 0.0);
    if (polls_by[p] < 2) continue;
    for (std::size_t i = 0; i < decided.size(); ++i) {
      if (pollster_of[i] != p) continue;
      for (std::size_t k = 0; k < aggregate.size(); ++k) {
        shift[k] += undiscounted[i] * (decided[i][k] - aggregate[k]) / respondents_by[p];
      }
    }
  }
  double all = 0.0;
  for (const double n : respondents_by) all += n;
  for (std::size_t k = 0; k < aggregate.size(); ++k) {
    double centre = 0.0;
    for (std::size_t p = 0; p < effects.size(); ++p) {
      centre += respondents_by[p] * effects[p].shift[k] / all;
    }
    for (auto& effect : effects) effect.shift[k] -= centre;
  }
}

}  // namespace

std::string iso_date(int day) {
  const std::chrono::year_month_day date{std::chrono::sys_days(std::chrono::days(day))};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

std::optional<int> iso_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = 0;
  unsigned month = 0, day = 0;
  auto field = [text](std::size_t at, std::size_t length, auto& value) {
    const char* end = text.data() + at + length;
    const auto [stop, error] = std::from_chars(text.data() + at, end, value);
    return error == std::errc{} && stop == end;
  };
  if (!field(0, 4, year) || !field(5, 2, month) || !field(8, 2, day)) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                         std::chrono::day(day)};
  if (!date.ok()) return std::nullopt;
  return static_cast<int>(std::chrono::sys_days(date).time_since_epoch().count());
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

  out.house_effects.reserve(pollsters.size());
  std::vector<int> polls_by(pollsters.size());
  std::vector<double> respondents_by(pollsters.size());
  for (std::size_t i = 0; i < polls; ++i) {
    ++polls_by[pollster_of[i]];
    respondents_by[pollster_of[i]] += undiscounted[i];
  }
  for (const auto& name : pollsters) out.house_effects.push_back(starting_effect(spec, name));

  std::vector<double> mean = spec.prior;
  if (polls > 0) {
    std::vector<std::vector<double>> decided(polls, std::vector<double>(options));
    std::vector<double> next(options);
    for (int round = 0; round < kMaxRounds; ++round) {
      // Each poll's decided shares.
      for (std::size_t i = 0; i < polls; ++i) decided_shares(spec.polls[i], mean, decided[i]);
      pool_corrected(decided, out.house_effects, pollster_of, total, out.weights, next);
      // Stated effects need not sum to 0 over the options; the corrected polls then sum to
      // 1 - sum(shift), and the aggregate is rescaled to sum to 1.
      normalise(next);
      if (spec.house_effects == HouseEffects::estimate) {
        estimate_house_effects(decided, next, undiscounted, pollster_of, polls_by, respondents_by,
                               out.house_effects);
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
