// A build without SEATSIM_MPI: every run is one process.
#include <cstdlib>

#include "engine/cli/mpi_processes.hpp"

namespace seatsim::cli {

std::unique_ptr<sim::Processes> start_mpi_if_launched(int&, char**&) {
  return nullptr;
}

void abort_all(int status) {
  std::exit(status);
}

}  // namespace seatsim::cli
