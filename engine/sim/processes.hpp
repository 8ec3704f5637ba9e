#pragma once
// The processes that share one run, such as the ranks of `mpirun -np N seatsim run` (the CLI
// provides the MPI implementation; docs/cluster.md). Every slice of blocks is cut into one
// contiguous share per process, in rank order; each process draws its share, then they add up
// their tallies, so that every process holds the same merged tally and takes the same decisions.
// Tallies are integers, so the sum is exactly that of one process drawing every block.
#include <cstdint>

#include "engine/sim/tally.hpp"

namespace seatsim::sim {

class Processes {
 public:
  virtual ~Processes() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Replaces `tally` on every process by the sum of every process's `tally`.
  virtual void sum(Tally& tally) = 0;
  // Rank 0's `value`, on every process: decisions that depend on the clock or on signals (slice
  // sizes, stop requests) are rank 0's, so that every process draws the same slices.
  virtual std::uint64_t from_rank0(std::uint64_t value) = 0;
};

}  // namespace seatsim::sim
