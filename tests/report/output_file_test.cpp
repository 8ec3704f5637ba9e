// OutputFile's temporaries at a signal: a process ended by SIGTERM while writing an output file
// and a folder removes them in its handler (remove_temporaries_at_signal), so none is left behind.
#include "engine/report/output_file.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>

using namespace seatsim;
namespace fs = std::filesystem;

namespace {

// What the CLI's handler does (cli/interrupt.cpp): remove the temporaries, then die of the signal.
extern "C" void remove_and_die(int signal) {
  report::remove_temporaries_at_signal();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

std::size_t entries(const fs::path& folder) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder)) ++n;
  return n;
}

}  // namespace

TEST_CASE("a process ended by a signal removes the temporaries it was writing") {
  const fs::path folder = fs::temp_directory_path() / "seatsim-output-file-test";
  fs::remove_all(folder);
  fs::create_directories(folder);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::signal(SIGTERM, remove_and_die);
    report::OutputFile file(folder / "run.json");
    file.write("{");
    // A folder being written, as --csv writes one, with a file in it.
    const fs::path written = report::temporary_path(folder / "csv");
    const report::SignalCleanup folder_cleanup(written, report::TemporaryKind::folder);
    const report::SignalCleanup file_cleanup(written / "run.csv", report::TemporaryKind::file);
    fs::create_directory(written);
    std::ofstream(written / "run.csv") << "a,b\n";
    // Both temporaries exist now: the temporary file and the folder.
    if (entries(folder) != 2) ::_exit(3);
    std::raise(SIGTERM);
    ::_exit(4);  // not reached: the signal ends the process
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGTERM);
  CHECK(entries(folder) == 0);
  fs::remove_all(folder);
}
