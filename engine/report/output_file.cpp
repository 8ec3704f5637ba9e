#include "engine/report/output_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "engine/sim/input_error.hpp"

namespace seatsim::report {

namespace {

// Writes `content` straight into an existing file that is not a regular one: a terminal, a pipe
// or /dev/stdout. Renaming a temporary file over it would replace the device node itself.
void write_to_stream(const std::filesystem::path& path, std::string_view content) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  const bool written =
      file && std::fwrite(content.data(), 1, content.size(), file) == content.size();
  if (!file || std::fclose(file) != 0 || !written) {
    throw InputError({fmt::format("{}: cannot write ({})", path.string(), std::strerror(errno))});
  }
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    write_to_stream(path, content);
    return;
  }
  const auto temporary = std::filesystem::path(path.string() + fmt::format(".tmp{}", ::getpid()));
  auto fail = [&](std::string_view what) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    throw InputError({fmt::format("{}: cannot {} ({})", path.string(), what, reason)});
  };
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (!file) fail("create");
  const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
  const bool flushed = std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  if (std::fclose(file) != 0 || !written || !flushed) fail("write");
  if (std::rename(temporary.c_str(), path.c_str()) != 0) fail("rename into place");
}

}  // namespace seatsim::report
