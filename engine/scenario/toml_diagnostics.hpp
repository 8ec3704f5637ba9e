#pragma once
// Input errors found while reading a TOML document, each located as FILE:LINE: key: problem (why),
// collected so that every problem is reported at once. Shared by the scenario and history readers.
#include <toml++/toml.h>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace seatsim::scenario {

// Values set on the command line (--set) carry this prefix and the assignment as their source.
inline constexpr std::string_view kOverrideSource = "--set ";

// A node without a source was set by a typed override (the parser gives every node one).
inline bool is_override(const toml::source_region& source) {
  return !source.path || source.path->rfind(kOverrideSource, 0) == 0;
}

// Parses a TOML document; a syntax error is an InputError located at its line.
toml::table parse_toml(std::string_view text, std::string_view source);

class TomlDiagnostics {
 public:
  explicit TomlDiagnostics(std::string_view source) : source_(source) {}

  // A value from a --set override is located by the override itself, which has no line.
  void error(const toml::source_region& where, std::string_view key, std::string_view problem,
             std::string_view why);
  void error(const toml::node& where, std::string_view key, std::string_view problem,
             std::string_view why) {
    error(where.source(), key, problem, why);
  }

  // Reports every key of `table` not in `allowed`, naming the allowed ones. `path` locates the
  // table: "" at the top, "tiers.list", or a prefix ending in '.' such as "parties[2]." .
  void check_keys(const toml::table& table, std::string_view path,
                  std::initializer_list<std::string_view> allowed);

  // Problems with the value at dotted `key`, set by a typed override, are located by `origin`.
  void locate(std::string key, std::string origin) {
    typed_overrides_.insert_or_assign(std::move(key), std::move(origin));
  }

  bool ok() const { return errors_.empty(); }
  // Throws InputError with every message, if there are any.
  void throw_if_errors();

 private:
  std::string source_;
  std::vector<std::string> errors_;
  std::map<std::string, std::string, std::less<>> typed_overrides_;  // key -> "--set KEY=VALUE"
};

}  // namespace seatsim::scenario
