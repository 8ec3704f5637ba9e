#pragma once
// Summary statistics, computed once from the integer tally: probabilities with their Monte Carlo
// standard errors, sqrt(p (1 - p) / n), and seat distributions with quantiles read off the exact
// histograms.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/sim/scenario.hpp"
#include "engine/sim/tally.hpp"

namespace seatsim::sim {

struct Probability {
  double p = 0.0;
  double se = 0.0;
};

struct SeatDistribution {
  double mean = 0.0;
  double mean_se = 0.0;
  int p5 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
  std::vector<std::uint64_t> histogram;  // histogram[s]: draws with exactly s seats
};

struct OptionSummary {
  const model::BallotOption* option = nullptr;
  std::optional<double> mean_share;        // list-ballot options only
  std::optional<Probability> p_threshold;  // parties, when there is a list tier
  std::vector<Probability> p_share_lines;  // list-ballot options: one per questions.share_lines
  std::optional<Probability> p_any_seat;   // seat-winning options
  std::optional<Probability> p_largest;
  std::optional<SeatDistribution> list_seats, district_seats, total_seats;
};

struct Event {
  std::string name;
  Probability p;
};

struct Summary {
  std::uint64_t draws = 0;
  std::vector<OptionSummary> options;
  std::vector<Event> events;
};

Probability probability(std::uint64_t hits, std::uint64_t draws);
SeatDistribution seat_distribution(const std::uint64_t* histogram, int max_seats,
                                   std::uint64_t draws);

Summary summarize(const Scenario& scenario, const Tally& tally);

// The largest standard error among every probability the summary reports.
double largest_se(const Summary& summary);

}  // namespace seatsim::sim
