#pragma once
// Small distribution functors (cf. Celeritas random/distribution): the constructor checks the
// parameters once, operator()(engine) draws with any 64-bit engine. Their outputs are fixed by our
// own code and the pinned Boost, never by the standard library, so golden values stay valid.
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <stdexcept>

#include "engine/rng/xoshiro.hpp"

namespace seatsim::rng {

// Standard normal. Boost's implementation is a ziggurat (Marsaglia & Tsang 2000), about 4 ns a
// draw.
class NormalDistribution {
 public:
  template <class Engine>
  double operator()(Engine& engine) {
    return normal_(engine);
  }

 private:
  boost::random::normal_distribution<double> normal_{0.0, 1.0};
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
    // U in (0, 1]: 1 - uniform01 never returns 0, so the log is finite.
    return log_g + std::log1p(-uniform01(engine)) * inverse_shape_;
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
