#pragma once
// Checkpoints (--checkpoint FILE, --resume): the merged tally of a run's first whole blocks, with
// what identifies the run, so that a resumed run continues it exactly and refuses a different one.
//
// The file, all integers little-endian:
//   8 bytes   magic "SSIMCKPT"
//   u32       format version (kCheckpointVersion)
//   u64       block size the tally was drawn in (sim::kBlockSize)
//   u64       fingerprint of the normalised scenario (scenario_fingerprint)
//   u64       seed
//   f64       --target-se of the run, 0 for none (its rounds decide where a resume may start)
//   u64       length of the tally in bytes, then the tally (sim::Tally::to_bytes)
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "engine/sim/tally.hpp"

namespace seatsim::report {

inline constexpr std::uint32_t kCheckpointVersion = 1;

struct Checkpoint {
  std::uint64_t scenario_fingerprint = 0;
  std::uint64_t seed = 0;
  double target_se = 0.0;
  sim::Tally tally;
};

// FNV-1a, 64 bits, of the normalised scenario text: equal scenarios give equal fingerprints
// however they were written or overridden.
std::uint64_t scenario_fingerprint(std::string_view normalised_scenario);

// Written atomically (write_file_atomically): a run killed while writing leaves the previous one.
void write_checkpoint(const std::filesystem::path& path, const Checkpoint& checkpoint);

// Throws InputError naming the file if it cannot be read or is not a whole checkpoint.
Checkpoint read_checkpoint(const std::filesystem::path& path);

}  // namespace seatsim::report
