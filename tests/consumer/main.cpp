// Uses the installed seatsim library: loads a scenario from text, runs it, and checks what any
// run must satisfy, so that a broken install fails loudly rather than printing nonsense.
#include <fmt/core.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/scenario/loader.hpp"
#include "engine/sim/runner.hpp"
#include "engine/sim/summary.hpp"

namespace {

constexpr std::string_view kScenario = R"([election]
name = "Consumer example"
date = 2030-01-01

[parties.north]
name = "North"
share = 0.55
[parties.south]
name = "South"
share = 0.40
[parties.east]
name = "East"
share = 0.05

[model]
type = "dirichlet"
n_eff = 200
invalid_share = 0.02

[tiers.list]
seats = 50
method = "hare"
threshold = 0.05
threshold_base = "valid"
ties = "registration_order"
)";

}  // namespace

int main() {
  using namespace seatsim;
  const sim::Scenario scenario = scenario::load_text(kScenario, "consumer example");
  sim::RunOptions options;
  options.draws = 20'000;
  options.seed = 7;
  const sim::RunResult result = sim::run(scenario, options);
  const sim::Summary summary = sim::summarize(scenario, result.tally);

  // Every draw fills the house (the two large parties always pass the threshold), so the seat
  // histograms must account for exactly draws * house_size seats.
  std::uint64_t seats = 0;
  for (const sim::OptionSummary& option : summary.options) {
    const std::vector<std::uint64_t>& histogram = option.total_seats->histogram;
    for (std::size_t s = 0; s < histogram.size(); ++s) seats += s * histogram[s];
    fmt::print("{:<6} mean seats {:6.2f}  P(threshold) {:.4f}\n", option.option->name,
               option.total_seats->mean, option.p_threshold->p);
  }
  const std::uint64_t expected = options.draws * static_cast<std::uint64_t>(scenario.house_size());
  if (summary.draws != options.draws || seats != expected) {
    fmt::print(stderr, "consumer: {} draws allocated {} seats; expected {} draws and {} seats\n",
               summary.draws, seats, options.draws, expected);
    return 1;
  }
  fmt::print("consumer: {} draws, {} seats each: ok\n", summary.draws, scenario.house_size());
  return 0;
}
