// Fuzz target: any bytes as a checkpoint file either read back as a checkpoint of the expected
// shape or raise an InputError. The CRC-32C at the end is recomputed over the input first, so that
// the fuzzer explores the checks behind the checksum (a forged or mis-written file), not only the
// checksum. The shape is small, so that whole checkpoints stay within the fuzzer's input sizes.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/report/checkpoint.hpp"
#include "engine/sim/input_error.hpp"
#include "fresh_checksum.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // 3 options, 1 share line, 4 list and 2 district seats, no coalitions or threshold histogram.
  static const seatsim::sim::Tally shape(3, 1, 4, 2, 0, 0);
  static const auto path = std::filesystem::temp_directory_path() /
                           ("seatsim-fuzz-checkpoint-" + std::to_string(::getpid()));
  const std::string bytes = with_fresh_checksum(data, size);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  try {
    const auto checkpoint = seatsim::report::read_checkpoint(path, shape);
    // What a resumed run does first with it: merge it into a tally of the run's shape.
    seatsim::sim::Tally merged = shape;
    merged.merge(checkpoint.tally);
  } catch (const seatsim::InputError&) {
  }
  return 0;
}
