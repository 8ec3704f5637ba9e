// The 2023 back-test: forecast the Majilis list tier of 19 March 2023 from the 2023 polls and the
// 2021 result (scenarios/kz-2023-forecast.toml), then score the forecast against the official
// result (scenarios/history/kz-2023.toml): the Brier score of each party's P(crossing 5%), and
// whether its official list seats fall inside the forecast's central 50/80/90/95% intervals.
//
//   build/bench/seatsim_backtest_2023 [DRAWS (default 1000000)] [KEY=VALUE ...]
//
// KEY=VALUE are --set overrides of the forecast scenario, e.g. model.type=student-t model.df=5.
#include <fmt/format.h>

#include <array>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario/history.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/input_error.hpp"
#include "engine/sim/runner.hpp"
#include "engine/sim/summary.hpp"

using namespace seatsim;

namespace {

constexpr std::array<double, 4> kLevels = {0.5, 0.8, 0.9, 0.95};

// The central interval at `level` of a seat histogram: from the (1 - level)/2 quantile to the
// (1 + level)/2 quantile, each the smallest seat count whose cumulative share reaches it.
std::pair<int, int> central_interval(const std::vector<std::uint64_t>& histogram,
                                     std::uint64_t draws, double level) {
  const auto quantile = [&](double q) {
    std::uint64_t cumulative = 0;
    for (std::size_t s = 0; s < histogram.size(); ++s) {
      cumulative += histogram[s];
      if (static_cast<double>(cumulative) >= q * static_cast<double>(draws)) {
        return static_cast<int>(s);
      }
    }
    return static_cast<int>(histogram.size()) - 1;
  };
  return {quantile(0.5 * (1.0 - level)), quantile(0.5 * (1.0 + level))};
}

}  // namespace

int main(int argc, char** argv) try {
  const std::uint64_t draws = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const std::vector<std::string> overrides(argv + std::min(argc, 2), argv + argc);
  // Named relative to the source tree, so that the report reads the same from any checkout.
  constexpr std::string_view kForecast = "scenarios/kz-2023-forecast.toml";
  const auto forecast =
      scenario::load_file(fmt::format("{}/{}", SEATSIM_SOURCE_DIR, kForecast), overrides);
  const auto official =
      scenario::load_history_file(SEATSIM_SOURCE_DIR "/scenarios/history/kz-2023.toml");
  const sim::RunOptions options{.draws = draws, .seed = 1, .threads = 0, .target_se = 0.0};
  const auto result = sim::run(forecast, options);
  const auto summary = sim::summarize(forecast, result.tally);

  // The threshold base in 2023: party votes plus against-all [kazakhstan.md section 1.1].
  rules::Votes valid = official.against_all;
  for (const auto& party : official.parties) valid += party.votes;

  fmt::print("2023 back-test: {} ({} draws, seed {}, model {}{})\n", kForecast, draws, options.seed,
             model::to_string(forecast.vote.kind),
             overrides.empty() ? "" : fmt::format(", --set {}", fmt::join(overrides, " ")));
  fmt::print("{:<12} {:>9} {:>7} {:>7} {:>8} {:>6}  {}\n", "party", "P(>=5%)", "passed", "Brier",
             "official", "mean", "central intervals 50/80/90/95% (* = official seats inside)");
  double brier_sum = 0.0;
  std::array<int, kLevels.size()> covered{};
  int parties = 0;
  for (const auto& party : official.parties) {
    const auto it = std::find_if(summary.options.begin(), summary.options.end(),
                                 [&](const auto& o) { return o.option->name == party.name; });
    if (it == summary.options.end() || !it->p_threshold || !it->list_seats) {
      fmt::print(stderr, "{}: not a party of the forecast scenario\n", party.name);
      return 1;
    }
    const double p = it->p_threshold->p;
    const bool passed = 20 * party.votes >= valid;  // share >= 5%, exactly
    const double brier = (p - (passed ? 1.0 : 0.0)) * (p - (passed ? 1.0 : 0.0));
    brier_sum += brier;
    ++parties;
    std::string intervals;
    for (std::size_t level = 0; level < kLevels.size(); ++level) {
      const auto [low, high] =
          central_interval(it->list_seats->histogram, summary.draws, kLevels[level]);
      const bool inside = low <= party.official_seats && party.official_seats <= high;
      covered[level] += inside;
      intervals += fmt::format(" [{:>2}, {:>2}]{}", low, high, inside ? "*" : " ");
    }
    fmt::print("{:<12} {:>8.2f}% {:>7} {:>7.4f} {:>8} {:>6.2f} {}\n", party.name, 100.0 * p,
               passed ? "yes" : "no", brier, party.official_seats, it->list_seats->mean, intervals);
  }
  fmt::print("mean Brier score over {} parties: {:.4f}\n", parties, brier_sum / parties);
  for (std::size_t level = 0; level < kLevels.size(); ++level) {
    fmt::print("{:>2.0f}% intervals: {} of {} parties' official seats inside\n",
               100 * kLevels[level], covered[level], parties);
  }
  return 0;
} catch (const InputError& error) {
  for (const auto& message : error.messages()) fmt::print(stderr, "{}\n", message);
  return 2;
}
