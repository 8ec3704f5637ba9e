// The one draw loop: lots under ties = "by_lot" are fair, reproducible per (seed, block) and the
// same on any thread count; every accumulator sees the same draws.
#include "engine/sim/draw.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "engine/rules/electoral_system.hpp"
#include "engine/sim/runner.hpp"
#include "tests/sim/test_scenario.hpp"

using namespace seatsim;

namespace {

sim::Scenario by_lot_scenario() {
  const std::string overrides[] = {"tiers.list.ties=by_lot"};
  return scenario::load_text(test::kScenario, "test.toml", overrides);
}

// An accumulator that settles a fixed three-way tie for one seat with each draw's lots.
struct TieCounter {
  void add(const sim::Draw& draw) {
    const rules::Votes votes[] = {1000, 1000, 1000};
    int seats[3] = {};
    rules::Admission admission[3] = {};
    const rules::ListRule rule{.seats = 1, .ties = rules::TiePolicy::by_lot};
    const rules::ListBallot ballot{.lists = votes, .lots = std::span(draw.lots).first(3)};
    const auto outcome = rules::allocate_list(rule, ballot, seats, admission);
    tie_decided += outcome.tie_decided;
    for (int i = 0; i < 3; ++i) wins[i] += seats[i];
    lots.push_back(draw.lots[0]);
  }
  std::uint64_t wins[3] = {};
  std::uint64_t tie_decided = 0;
  std::vector<std::uint64_t> lots;
};

}  // namespace

TEST_CASE("lots settle a tie fairly: each tied list wins a third of the draws, within 4 SE") {
  const auto s = by_lot_scenario();
  const sim::BallotLayout layout(s);
  REQUIRE(layout.party_options.size() >= 3);
  const rules::ElectoralSystem system = sim::electoral_system(s);
  REQUIRE(system.draws_lots());
  sim::DrawGenerator generator(s, layout, system);
  TieCounter counter;
  constexpr std::uint64_t kBlocks = 8;
  for (std::uint64_t block = 0; block < kBlocks; ++block) {
    generator.draw_block(11, block, sim::kBlockSize, counter);
  }
  const double n = static_cast<double>(kBlocks * sim::kBlockSize);
  const double se = std::sqrt(n * (1.0 / 3.0) * (2.0 / 3.0));
  for (const std::uint64_t wins : counter.wins) {
    CHECK(std::abs(static_cast<double>(wins) - n / 3.0) < 4.0 * se);
  }
  CHECK(counter.wins[0] + counter.wins[1] + counter.wins[2] == kBlocks * sim::kBlockSize);

  // The lots are block b's stream of Purpose::tie_lots: the same block drawn again, alone, gives
  // the same lots; another seed does not.
  TieCounter again;
  sim::DrawGenerator(s, layout, system).draw_block(11, 3, sim::kBlockSize, again);
  CHECK(
      std::equal(again.lots.begin(), again.lots.end(), counter.lots.begin() + 3 * sim::kBlockSize));
  TieCounter other;
  sim::DrawGenerator(s, layout, system).draw_block(12, 3, sim::kBlockSize, other);
  CHECK_FALSE(
      std::equal(other.lots.begin(), other.lots.end(), counter.lots.begin() + 3 * sim::kBlockSize));
}

TEST_CASE("ties = by_lot runs and gives the same tally on 1, 2 and 3 threads") {
  const auto s = by_lot_scenario();
  const std::uint64_t draws = 6 * sim::kBlockSize + 99;
  const auto one = sim::run(s, {.draws = draws, .seed = 4, .threads = 1});
  const auto two = sim::run(s, {.draws = draws, .seed = 4, .threads = 2});
  const auto three = sim::run(s, {.draws = draws, .seed = 4, .threads = 3});
  CHECK(one.tally.draws == draws);
  CHECK(one.tally.to_bytes() == two.tally.to_bytes());
  CHECK(one.tally.to_bytes() == three.tally.to_bytes());
  // Lots decide nothing unless votes tie exactly, so the seats are those of registration order.
  const std::string overrides[] = {"tiers.list.ties=registration_order"};
  const auto ordered = sim::run(scenario::load_text(test::kScenario, "test.toml", overrides),
                                {.draws = draws, .seed = 4, .threads = 2});
  CHECK(ordered.tally.total_histogram == one.tally.total_histogram);
}

TEST_CASE("a replayed draw is the draw the run tallied, lots and all") {
  const auto s = by_lot_scenario();
  const std::uint64_t draw = sim::kBlockSize + 77;
  const auto record = sim::replay(s, 3, draw);
  sim::RunControl control;
  std::vector<unsigned char> saved;
  control.on_draws = [&](std::span<const unsigned char> records) {
    saved.insert(saved.end(), records.begin(), records.end());
  };
  sim::run(s, {.draws = 2 * sim::kBlockSize, .seed = 3, .threads = 2}, control);
  const std::size_t size = sim::draw_record_size(s);
  REQUIRE(saved.size() == 2 * sim::kBlockSize * size);
  // The record's u16 seats per tier, per option, after the passed mask and the f32 shares.
  const unsigned char* at = saved.data() + draw * size + 8 + 4 * s.options.size();
  for (std::size_t k = 0; k < s.options.size(); ++k) {
    const int list = at[2 * k] | at[2 * k + 1] << 8;
    const int district = at[2 * s.options.size() + 2 * k] | at[2 * s.options.size() + 2 * k + 1]
                                                                << 8;
    CHECK(list + district == record.seats[k]);
  }
}

namespace {

// Counts, per coalition of the seat-winning options, the draws where it holds a majority of that
// draw's own house, and checks every draw's seats add up to its house.
struct HouseCounter {
  void add(const sim::Draw& draw) {
    const auto& coalition = draw.layout->coalition_options;
    int seats = 0;
    for (const int s : draw.seats) seats += s;
    CHECK(seats == draw.outcome.house);
    overhang += draw.outcome.overhang > 0;
    const int majority = sim::coalition_lines(draw.outcome.house).majority;
    majorities.resize(std::size_t{1} << coalition.size());
    for (std::size_t mask = 0; mask < majorities.size(); ++mask) {
      int sum = 0;
      for (std::size_t i = 0; i < coalition.size(); ++i)
        sum += (mask >> i & 1) ? draw.seats[coalition[i]] : 0;
      majorities[mask] += sum >= majority;
    }
  }
  std::vector<std::uint64_t> majorities;
  std::uint64_t overhang = 0;
};

}  // namespace

TEST_CASE("under overhang every draw's seats are its house, and majorities are of that house") {
  // A house of 1 list seat and 3 districts: Big often wins more districts than its share.
  const std::string overrides[] = {"tiers.mixed=compensatory", "tiers.list.seats=1",
                                   "parties.small.threshold_exempt=true"};
  const auto s = scenario::load_text(test::kScenario, "test.toml", overrides);
  const sim::BallotLayout layout(s);
  const rules::ElectoralSystem system = sim::electoral_system(s);
  HouseCounter counter;
  constexpr std::uint64_t kBlocks = 3;
  for (std::uint64_t block = 0; block < kBlocks; ++block) {
    sim::DrawGenerator(s, layout, system).draw_block(5, block, sim::kBlockSize, counter);
  }
  CHECK(counter.overhang > 100);  // the case is exercised
  const auto run = sim::run(s, {.draws = kBlocks * sim::kBlockSize, .seed = 5, .threads = 2});
  CHECK(run.tally.coalition_majority == counter.majorities);
}
