// The answers computed from the tally (coalitions, seat correlations, distance to the threshold,
// votes for the next seat) checked against direct computations on the very draws the run tallied,
// replayed one by one.
#include "engine/sim/summary.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "engine/rules/next_seat.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/runner.hpp"
#include "tests/sim/test_scenario.hpp"

using namespace seatsim;

namespace {

constexpr std::uint64_t kDraws = 600;  // one block: replaying every draw costs kDraws^2 / 2 draws
constexpr std::uint64_t kSeed = 21;

struct Replayed {
  sim::Scenario scenario = test::test_scenario();
  sim::Summary summary;
  std::vector<sim::DrawRecord> draws;
  Replayed() {
    // Wide uncertainty (share sd near 0.1 for Big), so that coalitions' answers are not all 0 or 1.
    scenario.vote.n_eff = 20;
    summary = sim::summarize(scenario, sim::run(scenario, {.draws = kDraws, .seed = kSeed}).tally);
    for (std::uint64_t i = 0; i < kDraws; ++i) draws.push_back(sim::replay(scenario, kSeed, i));
  }
};

}  // namespace

TEST_CASE("coalition probabilities equal a brute-force count over the same draws") {
  const Replayed r;
  const std::vector<int> members = {0, 1, 2, 4};  // the seat-winning options
  REQUIRE(r.summary.correlated == members);
  REQUIRE(r.summary.coalitions.size() == 15);
  const int house = r.scenario.house_size();  // 23: a majority is 12, two thirds 16
  CHECK(r.summary.coalition_lines.majority == 12);
  CHECK(r.summary.coalition_lines.two_thirds == 16);
  bool some_coalition_uncertain = false;
  for (std::size_t mask = 1; mask < 16; ++mask) {
    const auto& c = r.summary.coalitions[mask - 1];
    std::vector<int> expected_members;
    for (std::size_t i = 0; i < 4; ++i) {
      if (mask >> i & 1) expected_members.push_back(members[i]);
    }
    CHECK(c.members == expected_members);
    std::uint64_t majority = 0;
    std::uint64_t two_thirds = 0;
    for (const auto& d : r.draws) {
      int seats = 0;
      for (const int k : expected_members) seats += d.seats[k];
      majority += 2 * seats > house;
      two_thirds += 3 * seats >= 2 * house;
    }
    CAPTURE(mask, majority, two_thirds);
    CHECK(c.majority.p == static_cast<double>(majority) / kDraws);
    CHECK(c.two_thirds.p == static_cast<double>(two_thirds) / kDraws);
    some_coalition_uncertain |= majority > 0 && majority < kDraws;
  }
  CHECK(some_coalition_uncertain);  // the scenario does not make every answer 0 or 1
}

TEST_CASE("district odds equal a count of the same draws' district winners") {
  const Replayed r;
  REQUIRE(r.summary.districts.size() == 3);
  // District 2 names its contenders: Big, Mid and the independents, in ballot order.
  std::vector<int> standing;
  for (const auto& c : r.summary.districts[1].contenders) standing.push_back(c.option);
  CHECK(standing == std::vector<int>{0, 1, 4});
  bool some_district_uncertain = false;
  for (std::size_t d = 0; d < 3; ++d) {
    const auto& odds = r.summary.districts[d];
    CHECK(odds.district == d);
    std::vector<double> p;
    double total = 0.0;
    for (const auto& c : odds.contenders) {
      const auto wins = std::count_if(r.draws.begin(), r.draws.end(), [&](const auto& draw) {
        return draw.district_winners[d] == c.option;
      });
      CAPTURE(d, c.option);
      CHECK(c.win.p == static_cast<double>(wins) / kDraws);
      CHECK(c.win.se == Approx(std::sqrt(c.win.p * (1 - c.win.p) / kDraws)));
      p.push_back(c.win.p);
      total += c.win.p;
    }
    CHECK(total == Approx(1.0));  // every draw's winner is one of the contenders
    std::vector<double> sorted = p;
    std::sort(sorted.rbegin(), sorted.rend());
    CHECK(p[odds.favourite] == sorted[0]);
    CHECK(odds.margin.p == Approx(sorted[0] - sorted[1]));
    const double diff = sorted[0] - sorted[1];
    CHECK(odds.margin.se == Approx(std::sqrt((sorted[0] + sorted[1] - diff * diff) / kDraws)));
    some_district_uncertain |= sorted[0] < 1.0;
  }
  CHECK(some_district_uncertain);
  const auto closest = sim::closest_districts(r.summary);
  REQUIRE(closest.size() == 3);
  CHECK(closest[0]->margin.p <= closest[1]->margin.p);
  CHECK(closest[1]->margin.p <= closest[2]->margin.p);
}

TEST_CASE("the parliament nearest the medians is the replayed draw a direct search finds") {
  const Replayed r;
  const auto medians = sim::median_seats(r.summary);
  const auto nearest = sim::nearest_to_medians(r.scenario, kSeed, kDraws, medians);
  std::uint64_t best = 0;
  int best_distance = -1;
  for (std::uint64_t i = 0; i < kDraws; ++i) {
    int distance = 0;
    for (std::size_t k = 0; k < medians.size(); ++k) {
      distance += std::abs(r.draws[i].seats[k] - medians[k]);
    }
    if (best_distance < 0 || distance < best_distance) {
      best = i;
      best_distance = distance;
    }
  }
  CHECK(nearest.among == kDraws);
  CHECK(nearest.draw == best);
  CHECK(nearest.distance == best_distance);
  CHECK(nearest.seats == r.draws[best].seats);
  CHECK(best > 0);  // not trivially the first draw
}

TEST_CASE("seat correlations equal a direct two-pass computation over the same draws") {
  const Replayed r;
  const auto& options = r.summary.correlated;
  const std::size_t m = options.size();
  REQUIRE(r.summary.correlations.size() == m * m);
  std::vector<double> mean(m);
  for (const auto& d : r.draws) {
    for (std::size_t a = 0; a < m; ++a) mean[a] += d.seats[options[a]] / double(kDraws);
  }
  const auto covariance = [&](std::size_t a, std::size_t b) {
    double sum = 0.0;
    for (const auto& d : r.draws) {
      sum += (d.seats[options[a]] - mean[a]) * (d.seats[options[b]] - mean[b]);
    }
    return sum / kDraws;
  };
  for (std::size_t a = 0; a < m; ++a) {
    for (std::size_t b = 0; b < m; ++b) {
      CAPTURE(a, b);
      const auto& c = r.summary.correlations[a * m + b];
      REQUIRE(c.r);
      const double direct = covariance(a, b) / std::sqrt(covariance(a, a) * covariance(b, b));
      CHECK(*c.r == Approx(direct).margin(1e-12));
      CHECK(c.se == Approx((1 - direct * direct) / std::sqrt(double(kDraws))).margin(1e-12));
    }
  }
  CHECK(*r.summary.correlations[0 * m + 1].r < 0.0);  // Big's seats come at others' expense
}

TEST_CASE("threshold-distance quantiles match the sorted shares of the same draws") {
  const Replayed r;
  constexpr double kThreshold = 0.05;
  for (std::size_t party = 0; party < 3; ++party) {
    CAPTURE(party);
    // The threshold base is "valid": every list-ballot option, so the share is the drawn one.
    std::vector<double> shares;
    for (const auto& d : r.draws) shares.push_back(d.shares[party].value());
    std::sort(shares.begin(), shares.end());
    const auto& quantiles = r.summary.options[party].threshold_distance;
    REQUIRE(quantiles.size() == 5);
    for (const auto& q : quantiles) {
      CAPTURE(q.percent);
      // The q-th percentile is the smallest draw with at least q% of draws at or below it; the
      // summary reports the lower edge of its 1e-4 bin (of the share rounded to votes, hence the
      // 1e-8 margins).
      const auto rank = (static_cast<std::size_t>(q.percent) * kDraws + 99) / 100;
      const double share = shares[rank - 1];
      CHECK(q.value <= share - kThreshold + 1e-8);
      CHECK(q.value > share - kThreshold - 1e-4 - 1e-8);
      CHECK(q.se >= 0.5e-4);
    }
    CHECK(quantiles[0].value <= quantiles[4].value);
  }
}

TEST_CASE("threshold distance is to a party's own threshold, and an exempt party has none") {
  sim::Scenario scenario = test::test_scenario();
  scenario.vote.n_eff = 20;
  const auto tier =
      sim::summarize(scenario, sim::run(scenario, {.draws = 4096, .seed = kSeed}).tally);
  const std::int64_t tier_ppb = scenario.list_tier->threshold.parts_per_billion;
  scenario.thresholds.assign(3, tier_ppb);
  scenario.thresholds[1] = 100'000'000;  // 10%
  scenario.exemptions.assign(3, rules::Exemption::none);
  scenario.exemptions[2] = rules::Exemption::exempt;
  const auto own =
      sim::summarize(scenario, sim::run(scenario, {.draws = 4096, .seed = kSeed}).tally);
  // The shares are the same draws' (a threshold moves seats, not votes): only the offset moves.
  REQUIRE(own.options[0].threshold_distance.size() == 5);
  REQUIRE(own.options[1].threshold_distance.size() == 5);
  for (std::size_t q = 0; q < 5; ++q) {
    CHECK(own.options[0].threshold_distance[q].value ==
          tier.options[0].threshold_distance[q].value);
    CHECK(own.options[1].threshold_distance[q].value ==
          Approx(tier.options[1].threshold_distance[q].value - 0.05).margin(1e-12));
  }
  CHECK(own.options[2].threshold_distance.empty());
  CHECK(tier.options[2].threshold_distance.size() == 5);
}

TEST_CASE("share distributions match the sorted shares and a direct histogram of the same draws") {
  const Replayed r;
  for (const std::size_t option : {0, 1, 2, 3}) {  // the list-ballot options, against all too
    CAPTURE(option);
    std::vector<double> shares;
    std::vector<std::uint64_t> histogram(sim::kShareDensityBins + 1);
    for (const auto& d : r.draws) {
      const double share = d.shares[option].value();
      shares.push_back(share);
      // The share rounded to votes moves it by at most 2^-33: off a bin edge by more than that,
      // the bin is the plain one.
      const double scaled = share * sim::kShareDensityBins;
      if (std::abs(scaled - std::round(scaled)) > 1e-6) {
        ++histogram[static_cast<std::size_t>(scaled)];
      }
    }
    std::sort(shares.begin(), shares.end());
    const auto& distribution = r.summary.options[option].share;
    REQUIRE(distribution.has_value());
    std::uint64_t total = 0;
    for (std::size_t b = 0; b < histogram.size(); ++b) {
      CHECK(distribution->histogram[b] >= histogram[b]);
      total += distribution->histogram[b];
    }
    CHECK(total == kDraws);
    REQUIRE(distribution->quantiles.size() == 5);
    for (const auto& q : distribution->quantiles) {
      CAPTURE(q.percent);
      // As for the threshold distance, in 0.1-point bins: the lower edge of the bin of the
      // smallest draw with at least q% of draws at or below it.
      const auto rank = (static_cast<std::size_t>(q.percent) * kDraws + 99) / 100;
      const double share = shares[rank - 1];
      CHECK(q.value <= share + 1e-8);
      CHECK(q.value > share - 1e-3 - 1e-8);
      CHECK(q.se >= 0.5e-3);
    }
    // The spread is real: Big's 5-95% range spans several points at n_eff 20.
    if (option == 0)
      CHECK(distribution->quantiles[4].value - distribution->quantiles[0].value > 0.1);
  }
  CHECK_FALSE(r.summary.options[4].share.has_value());  // district-only: no list share
}

TEST_CASE("votes for the next seat match a direct computation on the sampled draws") {
  // Its own run: twelve sampled draws, 0, kNextSeatStride, ..., and only those replayed.
  constexpr std::uint64_t kSampled = 12;
  auto scenario = test::test_scenario();
  scenario.vote.n_eff = 20;
  const auto summary = sim::summarize(
      scenario,
      sim::run(scenario, {.draws = kSampled * sim::kNextSeatStride, .seed = kSeed}).tally);
  const auto& rule = *scenario.list_tier;
  constexpr std::size_t kParties = 3;  // big, mid, small; "against all" is the fourth ballot option
  std::vector<std::vector<double>> shares(kParties);
  std::uint64_t sampled = 0;
  for (std::uint64_t i = 0; i < kSampled * sim::kNextSeatStride; i += sim::kNextSeatStride) {
    ++sampled;
    const auto d = sim::replay(scenario, kSeed, i);
    std::vector<rules::Votes> votes;
    for (const auto& share : d.shares) {
      if (share)
        votes.push_back(static_cast<rules::Votes>(std::llround(*share * sim::kVotesPerDraw)));
    }
    const rules::Votes against_all = votes.back();
    votes.pop_back();
    REQUIRE(votes.size() == kParties);
    const rules::ListBallot ballot{.lists = votes, .other_valid = against_all};
    const double valid =
        static_cast<double>(rules::threshold_base_votes(ballot, rules::ThresholdBase::valid));
    for (std::size_t p = 0; p < kParties; ++p) {
      const auto needed = rules::votes_for_next_seat(rule, ballot, p);
      if (needed) shares[p].push_back(static_cast<double>(*needed) / valid);
    }
  }
  REQUIRE(sampled == kSampled);
  bool varies = false;
  for (std::size_t p = 0; p < kParties; ++p) {
    CAPTURE(p);
    const auto& next = summary.options[p].next_seat;
    REQUIRE(next);
    CHECK(next->sampled == sampled);
    REQUIRE(next->counted == shares[p].size());
    REQUIRE(next->counted > 2);
    const double n = static_cast<double>(next->counted);
    double mean = 0.0;
    for (const double s : shares[p]) mean += s / n;
    double variance = 0.0;
    for (const double s : shares[p]) variance += (s - mean) * (s - mean) / n;
    // The tally sums shares rounded down to units of 2^-32, hence the margins.
    CHECK(next->mean == Approx(mean).margin(1e-9));
    CHECK(next->mean_se == Approx(std::sqrt(variance / n)).margin(1e-7));
    std::sort(shares[p].begin(), shares[p].end());
    REQUIRE(next->quantiles.size() == 3);
    for (const auto& q : next->quantiles) {
      CAPTURE(q.percent);
      const auto rank = (static_cast<std::size_t>(q.percent) * shares[p].size() + 99) / 100;
      const double share = shares[p][rank - 1];
      CHECK(q.value <= share + 1e-12);  // the lower edge of the share's 1e-4 bin
      CHECK(q.value > share - 1e-4 - 1e-12);
    }
    varies |= shares[p].front() < shares[p].back();
  }
  CHECK(varies);
}
