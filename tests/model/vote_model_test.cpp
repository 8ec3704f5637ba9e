#include "engine/model/vote_model.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "tests/rng/every_vector_isa.hpp"

using namespace seatsim;

TEST_CASE("each Dirichlet marginal is the closed-form Beta(n m, n (1 - m))") {
  const std::vector<double> mean = {0.539, 0.110, 0.086, 0.084, 0.068, 0.052, 0.023, 0.038};
  const double n_eff = 400.0;
  model::DirichletModel dirichlet({.mean = mean, .n_eff = n_eff});
  auto engine = rng::make_stream(11, 0, rng::Purpose::national_vote);

  constexpr int kDraws = 400'000;
  std::vector<double> shares(mean.size());
  std::vector<int> above_five_percent(mean.size());
  std::vector<double> sum(mean.size());
  for (int i = 0; i < kDraws; ++i) {
    dirichlet.draw(engine, shares);
    REQUIRE(std::abs(std::accumulate(shares.begin(), shares.end(), 0.0) - 1.0) < 1e-12);
    for (std::size_t k = 0; k < mean.size(); ++k) {
      above_five_percent[k] += shares[k] >= 0.05;
      sum[k] += shares[k];
    }
  }
  // Normalised means: the list above sums to 1.000 already.
  for (std::size_t k = 0; k < mean.size(); ++k) {
    CAPTURE(k);
    const boost::math::beta_distribution<> beta(n_eff * mean[k], n_eff * (1 - mean[k]));
    const double p = boost::math::cdf(boost::math::complement(beta, 0.05));
    const double se = std::sqrt(p * (1 - p) / kDraws);
    CHECK(std::abs(static_cast<double>(above_five_percent[k]) / kDraws - p) <= 4 * se + 1e-12);
    const double se_mean = boost::math::standard_deviation(beta) / std::sqrt(double(kDraws));
    CHECK(std::abs(sum[k] / kDraws - mean[k]) < 4 * se_mean);
  }
}

TEST_CASE("Dirichlet draws at tiny shapes normalise in the log domain and stay valid") {
  // Shapes 0.002 and 0.998: gamma draws of the small one underflow to 0 about half the time.
  model::DirichletModel dirichlet({.mean = {0.002, 0.998}, .n_eff = 1.0});
  auto engine = rng::make_stream(12, 0, rng::Purpose::national_vote);
  std::vector<double> shares(2);
  int below_five_percent = 0;
  for (int i = 0; i < 100'000; ++i) {
    dirichlet.draw(engine, shares);
    REQUIRE(std::isfinite(shares[0]));
    REQUIRE(std::isfinite(shares[1]));
    REQUIRE(shares[0] + shares[1] == Approx(1.0).epsilon(1e-12));
    below_five_percent += shares[0] < 0.05;
  }
  // Beta(0.002, 0.998) puts almost all its mass near 0: P(X < 0.05) = I_0.05(0.002, 0.998).
  const double p = boost::math::cdf(boost::math::beta_distribution<>(0.002, 0.998), 0.05);
  const double se = std::sqrt(p * (1 - p) / 100'000);
  CHECK(std::abs(below_five_percent / 100'000.0 - p) <= 4 * se + 1e-9);
}

TEST_CASE("without noise each district goes to the largest swung baseline") {
  const std::vector<model::BallotOption> options = {
      {"a", "A", model::OptionKind::party},
      {"b", "B", model::OptionKind::party},
      {"none", "Against all", model::OptionKind::against_all},
      {"ind", "Independent", model::OptionKind::district_only}};
  const std::vector<double> mean = {0.5, 0.3, 0.2};
  model::DistrictTierSpec spec{.districts = {{"1", "", {0.50, 0.30, 0.20, 0.00}, {}},
                                             {"2", "", {0.30, 0.35, 0.60, 0.00}, {}},
                                             {"3", "", {0.30, 0.20, 0.10, 0.40}, {}}},
                               .noise_sd = 0.0,
                               .reference_mean = mean};
  model::DistrictModel districts(spec, options);
  rng::LaneStreams engine(rng::make_stream(1, 0, rng::Purpose::district_noise));
  auto regional = rng::make_stream(1, 0, rng::Purpose::regional_swing);
  std::vector<double> swing(3);
  std::vector<int> winners(3);
  std::vector<int> won(4, -1);

  SECTION("at the national mean") {
    districts.draw(engine, regional, mean, swing, winners, won);
    // District 2: against all has the most votes but cannot win; B does.
    CHECK(winners == std::vector<int>{0, 1, 3});
    CHECK(won == std::vector<int>{1, 1, 0, 1});
  }
  SECTION("a proportional swing moves the districts") {
    // A falls to 0.25 and B rises to 0.55: A's scores halve, B's grow by 11/6. In district 3 the
    // independent (0.40) still beats B (0.20 * 11/6 = 0.37): district-only options do not swing.
    const std::vector<double> national = {0.25, 0.55, 0.20};
    districts.draw(engine, regional, national, swing, winners, won);
    CHECK(winners == std::vector<int>{1, 1, 3});
    CHECK(won == std::vector<int>{0, 2, 0, 1});
  }
}

namespace {

// Two options A and B standing alone in every district, with equal baselines and no national swing.
struct TwoOptionTier {
  std::vector<model::BallotOption> options = {{"a", "A", model::OptionKind::party},
                                              {"b", "B", model::OptionKind::party}};
  std::vector<double> mean = {0.5, 0.5};
};

}  // namespace

TEST_CASE("a regional swing correlates the districts of a region: Sheppard's closed form") {
  // Districts 1 and 2 share region "north"; district 3 is alone. In each district, A wins iff
  // D = (u_A - u_B) region_sd + (z_A - z_B) noise_sd > 0. D is normal, and two districts of one
  // region have corr(D1, D2) = rho = region_sd^2 / (region_sd^2 + noise_sd^2). By Sheppard's
  // formula, P(same winner) = 1/2 + arcsin(rho) / pi; districts in different regions: 1/2.
  const TwoOptionTier tier;
  const double region_sd = 0.3;
  const double noise_sd = 0.4;
  model::DistrictTierSpec spec{.districts = {{"1", "north", {0.5, 0.5}, {}},
                                             {"2", "north", {0.5, 0.5}, {}},
                                             {"3", "", {0.5, 0.5}, {}}},
                               .noise_sd = noise_sd,
                               .region_sd = region_sd,
                               .reference_mean = tier.mean};
  model::DistrictModel districts(spec, tier.options);
  CHECK(districts.regions() == 2);
  rng::LaneStreams noise(rng::make_stream(5, 0, rng::Purpose::district_noise));
  auto regional = rng::make_stream(5, 0, rng::Purpose::regional_swing);
  std::vector<double> swing(2);
  std::vector<int> winners(3);
  std::vector<int> won(2);
  constexpr int kDraws = 200'000;
  int same_region_agree = 0;
  int other_region_agree = 0;
  int a_wins = 0;
  for (int i = 0; i < kDraws; ++i) {
    districts.draw(noise, regional, tier.mean, swing, winners, won);
    REQUIRE(won[0] + won[1] == 3);
    REQUIRE(won[0] == (winners[0] == 0) + (winners[1] == 0) + (winners[2] == 0));
    same_region_agree += winners[0] == winners[1];
    other_region_agree += winners[0] == winners[2];
    a_wins += winners[0] == 0;
  }
  const double rho = region_sd * region_sd / (region_sd * region_sd + noise_sd * noise_sd);
  const double pi = std::acos(-1.0);
  auto check_rate = [&](int hits, double p) {
    const double se = std::sqrt(p * (1 - p) / kDraws);
    CHECK(std::abs(static_cast<double>(hits) / kDraws - p) <= 4 * se);
  };
  check_rate(same_region_agree, 0.5 + std::asin(rho) / pi);  // 0.7048
  check_rate(other_region_agree, 0.5);
  check_rate(a_wins, 0.5);
}

TEST_CASE("a candidate's strength multiplies its score: the closed-form win probability") {
  // With strength s for A, A wins iff s + noise_sd (z_A - z_B) > 0, which has probability
  // Phi(s / (noise_sd sqrt 2)). Here s = log 1.5 and noise_sd = 0.4: Phi(0.7167) = 0.7632.
  const TwoOptionTier tier;
  const double strength = std::log(1.5);
  const double noise_sd = 0.4;
  model::DistrictTierSpec spec{.districts = {{"1", "", {0.5, 0.5}, {strength, 0.0}}},
                               .noise_sd = noise_sd,
                               .reference_mean = tier.mean};
  model::DistrictModel districts(spec, tier.options);
  rng::LaneStreams noise(rng::make_stream(6, 0, rng::Purpose::district_noise));
  auto regional = rng::make_stream(6, 0, rng::Purpose::regional_swing);
  const rng::Rng regional_before = regional;
  std::vector<double> swing(2);
  std::vector<int> winners(1);
  std::vector<int> won(2);
  constexpr int kDraws = 100'000;
  int a_wins = 0;
  for (int i = 0; i < kDraws; ++i) {
    districts.draw(noise, regional, tier.mean, swing, winners, won);
    a_wins += winners[0] == 0;
  }
  const double p = boost::math::cdf(boost::math::normal_distribution<>(),
                                    strength / (noise_sd * std::sqrt(2.0)));
  const double se = std::sqrt(p * (1 - p) / kDraws);
  CHECK(std::abs(static_cast<double>(a_wins) / kDraws - p) <= 4 * se);
  // Without a regional swing, the regional stream is never drawn from.
  CHECK(regional.state() == regional_before.state());
}

TEST_CASE("Dirichlet shares stay finite and sum to 1 when shapes are as small as 1e-300") {
  // n_eff * share = 1e-300, and a subnormal shape whose inverse is infinite: their gamma draws
  // underflow (even in the log domain, to -inf), and the normalisation must still give share 0 to
  // them and 1 in all to the rest: no NaN, no division by zero.
  const double subnormal = std::numeric_limits<double>::denorm_min();
  model::DirichletModel dirichlet({.mean = {1e-300, subnormal, 0.5, 0.5}, .n_eff = 1.0});
  auto engine = rng::make_stream(13, 0, rng::Purpose::national_vote);
  std::vector<double> shares(4);
  for (int i = 0; i < 100'000; ++i) {
    dirichlet.draw(engine, shares);
    for (const double share : shares) REQUIRE(std::isfinite(share));
    REQUIRE(shares[0] == 0.0);
    REQUIRE(shares[1] == 0.0);
    REQUIRE(shares[2] + shares[3] == Approx(1.0).epsilon(1e-12));
  }
}

namespace {

// Five parties and an independent in 37 districts (not a whole number of vector lanes), with
// uneven baselines, strengths and some candidates missing, so that every part of the district
// draw is used: padding lanes, absent candidates and district-only options.
model::DistrictTierSpec uneven_tier() {
  model::DistrictTierSpec spec{
      .districts = {}, .noise_sd = 0.35, .reference_mean = {0.3, 0.25, 0.2, 0.15, 0.1}};
  for (int d = 0; d < 37; ++d) {
    std::vector<double> baseline = {0.30, 0.25, 0.20, 0.15, 0.10, d % 4 == 0 ? 0.2 : 0.0};
    std::vector<double> strength(6, 0.0);
    baseline[static_cast<std::size_t>(d % 5)] *= 1.0 + 0.1 * (d % 7);
    if (d % 6 == 1) baseline[2] = 0.0;  // party c stands in no district 1, 7, 13, ...
    strength[static_cast<std::size_t>(d % 3)] = 0.05 * (d % 4);
    spec.districts.push_back({std::to_string(d), "", baseline, strength});
  }
  return spec;
}

const std::vector<model::BallotOption> kUnevenOptions = {
    {"a", "A", model::OptionKind::party, ""}, {"b", "B", model::OptionKind::party, ""},
    {"c", "C", model::OptionKind::party, ""}, {"d", "D", model::OptionKind::party, ""},
    {"e", "E", model::OptionKind::party, ""}, {"i", "I", model::OptionKind::district_only, ""}};

}  // namespace

TEST_CASE(
    "the district noise is complete_all's normals, candidate by candidate, on every instruction "
    "set") {
  on_every_vector_isa([&] {
    // The district draw's definition: the grid of candidates ([contender * districts + district],
    // contenders in option order) takes its normals from LaneStreams::fill and
    // NormalDistribution::complete_all in grid order, and each district goes to the highest
    // log baseline + strength + swing + noise_sd * z. Recomputed here from those parts, so that a
    // faster district draw must keep these draws (the golden run depends on them).
    const model::DistrictTierSpec spec = uneven_tier();
    const std::vector<double> national = {0.28, 0.27, 0.2, 0.15, 0.1};
    model::DistrictModel districts(spec, kUnevenOptions);
    rng::LaneStreams noise(rng::make_stream(9, 0, rng::Purpose::district_noise));
    rng::LaneStreams reference_noise = noise;
    auto regional = rng::make_stream(9, 0, rng::Purpose::regional_swing);
    const std::vector<std::size_t> contenders = {0, 1, 2, 3, 4, 5};  // each stands somewhere
    std::vector<std::uint64_t> words(rng::LaneStreams::padded(contenders.size() * 37));
    std::vector<double> z(words.size());
    rng::NormalDistribution normal;
    std::vector<double> swing(5);
    std::vector<int> winners(37);
    std::vector<int> won(6);
    for (int i = 0; i < 5'000; ++i) {
      districts.draw(noise, regional, national, swing, winners, won);
      reference_noise.fill(words);
      normal.complete_all(words, z, reference_noise.scalar());
      for (std::size_t d = 0; d < 37; ++d) {
        const auto& district = spec.districts[d];
        int best = -1;
        double best_score = -std::numeric_limits<double>::infinity();
        for (std::size_t c = 0; c < contenders.size(); ++c) {
          const std::size_t k = contenders[c];
          if (district.baseline[k] <= 0.0) continue;
          const double shift = k < 5 ? std::log(national[k]) - std::log(spec.reference_mean[k]) : 0;
          const double score = std::log(district.baseline[k]) + district.strength[k] +
                               (shift + 0.0) + spec.noise_sd * z[c * 37 + d];
          if (score > best_score) {
            best_score = score;
            best = static_cast<int>(k);
          }
        }
        REQUIRE(winners[d] == best);
      }
      for (std::size_t k = 0; k < won.size(); ++k) {
        REQUIRE(won[k] == std::count(winners.begin(), winners.end(), static_cast<int>(k)));
      }
    }
    CHECK(noise.scalar().state() == reference_noise.scalar().state());
  });
}

TEST_CASE("the district noise follows the normal CDF at cuts from -3 to 3") {
  // A and B in 49 districts, A's strength s_i = q_i noise_sd sqrt 2 for q_i from -3 to 3: A wins
  // district i iff z_B - z_A < q_i sqrt 2, where z_B - z_A is normal with variance 2, so with
  // probability Phi(q_i). Each district's rate within 4 binomial standard errors, and Pearson's
  // chi-square over the 49 within 4 of its standard deviations (sqrt(2 * 49)) of its mean 49.
  const TwoOptionTier tier;
  const double noise_sd = 0.3;
  constexpr int kCuts = 49;
  model::DistrictTierSpec spec{.districts = {}, .noise_sd = noise_sd, .reference_mean = tier.mean};
  std::vector<double> q(kCuts);
  for (int i = 0; i < kCuts; ++i) {
    q[i] = -3.0 + 6.0 * i / (kCuts - 1);
    spec.districts.push_back(
        {std::to_string(i), "", {0.5, 0.5}, {q[i] * noise_sd * std::sqrt(2.0), 0.0}});
  }
  model::DistrictModel districts(spec, tier.options);
  rng::LaneStreams noise(rng::make_stream(10, 0, rng::Purpose::district_noise));
  auto regional = rng::make_stream(10, 0, rng::Purpose::regional_swing);
  std::vector<double> swing(2);
  std::vector<int> winners(kCuts);
  std::vector<int> won(2);
  constexpr int kDraws = 40'000;
  std::vector<int> a_wins(kCuts);
  for (int n = 0; n < kDraws; ++n) {
    districts.draw(noise, regional, tier.mean, swing, winners, won);
    for (int i = 0; i < kCuts; ++i) a_wins[i] += winners[i] == 0;
  }
  const boost::math::normal_distribution<> reference;
  double chi_square = 0.0;
  for (int i = 0; i < kCuts; ++i) {
    CAPTURE(q[i]);
    const double p = boost::math::cdf(reference, q[i]);
    const double expected = p * kDraws;
    const double variance = expected * (1 - p);
    const double deviation = a_wins[i] - expected;
    CHECK(std::abs(deviation) <= 4 * std::sqrt(variance));
    chi_square += deviation * deviation / variance;
  }
  CHECK(std::abs(chi_square - kCuts) <= 4 * std::sqrt(2.0 * kCuts));
}
