#pragma once
// The vote model: one draw of national list shares (Dirichlet) and of each district's plurality
// winner (proportional swing from a baseline, times lognormal district noise). Parameters are
// validated by the scenario loader; here they are trusted and checked only by debug contracts.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rng/distributions.hpp"
#include "engine/rng/lane_streams.hpp"
#include "engine/rng/stream.hpp"

namespace seatsim::model {

enum class OptionKind {
  party,          // a list on the national ballot; stands in districts, can win seats in both
  against_all,    // on every ballot, counts in the valid vote, never wins a seat
  district_only,  // district candidates without a list, such as the self-nominated
  other_valid,    // valid votes for lists not modelled one by one: in the valid vote, never a seat
};

struct BallotOption {
  std::string id;
  std::string name;
  OptionKind kind = OptionKind::party;
  std::string colour;  // "#rrggbb" for charts, or "" for the default palette
};

// The kind's name as scenario files write it.
constexpr std::string_view to_string(OptionKind kind) {
  switch (kind) {
    case OptionKind::party: return "party";
    case OptionKind::against_all: return "against_all";
    case OptionKind::district_only: return "district_only";
    case OptionKind::other_valid: return "other_valid";
  }
  return "party";
}

// True for options with a national list-ballot share (parties, "against all" and other valid
// votes).
constexpr bool on_list_ballot(OptionKind kind) {
  return kind != OptionKind::district_only;
}
// True for options that can win a seat.
constexpr bool wins_seats(OptionKind kind) {
  return kind != OptionKind::against_all && kind != OptionKind::other_valid;
}

// National shares ~ Dirichlet(n_eff * mean) over the list-ballot options. n_eff is the effective
// sample size: each share has variance mean * (1 - mean) / (n_eff + 1).
struct DirichletSpec {
  std::vector<double> mean;  // one per list-ballot option, in option order; sums to 1
  double n_eff = 0.0;
};

// Districts: option k's log score in district d of region r is
//   log baseline[d][k] + strength[d][k] + log swing[k] + region_sd * u[r][k] + noise_sd * z[d][k],
// where swing[k] = national[k] / reference_mean[k] for list-ballot options (a proportional swing
// from the national shares at which the baselines hold) and 1 for district-only options, and u and
// z are independent standard normals: u is one regional swing per region and option, shared by the
// region's districts, z is each candidate's own district noise. This is the hierarchical
// (district-within-region) normal error of constituency forecasting models, e.g. Hanretty,
// Lauderdale and Vivyan (2016), "Combining national and constituency polling for forecasting",
// Electoral Studies 41, with a uniform swing on the log scale. Two districts of one region share
// the region's term, so their scores for option k correlate by region_sd^2 / (region_sd^2 +
// noise_sd^2). The highest score among options that can win seats takes the district
// (plurality). Scores are compared in the log domain, so no exp is needed.
struct DistrictSpec {
  std::string name;
  std::string region;            // districts with the same region share its swing; "" = alone
  std::vector<double> baseline;  // one share per option at the national mean; 0 = does not stand
  std::vector<double> strength;  // per option, the log-multiplier of its candidate's own strength
};

struct DistrictTierSpec {
  std::vector<DistrictSpec> districts;
  double noise_sd = 0.0;
  double region_sd = 0.0;              // sd of the regional swing, on the log score
  std::vector<double> reference_mean;  // list-ballot shares at which the baselines hold; sums to 1
};

// Scratch for one draw, sized once per worker so the per-draw loop never allocates.
struct DrawBuffers {
  explicit DrawBuffers(std::size_t list_options, std::size_t districts)
      : national(list_options), swing(list_options), winners(districts) {}
  std::vector<double> national;  // list-ballot shares, summing to 1
  std::vector<double> swing;     // log(national / mean), per list-ballot option
  std::vector<int> winners;      // per district, the winning option's index
};

class DirichletModel {
 public:
  explicit DirichletModel(const DirichletSpec& spec);

  // Draws national shares into `national`.
  void draw(rng::Rng& engine, std::span<double> national);

 private:
  std::vector<rng::GammaDistribution> gammas_;
  bool log_domain_ = false;
};

// Who a district model scores: the candidates of single-member districts, or the lists of
// multi-member list districts (every list-ballot option, whose votes make the district's shares).
enum class Contenders { seat_winners, list_options };

class DistrictModel {
 public:
  // `options` gives every option's kind.
  DistrictModel(const DistrictTierSpec& spec, std::span<const BallotOption> options,
                Contenders contenders = Contenders::seat_winners);

  std::size_t districts() const { return districts_; }

  std::size_t regions() const { return regions_; }

  // Given national shares, writes each district's winning option (an index into all options)
  // and, per option, how many districts it won. `noise` draws the district noise, `regional` the
  // regional swings (none when region_sd is 0).
  void draw(rng::LaneStreams& noise, rng::Rng& regional, std::span<const double> national,
            std::span<double> swing, std::span<int> winners, std::span<int> won);

  // Under Contenders::list_options: each district's vote shares, the same scores exponentiated and
  // normalised over the lists that stand there, into shares[d * positions + list-ballot position]
  // (0 where a list does not stand).
  void draw_shares(rng::LaneStreams& noise, rng::Rng& regional, std::span<const double> national,
                   std::span<double> swing, std::span<double> shares);

 private:
  // This draw's swings, regional terms and district noise, into the scratch the scores read.
  void draw_terms(rng::LaneStreams& noise, rng::Rng& regional, std::span<const double> national,
                  std::span<double> swing);

  // The candidates sit in a dense grid, [contender * districts_ + district]: one contender's
  // scores in every district are contiguous, so the plurality is a running maximum over
  // contenders, a vector across districts, lanes_ (districts_ rounded up to whole vectors) at a
  // time. Rows are not padded, so no normal is drawn for a padding lane; a vector past a row's end
  // reads the next row, and those lanes' winners are dropped. Districts where a contender does not
  // stand have a log baseline of -inf and never win.
  std::size_t districts_ = 0;
  std::size_t lanes_ = 0;
  std::size_t regions_ = 0;
  double noise_sd_ = 0.0;
  double region_sd_ = 0.0;
  std::vector<double> log_mean_;  // per list-ballot option
  // Contenders: the options that can win seats and stand in at least one district.
  std::vector<std::int64_t> contender_option_;  // [contender]: index into all options
  std::vector<int> contender_list_;      // [contender]: list-ballot position, -1 for district-only
  std::vector<double> contender_swing_;  // [contender]: this draw's swing (scratch)
  std::vector<int> contender_won_;       // [contender]: this draw's districts won (scratch)
  std::vector<double> log_baseline_;     // [grid]: log baseline + strength, both fixed, folded once
  // Regional swings: one normal per (region, contender) pair with a candidate in the region, its
  // term; term_[grid] is the candidate's term (-1 for none), regional_[grid] this draw's swing
  // (scratch; 0 throughout when region_sd is 0, and then the plurality does not read it).
  std::vector<int> term_;
  std::vector<double> term_swing_;  // [term], scratch
  std::vector<double> regional_;
  std::vector<std::uint64_t> words_;  // [grid]: each normal's first random bits (scratch)
  std::vector<double> noise_;         // [grid]: standard normals (scratch)
  std::vector<std::int64_t> best_;    // [district]: the winning option (scratch)
  std::vector<double> scores_;        // [contender]: one district's scores (scratch, draw_shares)
  rng::NormalDistribution normal_;
};

}  // namespace seatsim::model
