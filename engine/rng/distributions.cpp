#include "engine/rng/distributions.hpp"

namespace seatsim::rng {

// The layer tables of Marsaglia & Tsang (2000), section 3, for 256 layers of area v each: the layer
// edges x_i are found from the top down, x_255 = r, and x_{i-1} = sqrt(-2 log(v / x_i + f(x_i))).
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
    return t;
  }();
  return tables;
}

}  // namespace seatsim::rng
