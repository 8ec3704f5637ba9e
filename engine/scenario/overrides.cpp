#include "engine/scenario/overrides.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <memory>
#include <optional>

#include "engine/scenario/toml_diagnostics.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::scenario {

namespace {

[[noreturn]] void fail(std::string_view origin, std::string_view problem) {
  throw InputError({fmt::format("{}: {}", origin, problem)});
}

// VALUE as TOML, or else as a plain string.
toml::table parse_value(const std::string& value, const std::string& origin) {
  try {
    return toml::parse(std::string_view("value = " + value), std::string_view(origin));
  } catch (const toml::parse_error&) {
    std::string quoted = "\"";
    for (const char c : value) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    quoted += '"';
    try {
      return toml::parse(std::string_view("value = " + quoted), std::string_view(origin));
    } catch (const toml::parse_error& e) {
      fail(origin,
           fmt::format("the value is neither TOML nor a plain string ({})", e.description()));
    }
  }
}

// Puts `value` at the dotted KEY, creating the tables on the way; the key carries `region`, so
// that an unknown key is reported against the override.
void place(toml::table& root, std::string_view key, toml::node&& value, toml::source_region region,
           const std::string& origin) {
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
        fail(origin, fmt::format("{}: bad index", segment));
      index = i;
      segment = segment.substr(0, open);
    }
    if (segment.empty()) fail(origin, fmt::format("{}: empty key segment", key));
    if (dot == std::string_view::npos) {
      if (index) fail(origin, fmt::format("{}: an index must be followed by a key", key));
      table->insert_or_assign(toml::key(segment, std::move(region)), std::move(value));
      return;
    }
    toml::node* next = table->get(segment);
    if (!next) {
      if (index) fail(origin, fmt::format("{}: no array {} to index", key, segment));
      next = &table->insert(segment, toml::table{}).first->second;
    }
    if (index) {
      auto* array = next->as_array();
      if (!array || *index >= array->size())
        fail(origin, fmt::format("{}: {}[{}] does not exist", key, segment, *index));
      next = array->get(*index);
    }
    table = next->as_table();
    if (!table) fail(origin, fmt::format("{}: {} is not a table", key, segment));
    rest = rest.substr(dot + 1);
  }
}

}  // namespace

void apply_override(toml::table& root, std::string_view assignment) {
  const std::string origin = fmt::format("{}{}", kOverrideSource, assignment);
  const auto equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0)
    fail(origin, "expected KEY=VALUE (for example tiers.list.threshold=0.07)");
  toml::table parsed = parse_value(std::string(assignment.substr(equals + 1)), origin);
  toml::source_region region = parsed.get("value")->source();
  place(root, assignment.substr(0, equals), std::move(*parsed.get("value")), std::move(region),
        origin);
}

std::string apply_override(toml::table& root, std::string_view key, double value) {
  // Written as --set would take it: a whole number below 10^12 as an integer, else a float.
  const std::string origin = fmt::format("{}{}={:.12g}", kOverrideSource, key, value);
  const bool whole = value == std::trunc(value) && std::abs(value) < 1e12;
  toml::source_region region;
  region.path = std::make_shared<const std::string>(origin);
  if (whole) {
    place(root, key, toml::value<std::int64_t>(static_cast<std::int64_t>(value)), region, origin);
  } else {
    place(root, key, toml::value<double>(value), region, origin);
  }
  return origin;
}

}  // namespace seatsim::scenario
