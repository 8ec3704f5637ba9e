// Fuzz target: any bytes given to the scenario loader either load or raise an InputError. Anything
// else (a crash, another exception, a sanitizer report, a hang) is a bug, and its input becomes a
// case in tests/bad-input/.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/scenario/loader.hpp"
#include "engine/sim/input_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    seatsim::scenario::load_text(std::string_view(reinterpret_cast<const char*>(data), size),
                                 "fuzz.toml");
  } catch (const seatsim::InputError&) {
  }
  return 0;
}
