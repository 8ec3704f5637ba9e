#include "engine/sim/runner.hpp"

#include <boost/math/distributions/beta.hpp>
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/scenario/loader.hpp"
#include "engine/sim/summary.hpp"
#include "tests/sim/test_scenario.hpp"

using namespace seatsim;

namespace {

using test::test_scenario;

bool same_tally(const sim::Tally& a, const sim::Tally& b) {
  return a.draws == b.draws && a.passed == b.passed && a.largest == b.largest &&
         a.tie_for_largest == b.tie_for_largest && a.list_histogram == b.list_histogram &&
         a.district_histogram == b.district_histogram && a.total_histogram == b.total_histogram &&
         a.list_ties == b.list_ties && a.list_unfilled == b.list_unfilled &&
         a.vote_sum == b.vote_sum && a.share_line_hits == b.share_line_hits;
}

}  // namespace

TEST_CASE("the same seed gives identical tallies with 1, 2 and 8 threads") {
  const auto s = test_scenario();
  // Not a multiple of the block size, so the last block is partial.
  const std::uint64_t draws = 20 * sim::kBlockSize + 123;
  const auto one = sim::run(s, {.draws = draws, .seed = 5, .threads = 1});
  const auto two = sim::run(s, {.draws = draws, .seed = 5, .threads = 2});
  const auto eight = sim::run(s, {.draws = draws, .seed = 5, .threads = 8});
  CHECK(one.tally.draws == draws);
  CHECK(same_tally(one.tally, two.tally));
  CHECK(same_tally(one.tally, eight.tally));
  const auto other_seed = sim::run(s, {.draws = draws, .seed = 6, .threads = 2});
  CHECK_FALSE(same_tally(one.tally, other_seed.tally));
}

TEST_CASE(
    "the Student-t model from polls, with random undecided and invalid shares, gives "
    "identical tallies on 1 and 2 threads") {
  const std::string overrides[] = {"model.type=student-t",
                                   "model.df=5",
                                   "model.undecided_split=dirichlet",
                                   "model.undecided_concentration=20",
                                   "model.invalid_sd=0.3",
                                   "tiers.list.threshold_base=ballots"};
  const auto s =
      scenario::load_file(SEATSIM_SOURCE_DIR "/scenarios/kz-2023-forecast.toml", overrides);
  const std::uint64_t draws = 3 * sim::kBlockSize + 7;
  const auto one = sim::run(s, {.draws = draws, .seed = 9, .threads = 1});
  const auto two = sim::run(s, {.draws = draws, .seed = 9, .threads = 2});
  CHECK(same_tally(one.tally, two.tally));
}

TEST_CASE("adaptive stopping meets its target and stops at the same draw on any thread count") {
  const auto s = test_scenario();
  const sim::RunOptions options{.draws = 50'000'000, .seed = 8, .threads = 1, .target_se = 0.001};
  const auto one = sim::run(s, options);
  auto two_threads = options;
  two_threads.threads = 2;
  const auto two = sim::run(s, two_threads);
  CHECK(one.target_met);
  CHECK(sim::largest_se(sim::summarize(s, one.tally)) <= 0.001);
  // No more than needed: SE <= 0.001 needs at most 0.25 / 0.001^2 = 250,000 draws, plus a round.
  CHECK(one.tally.draws <= 2 * 250'000);
  CHECK(one.tally.draws % sim::kBlockSize == 0);
  CHECK(same_tally(one.tally, two.tally));

  const auto capped = sim::run(s, {.draws = 5 * sim::kBlockSize, .seed = 8, .target_se = 1e-5});
  CHECK_FALSE(capped.target_met);
  CHECK(capped.tally.draws == 5 * sim::kBlockSize);
}

TEST_CASE("a replayed draw is exactly the draw the run tallied") {
  const auto s = test_scenario();
  // Draw K is the one a run of K + 1 draws has and a run of K draws lacks; K is mid-block.
  const std::uint64_t k = sim::kBlockSize + 777;
  const auto before = sim::run(s, {.draws = k, .seed = 12, .threads = 2}).tally;
  const auto after = sim::run(s, {.draws = k + 1, .seed = 12, .threads = 2}).tally;
  const auto draw = sim::replay(s, 12, k);
  for (std::size_t option = 0; option < s.options.size(); ++option) {
    CAPTURE(option);
    const std::size_t row = option * (s.house_size() + 1);
    for (int seats = 0; seats <= s.house_size(); ++seats) {
      const auto added = after.total_histogram[row + seats] - before.total_histogram[row + seats];
      CHECK(added == (seats == draw.seats[option] ? 1U : 0U));
    }
  }
  int total = 0;
  for (const int seats : draw.seats) total += seats;
  CHECK(total == s.house_size());
  CHECK(draw.district_winners.size() == 3);
}

TEST_CASE("the runner's threshold probability matches the closed-form Beta tail") {
  const auto s = test_scenario();
  const std::uint64_t draws = 400'000;
  const auto summary = sim::summarize(s, sim::run(s, {.draws = draws, .seed = 3}).tally);
  // The valid vote is the Dirichlet's whole vector here, so P(share >= 5%) is a Beta tail.
  const double n = s.vote.n_eff;
  for (std::size_t k = 0; k < 3; ++k) {
    const double m = s.vote.mean[k];
    const double p = boost::math::cdf(
        boost::math::complement(boost::math::beta_distribution<>(n * m, n * (1 - m)), 0.05));
    const double se = std::sqrt(p * (1 - p) / static_cast<double>(draws));
    CAPTURE(k, p, summary.options[k].p_threshold->p);
    CHECK(std::abs(summary.options[k].p_threshold->p - p) <= 4 * se + 1e-12);
    CHECK(summary.options[k].p_threshold->se == Approx(se).epsilon(0.05).margin(1e-12));
  }
}

TEST_CASE("seats add up to the house in every draw") {
  const auto s = test_scenario();
  const auto tally = sim::run(s, {.draws = 50'000, .seed = 4}).tally;
  // Sum over options of mean seats equals the house size exactly when every draw fills it.
  double total = 0.0;
  const auto summary = sim::summarize(s, tally);
  for (const auto& o : summary.options) {
    if (o.total_seats) total += o.total_seats->mean;
  }
  CHECK(tally.list_unfilled == 0);
  CHECK(total == Approx(s.house_size()).epsilon(1e-12));
}
