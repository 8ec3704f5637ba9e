#include "engine/sim/summary.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace seatsim::sim {

using model::OptionKind;

Probability probability(std::uint64_t hits, std::uint64_t draws) {
  if (draws == 0) return {};
  const double p = static_cast<double>(hits) / static_cast<double>(draws);
  return {.p = p, .se = std::sqrt(p * (1.0 - p) / static_cast<double>(draws))};
}

SeatDistribution seat_distribution(const std::uint64_t* histogram, int max_seats,
                                   std::uint64_t draws) {
  SeatDistribution d;
  d.histogram.assign(histogram, histogram + max_seats + 1);
  if (draws == 0) return d;
  double sum = 0.0;
  double sum_squares = 0.0;
  for (int s = 0; s <= max_seats; ++s) {
    const auto count = static_cast<double>(histogram[s]);
    sum += count * s;
    sum_squares += count * s * s;
  }
  const auto n = static_cast<double>(draws);
  d.mean = sum / n;
  const double variance = std::max(0.0, sum_squares / n - d.mean * d.mean);
  d.mean_se = std::sqrt(variance / n);

  // The q-th percentile is the smallest s with at least q% of draws at or below it; the test
  // cumulative * 100 >= q * draws is done in integers so that it never depends on rounding.
  auto percentile = [&](unsigned q) {
    rules::WideUint cumulative = 0;
    for (int s = 0; s <= max_seats; ++s) {
      cumulative += histogram[s];
      if (cumulative * 100 >= static_cast<rules::WideUint>(q) * draws) return s;
    }
    return max_seats;
  };
  d.p5 = percentile(5);
  d.p25 = percentile(25);
  d.p50 = percentile(50);
  d.p75 = percentile(75);
  d.p95 = percentile(95);
  return d;
}

Summary summarize(const Scenario& scenario, const Tally& tally) {
  Summary summary;
  summary.draws = tally.draws;
  const std::uint64_t n = tally.draws;
  for (std::size_t k = 0; k < scenario.options.size(); ++k) {
    const auto& option = scenario.options[k];
    OptionSummary o;
    o.option = &option;
    if (model::on_list_ballot(option.kind) && n > 0) {
      o.mean_share =
          static_cast<double>(tally.vote_sum[k]) / (kVotesPerDraw * static_cast<double>(n));
      for (std::size_t line = 0; line < tally.share_lines; ++line) {
        o.p_share_lines.push_back(
            probability(tally.share_line_hits[k * tally.share_lines + line], n));
      }
    }
    if (option.kind == OptionKind::party && scenario.list_tier) {
      o.p_threshold = probability(tally.passed[k], n);
      o.list_seats =
          seat_distribution(&tally.list_histogram[k * (tally.list_seats + 1)], tally.list_seats, n);
    }
    if (model::wins_seats(option.kind)) {
      if (scenario.district_tier) {
        o.district_seats = seat_distribution(
            &tally.district_histogram[k * (tally.district_seats + 1)], tally.district_seats, n);
      }
      o.total_seats = seat_distribution(&tally.total_histogram[k * (tally.house_size + 1)],
                                        tally.house_size, n);
      o.p_any_seat = probability(n - o.total_seats->histogram[0], n);
      o.p_largest = probability(tally.largest[k], n);
    }
    summary.options.push_back(std::move(o));
  }

  for (const auto& line : scenario.questions.majority_lines) {
    for (std::size_t k = 0; k < scenario.options.size(); ++k) {
      const auto& option = scenario.options[k];
      if (!model::wins_seats(option.kind)) continue;
      std::uint64_t hits = 0;
      for (int s = line.seats; s <= tally.house_size; ++s) {
        hits += tally.total_histogram[k * (tally.house_size + 1) + s];
      }
      summary.events.push_back(
          {fmt::format("{} >= {} seats ({})", option.id, line.seats, line.name),
           probability(hits, n)});
    }
  }
  summary.events.push_back({"tie for the most seats", probability(tally.tie_for_largest, n)});
  if (scenario.list_tier) {
    summary.events.push_back(
        {"last list seat decided by the tie rule", probability(tally.list_ties, n)});
    summary.events.push_back({"no list passes the threshold", probability(tally.list_unfilled, n)});
  }
  return summary;
}

double largest_se(const Summary& summary) {
  double largest = 0.0;
  auto consider = [&](const std::optional<Probability>& p) {
    if (p) largest = std::max(largest, p->se);
  };
  for (const auto& o : summary.options) {
    consider(o.p_threshold);
    consider(o.p_any_seat);
    consider(o.p_largest);
    for (const auto& line : o.p_share_lines) consider(line);
  }
  for (const auto& e : summary.events) consider(e.p);
  return largest;
}

}  // namespace seatsim::sim
