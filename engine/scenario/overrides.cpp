#include "engine/scenario/overrides.hpp"

#include <fmt/format.h>

#include <charconv>
#include <optional>

#include "engine/scenario/toml_diagnostics.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::scenario {

void apply_override(toml::table& root, std::string_view assignment) {
  const std::string origin = fmt::format("{}{}", kOverrideSource, assignment);
  auto fail = [&](std::string_view problem) {
    throw InputError({fmt::format("{}: {}", origin, problem)});
  };
  const auto equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0)
    fail("expected KEY=VALUE (for example tiers.list.threshold=0.07)");
  const std::string_view key = assignment.substr(0, equals);
  const std::string value(assignment.substr(equals + 1));

  toml::table parsed;
  try {
    parsed = toml::parse(std::string_view("value = " + value), std::string_view(origin));
  } catch (const toml::parse_error&) {
    std::string quoted = "\"";
    for (const char c : value) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    quoted += '"';
    try {
      parsed = toml::parse(std::string_view("value = " + quoted), std::string_view(origin));
    } catch (const toml::parse_error& e) {
      fail(fmt::format("the value is neither TOML nor a plain string ({})", e.description()));
    }
  }

  toml::table* table = &root;
  std::string_view rest = key;
  for (;;) {
    const auto dot = rest.find('.');
    std::string_view segment = rest.substr(0, dot);
    std::optional<std::size_t> index;
    if (const auto open = segment.find('[');
        open != std::string_view::npos && segment.back() == ']') {
      std::size_t i = 0;
      const auto digits = segment.substr(open + 1, segment.size() - open - 2);
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), i);
      if (ec != std::errc() || end != digits.data() + digits.size())
        fail(fmt::format("{}: bad index", segment));
      index = i;
      segment = segment.substr(0, open);
    }
    if (segment.empty()) fail(fmt::format("{}: empty key segment", key));
    if (dot == std::string_view::npos) {
      if (index) fail(fmt::format("{}: an index must be followed by a key", key));
      // The key carries the override as its source too, so an unknown key is reported against it.
      toml::source_region region = parsed.get("value")->source();
      table->insert_or_assign(toml::key(segment, std::move(region)),
                              std::move(*parsed.get("value")));
      return;
    }
    toml::node* next = table->get(segment);
    if (!next) {
      if (index) fail(fmt::format("{}: no array {} to index", key, segment));
      next = &table->insert(segment, toml::table{}).first->second;
    }
    if (index) {
      auto* array = next->as_array();
      if (!array || *index >= array->size())
        fail(fmt::format("{}: {}[{}] does not exist", key, segment, *index));
      next = array->get(*index);
    }
    table = next->as_table();
    if (!table) fail(fmt::format("{}: {} is not a table", key, segment));
    rest = rest.substr(dot + 1);
  }
}

}  // namespace seatsim::scenario
