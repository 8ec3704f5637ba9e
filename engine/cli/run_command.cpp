#include <fmt/format.h>

#include <cstdio>

#include "engine/cli/commands.hpp"
#include "engine/report/json_report.hpp"
#include "engine/report/output_file.hpp"
#include "engine/report/text_report.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/summary.hpp"

namespace seatsim::cli {

RunCommand::RunCommand(CLI::App& app)
    : command_(app.add_subcommand("run", "Simulate a scenario and print the forecast")) {
  command_->add_option("scenario", scenario_,
                       "Scenario file (TOML); without it, the built-in scenarios/kz-2027.toml");
  command_->add_option("--draws,-n", options_.draws, "Number of simulated elections")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000'000}));
  command_
      ->add_option("--seed,-s", options_.seed, "Random seed; the same seed gives the same bytes")
      ->capture_default_str();
  command_->add_option("--threads,-t", options_.threads, "Worker threads; 0 uses every core")
      ->capture_default_str()
      ->check(CLI::Range(0, 1024));
  command_->add_option("--json", json_path_, "Also write the full result as JSON to this file");
  command_->add_flag("--quiet,-q", quiet_, "Print nothing on stdout");
}

int RunCommand::execute() const {
  const sim::Scenario scenario =
      scenario_.empty() ? scenario::load_text(scenario::default_text(), scenario::default_name())
                        : scenario::load_file(scenario_);
  const sim::RunResult result = sim::run(scenario, options_);
  const sim::Summary summary = sim::summarize(scenario, result.tally);
  if (!json_path_.empty()) {
    report::write_file_atomically(
        json_path_, report::to_json(scenario, summary, options_, result).dump(2) + "\n");
  }
  if (!quiet_) std::fputs(report::to_text(scenario, summary, options_, result).c_str(), stdout);
  return 0;
}

}  // namespace seatsim::cli
