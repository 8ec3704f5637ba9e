// seatsim: parse the command line into options, call the library, report errors.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "engine/cli/commands.hpp"
#include "engine/cli/mpi_processes.hpp"
#include "engine/scenario/input_error.hpp"

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
  seatsim::cli::RareCommand rare(app);
  seatsim::cli::ValidateCommand validate(app);
  seatsim::cli::QueryCommand query(app);
  // Under mpirun: the ranks share the blocks of `seatsim run` (docs/cluster.md).
  const auto processes = seatsim::cli::start_mpi_if_launched(argc, argv);
  CLI11_PARSE(app, argc, argv);
  const bool shared = processes && processes->size() > 1;

  // With several processes, an error on one must end them all, not leave them waiting for it.
  auto fail = [&](int status) {
    if (shared) seatsim::cli::abort_all(status);
    return status;
  };
  try {
    if (shared && !run.parsed()) {
      throw seatsim::InputError(
          {"only `seatsim run` shares its work across MPI processes; run "
           "other commands without mpirun"});
    }
    if (run.parsed()) return run.execute(processes.get());
    if (allocate.parsed()) return allocate.execute();
    if (bench.parsed()) return bench.execute();
    if (sweep.parsed()) return sweep.execute();
    if (rare.parsed()) return rare.execute();
    if (validate.parsed()) return validate.execute();
    if (query.parsed()) return query.execute();
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
