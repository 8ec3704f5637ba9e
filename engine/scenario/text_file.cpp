#include "engine/scenario/text_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/scenario/input_error.hpp"

namespace seatsim::scenario {

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError({fmt::format("{}: cannot open ({})", path.string(), std::strerror(errno))});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace seatsim::scenario
