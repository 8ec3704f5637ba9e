#pragma once
// MPI for `mpirun -np N seatsim run` (built with SEATSIM_MPI; docs/cluster.md). MPI is started
// only when the process was launched by an MPI launcher, so that a plain `seatsim` behaves as a
// build without MPI, with no MPI start-up cost or network probing.
#include <memory>

#include "engine/sim/processes.hpp"

namespace seatsim::cli {

// The MPI world while it lives (MPI_Init_thread .. MPI_Finalize), or nullptr when this process was
// not launched by mpirun (or the build has no MPI). Only the main thread calls MPI.
std::unique_ptr<sim::Processes> start_mpi_if_launched(int& argc, char**& argv);

// Ends every process of the job with `status`: one process's error must not leave the others
// waiting for it in a collective call.
[[noreturn]] void abort_all(int status);

}  // namespace seatsim::cli
