// `seatsim validate`: check a scenario and print it in normalised form, or every error in it.
#include <cstdio>

#include "engine/cli/commands.hpp"
#include "engine/scenario/writer.hpp"

namespace seatsim::cli {

ValidateCommand::ValidateCommand(CLI::App& app)
    : ScenarioCommand(app.add_subcommand(
          "validate", "Check a scenario; print it normalised, or every error with its file:line")) {
}

int ValidateCommand::execute() const {
  const auto scenario = load_scenario();
  std::fputs(scenario::to_toml(scenario).c_str(), stdout);
  return 0;
}

}  // namespace seatsim::cli
