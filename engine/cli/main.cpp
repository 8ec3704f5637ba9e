// seatsim: parse the command line into options, call the library, report errors.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "engine/cli/commands.hpp"
#include "engine/cli/interrupt.hpp"
#include "engine/cli/mpi_processes.hpp"
#include "engine/rng/vector_kernels.hpp"
#include "engine/sim/input_error.hpp"

namespace {

// CLI11 would call an unknown command "A subcommand is required"; name the word instead. The
// message, if the first argument is not a command.
std::optional<std::string> unknown_command(CLI::App& app, int argc, char** argv) {
  const auto named = [&](const CLI::App* command) { return command->check_name(argv[1]); };
  if (argc < 2 || argv[1][0] == '-' || !app.get_subcommands(named).empty()) return std::nullopt;
  std::string commands;
  for (const auto* command :
       std::as_const(app).get_subcommands(std::function<bool(const CLI::App*)>{}))
    commands += (commands.empty() ? "" : ", ") + command->get_name();
  return fmt::format(
      "seatsim: (command line): \"{}\" is not a command (expected one of {}; see seatsim "
      "--help)\n",
      argv[1], commands);
}

// SEATSIM_VECTOR_ISA=avx2 (or baseline, avx512) runs the draws' vector kernels on a narrower
// instruction set than the machine's widest: the same bits, to measure or test each version.
void use_vector_isa_from_environment() {
  const char* value = std::getenv("SEATSIM_VECTOR_ISA");
  if (value == nullptr || *value == '\0') return;
  const auto supported = seatsim::rng::supported_vector_isas();
  const auto isa = seatsim::rng::vector_isa_named(value);
  if (!isa || std::find(supported.begin(), supported.end(), *isa) == supported.end()) {
    std::string names;
    for (const auto each : supported) {
      names += fmt::format("{}{}", names.empty() ? "" : ", ", seatsim::rng::vector_isa_name(each));
    }
    throw seatsim::InputError({fmt::format(
        "(environment): SEATSIM_VECTOR_ISA: \"{}\" is not an instruction set this machine runs "
        "(expected one of {})",
        value, names)});
  }
  seatsim::rng::use_vector_isa(*isa);
}

// How long a rank other than 0 waits, after an error, for rank 0 to end the job (below).
constexpr std::chrono::seconds kRank0Grace{20};

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
  seatsim::cli::remove_temporaries_on_signals();
  // Under mpirun: the ranks share the blocks of `seatsim run` (docs/cluster.md).
  const auto processes = seatsim::cli::start_mpi_if_launched(argc, argv);
  const bool shared = processes && processes->size() > 1;

  // With several processes, an error on one must end them all, not leave them waiting for it.
  // Every rank reads the same arguments and files, so meets the same errors: rank 0 alone prints
  // them, then ends the job. Another rank prints its messages only if the job outlives
  // kRank0Grace, when the error was its own (a file its node lacks) and rank 0 is waiting for it.
  const int rank = shared ? processes->rank() : 0;
  auto fail = [&](int status, const std::string& messages) {
    if (rank == 0) {
      std::fputs(messages.c_str(), stderr);
    } else {
      std::this_thread::sleep_for(kRank0Grace);
      std::fprintf(stderr, "seatsim: (MPI rank %d)\n%s", rank, messages.c_str());
    }
    if (shared) seatsim::cli::abort_all(status);
    return status;
  };
  if (const auto message = unknown_command(app, argc, argv)) return fail(2, *message);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version are "errors" that exit 0; every real mistake is an input error, exit 2
    // like a bad scenario, rather than CLI11's own codes (which differ per kind of mistake).
    if (error.get_exit_code() == 0) return rank == 0 ? app.exit(error) : 0;
    return fail(2, fmt::format("seatsim: (command line): {} (see seatsim --help)\n", error.what()));
  }

  // Every command's stdout is checked once it is done: `seatsim validate x.toml > out.toml` on a
  // full disk must not leave a truncated file and exit 0.
  auto finish_stdout = [&](int status) {
    const bool written = std::fflush(stdout) == 0 && !std::ferror(stdout);
    const int error = errno;
    if (std::fclose(stdout) != 0 || !written) {
      return fail(2, fmt::format("seatsim: (stdout): cannot write ({})\n",
                                 std::strerror(written ? errno : error)));
    }
    return status;
  };
  try {
    use_vector_isa_from_environment();
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
    std::string messages;
    for (const auto& message : error.messages()) messages += fmt::format("seatsim: {}\n", message);
    return fail(2, messages);
  } catch (const std::exception& error) {
    return fail(1, fmt::format("seatsim: internal error: {}\n", error.what()));
  }
  return 0;
}
