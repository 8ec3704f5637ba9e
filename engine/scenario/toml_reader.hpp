#pragma once
// Typed, checked values from a TOML document, shared by the scenario and history readers. Each
// problem is collected with its location (TomlDiagnostics) and the value comes back empty, so that
// reading goes on and every problem is reported at once.
#include <toml++/toml.h>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scenario/enum_names.hpp"
#include "engine/scenario/toml_diagnostics.hpp"

namespace seatsim::scenario {

enum class Presence { required, optional };

// Whether the upper end of a range is itself allowed: [low, high] or [low, high).
enum class UpperEnd { closed, open };

// "path.key", or "key" at the top level.
std::string join_path(std::string_view path, std::string_view key);

// One table of an array of tables, with its path in messages ("tiers.regions.region[2]").
struct TableEntry {
  const toml::table* table;
  std::string path;
};

class TomlReader : public TomlDiagnostics {
 public:
  using TomlDiagnostics::TomlDiagnostics;

  // `path` locates `parent` ("" at the top level) in messages; a missing required key is an error.
  const toml::node* find(const toml::table& parent, std::string_view path, std::string_view key,
                         Presence presence);
  const toml::table* table(const toml::table& parent, std::string_view path, std::string_view key,
                           Presence presence);
  // The required array of tables at `key` ([[path.key]]), of `low` to `high` tables, each with its
  // path. Another count is reported, `what` naming the entries and `why` the range, and gives no
  // tables; an entry that is not a table is reported and left out.
  std::vector<TableEntry> tables(const toml::table& parent, std::string_view path,
                                 std::string_view key, std::size_t low, std::size_t high,
                                 std::string_view what, std::string_view why);
  // A finite number; an integer is taken as one.
  std::optional<double> number(const toml::table& parent, std::string_view path,
                               std::string_view key, Presence presence);
  // A number in [low, high], or [low, high) with UpperEnd::open; `why` explains the range.
  std::optional<double> bounded(const toml::table& parent, std::string_view path,
                                std::string_view key, Presence presence, double low, double high,
                                std::string_view why, UpperEnd upper = UpperEnd::closed);
  // The list threshold at `key`, a share in [0, 1), in parts per billion (rules/list_tier.hpp).
  std::optional<std::int64_t> threshold(const toml::table& parent, std::string_view path,
                                        std::string_view key, std::string_view why);
  std::optional<std::int64_t> integer(const toml::table& parent, std::string_view path,
                                      std::string_view key, Presence presence, std::int64_t low,
                                      std::int64_t high, std::string_view why);
  std::optional<std::string> string(const toml::table& parent, std::string_view path,
                                    std::string_view key, Presence presence);
  std::optional<bool> boolean(const toml::table& parent, std::string_view path,
                              std::string_view key, Presence presence);
  // A date, as ISO 8601 text (2028-03-19).
  std::optional<std::string> date(const toml::table& parent, std::string_view path,
                                  std::string_view key, Presence presence);
  // A date, as days since 1970-01-01; `node` may be null (nothing to read, nothing reported).
  std::optional<int> day_number(const toml::node* node, std::string_view key);

  // One of the names of Enum (enum_names.hpp).
  template <class Enum>
  std::optional<Enum> choice(const toml::table& parent, std::string_view path, std::string_view key,
                             Presence presence) {
    const auto text = string(parent, path, key, presence);
    if (!text) return std::nullopt;
    if (const auto value = parse_name<Enum>(*text)) return value;
    error(*parent.get(key), join_path(path, key), "\"" + *text + "\" is not recognised",
          "expected one of " + names<Enum>(Quoting::quoted));
    return std::nullopt;
  }

  void wrong_type(const toml::node& node, std::string_view key, std::string_view expected);
};

// A TOML date as ISO 8601 text (2028-03-19).
std::string date_text(const toml::date& date);

}  // namespace seatsim::scenario
