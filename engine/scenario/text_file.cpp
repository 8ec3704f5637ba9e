#include "engine/scenario/text_file.hpp"

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "engine/sim/input_error.hpp"

namespace seatsim::scenario {

std::string read_text_file(const std::filesystem::path& path) {
  // A directory opens as a stream on Linux and then reads as empty: say what it is instead.
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    throw InputError({fmt::format("{}: cannot open (it is a directory)", path.string())});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError({fmt::format("{}: cannot open ({})", path.string(), std::strerror(errno))});
  }
  std::string text;
  std::array<char, 1 << 16> buffer;
  while (in.read(buffer.data(), buffer.size()) || in.gcount() > 0) {
    text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxInputBytes) {
      throw InputError({fmt::format("{}: more than {} bytes (input files are limited to {} MiB)",
                                    path.string(), kMaxInputBytes, kMaxInputBytes >> 20)});
    }
  }
  if (in.bad()) {
    throw InputError({fmt::format("{}: cannot read ({})", path.string(), std::strerror(errno))});
  }
  return text;
}

}  // namespace seatsim::scenario
