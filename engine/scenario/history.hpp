#pragma once
// Reads a past election recorded with its votes, rule and official seats
// (scenarios/history/*.toml). Every file cites its sources. Unknown keys are errors; throws
// InputError with FILE:LINE: key: problem (why).
#include <filesystem>
#include <string_view>

#include "engine/sim/history.hpp"

namespace seatsim::scenario {

sim::History load_history_file(const std::filesystem::path& path);
sim::History load_history(std::string_view text, std::string_view source);

}  // namespace seatsim::scenario
