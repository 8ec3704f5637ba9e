#include "engine/rng/distributions.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "engine/rng/vector_kernels.hpp"

namespace seatsim::rng {
namespace {

// The loop of NormalDistribution::outside_rectangles, for the compiler to vectorise at each
// instruction set's width. The magnitude (below 2^52) becomes a double by the exponent trick,
// (2^52 + m) - 2^52, exact, which vectorises where a 64-bit integer conversion needs AVX-512DQ; it
// is the same double complete() gets by conversion. Bits move between integers and doubles by
// memcpy, which g++ 12 vectorises (std::bit_cast here, it does not), and the layer lookups become
// gathers.
struct OutsideMasks {
  template <std::size_t>
  static void run(const std::uint64_t* __restrict inside, const double* __restrict width,
                  const std::uint64_t* __restrict bits, double* __restrict out, std::size_t count,
                  std::uint64_t* __restrict masks) {
    constexpr std::uint64_t two_to_52_bits = 0x4330000000000000;  // the double 2^52
    constexpr std::size_t batch = 64;
    for (std::size_t first = 0; first < count; first += batch) {
      const std::size_t size = std::min(batch, count - first);
      std::uint64_t outside = 0;
      for (std::size_t i = 0; i < size; ++i) {
        const std::uint64_t word = bits[first + i];
        const std::uint64_t layer = NormalDistribution::layer_of(word);
        const std::uint64_t sign = NormalDistribution::sign_bit(word);
        const std::uint64_t magnitude = NormalDistribution::magnitude_of(word);
        const std::uint64_t biased_bits = magnitude | two_to_52_bits;
        double biased;
        std::memcpy(&biased, &biased_bits, sizeof biased);
        const double x = (biased - 0x1.0p52) * width[layer];
        std::uint64_t draw_bits;
        std::memcpy(&draw_bits, &x, sizeof draw_bits);
        draw_bits ^= sign;
        std::memcpy(&out[first + i], &draw_bits, sizeof draw_bits);
        outside |= static_cast<std::uint64_t>(magnitude >= inside[layer]) << i;
      }
      masks[first / batch] = outside;
    }
  }
};

}  // namespace

void NormalDistribution::outside_rectangles(const ZigguratTables& tables,
                                            std::span<const std::uint64_t> bits,
                                            std::span<double> out, std::uint64_t* masks) {
  assert(bits.size() <= kChunk && out.size() == bits.size());
  run_kernel<OutsideMasks>(tables.inside, tables.width, bits.data(), out.data(), bits.size(),
                           masks);
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
    t.inside[0] = static_cast<std::uint64_t>(edge / base * scale);
    t.inside[1] = 0;
    t.width[0] = base / scale;
    t.width[kLayers - 1] = edge / scale;
    t.density[0] = 1.0;
    t.density[kLayers - 1] = std::exp(-0.5 * edge * edge);
    for (int i = kLayers - 2; i >= 1; --i) {
      edge = std::sqrt(-2.0 * std::log(kLayerArea / edge + std::exp(-0.5 * edge * edge)));
      t.inside[i + 1] = static_cast<std::uint64_t>(edge / previous * scale);
      previous = edge;
      t.density[i] = std::exp(-0.5 * edge * edge);
      t.width[i] = edge / scale;
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
  return {i == 1 ? 0.0 : t.width[i - 1] * scale, t.width[i] * scale};
}

std::pair<double, double> NormalDistribution::wedge(int layer) {
  assert(layer >= 1 && layer < kLayers);
  return ZigguratTables::wedge(ZigguratTables::get(), layer);
}

}  // namespace seatsim::rng
