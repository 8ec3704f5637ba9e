#include "engine/model/vote_model.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <utility>

#include "engine/rng/vector_clones.hpp"

#ifdef SEATSIM_VECTOR_PATHS
#include <immintrin.h>
#endif

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

// kLanes districts at once, as one GCC vector (one instruction per operation with AVX-512, two
// with AVX2, four with SSE2).
constexpr std::size_t kLanes = rng::LaneStreams::kLanes;
using Scores = double __attribute__((vector_size(kLanes * sizeof(double))));
using Options = std::int64_t __attribute__((vector_size(kLanes * sizeof(std::int64_t))));

// What noisy_plurality reads and writes: the candidate grid ([contender * lanes + district]),
// the ziggurat's rectangles, and scratch: the grid's words and noise, the steps to finish, and per
// district the running best score and winner (the result).
struct PluralityArgs {
  std::size_t contenders;
  std::size_t lanes;
  const double* log_baseline;
  const double* swing;     // [contender]
  const double* regional;  // [grid]
  double noise_sd;
  const std::int64_t* option;  // [contender]
  const std::uint64_t* inside;
  const double* width;
  std::uint64_t* words;  // [grid]
  double* noise;         // [grid]
  std::size_t* noted;    // [grid / kLanes]: the grid index of each step with a lane to finish
  double* best_score;    // [district]
  std::int64_t* winner;  // [district]
};

// Finishes a step of kLanes normals with NormalDistribution::complete from the scalar stream, in
// lane order (a lane inside its rectangle takes nothing from the stream and is left as it was).
struct NormalFixup {
  const rng::NormalDistribution& normal;
  rng::Rng engine;

  [[gnu::noinline]] void redo(const std::uint64_t* words, double* z) {
    rng::Rng local = engine;  // in registers: see DistrictModel::draw_shares
    for (std::size_t lane = 0; lane < kLanes; ++lane) z[lane] = normal.complete(words[lane], local);
    engine = local;
  }
};

// The kernel, once per instruction set; each differs only in how it looks up the ziggurat's layer
// tables and tests for any set lane.
namespace portable {

[[gnu::always_inline]] inline void look_up(const std::uint64_t* inside, const double* width,
                                           const rng::LaneWords& layer, rng::LaneWords& inside_out,
                                           Scores& width_out) {
  for (std::size_t lane = 0; lane < kLanes; ++lane) {
    inside_out[lane] = inside[layer[lane]];
    width_out[lane] = width[layer[lane]];
  }
}

[[gnu::always_inline]] inline bool any_lane(const Options& lanes) {
  Options mask = lanes;
  mask |= __builtin_shuffle(mask, Options{4, 5, 6, 7, 0, 1, 2, 3});
  mask |= __builtin_shuffle(mask, Options{2, 3, 0, 1, 6, 7, 4, 5});
  mask |= __builtin_shuffle(mask, Options{1, 0, 3, 2, 5, 4, 7, 6});
  return mask[0] != 0;
}

#include "engine/model/vote_model_kernel.inc"

}  // namespace portable

#ifdef SEATSIM_VECTOR_PATHS
#pragma GCC push_options
#pragma GCC target("avx2")
namespace avx2 {

using portable::any_lane;
using portable::look_up;
#include "engine/model/vote_model_kernel.inc"

}  // namespace avx2
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx512f")
namespace avx512 {

struct alignas(16) Pair {
  double width;
  std::uint64_t inside;
};
inline const Pair* pairs(const std::uint64_t* inside, const double* width) {
  static Pair p[256];
  static bool done = false;
  if (!done) {
    for (int i = 0; i < 256; ++i) p[i] = {width[i], inside[i]};
    done = true;
  }
  return p;
}
[[gnu::always_inline]] inline void look_up(const std::uint64_t* inside, const double* width,
                                           const rng::LaneWords& layer, rng::LaneWords& inside_out,
                                           Scores& width_out) {
  const Pair* t = pairs(inside, width);
  alignas(64) std::uint64_t layer_[kLanes];
  std::memcpy(layer_, &layer, sizeof layer_);
#define layer layer_
  const __m128i p0 = _mm_load_si128(reinterpret_cast<const __m128i*>(t + layer[0]));
  const __m128i p1 = _mm_load_si128(reinterpret_cast<const __m128i*>(t + layer[1]));
  const __m128i p2 = _mm_load_si128(reinterpret_cast<const __m128i*>(t + layer[2]));
  const __m128i p3 = _mm_load_si128(reinterpret_cast<const __m128i*>(t + layer[3]));
  const __m128i p4 = _mm_load_si128(reinterpret_cast<const __m128i*>(t + layer[4]));
  const __m128i p5 = _mm_load_si128(reinterpret_cast<const __m128i*>(t + layer[5]));
  const __m128i p6 = _mm_load_si128(reinterpret_cast<const __m128i*>(t + layer[6]));
  const __m128i p7 = _mm_load_si128(reinterpret_cast<const __m128i*>(t + layer[7]));
  __m512i lo = _mm512_castsi128_si512(p0);
  lo = _mm512_inserti32x4(lo, p1, 1);
  lo = _mm512_inserti32x4(lo, p2, 2);
  lo = _mm512_inserti32x4(lo, p3, 3);
  __m512i hi = _mm512_castsi128_si512(p4);
  hi = _mm512_inserti32x4(hi, p5, 1);
  hi = _mm512_inserti32x4(hi, p6, 2);
  hi = _mm512_inserti32x4(hi, p7, 3);
#undef layer
  const __m512i widths =
      _mm512_permutex2var_epi64(lo, _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14), hi);
  const __m512i insides =
      _mm512_permutex2var_epi64(lo, _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15), hi);
  std::memcpy(&inside_out, &insides, sizeof inside_out);
  std::memcpy(&width_out, &widths, sizeof width_out);
}

[[gnu::always_inline]] inline bool any_lane(const Options& mask) {
  const auto lanes = reinterpret_cast<const __m512i&>(mask);
  return _mm512_test_epi64_mask(lanes, lanes) != 0;
}

#include "engine/model/vote_model_kernel.inc"

}  // namespace avx512
#pragma GCC pop_options
#endif

void noisy_plurality(rng::VectorPath path, const PluralityArgs& args,
                     std::uint64_t (&state)[4][kLanes], NormalFixup& fixup) {
#ifdef SEATSIM_VECTOR_PATHS
  switch (path) {
    case rng::VectorPath::avx512: return avx512::noisy_plurality(args, state, fixup);
    case rng::VectorPath::avx2: return avx2::noisy_plurality(args, state, fixup);
    case rng::VectorPath::portable: break;
  }
#endif
  (void)path;
  portable::noisy_plurality(args, state, fixup);
}

// Per contender, the districts it won: compares and adds across the lanes. (A histogram of the
// winners, ++won[winner], is a chain of increments of one counter when one option wins most
// districts, each waiting for the last one's store.) Padding lanes' winner is -1.
SEATSIM_VECTOR_CLONES
void count_wins(std::size_t contenders, std::size_t lanes, const std::int64_t* option,
                const std::int64_t* winner, int* won) {
  for (std::size_t c = 0; c < contenders; ++c) {
    Options count{};
    for (std::size_t d = 0; d < lanes; d += kLanes) {
      Options best;
      std::memcpy(&best, winner + d, sizeof best);
      count -= best == option[c];  // true is -1 in every lane
    }
    std::int64_t total = 0;
    for (std::size_t lane = 0; lane < kLanes; ++lane) total += count[lane];
    won[c] = static_cast<int>(total);
  }
}

}  // namespace

DistrictModel::DistrictModel(const DistrictTierSpec& spec, std::span<const BallotOption> options,
                             Contenders contenders, rng::VectorPath path)
    : path_(path),
      districts_(spec.districts.size()),
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
  const std::size_t grid = contender_option_.size() * lanes_;
  log_baseline_.assign(grid, -std::numeric_limits<double>::infinity());
  term_.assign(grid, -1);
  // Terms are numbered district by district, then in option order, as they first appear.
  std::map<std::pair<std::size_t, std::size_t>, int> term_index;  // (region, contender) -> term
  for (std::size_t d = 0; d < districts_; ++d) {
    const DistrictSpec& district = spec.districts[d];
    for (std::size_t c = 0; c < contender_option_.size(); ++c) {
      const auto k = static_cast<std::size_t>(contender_option_[c]);
      if (district.baseline[k] <= 0.0) continue;
      const double strength = district.strength.empty() ? 0.0 : district.strength[k];
      log_baseline_[c * lanes_ + d] = std::log(district.baseline[k]) + strength;
      const auto [term, added] =
          term_index.try_emplace({region_of[d], c}, static_cast<int>(term_index.size()));
      term_[c * lanes_ + d] = term->second;
    }
  }
  term_swing_.resize(term_index.size());
  regional_.assign(grid, 0.0);
  words_.resize(grid);
  noise_.resize(grid);
  contender_swing_.resize(contender_option_.size());
  contender_won_.resize(contender_option_.size());
  best_.resize(lanes_);
  best_score_.resize(lanes_);
  noted_.resize(grid / kLanes);
  scores_.resize(contender_option_.size());
}

void DistrictModel::draw_swings(rng::Rng& regional, std::span<const double> national,
                                std::span<double> swing) {
  for (std::size_t k = 0; k < national.size(); ++k) swing[k] = std::log(national[k]) - log_mean_[k];
  if (region_sd_ > 0.0) {
    rng::Rng local = regional;
    for (double& term : term_swing_) term = region_sd_ * normal_(local);
    regional = local;
    for (std::size_t i = 0; i < regional_.size(); ++i) {
      regional_[i] = term_[i] >= 0 ? term_swing_[term_[i]] : 0.0;
    }
  }
  for (std::size_t c = 0; c < contender_list_.size(); ++c) {
    const int position = contender_list_[c];
    contender_swing_[c] = position >= 0 ? swing[position] : 0.0;
  }
}

void DistrictModel::draw(rng::LaneStreams& noise, rng::Rng& regional,
                         std::span<const double> national, std::span<double> swing,
                         std::span<int> winners, std::span<int> won) {
  draw_swings(regional, national, swing);
  const auto rectangles = normal_.rectangles();
  const PluralityArgs args{.contenders = contender_option_.size(),
                           .lanes = lanes_,
                           .log_baseline = log_baseline_.data(),
                           .swing = contender_swing_.data(),
                           .regional = regional_.data(),
                           .noise_sd = noise_sd_,
                           .option = contender_option_.data(),
                           .inside = rectangles.inside,
                           .width = rectangles.width,
                           .words = words_.data(),
                           .noise = noise_.data(),
                           .noted = noted_.data(),
                           .best_score = best_score_.data(),
                           .winner = best_.data()};
  NormalFixup fixup{normal_, noise.scalar()};
  noisy_plurality(path_, args, noise.states(), fixup);
  noise.scalar() = fixup.engine;
  for (std::size_t d = 0; d < districts_; ++d) winners[d] = static_cast<int>(best_[d]);
  count_wins(contender_option_.size(), lanes_, contender_option_.data(), best_.data(),
             contender_won_.data());
  std::fill(won.begin(), won.end(), 0);
  for (std::size_t c = 0; c < contender_option_.size(); ++c) {
    won[static_cast<std::size_t>(contender_option_[c])] = contender_won_[c];
  }
}

void DistrictModel::draw_shares(rng::LaneStreams& noise, rng::Rng& regional,
                                std::span<const double> national, std::span<double> swing,
                                std::span<double> shares) {
  draw_swings(regional, national, swing);
  // Each candidate's normal starts from its own word of a batch drawn by the vector lanes; the
  // scalar stream serves the ziggurat's rare second steps. A local copy of it lets the compiler
  // keep its state in registers; in memory, g++ 12 at -O3 vectorises the state update and makes
  // each normal several times slower (TOOLCHAIN.md).
  noise.fill(words_);
  rng::Rng local = noise.scalar();
  normal_.complete_all(words_, noise_, local);
  noise.scalar() = local;
  const std::size_t positions = national.size();
  assert(shares.size() == districts_ * positions);
  std::fill(shares.begin(), shares.end(), 0.0);
  for (std::size_t d = 0; d < districts_; ++d) {
    // Each list's vote is proportional to e^score, normalised against the district's highest
    // score so that no exponential overflows.
    double most = -std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < contender_list_.size(); ++c) {
      const std::size_t at = c * lanes_ + d;
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
