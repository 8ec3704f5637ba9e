// The logistic models' warning: it names every option with n_eff x share below 1 and only those,
// and that cut is where the log-ratio normal stops matching the stated shares.
#include "engine/scenario/warnings.hpp"

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "engine/model/logistic_normal.hpp"
#include "engine/scenario/loader.hpp"

using namespace seatsim;

namespace {

std::vector<std::string> warnings_of(std::vector<std::string> overrides) {
  return scenario::model_warnings(
      scenario::load_file(SEATSIM_SOURCE_DIR "/scenarios/kz-kurultai.toml", overrides));
}

// Two options: y = log(s0 / s1) ~ N(location, scale), so E[s0] = E[logistic(y)], a
// one-dimensional integral (adaptive Gauss-Kronrod).
double mean_first_share(const model::LogisticNormalModel& model) {
  const double location = model.location()(0);
  const double sd = std::sqrt(model.scale()(0, 0));
  return boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
      [&](double t) {
        return std::exp(-0.5 * t * t) / std::sqrt(2.0 * M_PI) /
               (1.0 + std::exp(-(location + sd * t)));
      },
      -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity());
}

}  // namespace

TEST_CASE("a logistic model warns of the options with n_eff x share below 1, and only of them") {
  // kz-kurultai: n_eff 30, Baytaq 2.3% (0.69), every other option above 1/30.
  for (const auto& type : std::vector<std::vector<std::string>>{
           {"model.type=logistic-normal"}, {"model.type=student-t", "model.df=4"}}) {
    const auto warnings = warnings_of(type);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].find("baytaq 0.69") != std::string::npos);
    CHECK(warnings[0].find("amanat") == std::string::npos);
  }
  CHECK(warnings_of({"model.type=logistic-normal", "model.n_eff=44"}).empty());  // Baytaq 1.01
  CHECK(warnings_of({}).empty());  // the Dirichlet is exact at any n_eff
}

TEST_CASE("the logistic-normal's mean share strays from the stated one below the warning's cut") {
  // The ratio of the logistic-normal's mean share to the stated one, at n_eff x share = a, as
  // docs/polls-and-models.md gives it.
  const auto ratio = [](double a) {
    const double n_eff = 30.0;
    const model::LogisticNormalModel model({.mean = {a / n_eff, 1.0 - a / n_eff}, .n_eff = n_eff});
    return mean_first_share(model) / (a / n_eff);
  };
  CHECK(ratio(0.1) > 25.0);
  CHECK(ratio(0.3) > 4.0);
  CHECK(ratio(1.0) < 1.17);
  CHECK(ratio(3.0) < 1.01);
  CHECK(std::abs(ratio(10.0) - 1.0) < 0.001);
}
