// `seatsim validate`: check a scenario and print it in normalised form, or every error in it.
#include <cstdio>

#include "engine/cli/commands.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/writer.hpp"

namespace seatsim::cli {

ValidateCommand::ValidateCommand(CLI::App& app)
    : Command(app.add_subcommand(
          "validate", "Check a scenario; print it normalised, or every error with its file:line")) {
  command_->add_option("scenario", scenario_,
                       "Scenario file (TOML); without it, the built-in scenarios/kz-2027.toml");
  command_->add_option("--set", overrides_, "Override a scenario value, KEY=VALUE; repeatable")
      ->allow_extra_args(false);
}

int ValidateCommand::execute() const {
  const auto scenario = scenario::load_file_or_default(scenario_, overrides_);
  std::fputs(scenario::to_toml(scenario).c_str(), stdout);
  return 0;
}

}  // namespace seatsim::cli
