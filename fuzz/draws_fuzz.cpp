// Fuzz target: any bytes as a saved-draw file (run --save-draws) either read through to the end,
// every record visited, or raise an InputError. As in checkpoint_fuzz.cpp, the CRC-32C at the end
// is recomputed first, so that the header and record checks behind it are explored.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/report/draw_file.hpp"
#include "engine/report/draw_query.hpp"
#include "engine/sim/input_error.hpp"
#include "fresh_checksum.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto path =
      std::filesystem::temp_directory_path() / ("seatsim-fuzz-draws-" + std::to_string(::getpid()));
  const std::string bytes = with_fresh_checksum(data, size);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  try {
    seatsim::report::DrawFileReader reader(path);
    // What `seatsim query` does: a condition on the first option, and the answer over all draws.
    const std::string where = reader.header().ids.front() + ".passed";
    const seatsim::report::DrawCondition condition(where, reader.header());
    seatsim::report::answer_query(reader, condition, where, seatsim::report::QueryShow::seats);
  } catch (const seatsim::InputError&) {
  }
  return 0;
}
