// ns per allocation of 150 seats among 10 lists, for every method: the cost the simulator pays per
// draw. The vote counts are the 2023 Majilis lists scaled to a larger field, plus three small lists
// near a 5% threshold, so thresholds and remainders both do work.
#include <benchmark/benchmark.h>

#include <array>

#include "engine/rules/list_tier.hpp"

namespace {

using namespace seatsim::rules;

constexpr std::array<Votes, 10> kVotes = {3431510, 693938, 547154, 535139, 432920,
                                          331058,  146431, 318000, 301500, 290000};

void allocate(benchmark::State& state) {
  const auto method = static_cast<Method>(state.range(0));
  const ListRule rule{.seats = 150,
                      .method = method,
                      .threshold = {to_parts_per_billion(0.05), ThresholdBase::valid}};
  std::array<int, kVotes.size()> seats{};
  std::array<Admission, kVotes.size()> admission{};
  for (auto _ : state) {
    const auto outcome =
        allocate_list(rule, {.lists = kVotes, .other_valid = 248291}, seats, admission);
    benchmark::DoNotOptimize(outcome);
    benchmark::DoNotOptimize(seats.data());
  }
  state.SetLabel(std::string(to_string(method)));
}

BENCHMARK(allocate)->DenseRange(0, static_cast<int>(std::size(kMethods)) - 1);

}  // namespace

BENCHMARK_MAIN();
