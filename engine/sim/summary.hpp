#pragma once
// Summary statistics, computed once from the integer tally: probabilities with their Monte Carlo
// standard errors, sqrt(p (1 - p) / n), and seat distributions with quantiles read off the exact
// histograms.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

// A quantile of a party's share of the threshold base minus the threshold, read off the binned
// shares (bins of 1 / kShareBins, each value its bin's lower edge), with a standard error from the
// binomial order-statistic interval: half the distance between the quantiles at q -+ sqrt(q (1 - q)
// / n), the distribution-free interval for a quantile (e.g. Hahn and Meeker, Statistical Intervals,
// 1991, section 5.2), at least half a bin.
struct ShareQuantile {
  int percent = 0;
  double value = 0.0;
  double se = 0.0;
};

// A list-ballot option's share of the valid vote over the draws: quantiles 5, 25, 50, 75 and 95%
// (values are bin lower edges, as fractions) and the histogram they are read from, in bins of
// 1 / kShareDensityBins.
struct ShareDistribution {
  std::vector<ShareQuantile> quantiles;
  std::vector<std::uint64_t> histogram;  // [bin]: draws with a share in [bin, bin + 1) / bins
};

// The share of the valid vote a party would need to add for one more list seat
// (rules/next_seat.hpp), over the sampled draws (every kNextSeatStride-th) in which it has a next
// seat; `counted` of the `sampled` draws, so sampled - counted draws had none (every list seat
// held, or none to be had). Its mean has the standard error sqrt(variance / counted).
struct NextSeatVotes {
  std::uint64_t sampled = 0;
  std::uint64_t counted = 0;
  double mean = 0.0;
  double mean_se = 0.0;
  std::vector<ShareQuantile> quantiles;  // 5, 50, 95%; the last bin (1 or more) reads as 1
};

// The majority bonus an option took: its mean bonus seats and how often it took the bonus.
struct BonusSummary {
  double mean_seats = 0.0;
  Probability taken;
};

// A party's seats in one multi-member list district: the mean over draws, with its standard error
// sqrt(variance / n), and P(at least one seat there).
struct RegionSeats {
  double mean = 0.0;
  double mean_se = 0.0;
  Probability any_seat;
};

struct OptionSummary {
  const model::BallotOption* option = nullptr;
  std::optional<double> mean_share;        // list-ballot options only
  std::optional<Probability> p_threshold;  // parties, when there is a list tier
  std::vector<Probability> p_share_lines;  // list-ballot options: one per questions.share_lines
  std::optional<ShareDistribution> share;  // list-ballot options, after at least one draw
  std::optional<Probability> p_any_seat;   // seat-winning options
  std::optional<Probability> p_largest;
  std::optional<SeatDistribution> list_seats, district_seats, total_seats;
  std::vector<ShareQuantile> threshold_distance;  // parties, with a list tier: 5, 25, 50, 75, 95%
  std::optional<NextSeatVotes> next_seat;         // parties, with a list tier
  std::optional<BonusSummary> bonus;              // parties, with a majority bonus
  // Parties under compensatory: the seats kept above the proportional share, mean per draw.
  std::optional<double> overhang_mean;
  std::vector<RegionSeats> region_seats;  // parties, per list district (scenario order), if any
};

// The house size per draw: the nominal house (list seats plus districts) grown by overhang and
// levelling, or shrunk by district winners not seated, and the mean seats of each.
struct HouseSize {
  int nominal = 0;
  SeatDistribution seats;  // each draw's house
  double overhang_mean = 0.0;
  double levelling_mean = 0.0;
  double unseated_mean = 0.0;
  // Whether some draw's house differed from the nominal one.
  bool varies(std::uint64_t draws) const {
    return static_cast<std::size_t>(nominal) >= seats.histogram.size() ||
           seats.histogram[static_cast<std::size_t>(nominal)] != draws;
  }
};

// A coalition: a set of seat-winning options, and how often their seats together reach the lines.
struct Coalition {
  std::vector<int> members;  // option indices, in ballot order
  Probability majority, two_thirds;
};

// A bloc ([report.blocs]): its members' seats added up in each draw, and how often they reach a
// majority and two thirds of that draw's house, as a coalition's do.
struct BlocSummary {
  const Bloc* bloc = nullptr;
  SeatDistribution seats;
  Probability majority, two_thirds;
};

// The correlation of two options' total seats over the draws, from exact integer sums of seats and
// of their products; nullopt when either never varies. Its standard error is the large-sample
// normal-theory one, (1 - r^2) / sqrt(n): seat totals are not normal, so take it as a guide.
struct SeatCorrelation {
  std::optional<double> r;
  double se = 0.0;
};

// A single-member district's odds: each contender's P(win), the favourite (the likeliest winner;
// ties go to the first in ballot order) and its margin over the runner-up, P(favourite) -
// P(second), whose standard error is that of a difference of two multinomial proportions,
// sqrt((p1 + p2 - (p1 - p2)^2) / n). The margin orders districts from the most uncertain.
struct DistrictOdds {
  struct Contender {
    int option = 0;  // index into the scenario's options
    Probability win;
  };
  std::size_t district = 0;           // in the scenario's order
  std::vector<Contender> contenders;  // the options that stand there, in ballot order
  std::size_t favourite = 0;          // index into contenders
  Probability margin;
};

// The name of the event "two or more options share the most seats".
inline constexpr std::string_view kTieForLargest = "tie for the most seats";

struct Event {
  std::string name;
  Probability p;
};

// A parliament that occurred: the draw of the run whose seats are nearest the median seats (the
// smallest sum over options of |seats - median|; ties go to the earlier draw), searched among the
// run's first `among` draws (sim::nearest_to_medians). Pictures of "the" parliament show it, so
// that they never show a composition no draw had (medians need not add up to the house).
struct NearestDraw {
  std::uint64_t draw = 0;
  std::uint64_t among = 0;
  int distance = 0;
  std::vector<int> seats;  // per option, all tiers
};

struct Summary {
  std::uint64_t draws = 0;
  std::vector<OptionSummary> options;
  std::vector<Event> events;
  HouseSize house;
  CoalitionLines coalition_lines;  // of the nominal house; each draw's coalitions use its own
  // Every non-empty coalition of the seat-winning options (none when there are more than
  // kMaxCoalitionParties), in order of their bit masks over those options.
  std::vector<Coalition> coalitions;
  std::vector<BlocSummary> blocs;             // in the scenario's order
  std::vector<int> correlated;                // the seat-winning options, in ballot order
  std::vector<SeatCorrelation> correlations;  // [a * correlated.size() + b]
  std::vector<DistrictOdds> districts;        // single-member districts, in scenario order
};

// Each option's median total seats (0 for an option that wins none).
std::vector<int> median_seats(const Summary& summary);

// The districts, most uncertain first: by margin, then in scenario order.
std::vector<const DistrictOdds*> closest_districts(const Summary& summary);

Probability probability(std::uint64_t hits, std::uint64_t draws);
SeatDistribution seat_distribution(const std::uint64_t* histogram, int max_seats,
                                   std::uint64_t draws);

Summary summarize(const Scenario& scenario, const Tally& tally);

// The largest standard error among every probability the summary reports.
double largest_se(const Summary& summary);

}  // namespace seatsim::sim
