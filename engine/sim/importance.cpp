#include "engine/sim/importance.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <stdexcept>

namespace seatsim::sim {

double Tilt::weight(std::span<const double> national) const {
  const double log_ratio =
      log_ratio_constant + (alpha - tilted_alpha) * std::log(national[list_position]);
  // r / (lambda r + 1 - lambda), written so that r = inf gives 1 / lambda, not inf / inf.
  return 1.0 / (kDefensive + (1.0 - kDefensive) * std::exp(-log_ratio));
}

Tilt make_tilt(const Scenario& scenario, int option, double share) {
  if (option < 0 || static_cast<std::size_t>(option) >= scenario.options.size() ||
      !model::on_list_ballot(scenario.options[option].kind)) {
    throw std::invalid_argument("make_tilt: the tilted option must be on the list ballot");
  }
  if (scenario.vote.kind != model::DrawModel::dirichlet ||
      scenario.vote.undecided_split != model::UndecidedSplit::proportional) {
    throw std::invalid_argument(
        "make_tilt: the importance weights are derived for the Dirichlet model alone");
  }
  if (!(share > 0.0 && share < 1.0)) {
    throw std::invalid_argument("make_tilt: the tilted share must lie strictly between 0 and 1");
  }
  Tilt tilt;
  tilt.option = option;
  for (int k = 0; k < option; ++k)
    tilt.list_position += model::on_list_ballot(scenario.options[k].kind);
  tilt.share = share;
  const double total = scenario.vote.n_eff;  // A: the Dirichlet parameters sum to n_eff
  tilt.alpha = total * scenario.vote.mean[tilt.list_position];
  // alpha'_k / (A - alpha_k + alpha'_k) = share, the others unchanged.
  const double rest = total - tilt.alpha;
  tilt.tilted_alpha = share * rest / (1.0 - share);
  const double tilted_total = rest + tilt.tilted_alpha;
  tilt.log_ratio_constant = std::lgamma(total) - std::lgamma(tilted_total) +
                            std::lgamma(tilt.tilted_alpha) - std::lgamma(tilt.alpha);
  tilt.proposal = {.mean = scenario.vote.mean, .n_eff = scenario.vote.n_eff};
  for (std::size_t j = 0; j < tilt.proposal.mean.size(); ++j) {
    const double alpha =
        j == tilt.list_position ? tilt.tilted_alpha : total * scenario.vote.mean[j];
    tilt.proposal.mean[j] = alpha / tilted_total;
  }
  tilt.proposal.n_eff = tilted_total;
  return tilt;
}

WeightedTally::WeightedTally(std::size_t options_, std::size_t share_lines_, int house_size_)
    : options(options_),
      share_lines(share_lines_),
      house_size(house_size_),
      passed(options_),
      share_line_hits(options_ * share_lines_),
      total_histogram(options_ * (house_size_ + 1)) {}

WeightedTally::WeightedTally(const BallotLayout& layout)
    : WeightedTally(layout.options, layout.share_lines.size(), layout.house_size) {}

void WeightedTally::add(const Draw& draw) {
  const BallotLayout& layout = *draw.layout;
  const double weight = draw.weight;
  ++draws;
  all.add(weight);
  for (std::size_t j = 0; j < layout.list_ballot_options.size(); ++j) {
    const std::size_t option = layout.list_ballot_options[j];
    for (std::size_t line = 0; line < share_lines; ++line) {
      if (draw.shares[j] >= layout.share_lines[line]) {
        share_line_hits[option * share_lines + line].add(weight);
      }
    }
  }
  if (layout.list_tier) {
    for (std::size_t p = 0; p < layout.party_options.size(); ++p) {
      if (draw.admission[p] == rules::Admission::passed)
        passed[layout.party_options[p]].add(weight);
    }
  }
  for (std::size_t k = 0; k < options; ++k) {
    total_histogram[k * (house_size + 1) + draw.seats[k]].add(weight);
  }
}

void WeightedTally::merge(const WeightedTally& other) {
  auto add = [](std::vector<WeightedSum>& into, const std::vector<WeightedSum>& from) {
    assert(into.size() == from.size());
    for (std::size_t i = 0; i < into.size(); ++i) into[i].merge(from[i]);
  };
  draws += other.draws;
  all.merge(other.all);
  add(passed, other.passed);
  add(share_line_hits, other.share_line_hits);
  add(total_histogram, other.total_histogram);
}

Probability estimate(const WeightedSum& sum, std::uint64_t draws) {
  if (draws == 0) return {};
  const double n = static_cast<double>(draws);
  const double p = sum.w / n;
  return {.p = p, .se = std::sqrt(std::max(0.0, sum.w2 / n - p * p) / n)};
}

RareEventSummary summarize(const Scenario& scenario, const Tilt& tilt, const WeightedTally& tally) {
  RareEventSummary summary;
  summary.draws = tally.draws;
  summary.mean_weight = estimate(tally.all, tally.draws);
  summary.effective_draws = tally.all.w2 > 0 ? tally.all.w * tally.all.w / tally.all.w2 : 0.0;
  summary.p_threshold = estimate(tally.passed[tilt.option], tally.draws);
  for (const WeightedSum& hits : tally.share_line_hits_of(tilt.option)) {
    summary.p_share_lines.push_back(estimate(hits, tally.draws));
  }
  // Seat events from the weighted histogram: the bins are disjoint, so an event's sums are the
  // sums over its bins, and so are the sums of squares.
  const auto histogram = [&](int option) { return tally.total_seat_histogram(option); };
  const auto at_least = [](std::span<const WeightedSum> bins, int seats) {
    WeightedSum sum;
    for (std::size_t s = static_cast<std::size_t>(seats); s < bins.size(); ++s) sum.merge(bins[s]);
    return sum;
  };
  const auto own = histogram(tilt.option);
  int most = 0;
  for (int s = 1; s <= tally.house_size; ++s) {
    if (own[s].w > 0.0) most = s;
  }
  for (int s = 1; s <= most; ++s) {
    summary.p_seats_at_least.push_back(estimate(at_least(own, s), tally.draws));
  }
  for (std::size_t k = 0; k < scenario.options.size(); ++k) {
    if (!model::wins_seats(scenario.options[k].kind)) continue;
    for (const auto& line : scenario.questions.majority_lines) {
      summary.majority_lines.push_back(
          {scenario.options[k].id, line.name,
           estimate(at_least(histogram(static_cast<int>(k)), line.seats), tally.draws)});
    }
  }
  return summary;
}

}  // namespace seatsim::sim
