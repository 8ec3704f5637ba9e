#pragma once
// Reads a scenario (TOML) into a validated sim::Scenario. This is the only code that knows TOML.
// Every problem is reported, not just the first, as FILE:LINE: key: problem (why); unknown keys are
// errors that list the allowed keys. Throws InputError.
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "engine/sim/scenario.hpp"

namespace seatsim::scenario {

// A scenario parsed but not yet read: overrides change its values, and read() validates it into a
// Scenario, every value checked alike however it was set. A sweep sets each grid point's values in
// turn, typed, with no text formatted or parsed in between. Not copyable: a copied toml++ node
// loses its source, and so the file and line of every message.
class ScenarioDocument {
 public:
  ScenarioDocument(std::string_view text, std::string_view source_name);
  // The file at `path`, or the built-in default scenario when `path` is empty.
  static ScenarioDocument from_file_or_default(const std::string& path);
  ScenarioDocument(const ScenarioDocument&) = delete;
  ScenarioDocument& operator=(const ScenarioDocument&) = delete;
  ScenarioDocument(ScenarioDocument&&) noexcept;
  ScenarioDocument& operator=(ScenarioDocument&&) noexcept;
  ~ScenarioDocument();

  // KEY=VALUE as --set takes it, VALUE in TOML (a bare word is a string).
  void set(std::string_view assignment);
  // The number or word at the dotted `key`, reported as --set KEY=VALUE if it is not valid there;
  // setting the key again replaces it.
  void set(std::string_view key, const sim::SweepValue& value);
  // Throws InputError with every problem.
  sim::Scenario read() const;

 private:
  struct Parsed;
  std::unique_ptr<Parsed> parsed_;
};

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
