#include "engine/model/vote_model.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <utility>

#include "engine/rng/vector_kernels.hpp"

namespace seatsim::model {

DirichletModel::DirichletModel(const DirichletSpec& spec) {
  gammas_.reserve(spec.mean.size());
  for (const double m : spec.mean) {
    gammas_.emplace_back(spec.n_eff * m);
    log_domain_ |= gammas_.back().below_one();
  }
}

void DirichletModel::draw(rng::Rng& stream, std::span<double> national) {
  assert(national.size() == gammas_.size());
  // A local copy of the engine lets the compiler keep its state in registers (TOOLCHAIN.md).
  rng::Rng engine = stream;
  // A Dirichlet vector is independent Gamma(alpha_k, 1) draws divided by their sum. Shapes below 1
  // can underflow to 0, so then the draws are normalised in the log domain, against their maximum.
  if (log_domain_) {
    double most = -std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < gammas_.size(); ++k) {
      national[k] = gammas_[k].log_sample(engine);
      most = std::max(most, national[k]);
    }
    for (double& share : national) share = std::exp(share - most);
  } else {
    for (std::size_t k = 0; k < gammas_.size(); ++k) national[k] = gammas_[k](engine);
  }
  double total = 0.0;
  for (const double share : national) total += share;
  const double inverse = 1.0 / total;
  for (double& share : national) share *= inverse;
  stream = engine;
}

namespace {

// The plurality in every district: each contender's score, log baseline + (swing + regional) +
// noise_sd * noise, folded into a running maximum over the contenders, W districts at a time.
// Without regional swings `regional` is null and not read: adding 0 would give the same bits.
// A contender takes a district where it scores strictly higher, so an exact tie (probability zero)
// leaves the seat with the earlier option. Compares and blends, no branches; every version
// computes the same bits (vector_kernels.hpp). `lanes` is a multiple of every W; the lanes past
// the last district read the next contender's cells, and their winner is set to -1 here (set
// after the vector store, by narrower stores, it stalled count_wins' vector loads).
struct Plurality {
  template <std::size_t W>
  static void run(std::size_t contenders, std::size_t districts, std::size_t lanes,
                  const double* log_baseline, const double* swing, const double* regional,
                  double noise_sd, const double* noise, const std::int64_t* option,
                  std::int64_t* winner) {
    using Scores = rng::Vector<double, W>;
    using Options = rng::Vector<std::int64_t, W>;
    Options lane;
    for (std::size_t i = 0; i < W; ++i) lane[i] = static_cast<std::int64_t>(i);
    for (std::size_t d = 0; d < lanes; d += W) {
      Scores best_score = Scores{} - std::numeric_limits<double>::infinity();
      Options best = Options{} - 1;
      for (std::size_t c = 0; c < contenders; ++c) {
        const std::size_t at = c * districts + d;
        Scores base, z;
        Scores offset{};
        std::memcpy(&base, log_baseline + at, sizeof base);
        if (regional != nullptr) std::memcpy(&offset, regional + at, sizeof offset);
        std::memcpy(&z, noise + at, sizeof z);
        const Scores score = base + (swing[c] + offset) + noise_sd * z;
        const Options higher = score > best_score;
        best_score = higher ? score : best_score;
        best = higher ? (Options{} + option[c]) : best;
      }
      const Options district = lane + static_cast<std::int64_t>(d);
      best = district < static_cast<std::int64_t>(districts) ? best : Options{} - 1;
      std::memcpy(winner + d, &best, sizeof best);
    }
  }
};

// Per contender, the districts it won: compares and adds across the lanes. (A histogram of the
// winners, ++won[winner], is a chain of increments of one counter when one option wins most
// districts, each waiting for the last one's store.) Padding lanes' winner is -1.
struct CountWins {
  template <std::size_t W>
  static void run(std::size_t contenders, std::size_t lanes, const std::int64_t* option,
                  const std::int64_t* winner, int* won) {
    using Options = rng::Vector<std::int64_t, W>;
    for (std::size_t c = 0; c < contenders; ++c) {
      Options count{};
      for (std::size_t d = 0; d < lanes; d += W) {
        Options best;
        std::memcpy(&best, winner + d, sizeof best);
        count -= best == option[c];  // true is -1 in every lane
      }
      std::int64_t total = 0;
      for (std::size_t lane = 0; lane < W; ++lane) total += count[lane];
      won[c] = static_cast<int>(total);
    }
  }
};

}  // namespace

DistrictModel::DistrictModel(const DistrictTierSpec& spec, std::span<const BallotOption> options,
                             Contenders contenders)
    : districts_(spec.districts.size()),
      lanes_(rng::LaneStreams::padded(spec.districts.size())),
      noise_sd_(spec.noise_sd),
      region_sd_(spec.region_sd) {
  for (const double m : spec.reference_mean) log_mean_.push_back(std::log(m));
  // Regions are numbered in order of first appearance; a district without one is a region alone.
  std::vector<std::size_t> region_of;
  std::map<std::string, std::size_t> region_index;
  for (const auto& district : spec.districts) {
    assert(district.baseline.size() == options.size());
    assert(district.strength.empty() || district.strength.size() == options.size());
    if (district.region.empty()) {
      region_of.push_back(regions_++);
    } else {
      const auto [it, added] = region_index.try_emplace(district.region, regions_);
      if (added) ++regions_;
      region_of.push_back(it->second);
    }
  }
  int list_position = 0;
  for (std::size_t k = 0; k < options.size(); ++k) {
    const auto kind = options[k].kind;
    const int position = on_list_ballot(kind) ? list_position++ : -1;
    const bool stands = std::any_of(spec.districts.begin(), spec.districts.end(),
                                    [&](const DistrictSpec& d) { return d.baseline[k] > 0.0; });
    const bool contends =
        contenders == Contenders::seat_winners ? wins_seats(kind) : on_list_ballot(kind);
    if (contends && stands) {
      contender_option_.push_back(static_cast<std::int64_t>(k));
      contender_list_.push_back(position);
    }
  }
  const std::size_t rows = contender_option_.size();
  const std::size_t grid = rows * districts_;
  // The last contender's last vector reads lanes_ - districts_ cells past the grid.
  const std::size_t cells = rows == 0 ? 0 : grid - districts_ + lanes_;
  log_baseline_.assign(cells, -std::numeric_limits<double>::infinity());
  term_.assign(cells, -1);
  // Terms are numbered district by district, then in option order, as they first appear.
  std::map<std::pair<std::size_t, std::size_t>, int> term_index;  // (region, contender) -> term
  for (std::size_t d = 0; d < districts_; ++d) {
    const DistrictSpec& district = spec.districts[d];
    for (std::size_t c = 0; c < contender_option_.size(); ++c) {
      const auto k = static_cast<std::size_t>(contender_option_[c]);
      if (district.baseline[k] <= 0.0) continue;
      const double strength = district.strength.empty() ? 0.0 : district.strength[k];
      log_baseline_[c * districts_ + d] = std::log(district.baseline[k]) + strength;
      const auto [term, added] =
          term_index.try_emplace({region_of[d], c}, static_cast<int>(term_index.size()));
      term_[c * districts_ + d] = term->second;
    }
  }
  term_swing_.resize(term_index.size());
  regional_.assign(cells, 0.0);
  words_.resize(rng::LaneStreams::padded(grid));
  noise_.resize(std::max(cells, words_.size()));
  contender_swing_.resize(contender_option_.size());
  contender_won_.resize(contender_option_.size());
  best_.resize(lanes_);
  scores_.resize(contender_option_.size());
}

void DistrictModel::draw_terms(rng::LaneStreams& noise, rng::Rng& regional,
                               std::span<const double> national, std::span<double> swing) {
  for (std::size_t k = 0; k < national.size(); ++k) swing[k] = std::log(national[k]) - log_mean_[k];
  if (region_sd_ > 0.0) {
    rng::Rng local = regional;
    for (double& term : term_swing_) term = region_sd_ * normal_(local);
    regional = local;
    for (std::size_t i = 0; i < regional_.size(); ++i) {
      regional_[i] = term_[i] >= 0 ? term_swing_[term_[i]] : 0.0;
    }
  }
  // Each candidate's normal starts from its own word of a batch drawn by the vector lanes; the
  // scalar stream serves the ziggurat's rare second steps. A local copy of it lets the compiler
  // keep its state in registers; in memory, g++ 12 at -O3 vectorises the state update and makes
  // each normal several times slower (TOOLCHAIN.md).
  noise.fill(words_);
  rng::Rng local = noise.scalar();
  normal_.complete_all(words_, std::span(noise_).first(words_.size()), local);
  noise.scalar() = local;
  for (std::size_t c = 0; c < contender_list_.size(); ++c) {
    const int position = contender_list_[c];
    contender_swing_[c] = position >= 0 ? swing[position] : 0.0;
  }
}

void DistrictModel::draw(rng::LaneStreams& noise, rng::Rng& regional,
                         std::span<const double> national, std::span<double> swing,
                         std::span<int> winners, std::span<int> won) {
  draw_terms(noise, regional, national, swing);
  rng::run_kernel<Plurality>(contender_option_.size(), districts_, lanes_, log_baseline_.data(),
                             contender_swing_.data(), region_sd_ > 0.0 ? regional_.data() : nullptr,
                             noise_sd_, noise_.data(), contender_option_.data(), best_.data());
  for (std::size_t d = 0; d < districts_; ++d) winners[d] = static_cast<int>(best_[d]);
  rng::run_kernel<CountWins>(contender_option_.size(), lanes_, contender_option_.data(),
                             best_.data(), contender_won_.data());
  std::fill(won.begin(), won.end(), 0);
  for (std::size_t c = 0; c < contender_option_.size(); ++c) {
    won[static_cast<std::size_t>(contender_option_[c])] = contender_won_[c];
  }
}

void DistrictModel::draw_shares(rng::LaneStreams& noise, rng::Rng& regional,
                                std::span<const double> national, std::span<double> swing,
                                std::span<double> shares) {
  draw_terms(noise, regional, national, swing);
  const std::size_t positions = national.size();
  assert(shares.size() == districts_ * positions);
  std::fill(shares.begin(), shares.end(), 0.0);
  for (std::size_t d = 0; d < districts_; ++d) {
    // Each list's vote is proportional to e^score, normalised against the district's highest
    // score so that no exponential overflows.
    double most = -std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < contender_list_.size(); ++c) {
      const std::size_t at = c * districts_ + d;
      scores_[c] =
          log_baseline_[at] + (contender_swing_[c] + regional_[at]) + noise_sd_ * noise_[at];
      most = std::max(most, scores_[c]);
    }
    double total = 0.0;
    for (std::size_t c = 0; c < contender_list_.size(); ++c) {
      scores_[c] = std::exp(scores_[c] - most);
      total += scores_[c];
    }
    for (std::size_t c = 0; c < contender_list_.size(); ++c) {
      shares[d * positions + static_cast<std::size_t>(contender_list_[c])] = scores_[c] / total;
    }
  }
}

}  // namespace seatsim::model
