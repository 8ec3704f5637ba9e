#include "engine/cli/mpi_processes.hpp"

#include <mpi.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace seatsim::cli {
namespace {

class MpiProcesses final : public sim::Processes {
 public:
  MpiProcesses(int& argc, char**& argv) {
    // FUNNELED: TBB's worker threads draw, but only the main thread calls MPI.
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiProcesses() override { MPI_Finalize(); }
  MpiProcesses(const MpiProcesses&) = delete;
  MpiProcesses& operator=(const MpiProcesses&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }

  // Every rank gathers every rank's tally (all of the same shape, so of the same length) and adds
  // them up in rank order: the same integers, so the same sum, on every rank.
  void sum(sim::Tally& tally) override {
    const std::string mine = tally.to_bytes();
    std::vector<char> all(mine.size() * static_cast<std::size_t>(size_));
    check(MPI_Allgather(mine.data(), static_cast<int>(mine.size()), MPI_BYTE, all.data(),
                        static_cast<int>(mine.size()), MPI_BYTE, MPI_COMM_WORLD));
    sim::Tally total = sim::Tally::from_bytes(std::string_view(all.data(), mine.size()));
    for (int r = 1; r < size_; ++r) {
      total.merge(sim::Tally::from_bytes(
          std::string_view(all.data() + mine.size() * static_cast<std::size_t>(r), mine.size())));
    }
    tally = std::move(total);
  }

  std::uint64_t from_rank0(std::uint64_t value) override {
    check(MPI_Bcast(&value, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD));
    return value;
  }

 private:
  // MPI's default error handler aborts the job; this only guards against one that returns.
  static void check(int status) {
    if (status != MPI_SUCCESS) throw std::runtime_error("MPI call failed");
  }

  int rank_ = 0;
  int size_ = 1;
};

// Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE; PMIx and PMI launchers (srun, hydra) set these.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"}) {
    if (std::getenv(name)) return true;
  }
  return false;
}

}  // namespace

std::unique_ptr<sim::Processes> start_mpi_if_launched(int& argc, char**& argv) {
  if (!launched_by_mpi()) return nullptr;
  return std::make_unique<MpiProcesses>(argc, argv);
}

void abort_all(int status) {
  MPI_Abort(MPI_COMM_WORLD, status);
  std::exit(status);  // MPI_Abort does not return; this tells the compiler so.
}

}  // namespace seatsim::cli
