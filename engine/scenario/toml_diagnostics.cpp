#include "engine/scenario/toml_diagnostics.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/sim/input_error.hpp"

namespace seatsim::scenario {

toml::table parse_toml(std::string_view text, std::string_view source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw InputError({fmt::format("{}:{}: (syntax): {} (the file is not valid TOML)", source,
                                  e.source().begin.line, e.description())});
  }
}

void TomlDiagnostics::error(const toml::source_region& where, std::string_view key,
                            std::string_view problem, std::string_view why) {
  std::string location;
  if (!where.path) {
    const auto typed = typed_overrides_.find(key);
    location =
        typed != typed_overrides_.end() ? typed->second : fmt::format("{}{}", kOverrideSource, key);
  } else {
    location = is_override(where) ? *where.path : fmt::format("{}:{}", source_, where.begin.line);
  }
  errors_.push_back(fmt::format("{}: {}: {} ({})", location, key, problem, why));
}

void TomlDiagnostics::check_keys(const toml::table& table, std::string_view path,
                                 std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, node] : table) {
    if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
    std::string list;
    for (const auto name : allowed)
      list += list.empty() ? std::string(name) : fmt::format(", {}", name);
    const std::string_view separator = path.empty() || path.ends_with('.') ? "" : ".";
    error(key.source(), fmt::format("{}{}{}", path, separator, key.str()), "unknown key",
          fmt::format("allowed here: {}", list));
  }
}

void TomlDiagnostics::throw_if_errors() {
  if (!errors_.empty()) throw InputError(std::move(errors_));
}

}  // namespace seatsim::scenario
