#include "engine/model/national_model.hpp"

#include <catch2/catch.hpp>
#include <vector>

#include "engine/rng/stream.hpp"

using namespace seatsim;

TEST_CASE("type fixed: every draw is the mean, bit for bit, and draws no random number") {
  const std::vector<double> mean = {0.405606527, 0.178327150, 0.118401245, 0.297665078};
  model::NationalModel fixed(model::VoteSpec{.kind = model::DrawModel::fixed, .mean = mean});
  auto engine = rng::make_stream(3, 0, rng::Purpose::national_vote);
  auto untouched = engine;
  std::vector<double> national(mean.size(), -1.0);
  for (int draw = 0; draw < 1000; ++draw) {
    fixed.draw(engine, national);
    CHECK(national == mean);
  }
  CHECK(engine() == untouched());
}

TEST_CASE("type fixed with a Dirichlet undecided split varies only the undecided share") {
  const std::vector<double> mean = {0.6, 0.4};
  model::NationalModel fixed(model::VoteSpec{.kind = model::DrawModel::fixed,
                                             .mean = mean,
                                             .undecided_split = model::UndecidedSplit::dirichlet,
                                             .undecided = 0.25,
                                             .undecided_concentration = 10.0});
  auto engine = rng::make_stream(4, 0, rng::Purpose::national_vote);
  std::vector<double> national(mean.size());
  double low = 1.0;
  double high = 0.0;
  for (int draw = 0; draw < 1000; ++draw) {
    fixed.draw(engine, national);
    CHECK(national[0] + national[1] == Approx(1.0));
    // shares = 0.75 x mean + 0.25 x Dirichlet: option 0 lies in [0.45, 0.70].
    CHECK(national[0] >= 0.75 * 0.6 - 1e-12);
    CHECK(national[0] <= 0.75 * 0.6 + 0.25 + 1e-12);
    low = std::min(low, national[0]);
    high = std::max(high, national[0]);
  }
  CHECK(high - low > 0.05);
}
