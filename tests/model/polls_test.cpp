#include "engine/model/polls.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace seatsim;

namespace {

model::Poll poll(std::string pollster, int day, double n, std::vector<std::optional<double>> shares,
                 double undecided = 0.0) {
  return {.pollster = std::move(pollster),
          .fieldwork_start = day,
          .fieldwork_end = day,
          .sample_size = n,
          .shares = std::move(shares),
          .undecided = undecided};
}

}  // namespace

TEST_CASE(
    "one poll: recency, undecided, cap and design effect give its respondents, and the "
    "prior blends as n_eff-weighted pseudo-respondents") {
  model::PollSpec spec;
  spec.election_day = 100;
  spec.half_life_days = 10;
  spec.sample_cap = 600;
  spec.design_effect = 2;
  spec.prior = {0.5, 0.3, 0.2};
  spec.prior_n = 100;
  // 20 days before the election: two half-lives, r = 1/4. 1000 asked, 20% undecided: 800 decided,
  // capped at 600, halved by the design effect: 300, discounted to 75.
  spec.polls = {poll("A", 80, 1000, {0.48, 0.24, 0.08}, 0.2)};
  const auto aggregate = model::aggregate_polls(spec);
  REQUIRE(aggregate.weights.size() == 1);
  CHECK(aggregate.weights[0].recency == Approx(0.25));
  CHECK(aggregate.weights[0].respondents == Approx(75));
  CHECK(aggregate.n_eff == Approx(175));
  CHECK(aggregate.undecided == Approx(0.2));
  // Decided shares 0.6, 0.3, 0.1, blended with the prior at 75 : 100.
  CHECK(aggregate.mean[0] == Approx((75 * 0.6 + 100 * 0.5) / 175));
  CHECK(aggregate.mean[1] == Approx((75 * 0.3 + 100 * 0.3) / 175));
  CHECK(aggregate.mean[2] == Approx((75 * 0.1 + 100 * 0.2) / 175));
}

TEST_CASE("a poll that omits an option says nothing about it, and the others share the rest") {
  model::PollSpec spec;
  spec.election_day = 0;
  spec.half_life_days = 30;
  spec.sample_cap = 1e9;
  spec.prior = {0.5, 0.3, 0.2};
  spec.prior_n = 50;
  // Both polls say A : B = 2 : 1; neither reports C, which so keeps its prior share 0.2 and
  // leaves 0.8 to A and B in the polls; the blend then adds the prior at 50 : 2000.
  spec.polls = {poll("A", 0, 500, {0.4, 0.2, std::nullopt}),
                poll("B", 0, 1500, {0.6, 0.3, std::nullopt})};
  const auto aggregate = model::aggregate_polls(spec);
  CHECK(aggregate.n_eff == Approx(2050));
  CHECK(aggregate.mean[2] == Approx(0.2));
  CHECK(aggregate.mean[0] == Approx((2000 * 0.8 * 2.0 / 3.0 + 50 * 0.5) / 2050));
  CHECK(aggregate.mean[1] == Approx((2000 * 0.8 / 3.0 + 50 * 0.3) / 2050));
}

TEST_CASE(
    "house effects: a pollster's estimated lean is its mean deviation, centred over all "
    "respondents, and given effects are subtracted") {
  model::PollSpec spec;
  spec.election_day = 0;
  spec.half_life_days = 1e5;  // recency plays no part
  spec.sample_cap = 1e9;
  spec.prior = {0.5, 0.5};
  spec.prior_n = 0;
  // Pollster L reads option 0 six points higher than pollster F, in every poll.
  spec.polls = {poll("L", 0, 1000, {0.56, 0.44}), poll("L", 0, 1000, {0.58, 0.42}),
                poll("F", 0, 2000, {0.50, 0.50}), poll("F", 0, 2000, {0.52, 0.48})};
  SECTION("estimated") {
    spec.house_effects = model::HouseEffects::estimate;
    const auto aggregate = model::aggregate_polls(spec);
    REQUIRE(aggregate.house_effects.size() == 2);
    const auto& lean = aggregate.house_effects[0].pollster == "L" ? aggregate.house_effects[0]
                                                                  : aggregate.house_effects[1];
    const auto& fair = aggregate.house_effects[0].pollster == "F" ? aggregate.house_effects[0]
                                                                  : aggregate.house_effects[1];
    CHECK(lean.shift[0] - fair.shift[0] == Approx(0.06));
    // Centred by respondents: 2000 L + 4000 F, so L = +0.04 and F = -0.02.
    CHECK(lean.shift[0] == Approx(0.04));
    CHECK(fair.shift[0] == Approx(-0.02));
    // The corrected polls agree, at 0.53: the respondent-weighted mean, unchanged by centring.
    CHECK(aggregate.mean[0] == Approx((1000 * 0.57 + 2000 * 0.51) * 2 / 6000.0));
  }
  SECTION("given") {
    spec.house_effects = model::HouseEffects::given;
    spec.given_effects = {{.pollster = "L", .shift = {0.06, -0.06}}};
    const auto aggregate = model::aggregate_polls(spec);
    // L's polls corrected to 0.50 and 0.52, like F's: the mean is 0.51.
    CHECK(aggregate.mean[0] == Approx(0.51));
  }
  SECTION("none: polls at face value") {
    const auto aggregate = model::aggregate_polls(spec);
    CHECK(aggregate.mean[0] == Approx((1000 * 0.57 + 2000 * 0.51) * 2 / 6000.0));
    for (const auto& effect : aggregate.house_effects) CHECK(effect.shift[0] == 0.0);
  }
}

TEST_CASE("iso_date writes a day number as a TOML date") {
  CHECK(model::iso_date(0) == "1970-01-01");
  CHECK(model::iso_date(19435) == "2023-03-19");
}
