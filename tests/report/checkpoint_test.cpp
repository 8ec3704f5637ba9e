#include "engine/report/checkpoint.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

#include "engine/scenario/loader.hpp"
#include "engine/sim/runner.hpp"
#include "tests/input_errors.hpp"

namespace seatsim::report {
namespace {

const std::filesystem::path kWork = std::filesystem::temp_directory_path() / "checkpoint_test";

// Writes `tally` as a checkpoint named `name` and returns the error of reading it back for a run
// of the shape `shape` ("no error" if it is accepted).
std::string refusal(const std::string& name, const sim::Tally& tally, const sim::Tally& shape) {
  write_checkpoint(kWork / name, {.tally = tally});
  return test::first_input_error([&] { read_checkpoint(kWork / name, shape); });
}

}  // namespace

TEST_CASE("a checkpoint reads back what was written", "[report]") {
  std::filesystem::create_directories(kWork);
  const sim::Scenario scenario = scenario::load_file_or_default("");
  sim::Tally tally = sim::Tally(sim::BallotLayout(scenario));
  tally.draws = 4096;
  tally.passed[0] = 17;
  const auto house = static_cast<std::size_t>(tally.house_size) + 1;
  for (std::size_t k = 0; k < tally.options; ++k) tally.total_histogram[k * house] = 4096;
  for (int d = 0; d < tally.district_seats; ++d) tally.district_wins[d * tally.options] = 4096;
  write_checkpoint(kWork / "good.ckpt",
                   {.scenario_fingerprint = 9, .seed = 5, .target_se = 0.01, .tally = tally});
  const Checkpoint back =
      read_checkpoint(kWork / "good.ckpt", sim::Tally(sim::BallotLayout(scenario)));
  CHECK(back.scenario_fingerprint == 9);
  CHECK(back.seed == 5);
  CHECK(back.target_se == 0.01);
  CHECK(back.tally.to_bytes() == tally.to_bytes());
}

// Swapped tier sizes, with share lines that make up the district wins' length, give a tally of the
// same length: only the shape check tells them apart (before it, Tally::merge read out of bounds).
TEST_CASE("a checkpoint whose tally has another shape is refused", "[report]") {
  std::filesystem::create_directories(kWork);
  const sim::Tally expected(3, 1, 10, 20, 2, 2);
  const sim::Tally swapped(3, 11, 20, 10, 2, 2);
  REQUIRE(expected.to_bytes().size() == swapped.to_bytes().size());
  CHECK_THAT(refusal("swapped.ckpt", swapped, expected), Catch::Contains("another scenario"));
  const sim::Tally fewer_threshold_parties(3, 1, 10, 20, 2, 1);
  CHECK_THAT(refusal("fewer.ckpt", fewer_threshold_parties, expected),
             Catch::Contains("not a seatsim checkpoint"));
}

// Behind a valid checksum (a forged file, or a bug in a writer), counts that disagree with the
// draws are refused: a lowered `draws` once printed probabilities of 166%.
TEST_CASE("a checkpoint whose counts do not add up to its draws is refused", "[report]") {
  std::filesystem::create_directories(kWork);
  const sim::Tally shape(3, 1, 4, 2, 0, 0);
  sim::Tally tally = shape;
  tally.draws = 4096;
  for (std::size_t k = 0; k < 3; ++k) tally.total_histogram[k * 7 + 2] = 4096;
  tally.district_wins[0 * 3 + 1] = 4096;  // option 1 wins district 0 in every draw,
  tally.district_wins[1 * 3 + 0] = 4000;  // options 0 and 2 share district 1
  tally.district_wins[1 * 3 + 2] = 96;
  write_checkpoint(kWork / "whole.ckpt", {.tally = tally});
  CHECK(read_checkpoint(kWork / "whole.ckpt", shape).tally.draws == 4096);
  sim::Tally lowered = tally;
  lowered.draws = 2460;
  CHECK_THAT(refusal("lowered.ckpt", lowered, shape), Catch::Contains("do not add up"));
  sim::Tally raised = tally;
  raised.passed[1] = 4097;
  CHECK_THAT(refusal("raised.ckpt", raised, shape), Catch::Contains("do not add up"));
  sim::Tally district_short = tally;
  district_short.district_wins[1 * 3 + 2] = 95;
  CHECK_THAT(refusal("district.ckpt", district_short, shape), Catch::Contains("do not add up"));
}

// A bloc's seat histogram must count every draw, and its two-thirds draws are among its majority
// draws; a checkpoint of another number of blocs is another scenario's.
TEST_CASE("a checkpoint's bloc counts must add up, and its blocs be the scenario's", "[report]") {
  std::filesystem::create_directories(kWork);
  const sim::Tally shape(3, 0, 4, 0, 0, 0, 2);
  sim::Tally tally = shape;
  tally.draws = 100;
  for (std::size_t k = 0; k < 3; ++k) tally.total_histogram[k * 5 + 1] = 100;
  tally.bloc_histogram[0 * 5 + 2] = 100;  // bloc 0: two seats of four in every draw
  tally.bloc_histogram[1 * 5 + 4] = 100;  // bloc 1: the whole house
  tally.bloc_majority[1] = 100;
  tally.bloc_two_thirds[1] = 100;
  write_checkpoint(kWork / "blocs.ckpt", {.tally = tally});
  CHECK(read_checkpoint(kWork / "blocs.ckpt", shape).tally.to_bytes() == tally.to_bytes());
  sim::Tally short_histogram = tally;
  short_histogram.bloc_histogram[0 * 5 + 2] = 99;
  CHECK_THAT(refusal("bloc-short.ckpt", short_histogram, shape), Catch::Contains("do not add up"));
  sim::Tally more_two_thirds = tally;
  more_two_thirds.bloc_two_thirds[0] = 1;
  CHECK_THAT(refusal("bloc-thirds.ckpt", more_two_thirds, shape), Catch::Contains("do not add up"));
  CHECK_THAT(refusal("one-bloc.ckpt", sim::Tally(3, 0, 4, 0, 0, 0, 1), shape),
             Catch::Contains("not a seatsim checkpoint"));
}

// A party holds a seat in a list district in at most every draw, and each such draw adds a seat to
// its sum; a checkpoint of another number of list districts is another scenario's.
TEST_CASE("a checkpoint's list district counts must add up, and its districts be the scenario's",
          "[report]") {
  std::filesystem::create_directories(kWork);
  const sim::Tally shape(2, 0, 4, 0, 0, 2, 0, 2);
  sim::Tally tally = shape;
  tally.draws = 100;
  for (std::size_t k = 0; k < 2; ++k) tally.total_histogram[k * 5 + 2] = 100;
  tally.region_seat_sum = {150, 50, 0, 200};  // [district * parties + party]
  tally.region_seat_squares = {250, 50, 0, 400};
  tally.region_any_seat = {100, 50, 0, 100};
  write_checkpoint(kWork / "regions.ckpt", {.tally = tally});
  CHECK(read_checkpoint(kWork / "regions.ckpt", shape).tally.to_bytes() == tally.to_bytes());
  sim::Tally too_many = tally;
  too_many.region_any_seat[3] = 101;
  too_many.region_seat_sum[3] = 300;
  CHECK_THAT(refusal("regions-many.ckpt", too_many, shape), Catch::Contains("do not add up"));
  sim::Tally seatless = tally;
  seatless.region_seat_sum[1] = 49;
  CHECK_THAT(refusal("regions-seatless.ckpt", seatless, shape), Catch::Contains("do not add up"));
  CHECK_THAT(refusal("one-region.ckpt", sim::Tally(2, 0, 4, 0, 0, 2, 0, 1), shape),
             Catch::Contains("not a seatsim checkpoint"));
}

// The swing reference is not in the normalised text: two scenarios that print alike but draw
// different district seats must not resume each other's checkpoints.
TEST_CASE("the scenario fingerprint covers the resolved model, not only the text", "[report]") {
  const sim::Scenario scenario = scenario::load_file_or_default("");
  REQUIRE(scenario.district_tier);
  const std::string_view text = "same text";
  const std::uint64_t base = scenario_fingerprint(scenario, text);
  CHECK(scenario_fingerprint(scenario, text) == base);
  CHECK(scenario_fingerprint(scenario, "other text") != base);

  sim::Scenario moved_reference = scenario;
  std::swap(moved_reference.district_tier->reference_mean[0],
            moved_reference.district_tier->reference_mean[1]);
  CHECK(scenario_fingerprint(moved_reference, text) != base);

  sim::Scenario other_mean = scenario;
  other_mean.vote.n_eff += 1.0;
  CHECK(scenario_fingerprint(other_mean, text) != base);

  sim::Scenario other_strength = scenario;
  other_strength.district_tier->districts.back().strength[0] += 0.5;
  CHECK(scenario_fingerprint(other_strength, text) != base);
}

}  // namespace seatsim::report
