#include "engine/cli/commands.hpp"
#include "engine/scenario/loader.hpp"

namespace seatsim::cli {

ScenarioCommand::ScenarioCommand(CLI::App* command) : Command(command) {
  command_->add_option("scenario", scenario_,
                       "Scenario file (TOML); without it, the built-in scenarios/kz-2027.toml");
  command_
      ->add_option("--set", overrides_,
                   "Override a scenario value, KEY=VALUE, e.g. tiers.list.threshold=0.07; "
                   "checked like the file; repeatable")
      ->allow_extra_args(false);
}

sim::Scenario ScenarioCommand::load_scenario(std::span<const std::string> extra) const {
  std::vector<std::string> overrides = overrides_;
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  return scenario::load_file_or_default(scenario_, overrides);
}

}  // namespace seatsim::cli
