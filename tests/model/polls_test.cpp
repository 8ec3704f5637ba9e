#include "engine/model/polls.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "engine/report/explain.hpp"
#include "engine/scenario/loader.hpp"

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

// Polls on election day (recency 1), no cap, no design effect: the choices below in isolation.
model::PollSpec on_election_day(std::vector<double> prior, double prior_n,
                                model::HouseEffects house_effects = model::HouseEffects::none) {
  model::PollSpec spec;
  spec.election_day = 0;
  spec.half_life_days = 30;
  spec.sample_cap = 1e9;
  spec.prior = std::move(prior);
  spec.prior_n = prior_n;
  spec.house_effects = house_effects;
  return spec;
}

// Two polls, the later one first in the file, and a house effect larger than a share.
constexpr const char* kTwoPolls = R"(
[election]
name = "drift"
date = 2030-03-01
[parties.a]
name = "A"
share = 0.6
[parties.b]
name = "B"
share = 0.4
[polls]
half_life_days = 30
prior_n = 10
house_effects = { "Late" = { a = -0.5, b = 0.5 } }
[[polls.poll]]
pollster = "Late"
fieldwork_start = 2030-02-18
fieldwork_end = 2030-02-19
sample_size = 800
shares = { a = 0.55, b = 0.45 }
[[polls.poll]]
pollster = "Early"
fieldwork_start = 2030-01-10
fieldwork_end = 2030-01-12
sample_size = 800
shares = { a = 0.5, b = 0.5 }
[model]
type = "logistic-normal"
n_eff = "polls"
drift_sd = 0.2
[tiers.list]
seats = 10
method = "hare"
threshold = 0.05
)";

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

// The choices below are written out, with their formulas, in docs/polls-and-models.md ("Poll
// aggregation, exactly"); each test pins one of them with a hand-computed value.

TEST_CASE(
    "an omitted option takes the polls-only aggregate's share, not the prior-blended one; an "
    "option no poll reports keeps the prior's") {
  auto spec = on_election_day({0.3, 0.3, 0.3, 0.1}, 1000);
  // No poll reports D, so both leave it at its share m_D of the polls-only aggregate, which stays
  // at the prior's 0.1. Poll 2 omits C: it takes m_C = (0.9 x 0.2 + m_C) / 2, so m_C = 0.18, and
  // gives A and B 1 - 0.18 - 0.1 = 0.72 as 3 : 1. Polls-only: A (0.45 + 0.54) / 2 = 0.495,
  // B (0.27 + 0.18) / 2 = 0.225. Had C taken the blended share (1000 prior + 2000 polls) / 3000,
  // m_C would be 0.1889 instead.
  spec.polls = {poll("P", 0, 1000, {0.5, 0.3, 0.2, std::nullopt}),
                poll("Q", 0, 1000, {0.6, 0.2, std::nullopt, std::nullopt})};
  const auto aggregate = model::aggregate_polls(spec);
  CHECK(aggregate.mean[0] == Approx((1000 * 0.3 + 2000 * 0.495) / 3000));
  CHECK(aggregate.mean[1] == Approx((1000 * 0.3 + 2000 * 0.225) / 3000));
  CHECK(aggregate.mean[2] == Approx((1000 * 0.3 + 2000 * 0.18) / 3000));
  CHECK(aggregate.mean[3] == Approx(0.1));
}

TEST_CASE(
    "estimated house effects: a pollster with one poll measures none, but the centring over all "
    "respondents gives it minus the centre") {
  auto spec = on_election_day({0.5, 0.5}, 0, model::HouseEffects::estimate);
  // L: two polls of 1000 at 0.56 and 0.58; F: one poll of 2000 at 0.50. The centred effects
  // cancel in the weighted mean, so the aggregate is (1140 + 1000) / 4000 = 0.535. L's raw
  // effect is 0.57 - 0.535 = 0.035, F's 0; the centre, weighted 2000 : 2000, is 0.0175.
  spec.polls = {poll("L", 0, 1000, {0.56, 0.44}), poll("L", 0, 1000, {0.58, 0.42}),
                poll("F", 0, 2000, {0.50, 0.50})};
  const auto aggregate = model::aggregate_polls(spec);
  REQUIRE(aggregate.house_effects.size() == 2);
  REQUIRE(aggregate.house_effects[1].pollster == "F");
  CHECK(aggregate.mean[0] == Approx(0.535));
  CHECK(aggregate.house_effects[0].shift[0] == Approx(0.0175));
  CHECK(aggregate.house_effects[1].shift[0] == Approx(-0.0175));
}

TEST_CASE(
    "stated house effects that do not sum to 0 are not centred: the corrected polls are "
    "rescaled to sum to 1 before the prior is blended") {
  auto spec = on_election_day({0.5, 0.5}, 100, model::HouseEffects::given);
  spec.given_effects = {{.pollster = "L", .shift = {0.05, 0.0}}};
  // Corrected 0.55 and 0.40, rescaled by 0.95, then blended 100 : 100 with the prior.
  spec.polls = {poll("L", 0, 100, {0.6, 0.4})};
  const auto aggregate = model::aggregate_polls(spec);
  CHECK(aggregate.mean[0] == Approx((0.5 + 0.55 / 0.95) / 2));
  CHECK(aggregate.mean[1] == Approx((0.5 + 0.40 / 0.95) / 2));
  CHECK(aggregate.house_effects[0].shift[0] == 0.05);  // as stated
}

TEST_CASE(
    "a stated house effect larger than a party's share in a poll counts that share as 0 in that "
    "poll, and the poll's weight says so") {
  auto spec = on_election_day({0.4, 0.4, 0.2}, 0, model::HouseEffects::given);
  spec.given_effects = {{.pollster = "L", .shift = {-0.05, 0.0, 0.05}}};
  // L's poll corrected: 0.55, 0.47, and -0.02 counted as 0; F's at face value. Polls-only:
  // (0.525, 0.46, 0.025), sum 1.01, rescaled. Without the clamp C would get 0.015.
  spec.polls = {poll("L", 0, 1000, {0.5, 0.47, 0.03}), poll("F", 0, 1000, {0.5, 0.45, 0.05})};
  const auto aggregate = model::aggregate_polls(spec);
  CHECK(aggregate.mean[0] == Approx(0.525 / 1.01));
  CHECK(aggregate.mean[1] == Approx(0.46 / 1.01));
  CHECK(aggregate.mean[2] == Approx(0.025 / 1.01));
  CHECK(aggregate.weights[0].clamped == 1);
  CHECK(aggregate.weights[1].clamped == 0);
}

TEST_CASE("the undecided share is weighted by decided respondents, without the prior") {
  auto spec = on_election_day({0.5, 0.5}, 5000);
  // 500 and 900 decided respondents: (500 x 0.5 + 900 x 0.1) / 1400, not the 0.3 of weighting
  // by all respondents, and no part for the prior.
  spec.polls = {poll("P", 0, 1000, {0.25, 0.25}, 0.5), poll("Q", 0, 1000, {0.45, 0.45}, 0.1)};
  const auto aggregate = model::aggregate_polls(spec);
  CHECK(aggregate.undecided == Approx(340.0 / 1400));
  // --explain's "respondents" include recency (1 here); the house-effect weights do not.
  CHECK(aggregate.weights[0].respondents == Approx(500));
}

TEST_CASE("drift starts at the latest fieldwork end, wherever that poll is in the file") {
  const auto scenario = scenario::load_text(kTwoPolls, "two-polls.toml");
  CHECK(scenario.vote.drift_days == 10);  // 19 Feb to 1 Mar 2030, not from the last poll, 12 Jan
}

TEST_CASE("the explanation says under a poll when a house effect counted one of its shares as 0") {
  const auto scenario = scenario::load_text(kTwoPolls, "two-polls.toml");
  REQUIRE(scenario.polls->aggregate.weights[0].clamped == 1);  // Late's b: 0.45 - 0.5
  CHECK_THAT(report::explain(scenario),
             Catch::Contains("Late ") &&
                 Catch::Contains("house effect above this poll's share for 1 option(s): counted "
                                 "as 0 in this poll"));
}

TEST_CASE("iso_date writes a day number as a TOML date") {
  CHECK(model::iso_date(0) == "1970-01-01");
  CHECK(model::iso_date(19435) == "2023-03-19");
}
