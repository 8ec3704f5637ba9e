#include <fmt/format.h>

#include <cstdio>

#include "engine/cli/commands.hpp"
#include "engine/report/json_report.hpp"
#include "engine/report/output_file.hpp"
#include "engine/report/text_report.hpp"
#include "engine/sim/summary.hpp"

namespace seatsim::cli {

RunCommand::RunCommand(CLI::App& app)
    : ScenarioCommand(app.add_subcommand("run", "Simulate a scenario and print the forecast")) {
  auto* draws = add_draw_options(options_, "Number of simulated elections");
  auto* target =
      command_
          ->add_option("--target-se", options_.target_se,
                       "Draw until every reported probability's standard error is at most this")
          ->check(finite_number() & CLI::Range(1e-6, 0.5))
          ->excludes(draws);
  command_->add_option("--max-draws", max_draws_, "With --target-se, stop after this many draws")
      ->capture_default_str()
      ->needs(target)
      ->check(CLI::Range(std::uint64_t{1}, sim::kMaxDraws));
  command_->add_option("--json", json_path_, "Also write the full result as JSON to this file");
  command_->add_flag("--quiet,-q", quiet_, "Print nothing on stdout");
  command_
      ->add_option("--replay-draw", replay_draw_,
                   "Print draw K (counted from 0) of this seed in full, instead of running")
      ->excludes("--json")
      ->excludes("--target-se");
}

int RunCommand::execute() const {
  const sim::Scenario scenario = load_scenario();
  if (replay_draw_) {
    std::fputs(report::to_text(scenario, sim::replay(scenario, options_.seed, *replay_draw_),
                               options_.seed)
                   .c_str(),
               stdout);
    return 0;
  }
  sim::RunOptions options = options_;
  if (options.target_se > 0.0) options.draws = max_draws_;
  const sim::RunResult result = sim::run(scenario, options);
  const sim::Summary summary = sim::summarize(scenario, result.tally);
  if (!json_path_.empty()) {
    report::write_file_atomically(
        json_path_, report::to_json(scenario, summary, options, result).dump(2) + "\n");
  }
  if (quiet_) return 0;
  std::fputs(report::to_text(scenario, summary, options, result).c_str(), stdout);
  if (options.target_se > 0.0) {
    fmt::print("\n--target-se {}: {} after {} draws (largest standard error {:.3g})\n",
               options.target_se, result.target_met ? "reached" : "NOT reached (--max-draws)",
               summary.draws, sim::largest_se(summary));
  }
  return 0;
}

}  // namespace seatsim::cli
