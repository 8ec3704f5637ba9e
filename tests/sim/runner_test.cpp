#include "engine/sim/runner.hpp"

#include <boost/math/distributions/beta.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <optional>

#include "engine/scenario/loader.hpp"
#include "engine/sim/summary.hpp"
#include "tests/sim/test_scenario.hpp"

using namespace seatsim;

namespace {

using test::test_scenario;

// Every count, through the one list of them that merge and checkpoints use too.
bool same_tally(const sim::Tally& a, const sim::Tally& b) {
  return a.to_bytes() == b.to_bytes();
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

TEST_CASE("a tally read back from its bytes is the same tally, and damaged bytes are refused") {
  const auto s = test_scenario();
  const auto tally = sim::run(s, {.draws = 3 * sim::kBlockSize + 7, .seed = 3, .threads = 1}).tally;
  const std::string bytes = tally.to_bytes();
  const sim::Tally back = sim::Tally::from_bytes(bytes);
  CHECK(back.draws == tally.draws);
  CHECK(back.vote_sum == tally.vote_sum);
  CHECK(back.total_histogram == tally.total_histogram);
  CHECK(same_tally(back, tally));
  CHECK_THROWS_AS(sim::Tally::from_bytes(std::string_view(bytes).substr(0, bytes.size() - 1)),
                  std::runtime_error);
  CHECK_THROWS_AS(sim::Tally::from_bytes(bytes + "x"), std::runtime_error);
  std::string huge = bytes;
  huge[7] = '\x7f';  // the option count's top byte
  CHECK_THROWS_AS(sim::Tally::from_bytes(huge), std::runtime_error);
}

TEST_CASE("a run resumed from the tally of its first blocks equals an uninterrupted run") {
  const auto s = test_scenario();
  const std::uint64_t draws = 9 * sim::kBlockSize + 123;
  const auto whole = sim::run(s, {.draws = draws, .seed = 4, .threads = 2});
  const auto first = sim::run(s, {.draws = 4 * sim::kBlockSize, .seed = 4, .threads = 2});
  sim::RunControl control;
  control.resume_from = first.tally;
  const auto resumed = sim::run(s, {.draws = draws, .seed = 4, .threads = 1}, control);
  CHECK(resumed.tally.draws == draws);
  CHECK(same_tally(resumed.tally, whole.tally));
}

TEST_CASE("a stop request ends the run at a block boundary with a shorter run's exact tally") {
  const auto s = test_scenario();
  std::uint64_t rounds = 0;
  std::uint64_t last_seen = 0;
  bool whole_blocks = true;
  sim::RunControl control;
  control.after_round = [&](const sim::Tally& tally, double, sim::Resumable) {
    ++rounds;
    whole_blocks &= tally.draws % sim::kBlockSize == 0 && tally.draws > last_seen;
    last_seen = tally.draws;
  };
  control.stop_requested = [&] { return rounds >= 2; };
  const auto stopped =
      sim::run(s, {.draws = 1000 * sim::kBlockSize, .seed = 6, .threads = 2}, control);
  CHECK(stopped.partial);
  CHECK(rounds == 2);
  CHECK(whole_blocks);
  CHECK(stopped.tally.draws == last_seen);
  CHECK(stopped.tally.draws < 1000 * sim::kBlockSize);
  const auto shorter = sim::run(s, {.draws = stopped.tally.draws, .seed = 6, .threads = 1});
  CHECK_FALSE(shorter.partial);
  CHECK(same_tally(stopped.tally, shorter.tally));
}

TEST_CASE("a target run resumed from a round's end stops where the uninterrupted run stops") {
  const auto s = test_scenario();
  const sim::RunOptions options{.draws = 50'000'000, .seed = 8, .threads = 2, .target_se = 0.0005};
  std::optional<sim::Tally> round_end;
  std::uint64_t not_resumable = 0;
  sim::RunControl watch;
  watch.after_round = [&](const sim::Tally& tally, double, sim::Resumable resumable) {
    if (resumable == sim::Resumable::no) ++not_resumable;
    if (resumable == sim::Resumable::yes && !round_end) round_end = tally;
  };
  const auto whole = sim::run(s, options, watch);
  REQUIRE(whole.target_met);
  REQUIRE(round_end);
  CHECK(round_end->draws == 64 * sim::kBlockSize);  // the first round
  CHECK(round_end->draws < whole.tally.draws);
  CHECK(not_resumable > 0);  // slices within a round are not resumable points
  sim::RunControl resume;
  resume.resume_from = round_end;
  auto one_thread = options;
  one_thread.threads = 1;
  const auto resumed = sim::run(s, one_thread, resume);
  CHECK(resumed.target_met);
  CHECK(same_tally(resumed.tally, whole.tally));
}
