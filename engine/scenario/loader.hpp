#pragma once
// Reads a scenario (TOML) into a validated sim::Scenario. This is the only code that knows TOML.
// Every problem is reported, not just the first, as FILE:LINE: key: problem (why); unknown keys are
// errors that list the allowed keys. Throws InputError.
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "engine/sim/scenario.hpp"

namespace seatsim::scenario {

// `overrides` are KEY=VALUE assignments (the CLI's --set), applied in order before validation.
sim::Scenario load_file(const std::filesystem::path& path,
                        std::span<const std::string> overrides = {});
sim::Scenario load_text(std::string_view text, std::string_view source_name,
                        std::span<const std::string> overrides = {});

// The file at `path`, or the built-in default scenario when `path` is empty.
sim::Scenario load_file_or_default(const std::string& path,
                                   std::span<const std::string> overrides = {});

// The default scenario (scenarios/kz-2027.toml), compiled into the library.
std::string_view default_text();
std::string_view default_name();

}  // namespace seatsim::scenario
