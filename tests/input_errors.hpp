// Helpers of the bad-input tests: what a loader reports, and a scenario's normalised text.
#pragma once

#include <string>
#include <vector>

#include "engine/scenario/writer.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::test {

// The messages of the InputError that `load()` throws, or none if it returns: each names the file,
// line and key that the tests compare.
template <typename Load>
std::vector<std::string> input_errors(Load&& load) {
  try {
    load();
  } catch (const InputError& error) {
    return error.messages();
  }
  return {};
}

// The first of those messages, or "no error".
template <typename Load>
std::string first_input_error(Load&& load) {
  const auto errors = input_errors(load);
  return errors.empty() ? "no error" : errors.front();
}

// The normalised scenario without its first line, which names the file.
inline std::string normalised(const sim::Scenario& s) {
  const std::string text = scenario::to_toml(s);
  return text.substr(text.find('\n') + 1);
}

}  // namespace seatsim::test
