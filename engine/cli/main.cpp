// seatsim: parse the command line into options, call the library, report errors.
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <string>
#include <utility>

#include "engine/cli/commands.hpp"
#include "engine/cli/mpi_processes.hpp"
#include "engine/sim/input_error.hpp"

namespace {

// CLI11 would call an unknown command "A subcommand is required"; name the word instead. Whether
// the first argument was one.
bool reported_unknown_command(CLI::App& app, int argc, char** argv) {
  const auto named = [&](const CLI::App* command) { return command->check_name(argv[1]); };
  if (argc < 2 || argv[1][0] == '-' || !app.get_subcommands(named).empty()) return false;
  std::string commands;
  for (const auto* command :
       std::as_const(app).get_subcommands(std::function<bool(const CLI::App*)>{}))
    commands += (commands.empty() ? "" : ", ") + command->get_name();
  std::fprintf(stderr,
               "seatsim: (command line): \"%s\" is not a command (expected one of %s; see "
               "seatsim --help)\n",
               argv[1], commands.c_str());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "seatsim: Monte Carlo election simulator. Draws many plausible elections, allocates "
      "seats under the scenario's rules, and reports probabilities with their Monte Carlo "
      "error.",
      "seatsim"};
  app.require_subcommand(1);
  app.set_version_flag("--version", SEATSIM_VERSION);
  seatsim::cli::RunCommand run(app);
  seatsim::cli::AllocateCommand allocate(app);
  seatsim::cli::BenchCommand bench(app);
  seatsim::cli::SweepCommand sweep(app);
  seatsim::cli::TimelineCommand timeline(app);
  seatsim::cli::RareCommand rare(app);
  seatsim::cli::ValidateCommand validate(app);
  seatsim::cli::QueryCommand query(app);
  // Under mpirun: the ranks share the blocks of `seatsim run` (docs/cluster.md).
  const auto processes = seatsim::cli::start_mpi_if_launched(argc, argv);
  const bool shared = processes && processes->size() > 1;

  // With several processes, an error on one must end them all, not leave them waiting for it.
  auto fail = [&](int status) {
    if (shared) seatsim::cli::abort_all(status);
    return status;
  };
  if (reported_unknown_command(app, argc, argv)) return fail(2);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version are "errors" that exit 0; every real mistake is an input error, exit 2
    // like a bad scenario, rather than CLI11's own codes (which differ per kind of mistake).
    if (error.get_exit_code() == 0) return app.exit(error);
    std::fprintf(stderr, "seatsim: (command line): %s (see seatsim --help)\n", error.what());
    return fail(2);
  }

  // Every command's stdout is checked once it is done: `seatsim validate x.toml > out.toml` on a
  // full disk must not leave a truncated file and exit 0.
  auto finish_stdout = [&](int status) {
    const bool written = std::fflush(stdout) == 0 && !std::ferror(stdout);
    const int error = errno;
    if (std::fclose(stdout) != 0 || !written) {
      std::fprintf(stderr, "seatsim: (stdout): cannot write (%s)\n",
                   std::strerror(written ? errno : error));
      return fail(2);
    }
    return status;
  };
  try {
    if (shared && !run.parsed()) {
      throw seatsim::InputError(
          {"only `seatsim run` shares its work across MPI processes; run "
           "other commands without mpirun"});
    }
    if (run.parsed()) return finish_stdout(run.execute(processes.get()));
    if (allocate.parsed()) return finish_stdout(allocate.execute());
    if (bench.parsed()) return finish_stdout(bench.execute());
    if (sweep.parsed()) return finish_stdout(sweep.execute());
    if (timeline.parsed()) return finish_stdout(timeline.execute());
    if (rare.parsed()) return finish_stdout(rare.execute());
    if (validate.parsed()) return finish_stdout(validate.execute());
    if (query.parsed()) return finish_stdout(query.execute());
  } catch (const seatsim::InputError& error) {
    for (const auto& message : error.messages())
      std::fprintf(stderr, "seatsim: %s\n", message.c_str());
    return fail(2);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "seatsim: internal error: %s\n", error.what());
    return fail(1);
  }
  return 0;
}
