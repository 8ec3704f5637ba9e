// Fuzz target for --set: each line of the input is one KEY=VALUE override applied to the built-in
// default scenario. Overrides either apply and validate, or raise an InputError; nothing else.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario/loader.hpp"
#include "engine/sim/input_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> overrides;
  for (std::size_t start = 0; start <= text.size();) {
    const auto end = std::min(text.find('\n', start), text.size());
    overrides.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  try {
    seatsim::scenario::load_text(seatsim::scenario::default_text(),
                                 seatsim::scenario::default_name(), overrides);
  } catch (const seatsim::InputError&) {
  }
  return 0;
}
