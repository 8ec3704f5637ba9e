#include "engine/rng/distributions.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "engine/rng/vector_kernels.hpp"

namespace seatsim::rng {
namespace {

// Rectangles (inside, width) for W lanes, loaded pair by pair, as two vectors: the pairs of the
// even lanes and of the odd lanes are concatenated, and unpacking their low and high halves puts
// each lane's pair in its place (three shuffles per vector with AVX-512, where a gather of each
// table emulated lane by lane took eight inserts).
template <std::size_t W>
void split_rectangles(const Vector<double, 2>* pair, Vector<double, W>& inside,
                      Vector<double, W>& width) {
  if constexpr (W == 2) {
    inside = __builtin_shufflevector(pair[0], pair[1], 0, 2);
    width = __builtin_shufflevector(pair[0], pair[1], 1, 3);
  } else if constexpr (W == 4) {
    const Vector<double, 4> even = __builtin_shufflevector(pair[0], pair[2], 0, 1, 2, 3);
    const Vector<double, 4> odd = __builtin_shufflevector(pair[1], pair[3], 0, 1, 2, 3);
    inside = __builtin_shufflevector(even, odd, 0, 4, 2, 6);
    width = __builtin_shufflevector(even, odd, 1, 5, 3, 7);
  } else {
    static_assert(W == 8);
    const Vector<double, 8> even = __builtin_shufflevector(
        __builtin_shufflevector(pair[0], pair[2], 0, 1, 2, 3),
        __builtin_shufflevector(pair[4], pair[6], 0, 1, 2, 3), 0, 1, 2, 3, 4, 5, 6, 7);
    const Vector<double, 8> odd = __builtin_shufflevector(
        __builtin_shufflevector(pair[1], pair[3], 0, 1, 2, 3),
        __builtin_shufflevector(pair[5], pair[7], 0, 1, 2, 3), 0, 1, 2, 3, 4, 5, 6, 7);
    inside = __builtin_shufflevector(even, odd, 0, 8, 2, 10, 4, 12, 6, 14);
    width = __builtin_shufflevector(even, odd, 1, 9, 3, 11, 5, 13, 7, 15);
  }
}

// The loop of NormalDistribution::outside_rectangles, W draws at a time. The magnitude (below
// 2^52) becomes a double by the exponent trick, (2^52 + m) - 2^52, exact, which vectorises where a
// 64-bit integer conversion needs AVX-512DQ; it is the same double complete() gets by conversion,
// and compared with the rectangle's edge it decides as the integers would. `count` is a multiple of
// W (of kWidestVector: the words come in whole lane steps).
struct OutsideMasks {
  template <std::size_t W>
  static void run(const NormalDistribution::Rectangle* rectangle, const std::uint64_t* bits,
                  double* out, std::size_t count, std::uint64_t* masks) {
    using Words = Vector<std::uint64_t, W>;
    using Doubles = Vector<double, W>;
    constexpr std::uint64_t two_to_52_bits = 0x4330000000000000;  // the double 2^52
    constexpr std::size_t batch = 64;
    static_assert(batch % W == 0);
    Words lane_bit;
    for (std::size_t lane = 0; lane < W; ++lane) lane_bit[lane] = std::uint64_t{1} << lane;
    for (std::size_t first = 0; first < count; first += batch) {
      const std::size_t size = std::min(batch, count - first);
      Words outside{};
      for (std::size_t i = 0; i < size; i += W) {
        Vector<double, 2> pair[W];
        for (std::size_t lane = 0; lane < W; ++lane) {
          const std::uint64_t layer = NormalDistribution::layer_of(bits[first + i + lane]);
          std::memcpy(&pair[lane], &rectangle[layer], sizeof pair[lane]);
        }
        Doubles inside, width;
        split_rectangles<W>(pair, inside, width);
        Words word;
        std::memcpy(&word, bits + first + i, sizeof word);
        const Words biased_bits = (word >> NormalDistribution::kMagnitudeShift) | two_to_52_bits;
        Doubles biased;
        std::memcpy(&biased, &biased_bits, sizeof biased);
        const Doubles magnitude = biased - 0x1.0p52;
        const Doubles x = magnitude * width;
        Words draw_bits;
        std::memcpy(&draw_bits, &x, sizeof draw_bits);
        draw_bits ^= (word & NormalDistribution::kLayers) << NormalDistribution::kSignShift;
        std::memcpy(out + first + i, &draw_bits, sizeof draw_bits);
        outside |= reinterpret_cast<Words>(magnitude >= inside) & (lane_bit << i);
      }
      std::uint64_t mask = 0;
      for (std::size_t lane = 0; lane < W; ++lane) mask |= outside[lane];
      masks[first / batch] = mask;
    }
  }
};

}  // namespace

void NormalDistribution::outside_rectangles(const ZigguratTables& tables,
                                            std::span<const std::uint64_t> bits,
                                            std::span<double> out, std::uint64_t* masks) {
  assert(bits.size() <= kChunk && bits.size() % kWidestVector == 0 && out.size() == bits.size());
  run_kernel<OutsideMasks>(tables.rectangle, bits.data(), out.data(), bits.size(), masks);
}

// The layer tables of Marsaglia & Tsang (2000), section 3, for kLayers layers of area v each: the
// layer edges x_i are found from the top down, x_{kLayers-1} = r, and
// x_{i-1} = sqrt(-2 log(v / x_i + f(x_i))).
const NormalDistribution::ZigguratTables& NormalDistribution::ZigguratTables::get() {
  static const ZigguratTables tables = [] {
    ZigguratTables t{};
    constexpr double scale = 0x1.0p52;
    double edge = kTailStart;
    double previous = edge;
    const double base = kLayerArea / std::exp(-0.5 * edge * edge);  // the base layer's width
    // Each edge ratio truncated to a whole number of 2^-52, as the magnitudes are.
    auto inside = [&](double ratio) {
      return static_cast<double>(static_cast<std::uint64_t>(ratio * scale));
    };
    t.rectangle[0] = {.inside = inside(edge / base), .width = base / scale};
    t.rectangle[1].inside = 0.0;
    t.rectangle[kLayers - 1].width = edge / scale;
    t.density[0] = 1.0;
    t.density[kLayers - 1] = std::exp(-0.5 * edge * edge);
    for (int i = kLayers - 2; i >= 1; --i) {
      edge = std::sqrt(-2.0 * std::log(kLayerArea / edge + std::exp(-0.5 * edge * edge)));
      t.rectangle[i + 1].inside = inside(edge / previous);
      previous = edge;
      t.density[i] = std::exp(-0.5 * edge * edge);
      t.rectangle[i].width = edge / scale;
    }
    set_squeeze(t);
    return t;
  }();
  return tables;
}

// The lines of under_density's squeeze (see ZigguratTables): a concave function lies above its
// chords and below its tangents, a convex one the other way round; the normal density is concave
// on |x| <= 1 and convex beyond.
void NormalDistribution::ZigguratTables::set_squeeze(ZigguratTables& t) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  for (int i = 1; i < kLayers; ++i) {
    const auto [inner, outer] = wedge(t, i);
    const double chord_slope = (t.density[i] - t.density[i - 1]) / (outer - inner);
    const double chord_at0 = t.density[i - 1] - chord_slope * inner;
    // The tangent at p: f(p) - p f(p) (x - p) = f(p) (1 + p^2) - p f(p) x.
    auto tangent = [](double p, double f_p, double& at0, double& slope) {
      at0 = f_p * (1.0 + p * p);
      slope = -p * f_p;
    };
    if (outer <= 1.0) {
      t.below_at0[i] = chord_at0;
      t.below_slope[i] = chord_slope;
      tangent(inner, t.density[i - 1], t.above_at0[i], t.above_slope[i]);
    } else if (inner >= 1.0) {
      tangent(outer, t.density[i], t.below_at0[i], t.below_slope[i]);
      t.above_at0[i] = chord_at0;
      t.above_slope[i] = chord_slope;
    } else {
      t.below_at0[i] = -inf;
      t.below_slope[i] = 0.0;
      t.above_at0[i] = inf;
      t.above_slope[i] = 0.0;
    }
  }
}

// Layer i's wedge: from its inner edge, the edge of layer i - 1 (0 for the top layer, 1), to its
// own edge.
std::pair<double, double> NormalDistribution::ZigguratTables::wedge(const ZigguratTables& t,
                                                                    int i) {
  constexpr double scale = 0x1.0p52;
  return {i == 1 ? 0.0 : t.rectangle[i - 1].width * scale, t.rectangle[i].width * scale};
}

std::pair<double, double> NormalDistribution::wedge(int layer) {
  assert(layer >= 1 && layer < kLayers);
  return ZigguratTables::wedge(ZigguratTables::get(), layer);
}

}  // namespace seatsim::rng
