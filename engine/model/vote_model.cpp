#include "engine/model/vote_model.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

#include "engine/rng/vector_clones.hpp"

namespace seatsim::model {

DirichletModel::DirichletModel(const DirichletSpec& spec) {
  gammas_.reserve(spec.mean.size());
  for (const double m : spec.mean) {
    gammas_.emplace_back(spec.n_eff * m);
    log_domain_ |= gammas_.back().below_one();
  }
}

void DirichletModel::draw(rng::Rng& engine, std::span<double> national) {
  assert(national.size() == gammas_.size());
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
}

namespace {

// One contender's scores in every district, log baseline + (swing + regional) + noise_sd * noise,
// folded into the running plurality: where it scores strictly higher it takes the district, so an
// exact tie (probability zero) leaves the seat with the earlier option. Branch-free, so that the
// compiler turns it into vector compares and blends.
SEATSIM_VECTOR_CLONES
void contend(std::size_t lanes, const double* log_baseline, double swing, const double* regional,
             double noise_sd, const double* noise, std::int64_t option, double* best_score,
             std::int64_t* best) {
  for (std::size_t d = 0; d < lanes; ++d) {
    const double score = log_baseline[d] + (swing + regional[d]) + noise_sd * noise[d];
    const bool higher = score > best_score[d];
    best_score[d] = higher ? score : best_score[d];
    best[d] = higher ? option : best[d];
  }
}

}  // namespace

DistrictModel::DistrictModel(const DistrictTierSpec& spec, std::span<const BallotOption> options)
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
    if (wins_seats(kind) && stands) contenders_.push_back({static_cast<std::int64_t>(k), position});
  }
  const std::size_t grid = contenders_.size() * lanes_;
  log_baseline_.assign(grid, -std::numeric_limits<double>::infinity());
  term_.assign(grid, -1);
  // Terms are numbered district by district, then in option order, as they first appear.
  std::map<std::pair<std::size_t, std::size_t>, int> term_index;  // (region, contender) -> term
  for (std::size_t d = 0; d < districts_; ++d) {
    const DistrictSpec& district = spec.districts[d];
    for (std::size_t c = 0; c < contenders_.size(); ++c) {
      const auto k = static_cast<std::size_t>(contenders_[c].option);
      if (district.baseline[k] <= 0.0) continue;
      const double strength = district.strength.empty() ? 0.0 : district.strength[k];
      log_baseline_[c * lanes_ + d] = std::log(district.baseline[k]) + strength;
      const auto [term, added] =
          term_index.try_emplace({region_of[d], c}, static_cast<int>(term_index.size()));
      term_[c * lanes_ + d] = term->second;
    }
  }
  terms_ = term_index.size();
  term_swing_.resize(terms_);
  regional_.assign(grid, 0.0);
  words_.resize(grid);
  noise_.resize(grid);
  best_score_.resize(lanes_);
  best_.resize(lanes_);
}

void DistrictModel::draw(rng::LaneStreams& noise, rng::Rng& regional,
                         std::span<const double> national, std::span<double> swing,
                         std::span<int> winners) {
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
  normal_.complete_all(words_, noise_, local);
  noise.scalar() = local;
  std::fill(best_score_.begin(), best_score_.end(), -std::numeric_limits<double>::infinity());
  std::fill(best_.begin(), best_.end(), -1);
  for (std::size_t c = 0; c < contenders_.size(); ++c) {
    const int position = contenders_[c].list_position;
    const std::size_t row = c * lanes_;
    contend(lanes_, &log_baseline_[row], position >= 0 ? swing[position] : 0.0, &regional_[row],
            noise_sd_, &noise_[row], contenders_[c].option, best_score_.data(), best_.data());
  }
  for (std::size_t d = 0; d < districts_; ++d) winners[d] = static_cast<int>(best_[d]);
}

}  // namespace seatsim::model
