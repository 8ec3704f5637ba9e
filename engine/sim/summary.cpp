#include "engine/sim/summary.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace seatsim::sim {

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

namespace {

// The smallest bin with at least a fraction q of the draws at or below it, for any q in [0, 1]: the
// bounds of a quantile's order-statistic interval need fractions between the integer percents.
std::size_t quantile_bin(const std::uint64_t* histogram, std::size_t bins, std::uint64_t draws,
                         double q) {
  const double needed = std::clamp(q, 0.0, 1.0) * static_cast<double>(draws);
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b < bins; ++b) {
    cumulative += histogram[b];
    if (static_cast<double>(cumulative) >= needed && cumulative > 0) return b;
  }
  return bins - 1;
}

// Quantiles of a share binned in steps of 1 / per_unit (per_unit + 1 bins holding `draws` in
// all), each value its bin's lower edge minus `offset_ppb`.
std::vector<ShareQuantile> share_quantiles(const std::uint64_t* histogram, std::int64_t per_unit,
                                           std::int64_t offset_ppb, std::uint64_t draws,
                                           std::initializer_list<int> percents) {
  const auto bins = static_cast<std::size_t>(per_unit) + 1;
  const std::int64_t ppb_per_bin = rules::kPartsPerBillion / per_unit;
  const double width = 1.0 / static_cast<double>(per_unit);
  // Bin edges minus the offset, exactly in parts per billion, then once to a double.
  const auto value = [&](std::size_t bin) {
    return static_cast<double>(static_cast<std::int64_t>(bin) * ppb_per_bin - offset_ppb) /
           static_cast<double>(rules::kPartsPerBillion);
  };
  std::vector<ShareQuantile> quantiles;
  for (const int percent : percents) {
    const double q = percent / 100.0;
    // The point estimate uses the exact integer test of seat_distribution: cumulative * 100 >=
    // percent * draws.
    std::size_t bin = 0;
    rules::WideUint cumulative = histogram[0];
    while (bin + 1 < bins && cumulative * 100 < static_cast<rules::WideUint>(percent) * draws) {
      cumulative += histogram[++bin];
    }
    const double spread = std::sqrt(q * (1.0 - q) / static_cast<double>(draws));
    const auto low = quantile_bin(histogram, bins, draws, q - spread);
    const auto high = quantile_bin(histogram, bins, draws, q + spread);
    quantiles.push_back(
        {.percent = percent,
         .value = value(bin),
         .se = std::max(0.5 * static_cast<double>(high - low) * width, 0.5 * width)});
  }
  return quantiles;
}

NextSeatVotes next_seat_votes(const Tally& tally, std::size_t party) {
  NextSeatVotes votes;
  votes.sampled = tally.next_seat_draws;
  const std::uint64_t* histogram = tally.next_seat_bins(party).data();
  for (std::size_t bin = 0; bin <= kShareBins; ++bin) votes.counted += histogram[bin];
  if (votes.counted == 0) return votes;
  constexpr double unit = 4294967296.0;  // the sums are in units of 2^-32 of the valid vote
  const auto n = static_cast<double>(votes.counted);
  votes.mean = static_cast<double>(tally.next_seat_sum[party]) / unit / n;
  const double mean_square =
      static_cast<double>(tally.next_seat_sum_squares[party]) / (unit * unit) / n;
  votes.mean_se = std::sqrt(std::max(0.0, mean_square - votes.mean * votes.mean) / n);
  votes.quantiles = share_quantiles(histogram, kShareBins, 0, votes.counted, {5, 50, 95});
  return votes;
}

std::vector<RegionSeats> region_seats(const Tally& tally, std::size_t party) {
  std::vector<RegionSeats> out;
  const std::uint64_t n = tally.draws;
  if (n == 0) return out;
  const auto draws = static_cast<double>(n);
  for (std::size_t d = 0; d < tally.regions; ++d) {
    const double mean = static_cast<double>(tally.region_seat_sums(d)[party]) / draws;
    const double mean_square = static_cast<double>(tally.region_seat_square_sums(d)[party]) / draws;
    out.push_back({.mean = mean,
                   .mean_se = std::sqrt(std::max(0.0, mean_square - mean * mean) / draws),
                   .any_seat = probability(tally.region_any_seat_draws(d)[party], n)});
  }
  return out;
}

std::vector<SeatCorrelation> seat_correlations(const Tally& tally,
                                               const std::vector<int>& options) {
  const std::size_t m = options.size();
  const auto n = static_cast<rules::WideUint>(tally.draws);
  std::vector<rules::WideUint> sums(m);
  for (std::size_t a = 0; a < m; ++a) {
    const auto histogram = tally.total_seat_histogram(options[a]);
    for (std::size_t s = 0; s < histogram.size(); ++s) {
      sums[a] += static_cast<rules::WideUint>(histogram[s]) * static_cast<rules::WideUint>(s);
    }
  }
  // n^2 cov(a, b) = n * sum(a b) - sum(a) * sum(b), exactly, in 128-bit signed integers.
  const auto scaled_covariance = [&](std::size_t a, std::size_t b) {
    const auto products = static_cast<rules::WideUint>(tally.seat_product(options[a], options[b]));
    return static_cast<double>(static_cast<rules::WideInt>(n * products) -
                               static_cast<rules::WideInt>(sums[a] * sums[b]));
  };
  std::vector<SeatCorrelation> correlations(m * m);
  for (std::size_t a = 0; a < m; ++a) {
    for (std::size_t b = 0; b < m; ++b) {
      const double va = scaled_covariance(a, a);
      const double vb = scaled_covariance(b, b);
      if (va <= 0.0 || vb <= 0.0) continue;
      const double r = std::clamp(scaled_covariance(a, b) / std::sqrt(va * vb), -1.0, 1.0);
      correlations[a * m + b] = {.r = r,
                                 .se = (1.0 - r * r) / std::sqrt(static_cast<double>(tally.draws))};
    }
  }
  return correlations;
}

std::vector<DistrictOdds> district_odds(const Scenario& scenario, const Tally& tally) {
  std::vector<DistrictOdds> districts;
  if (!scenario.district_tier || tally.draws == 0) return districts;
  const auto n = static_cast<double>(tally.draws);
  const auto& specs = scenario.district_tier->districts;
  for (std::size_t d = 0; d < specs.size(); ++d) {
    DistrictOdds odds;
    odds.district = d;
    const auto wins = tally.district_win_counts(d);
    for (std::size_t k = 0; k < scenario.options.size(); ++k) {
      if (specs[d].baseline[k] <= 0.0 || !model::wins_seats(scenario.options[k].kind)) continue;
      odds.contenders.push_back({static_cast<int>(k), probability(wins[k], tally.draws)});
    }
    // The favourite and the runner-up; strict comparisons keep the first in ballot order on ties.
    double first = -1.0;
    double second = 0.0;
    for (std::size_t c = 0; c < odds.contenders.size(); ++c) {
      const double p = odds.contenders[c].win.p;
      if (p > first) {
        second = std::max(second, first);
        first = p;
        odds.favourite = c;
      } else {
        second = std::max(second, p);
      }
    }
    const double margin = first - second;
    odds.margin = {.p = margin,
                   .se = std::sqrt(std::max(0.0, first + second - margin * margin) / n)};
    districts.push_back(std::move(odds));
  }
  return districts;
}

// Each majority line's event, per seat-winning option and then per bloc, read off their seat
// histograms; and each bloc's seats and odds.
void add_majority_lines(const Scenario& scenario, const Tally& tally, Summary& summary) {
  const std::uint64_t n = tally.draws;
  auto at_least = [n](std::span<const std::uint64_t> histogram, int seats) {
    std::uint64_t hits = 0;
    for (std::size_t s = static_cast<std::size_t>(seats); s < histogram.size(); ++s)
      hits += histogram[s];
    return probability(hits, n);
  };
  for (const auto& line : scenario.questions.majority_lines) {
    for (std::size_t k = 0; k < scenario.options.size(); ++k) {
      const auto& option = scenario.options[k];
      if (!model::wins_seats(option.kind)) continue;
      summary.events.push_back(
          {fmt::format("{} >= {} seats ({})", option.id, line.seats, line.name),
           at_least(tally.total_seat_histogram(k), line.seats)});
    }
    for (std::size_t b = 0; b < scenario.questions.blocs.size(); ++b) {
      summary.events.push_back(
          {fmt::format("bloc {} >= {} seats ({})", scenario.questions.blocs[b].name, line.seats,
                       line.name),
           at_least(tally.bloc_seat_histogram(b), line.seats)});
    }
  }
  for (std::size_t b = 0; b < scenario.questions.blocs.size(); ++b) {
    summary.blocs.push_back(
        {.bloc = &scenario.questions.blocs[b],
         .seats = seat_distribution(tally.bloc_seat_histogram(b).data(), tally.house_size, n),
         .majority = probability(tally.bloc_majority[b], n),
         .two_thirds = probability(tally.bloc_two_thirds[b], n)});
  }
}

}  // namespace

std::vector<const DistrictOdds*> closest_districts(const Summary& summary) {
  std::vector<const DistrictOdds*> order;
  for (const auto& d : summary.districts) order.push_back(&d);
  std::stable_sort(order.begin(), order.end(),
                   [](const auto* a, const auto* b) { return a->margin.p < b->margin.p; });
  return order;
}

namespace {

HouseSize house_size(const Scenario& scenario, const Tally& tally) {
  const std::uint64_t n = tally.draws;
  const auto mean = [n](std::uint64_t sum) {
    return n > 0 ? static_cast<double>(sum) / static_cast<double>(n) : 0.0;
  };
  return {.nominal = scenario.house_size(),
          .seats = seat_distribution(tally.house_sizes().data(), tally.house_size, n),
          .overhang_mean = mean(tally.overhang_seats),
          .levelling_mean = mean(tally.levelling_seats),
          .unseated_mean = mean(tally.unseated)};
}

}  // namespace

Summary summarize(const Scenario& scenario, const Tally& tally) {
  Summary summary;
  summary.draws = tally.draws;
  const std::uint64_t n = tally.draws;
  const BallotLayout layout(scenario);
  for (std::size_t k = 0; k < scenario.options.size(); ++k) {
    const auto& option = scenario.options[k];
    OptionSummary o;
    o.option = &option;
    if (model::on_list_ballot(option.kind) && n > 0) {
      o.mean_share =
          static_cast<double>(tally.vote_sum[k]) / (kVotesPerDraw * static_cast<double>(n));
      for (const std::uint64_t hits : tally.share_line_hits_of(k)) {
        o.p_share_lines.push_back(probability(hits, n));
      }
      const auto bins = tally.share_bins(k);
      o.share = ShareDistribution{
          .quantiles = share_quantiles(bins.data(), kShareDensityBins, 0, n, {5, 25, 50, 75, 95}),
          .histogram = {bins.begin(), bins.end()}};
    }
    const int party = layout.party_of_option[k];
    if (party >= 0 && scenario.list_rule()) {
      o.p_threshold = probability(tally.passed[k], n);
      o.list_seats = seat_distribution(tally.list_seat_histogram(k).data(), tally.list_seats, n);
      // Against the party's own threshold where it has one; an exempt party has none to reach.
      const auto p = static_cast<std::size_t>(party);
      const bool exempt =
          !scenario.exemptions.empty() && scenario.exemptions[p] == rules::Exemption::exempt;
      const std::int64_t threshold = scenario.thresholds.empty()
                                         ? scenario.list_rule()->threshold.parts_per_billion
                                         : scenario.thresholds[p];
      if (n > 0 && !exempt) {
        o.threshold_distance = share_quantiles(tally.threshold_share_bins(party).data(), kShareBins,
                                               threshold, n, {5, 25, 50, 75, 95});
      }
      if (scenario.list_tier) o.next_seat = next_seat_votes(tally, party);
      o.region_seats = region_seats(tally, p);
      if (scenario.composition == rules::Composition::compensatory && n > 0) {
        o.overhang_mean = static_cast<double>(tally.option_overhang[k]) / static_cast<double>(n);
      }
      if (scenario.list_tier->bonus.seats > 0 && n > 0) {
        o.bonus = BonusSummary{
            .mean_seats = static_cast<double>(tally.bonus_seats[k]) / static_cast<double>(n),
            .taken = probability(tally.bonus_draws[k], n)};
      }
    }
    if (model::wins_seats(option.kind)) {
      if (scenario.district_tier) {
        o.district_seats =
            seat_distribution(tally.district_seat_histogram(k).data(), tally.district_seats, n);
      }
      o.total_seats = seat_distribution(tally.total_seat_histogram(k).data(), tally.house_size, n);
      o.p_any_seat = probability(n - o.total_seats->histogram[0], n);
      o.p_largest = probability(tally.largest[k], n);
    }
    summary.options.push_back(std::move(o));
  }

  add_majority_lines(scenario, tally, summary);
  summary.house = house_size(scenario, tally);
  summary.coalition_lines = coalition_lines(scenario.house_size());
  for (std::size_t k = 0; k < scenario.options.size(); ++k) {
    if (model::wins_seats(scenario.options[k].kind))
      summary.correlated.push_back(static_cast<int>(k));
  }
  if (tally.coalition_parties > 0) {
    for (std::size_t mask = 1; mask < tally.coalition_majority.size(); ++mask) {
      Coalition c;
      for (std::size_t i = 0; i < tally.coalition_parties; ++i) {
        if (mask >> i & 1) c.members.push_back(summary.correlated[i]);
      }
      c.majority = probability(tally.coalition_majority[mask], n);
      c.two_thirds = probability(tally.coalition_two_thirds[mask], n);
      summary.coalitions.push_back(std::move(c));
    }
  }
  if (n > 0) summary.correlations = seat_correlations(tally, summary.correlated);
  summary.districts = district_odds(scenario, tally);

  summary.events.push_back({std::string(kTieForLargest), probability(tally.tie_for_largest, n)});
  if (scenario.list_rule()) {
    summary.events.push_back(
        {"last list seat decided by the tie rule", probability(tally.list_ties, n)});
    summary.events.push_back({"no list passes the threshold", probability(tally.list_unfilled, n)});
  }
  return summary;
}

std::vector<int> median_seats(const Summary& summary) {
  std::vector<int> medians;
  for (const auto& o : summary.options) medians.push_back(o.total_seats ? o.total_seats->p50 : 0);
  return medians;
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
    for (const auto& region : o.region_seats) consider(region.any_seat);
  }
  for (const auto& e : summary.events) consider(e.p);
  for (const auto& d : summary.districts) {
    for (const auto& c : d.contenders) consider(c.win);
  }
  for (const auto& c : summary.coalitions) {
    consider(c.majority);
    consider(c.two_thirds);
  }
  for (const auto& b : summary.blocs) {
    consider(b.majority);
    consider(b.two_thirds);
  }
  return largest;
}

}  // namespace seatsim::sim
