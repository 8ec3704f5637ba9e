#pragma once
// Reads a whole input file; a file that cannot be opened is an InputError naming it.
#include <filesystem>
#include <string>

namespace seatsim::scenario {

std::string read_text_file(const std::filesystem::path& path);

}  // namespace seatsim::scenario
