#include "engine/rng/distributions.hpp"

#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/rng/stream.hpp"

using namespace seatsim::rng;

namespace {

constexpr int kDraws = 200'000;

// Checks that the empirical CDF at the distribution's 10/50/90% quantiles matches within 4 binomial
// standard errors, and that the sample mean matches within 4 standard errors.
template <class Draw, class Dist>
void check_against(Draw&& draw, const Dist& reference) {
  const double probabilities[] = {0.1, 0.5, 0.9};
  double quantiles[3];
  for (int q = 0; q < 3; ++q) quantiles[q] = boost::math::quantile(reference, probabilities[q]);
  int below[3] = {0, 0, 0};
  double sum = 0.0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = draw();
    sum += x;
    for (int q = 0; q < 3; ++q) below[q] += x <= quantiles[q];
  }
  for (int q = 0; q < 3; ++q) {
    const double p = probabilities[q];
    const double se = std::sqrt(p * (1 - p) / kDraws);
    CHECK(std::abs(static_cast<double>(below[q]) / kDraws - p) < 4 * se);
  }
  const double se_mean = boost::math::standard_deviation(reference) / std::sqrt(double(kDraws));
  CHECK(std::abs(sum / kDraws - boost::math::mean(reference)) < 4 * se_mean);
}

}  // namespace

TEST_CASE("the normal functor draws a standard normal") {
  auto engine = make_stream(1, 0, Purpose::model_setup);
  NormalDistribution normal;
  check_against([&] { return normal(engine); }, boost::math::normal_distribution<>(0.0, 1.0));
}

TEST_CASE("the ziggurat's layers, wedges and tails all follow the normal CDF") {
  // Cut points include the tail start r on both sides, and points beyond it, so the tail sampler
  // is checked too.
  constexpr double r = NormalDistribution::kTailStart;
  const double cuts[] = {-4.5, -r, -3.0, -2.0, -1.0, -0.3, 0.0, 0.3, 1.0, 2.0, 3.0, r, 4.5};
  constexpr int kCuts = sizeof cuts / sizeof cuts[0];
  constexpr long kNormals = 4'000'000;
  struct CountingEngine {
    using result_type = std::uint64_t;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type{0}; }
    result_type operator()() {
      ++calls;
      return engine();
    }
    Rng engine;
    long calls = 0;
  };
  CountingEngine engine{make_stream(21, 0, Purpose::model_setup)};
  NormalDistribution normal;
  long below[kCuts] = {};
  double sum_squares = 0.0;
  for (long i = 0; i < kNormals; ++i) {
    const double x = normal(engine);
    sum_squares += x * x;
    for (int c = 0; c < kCuts; ++c) below[c] += x < cuts[c];
  }
  const boost::math::normal_distribution<> reference;
  for (int c = 0; c < kCuts; ++c) {
    CAPTURE(cuts[c]);
    const double p = boost::math::cdf(reference, cuts[c]);
    const double se = std::sqrt(p * (1 - p) / kNormals);
    CHECK(std::abs(static_cast<double>(below[c]) / kNormals - p) < 4 * se);
  }
  // Var(X^2) = 2 for a standard normal.
  CHECK(std::abs(sum_squares / kNormals - 1.0) < 4 * std::sqrt(2.0 / kNormals));
  // About 99.6% of draws take one engine call; wedges and tails take more.
  const double calls_per_normal = static_cast<double>(engine.calls) / kNormals;
  CHECK(calls_per_normal > 1.0);
  CHECK(calls_per_normal < 1.01);
}

TEST_CASE("Marsaglia-Tsang gamma matches the gamma CDF at shapes below, at and above 1") {
  const double shape = GENERATE(0.05, 0.3, 1.0, 2.5, 9.2, 215.6);
  CAPTURE(shape);
  auto engine = make_stream(2, static_cast<std::uint64_t>(shape * 100), Purpose::model_setup);
  GammaDistribution gamma(shape);
  check_against([&] { return gamma(engine); }, boost::math::gamma_distribution<>(shape, 1.0));
}

TEST_CASE("gamma's log draw stays finite at tiny shapes, where the draw itself underflows") {
  auto engine = make_stream(3, 0, Purpose::model_setup);
  GammaDistribution gamma(0.001);
  int underflows = 0;
  for (int i = 0; i < 10'000; ++i) {
    auto replay = engine;
    const double log_draw = gamma.log_sample(engine);
    REQUIRE(std::isfinite(log_draw));
    // operator() returns exp(log_sample) from the same engine calls.
    CHECK(gamma(replay) == std::exp(log_draw));
    underflows += gamma(replay) == 0.0;
  }
  // Gamma(0.001) is below 1e-308 with probability about 0.5, so underflow is common here.
  CHECK(underflows > 1000);
}

TEST_CASE("gamma rejects shapes that are not positive and finite") {
  CHECK_THROWS_AS(GammaDistribution(0.0), std::invalid_argument);
  CHECK_THROWS_AS(GammaDistribution(-1.0), std::invalid_argument);
  CHECK_THROWS_AS(GammaDistribution(std::nan("")), std::invalid_argument);
  CHECK_THROWS_AS(GammaDistribution(INFINITY), std::invalid_argument);
}

TEST_CASE("the ziggurat's wedge squeeze decides every point as the exponential does") {
  // Random points of every wedge, and points within 1e-9 of the curve (where the squeeze must
  // leave the decision to std::exp), against y < exp(-x^2 / 2) itself.
  auto engine = make_stream(22, 0, Purpose::model_setup);
  long disagreements = 0;
  for (int layer = 1; layer < NormalDistribution::kLayers; ++layer) {
    const auto [inner, outer] = NormalDistribution::wedge(layer);
    REQUIRE(inner < outer);
    const double top = std::exp(-0.5 * inner * inner);
    const double bottom = std::exp(-0.5 * outer * outer);
    for (int i = 0; i < 5'000; ++i) {
      const double x = inner + uniform01(engine) * (outer - inner);
      const double curve = std::exp(-0.5 * x * x);
      const double y = i % 2 == 0 ? bottom + uniform01(engine) * (top - bottom)
                                  : curve + (uniform01(engine) - 0.5) * 2e-9;
      disagreements += NormalDistribution::under_density(layer, x, y) != (y < curve);
    }
  }
  CHECK(disagreements == 0);
}
