#pragma once
#include <filesystem>
#include <string_view>

namespace seatsim::report {

// Writes `content` to a temporary file beside `path`, then renames it over `path`, so a reader
// never sees a half-written file. An existing path that is not a regular file (a pipe, a terminal,
// /dev/stdout) is written in place instead. Throws InputError naming the path if anything fails.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace seatsim::report
