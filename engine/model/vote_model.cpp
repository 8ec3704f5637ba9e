#include "engine/model/vote_model.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

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

DistrictModel::DistrictModel(const DistrictTierSpec& spec, std::span<const BallotOption> options)
    : districts_(spec.districts.size()), noise_sd_(spec.noise_sd), region_sd_(spec.region_sd) {
  for (const double m : spec.reference_mean) log_mean_.push_back(std::log(m));
  // Regions are numbered in order of first appearance; a district without one is a region alone.
  std::map<std::string, std::size_t> region_index;
  std::map<std::pair<std::size_t, std::size_t>, int> term_index;  // (region, option) -> term
  first_.push_back(0);
  for (const auto& district : spec.districts) {
    assert(district.baseline.size() == options.size());
    assert(district.strength.empty() || district.strength.size() == options.size());
    std::size_t region = regions_;
    if (district.region.empty()) {
      ++regions_;
    } else {
      const auto [it, added] = region_index.try_emplace(district.region, regions_);
      if (added) ++regions_;
      region = it->second;
    }
    int list_position = 0;
    for (std::size_t k = 0; k < options.size(); ++k) {
      const auto kind = options[k].kind;
      const int position = on_list_ballot(kind) ? list_position++ : -1;
      if (!wins_seats(kind) || district.baseline[k] <= 0.0) continue;
      const auto [term, added] =
          term_index.try_emplace({region, k}, static_cast<int>(terms_.size()));
      if (added) terms_.push_back({position});
      const double strength = district.strength.empty() ? 0.0 : district.strength[k];
      candidates_.push_back(
          {static_cast<int>(k), term->second, std::log(district.baseline[k]) + strength});
    }
    first_.push_back(candidates_.size());
  }
  offsets_.resize(terms_.size());
  words_.resize(rng::LaneStreams::padded(candidates_.size()));
}

void DistrictModel::draw(rng::LaneStreams& noise, rng::Rng& regional,
                         std::span<const double> national, std::span<double> swing,
                         std::span<int> winners) {
  for (std::size_t k = 0; k < national.size(); ++k) swing[k] = std::log(national[k]) - log_mean_[k];
  // Terms shared by every district of a region are summed once, before the per-district loop: one
  // regional normal per (region, option) pair that has a candidate.
  for (std::size_t t = 0; t < terms_.size(); ++t) {
    const int position = terms_[t].list_position;
    offsets_[t] = position >= 0 ? swing[position] : 0.0;
  }
  if (region_sd_ > 0.0) {
    rng::Rng local = regional;
    for (double& offset : offsets_) offset += region_sd_ * normal_(local);
    regional = local;
  }
  // Each candidate's normal starts from its own word of a batch drawn by the vector lanes; the
  // scalar stream serves the ziggurat's rare second steps. A local copy of it lets the compiler
  // keep its state in registers; in memory, g++ 12 at -O3 vectorises the state update and makes
  // each normal several times slower (TOOLCHAIN.md).
  noise.fill(words_);
  rng::Rng local = noise.scalar();
  for (std::size_t d = 0; d < districts_; ++d) {
    double best_score = -std::numeric_limits<double>::infinity();
    int best = -1;
    for (std::size_t c = first_[d]; c < first_[d + 1]; ++c) {
      const Candidate& candidate = candidates_[c];
      const double score = candidate.log_baseline + offsets_[candidate.term] +
                           noise_sd_ * normal_.complete(words_[c], local);
      // Exact score ties have probability zero; the earlier option keeps the seat.
      if (score > best_score) {
        best_score = score;
        best = candidate.option;
      }
    }
    winners[d] = best;
  }
  noise.scalar() = local;
}

}  // namespace seatsim::model
