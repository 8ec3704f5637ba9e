#pragma once
// Checkpoints (--checkpoint FILE, --resume): the merged tally of a run's first whole blocks, with
// what identifies the run, so that a resumed run continues it exactly and refuses a different one.
//
// The file, all integers little-endian (docs/checkpoint.md):
//   8 bytes   magic "SSIMCKPT"
//   u32       format version (kCheckpointVersion)
//   u64       block size the tally was drawn in (sim::kBlockSize)
//   u64       fingerprint of the scenario (scenario_fingerprint)
//   u64       seed
//   f64       --target-se of the run, 0 for none (its rounds decide where a resume may start)
//   u64       length of the tally in bytes, then the tally (sim::Tally::to_bytes)
//   u32       CRC-32C of every byte before it
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "engine/sim/scenario.hpp"
#include "engine/sim/tally.hpp"

namespace seatsim::report {

// 7: the tally's shape has the list districts, and it counts each party's seats in each, and each
// option's overhang; 6: the
// house sizes and the bonus, overhang, levelling and unseated counts; 5: the
// blocs' counts; 4: the share histograms and the district wins; 3: ends with a CRC-32C; 2: the
// tally has the next-seat counts (1 did not).
inline constexpr std::uint32_t kCheckpointVersion = 7;

struct Checkpoint {
  std::uint64_t scenario_fingerprint = 0;
  std::uint64_t seed = 0;
  double target_se = 0.0;
  sim::Tally tally;
};

// FNV-1a, 64 bits, of the normalised scenario text (its rules, options and questions) and of every
// resolved model value a draw reads: the vote model's parameters after poll aggregation, the
// invalid share and the district tier with its swing reference. Equal scenarios give equal
// fingerprints however they were written or overridden, and two scenarios whose text normalises
// alike but whose models differ do not.
std::uint64_t scenario_fingerprint(const sim::Scenario& scenario, std::string_view normalised_text);

// Written atomically (write_file_atomically): a run killed while writing leaves the previous one.
void write_checkpoint(const std::filesystem::path& path, const Checkpoint& checkpoint);

// Reads a checkpoint whose tally must have the shape of `shape` (the empty sim::Tally of the
// scenario), reading no more bytes than such a checkpoint has. Throws InputError naming the file if
// it is not a regular file, cannot be read, fails its checksum or is not of that shape.
Checkpoint read_checkpoint(const std::filesystem::path& path, const sim::Tally& shape);

}  // namespace seatsim::report
