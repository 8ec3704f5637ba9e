// Multi-member list districts in the draw loop: at the recorded result (shares pinned by a huge
// n_eff, noise 0, each district's baseline its recorded shares) every draw gives the recorded
// seats, per district and in all, as `seatsim allocate` does for the same record
// (tests/cli/list-districts-history.toml); with noise, each district's mean vote share is its
// baseline within 4 standard errors; and runs are the same at any thread count. Under regional
// compensation, each draw's list seats are the rule's for that draw's district winners counted by
// region (here from the test's own map of districts to regions).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "engine/rules/electoral_system.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/draw.hpp"
#include "engine/sim/runner.hpp"
#include "engine/sim/summary.hpp"
#include "tests/sim/test_scenario.hpp"

using namespace seatsim;

namespace {

// The hand-checked record: North (5 seats) A 500, B 300, C 160, D 29, blank 11; South (3 seats)
// A 60, B 40, D 100. National shares are the sums over 1200 valid votes.
constexpr std::string_view kRecorded = R"(
[election]
name = "Two list districts"
date = 2030-01-01
[parties.a]
name = "A"
share = 0.46666666666666667
[parties.b]
name = "B"
share = 0.28333333333333333
[parties.c]
name = "C"
share = 0.13333333333333333
[parties.d]
name = "D"
share = 0.1075
[parties.blank]
name = "Blank"
kind = "other_valid"
share = 0.0091666666666666667
[model]
type = "dirichlet"
n_eff = 1e9
[tiers.regions]
method = "dhondt"
threshold = 0.03
noise = 0
[[tiers.regions.region]]
name = "North"
seats = 5
valid_votes = 1000
baseline = { a = 0.5, b = 0.3, c = 0.16, d = 0.029, blank = 0.011 }
[[tiers.regions.region]]
name = "South"
seats = 3
valid_votes = 200
baseline = { a = 0.3, b = 0.2, d = 0.5 }
)";

struct SeatCheck {
  void add(const sim::Draw& draw) {
    ++draws;
    matches += draw.region_seats == std::vector<int>{3, 1, 1, 0, 1, 0, 0, 2} &&
               draw.party_seats == std::vector<int>{4, 1, 1, 2} && draw.outcome.house == 8;
  }
  std::uint64_t draws = 0;
  std::uint64_t matches = 0;
};

// Sums each district's share of one list-ballot position over the draws.
struct ShareSum {
  void add(const sim::Draw& draw) {
    ++draws;
    for (std::size_t i = 0; i < sums.size(); ++i) {
      sums[i] += draw.region_shares[i];
      squares[i] += draw.region_shares[i] * draw.region_shares[i];
    }
  }
  std::uint64_t draws = 0;
  std::vector<double> sums, squares;
};

// Each party's seats per list district, counted draw by draw beside the tally.
struct RegionSeatCount {
  void add(const sim::Draw& draw) {
    sums.resize(draw.region_seats.size());
    squares.resize(draw.region_seats.size());
    any.resize(draw.region_seats.size());
    for (std::size_t i = 0; i < draw.region_seats.size(); ++i) {
      const auto seats = static_cast<std::uint64_t>(draw.region_seats[i]);
      sums[i] += seats;
      squares[i] += seats * seats;
      any[i] += seats > 0;
    }
  }
  std::vector<std::uint64_t> sums, squares, any;
};

}  // namespace

TEST_CASE("at the recorded result every draw gives the recorded seats") {
  const auto s = scenario::load_text(kRecorded, "recorded.toml");
  REQUIRE(s.house_size() == 8);
  const sim::BallotLayout layout(s);
  const rules::ElectoralSystem system = sim::electoral_system(s);
  sim::DrawGenerator generator(s, layout, system);
  SeatCheck check;
  for (std::uint64_t block = 0; block < 4; ++block) {
    generator.draw_block(7, block, sim::kBlockSize, check);
  }
  CHECK(check.draws == 4 * sim::kBlockSize);
  CHECK(check.matches == check.draws);
}

TEST_CASE("with noise, a district's mean share is near its baseline, within 4 SE") {
  // Noise 0.05 moves a share by about 5% of itself.
  const std::string overrides[] = {"tiers.regions.noise=0.05"};
  const auto s = scenario::load_text(kRecorded, "recorded.toml", overrides);
  const sim::BallotLayout layout(s);
  const rules::ElectoralSystem system = sim::electoral_system(s);
  sim::DrawGenerator generator(s, layout, system);
  ShareSum sum{.draws = 0,
               .sums = std::vector<double>(2 * layout.list_ballot_options.size()),
               .squares = std::vector<double>(2 * layout.list_ballot_options.size())};
  for (std::uint64_t block = 0; block < 4; ++block) {
    generator.draw_block(9, block, sim::kBlockSize, sum);
  }
  const double n = static_cast<double>(sum.draws);
  // North's A (0.5 of the district) and South's D (0.5), and C, who does not stand in the South.
  const std::size_t positions = layout.list_ballot_options.size();
  for (const auto& [at, baseline] :
       {std::pair{std::size_t{0}, 0.5}, std::pair{positions + 3, 0.5}}) {
    const double mean = sum.sums[at] / n;
    const double sd = std::sqrt(sum.squares[at] / n - mean * mean);
    // The lognormal's mean factor e^(sd^2 / 2) and the normalisation bias are below 0.2%.
    CHECK(std::abs(mean - baseline) < 4.0 * sd / std::sqrt(n) + 0.002);
    CHECK(sd > 0.005);
  }
  CHECK(sum.sums[positions + 2] == 0.0);
}

TEST_CASE("list districts give the same tally on 1 and 3 threads") {
  const auto s = scenario::load_text(test::kRegionsScenario, "regions.toml");
  const std::uint64_t draws = 3 * sim::kBlockSize + 17;
  const auto one = sim::run(s, {.draws = draws, .seed = 5, .threads = 1});
  const auto three = sim::run(s, {.draws = draws, .seed = 5, .threads = 3});
  CHECK(one.tally.to_bytes() == three.tally.to_bytes());
  CHECK(one.tally.house_size == 17);
}

TEST_CASE("with list districts alone, no next-seat votes are measured or reported") {
  // Those are national list votes; with list districts alone a seat's price depends on the
  // district, so a "no next seat" in every draw would be a false answer (docs/json-schema.md).
  const auto s = scenario::load_text(test::kRegionsScenario, "regions.toml");
  REQUIRE_FALSE(s.list_tier);
  const auto run = sim::run(s, {.draws = 2 * sim::kBlockSize, .seed = 5, .threads = 1});
  CHECK(run.tally.next_seat_draws == 0);
  for (const auto& o : sim::summarize(s, run.tally).options) CHECK_FALSE(o.next_seat);
}

TEST_CASE("at the recorded result the tally counts the recorded seats per list district") {
  const auto s = scenario::load_text(kRecorded, "recorded.toml");
  const std::uint64_t draws = 2 * sim::kBlockSize + 5;
  const auto run = sim::run(s, {.draws = draws, .seed = 7, .threads = 2});
  // North: A 3, B 1, C 1, D 0; South: A 1, B 0, C 0, D 2 (the hand-checked record above).
  const std::vector<std::uint64_t> recorded{3, 1, 1, 0, 1, 0, 0, 2};
  REQUIRE(run.tally.regions == 2);
  for (std::size_t i = 0; i < recorded.size(); ++i) {
    CHECK(run.tally.region_seat_sum[i] == recorded[i] * draws);
    CHECK(run.tally.region_seat_squares[i] == recorded[i] * recorded[i] * draws);
    CHECK(run.tally.region_any_seat[i] == (recorded[i] > 0 ? draws : 0));
  }
  const auto summary = sim::summarize(s, run.tally);
  const auto& d = summary.options[3].region_seats;  // D: none in the North, 2 in the South
  REQUIRE(d.size() == 2);
  CHECK(d[0].mean == 0.0);
  CHECK(d[0].any_seat.p == 0.0);
  CHECK(d[1].mean == 2.0);
  CHECK(d[1].mean_se == 0.0);
  CHECK(d[1].any_seat.p == 1.0);
}

TEST_CASE("list district seats are counted exactly, and kept by merge, bytes and resume") {
  const auto s = scenario::load_text(test::kRegionsScenario, "regions.toml");
  const std::uint64_t blocks = 5;
  const auto whole = sim::run(s, {.draws = blocks * sim::kBlockSize, .seed = 11, .threads = 2});
  // The same draws, counted one by one beside the tally.
  const sim::BallotLayout layout(s);
  const rules::ElectoralSystem system = sim::electoral_system(s);
  sim::DrawGenerator generator(s, layout, system);
  RegionSeatCount count;
  for (std::uint64_t block = 0; block < blocks; ++block) {
    generator.draw_block(11, block, sim::kBlockSize, count);
  }
  CHECK(whole.tally.region_seat_sum == count.sums);
  CHECK(whole.tally.region_seat_squares == count.squares);
  CHECK(whole.tally.region_any_seat == count.any);
  // Not a trivial case: some party wins a seat in some district in some draws but not all.
  CHECK(std::any_of(count.any.begin(), count.any.end(),
                    [&](std::uint64_t n) { return n > 0 && n < whole.tally.draws; }));

  CHECK(sim::Tally::from_bytes(whole.tally.to_bytes()).to_bytes() == whole.tally.to_bytes());
  const auto first = sim::run(s, {.draws = 2 * sim::kBlockSize, .seed = 11, .threads = 1});
  sim::RunControl control;
  control.resume_from = first.tally;
  const auto resumed =
      sim::run(s, {.draws = blocks * sim::kBlockSize, .seed = 11, .threads = 1}, control);
  CHECK(resumed.tally.to_bytes() == whole.tally.to_bytes());

  // A party's mean seats over the districts add up to its mean list seats (the tier's seats).
  const auto summary = sim::summarize(s, whole.tally);
  for (const auto& o : summary.options) {
    if (o.region_seats.empty()) continue;
    double sum = 0.0;
    for (const auto& r : o.region_seats) sum += r.mean;
    CHECK(sum == Approx(o.list_seats->mean).epsilon(1e-12));
  }
}

namespace {

// Two regions, three single-member districts with close races, so the winners vary by draw.
constexpr std::string_view kCompensating = R"(
[election]
name = "Regional compensation"
date = 2030-01-01
[parties.a]
name = "A"
share = 0.45
[parties.b]
name = "B"
share = 0.35
[parties.c]
name = "C"
share = 0.2
[model]
type = "dirichlet"
n_eff = 200
[tiers]
mixed = "compensatory"
[tiers.districts]
noise = 0.3
[[tiers.districts.district]]
name = "N1"
region = "North"
multiplier = {}
[[tiers.districts.district]]
name = "S1"
region = "South"
multiplier = {}
[[tiers.districts.district]]
name = "N2"
region = "North"
baseline = { b = 0.5, c = 0.5 }
[tiers.regions]
method = "dhondt"
noise = 0.2
[[tiers.regions.region]]
name = "North"
seats = 4
valid_votes = 600
multiplier = {}
[[tiers.regions.region]]
name = "South"
seats = 3
valid_votes = 400
multiplier = {}
)";

struct CompensationCheck {
  void add(const sim::Draw& draw) {
    ++draws;
    std::vector<int> held(6, 0);  // [region * 3 + party]
    constexpr int kRegionOf[] = {0, 1, 0};
    for (std::size_t j = 0; j < 3; ++j)
      ++held[static_cast<std::size_t>(kRegionOf[j] * 3 + draw.district_winners[j])];
    std::vector<int> region_seats(6), seats(3);
    std::vector<rules::Admission> admission(3);
    rules::allocate_regions_compensatory(*system->regional_tier(),
                                         {.votes = draw.region_votes,
                                          .other_valid = draw.region_other_valid,
                                          .district_seats = held},
                                         {}, region_seats, seats, admission);
    bool ok = draw.region_seats == region_seats && draw.outcome.house == 10;
    for (std::size_t p = 0; p < 3; ++p) {
      ok = ok && draw.party_seats[p] == draw.party_district_seats[p] + seats[p];
    }
    matches += ok;
    district_seats_moved += draw.party_district_seats[0] != 2;
  }
  const rules::ElectoralSystem* system = nullptr;
  std::uint64_t draws = 0;
  std::uint64_t matches = 0;
  std::uint64_t district_seats_moved = 0;
};

}  // namespace

TEST_CASE("regional compensation: each draw's list seats count its district winners by region") {
  const auto s = scenario::load_text(kCompensating, "compensating.toml");
  REQUIRE(s.house_size() == 10);
  REQUIRE(s.regional_tier->district_region == std::vector<int>{0, 1, 0});
  const sim::BallotLayout layout(s);
  const rules::ElectoralSystem system = sim::electoral_system(s);
  sim::DrawGenerator generator(s, layout, system);
  CompensationCheck check{.system = &system};
  for (std::uint64_t block = 0; block < 2; ++block) {
    generator.draw_block(3, block, sim::kBlockSize, check);
  }
  CHECK(check.draws == 2 * sim::kBlockSize);
  CHECK(check.matches == check.draws);
  // The races are close: A (which can stand in N1 and S1) wins both in some draws, not in all.
  CHECK(check.district_seats_moved > 0);
  CHECK(check.district_seats_moved < check.draws);
}
