#pragma once
#include <cstddef>
#include <filesystem>
#include <string>

namespace seatsim::scenario {

// Input files larger than this are refused as they are read: the largest valid scenario (10'000
// districts each naming 64 options) is about 10 MB, and a parsed TOML document takes several times
// its size in memory, so an absurd file (or an endless one such as /dev/zero) fails fast with its
// limit instead of exhausting memory.
inline constexpr std::size_t kMaxInputBytes = std::size_t{16} << 20;

// The whole file, as bytes; throws InputError naming the file if it cannot be read or is too big.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace seatsim::scenario
