#pragma once
// Small distribution functors (cf. Celeritas random/distribution): the constructor checks the
// parameters once, operator()(engine) draws with any 64-bit engine. Their outputs are fixed by our
// own code and the pinned Boost, never by the standard library, so golden values stay valid.
#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <utility>

#include "engine/rng/xoshiro.hpp"

namespace seatsim::rng {

// Standard normal by the ziggurat method of Marsaglia & Tsang, "The ziggurat method for generating
// random variables", J. Stat. Softw. 5(8), 2000, with 1024 layers. One 64-bit engine call gives
// the layer (10 bits), the sign (1 bit) and a 52-bit magnitude; in about 99.6% of draws the
// magnitude falls inside the layer's rectangle, a comparison of whole numbers, and the draw is
// done. The district noise needs one normal per candidate per district per draw, so this is the
// hot spot, and the rest, a wedge or tail test with a branch that cannot be predicted, costs about
// a hundred rectangle tests: hence 1024 layers rather than the paper's 128 or 256, a quarter of
// the wedge area of 256.
class NormalDistribution {
 public:
  static constexpr int kLayers = 1024;
  // r, where the base layer's tail begins, and v, each layer's area: the solution of the paper's
  // equations for 1024 layers, x_{n-1} = r, x_{i-1} = sqrt(-2 log(v / x_i + f(x_i))) and the top
  // layer's area x_1 (1 - f(x_1)) = v, solved by bisection on r in 40-digit arithmetic.
  static constexpr double kTailStart = 4.0388498461095045;
  static constexpr double kLayerArea = 0.0012263246463530881;
  static_assert(std::has_single_bit(static_cast<unsigned>(kLayers)) && kLayers <= 2048,
                "the layer and the sign fit below the magnitude's 52 bits");

  // The draw whose first 64 random bits are `bits` takes its layer from the low bits, its sign
  // from the bit above them (moved to a double's sign bit: a branch on it would be a coin toss),
  // and its 52-bit magnitude from the top. (The vector test applies the shifts to vectors.)
  static constexpr int kSignShift = 63 - std::countr_zero(static_cast<unsigned>(kLayers));
  static constexpr int kMagnitudeShift = 12;
  static constexpr std::uint64_t layer_of(std::uint64_t bits) { return bits & (kLayers - 1); }
  static constexpr std::uint64_t sign_bit(std::uint64_t bits) {
    return (bits & kLayers) << kSignShift;
  }
  static constexpr std::uint64_t magnitude_of(std::uint64_t bits) {
    return bits >> kMagnitudeShift;
  }

  // Layer i's rectangle: magnitudes below `inside` (a whole number below 2^52, so exact as a
  // double, as every magnitude is) are inside it, and a magnitude m there is the draw m * width.
  // The two side by side, so that one 16-byte load fetches both for a lane of the vector test.
  struct alignas(16) Rectangle {
    double inside;
    double width;  // layer i's right edge / 2^52
  };

  NormalDistribution() : tables_(&ZigguratTables::get()) {}

  template <class Engine>
  double operator()(Engine& engine) {
    return complete(engine(), engine);
  }

  // The draws whose first 64 random bits are bits[i], into out[i], for first bits drawn in batches
  // (LaneStreams; so their count is whole lane steps, a multiple of kWidestVector in
  // vector_kernels.hpp): the same as complete(bits[i], engine) for each i in turn. The common case,
  // a magnitude inside its layer's rectangle, is done kChunk at a time as vector instructions (one
  // call, not one per kBatch); the positions of the rest (about 0.4%) are listed, in order, without
  // a branch per batch, and only then go on to complete() in one loop, so the engine is called
  // exactly as a loop of complete() would call it.
  template <class Engine>
  void complete_all(std::span<const std::uint64_t> bits, std::span<double> out,
                    Engine& engine) const {
    assert(out.size() == bits.size());
    std::uint64_t masks[kChunk / kBatch];
    std::uint16_t where[kChunk + 1];  // outside_positions writes one past the last it keeps
    for (std::size_t first = 0; first < bits.size(); first += kChunk) {
      const std::size_t count = std::min(kChunk, bits.size() - first);
      outside_rectangles(*tables_, bits.subspan(first, count), out.subspan(first, count), masks);
      const std::size_t outside = outside_positions(masks, count, where);
      for (std::size_t j = 0; j < outside; ++j) {
        const std::size_t i = first + where[j];
        out[i] = complete(bits[i], engine);
      }
    }
  }

  // Layer `layer`'s wedge, [x_{layer-1}, x_layer), for 1 <= layer < kLayers (tests).
  static std::pair<double, double> wedge(int layer);

  // Whether (x, y) in layer `layer`'s wedge is under the density, y < exp(-x^2 / 2) as
  // std::exp computes it (tests).
  static bool under_density(int layer, double x, double y) {
    return under_density(ZigguratTables::get(), layer, x, y);
  }

  // The draw whose first 64 random bits are `bits`, taking any further bits it needs (the wedge
  // and tail tests, a restart) from `engine`.
  template <class Engine>
  double complete(std::uint64_t bits, Engine& engine) const {
    const ZigguratTables& t = *tables_;
    for (;;) {
      const int layer = static_cast<int>(layer_of(bits));
      const std::uint64_t sign = sign_bit(bits);
      const std::uint64_t magnitude = magnitude_of(bits);
      const double m = static_cast<double>(static_cast<std::int64_t>(magnitude));
      const double x = m * t.rectangle[layer].width;
      const double signed_x = std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) ^ sign);
      if (m < t.rectangle[layer].inside) return signed_x;
      if (layer == 0) return tail(engine, sign != 0);
      // In the wedge between the rectangle and the density: accept under the curve.
      const double y =
          t.density[layer] + uniform01(engine) * (t.density[layer - 1] - t.density[layer]);
      if (under_density(t, layer, x, y)) return signed_x;
      bits = engine();
    }
  }

 private:
  struct ZigguratTables {
    Rectangle rectangle[kLayers];
    double density[kLayers];  // exp(-x_i^2 / 2) at layer i's right edge
    // Per layer i >= 1, lines a + b x below and above the density across its wedge
    // [x_{i-1}, x_i]: where the density is concave (x_i <= 1) the chord below and the tangent at
    // x_{i-1} above; where it is convex (x_{i-1} >= 1) the tangent at x_i below and the chord
    // above. The layer across the inflection at 1 has none (-inf and +inf).
    double below_at0[kLayers], below_slope[kLayers];
    double above_at0[kLayers], above_slope[kLayers];

    static const ZigguratTables& get();
    static void set_squeeze(ZigguratTables& t);
    static std::pair<double, double> wedge(const ZigguratTables& t, int i);
  };

  // The wedge test y < exp(-x^2 / 2) with a squeeze by convexity (McFarland, "A modified ziggurat
  // algorithm for generating exponentially and normally distributed pseudorandom numbers", J. Stat.
  // Comput. Simul. 86(7), 2016): the lines decide most points without the exponential, which was
  // most of the cost of the 0.4% of normals outside their rectangles. Their margin, 1e-12, is far
  // above the rounding of the lines and of std::exp (about 1e-15 here, where y <= 1), so every
  // decision is the exponential's and the draws are the same bits as without the squeeze.
  static bool under_density(const ZigguratTables& t, int layer, double x, double y) {
    constexpr double kMargin = 1e-12;
    if (y < t.below_at0[layer] + t.below_slope[layer] * x - kMargin) return true;
    if (y > t.above_at0[layer] + t.above_slope[layer] * x + kMargin) return false;
    return y < std::exp(-0.5 * x * x);
  }

  // complete_all's common case for at most kChunk draws: out[i] is the draw if bits[i]'s magnitude
  // is inside its layer's rectangle, and bit i % kBatch of masks[i / kBatch] is set if it is not
  // (out[i] is then to be redone).
  static constexpr std::size_t kBatch = 64;
  static constexpr std::size_t kChunk = 16 * kBatch;
  static void outside_rectangles(const ZigguratTables& tables, std::span<const std::uint64_t> bits,
                                 std::span<double> out, std::uint64_t* masks);

  // The positions of the set bits of masks[0 .. ceil(count / kBatch)), ascending, into where;
  // returns how many. The common word, with at most 4 bits set, is done without a branch that
  // depends on its bits (Lemire's flattening, as in simdjson): each of 4 steps writes the lowest
  // set bit's position and moves on only if there was one; where needs 1 spare entry. (No
  // std::popcount: without POPCNT in the x86-64 baseline it is a library call.)
  static std::size_t outside_positions(const std::uint64_t* masks, std::size_t count,
                                       std::uint16_t* where) {
    std::size_t found = 0;
    for (std::size_t word = 0; word * kBatch < count; ++word) {
      std::uint64_t mask = masks[word];
      const auto base = static_cast<int>(word * kBatch);
      for (int step = 0; step < 4; ++step) {
        where[found] = static_cast<std::uint16_t>(base + std::countr_zero(mask));
        found += mask != 0;
        mask &= mask - 1;
      }
      for (; mask != 0; mask &= mask - 1) {
        where[found++] = static_cast<std::uint16_t>(base + std::countr_zero(mask));
      }
    }
    return found;
  }

  // Marsaglia's tail method for |x| > r (Marsaglia 1964), with U in (0, 1] so the logs are finite.
  template <class Engine>
  static double tail(Engine& engine, bool negative) {
    constexpr double r = kTailStart;
    for (;;) {
      const double x = -std::log1p(-uniform01(engine)) / r;
      const double y = -std::log1p(-uniform01(engine));
      if (2.0 * y > x * x) return negative ? -(r + x) : r + x;
    }
  }

  const ZigguratTables* tables_;
};

// Gamma(shape, 1) by Marsaglia & Tsang, "A simple method for generating gamma variables",
// ACM TOMS 26(3), 2000: a squeeze test accepts about 98% of candidates at shape >= 1 with one
// normal and one uniform. Boost's generic gamma_distribution costs about 70 ns here; this about 12.
// Shapes below 1 use the boost from the same paper: Gamma(a) = Gamma(a + 1) * U^(1/a). At tiny
// shapes that product can underflow to 0, so log_sample() gives the logarithm, which stays finite.
class GammaDistribution {
 public:
  explicit GammaDistribution(double shape) : boosted_(shape < 1.0), inverse_shape_(1.0 / shape) {
    if (!(shape > 0.0) || !std::isfinite(shape)) {
      throw std::invalid_argument("GammaDistribution: shape must be positive and finite");
    }
    const double d_shape = boosted_ ? shape + 1.0 : shape;
    d_ = d_shape - 1.0 / 3.0;
    c_ = 1.0 / std::sqrt(9.0 * d_);
  }

  template <class Engine>
  double operator()(Engine& engine) {
    return boosted_ ? std::exp(log_sample(engine)) : marsaglia_tsang(engine);
  }

  // The natural logarithm of a draw: the same draw operator() returns, from the same engine calls.
  template <class Engine>
  double log_sample(Engine& engine) {
    const double log_g = std::log(marsaglia_tsang(engine));
    if (!boosted_) return log_g;
    // U in (0, 1]: 1 - uniform01 never returns 0, so the log is finite. At a subnormal shape the
    // inverse is infinite: log U / shape is then -inf (the draw underflows, and the Dirichlet
    // normalisation gives it share 0), except at U = 1, where 0 * inf would be NaN; it is 0.
    const double log_u = std::log1p(-uniform01(engine));
    return log_u == 0.0 ? log_g : log_g + log_u * inverse_shape_;
  }

  bool below_one() const { return boosted_; }

 private:
  template <class Engine>
  double marsaglia_tsang(Engine& engine) {
    for (;;) {
      double x;
      double v;
      do {
        x = normal_(engine);
        v = 1.0 + c_ * x;
      } while (v <= 0.0);
      v = v * v * v;
      const double u = uniform01(engine);
      const double x2 = x * x;
      if (u < 1.0 - 0.0331 * x2 * x2) return d_ * v;
      if (std::log(u) < 0.5 * x2 + d_ * (1.0 - v + std::log(v))) return d_ * v;
    }
  }

  bool boosted_;
  double inverse_shape_;
  double d_ = 0.0;
  double c_ = 0.0;
  NormalDistribution normal_;
};

}  // namespace seatsim::rng
