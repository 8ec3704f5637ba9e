#include "engine/scenario/toml_reader.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <sstream>

#include "engine/rules/limits.hpp"
#include "engine/rules/list_tier.hpp"

namespace seatsim::scenario {
namespace {

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

}  // namespace

std::string join_path(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

const toml::node* TomlReader::find(const toml::table& parent, std::string_view path,
                                   std::string_view key, Presence presence) {
  const toml::node* node = parent.get(key);
  if (!node && presence == Presence::required) {
    error(parent, join_path(path, key), "missing",
          fmt::format("required in [{}]", path.empty() ? "top level" : path));
  }
  return node;
}

const toml::table* TomlReader::table(const toml::table& parent, std::string_view path,
                                     std::string_view key, Presence presence) {
  const toml::node* node = find(parent, path, key, presence);
  if (!node) return nullptr;
  if (const auto* t = node->as_table()) return t;
  wrong_type(*node, join_path(path, key), "a table");
  return nullptr;
}

std::vector<TableEntry> TomlReader::tables(const toml::table& parent, std::string_view path,
                                           std::string_view key, std::size_t low, std::size_t high,
                                           std::string_view what, std::string_view why) {
  std::vector<TableEntry> entries;
  const toml::node* node = find(parent, path, key, Presence::required);
  if (!node) return entries;
  const std::string array_path = join_path(path, key);
  const auto* array = node->as_array();
  if (!array) {
    wrong_type(*node, array_path, fmt::format("an array of tables ([[{}]])", array_path));
    return entries;
  }
  if (array->size() < low || array->size() > high) {
    error(*node, array_path, fmt::format("{} {}", array->size(), what), why);
    return entries;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string entry_path = fmt::format("{}[{}]", array_path, i);
    if (const auto* t = (*array)[i].as_table()) {
      entries.push_back({t, entry_path});
    } else {
      wrong_type((*array)[i], entry_path, "a table");
    }
  }
  return entries;
}

std::optional<double> TomlReader::number(const toml::table& parent, std::string_view path,
                                         std::string_view key, Presence presence) {
  const toml::node* node = find(parent, path, key, presence);
  if (!node) return std::nullopt;
  std::optional<double> value;
  if (const auto* f = node->as_floating_point()) value = f->get();
  if (const auto* i = node->as_integer()) value = static_cast<double>(i->get());
  if (!value) {
    wrong_type(*node, join_path(path, key), "a number");
    return std::nullopt;
  }
  if (!std::isfinite(*value)) {
    error(*node, join_path(path, key), fmt::format("{} is not a finite number", *value),
          "nan and inf are not allowed here");
    return std::nullopt;
  }
  return value;
}

std::optional<double> TomlReader::bounded(const toml::table& parent, std::string_view path,
                                          std::string_view key, Presence presence, double low,
                                          double high, std::string_view why, UpperEnd upper) {
  auto value = number(parent, path, key, presence);
  if (!value) return std::nullopt;
  const bool open = upper == UpperEnd::open;
  const bool too_high = open ? *value >= high : *value > high;
  if (*value < low || too_high) {
    error(*parent.get(key), join_path(path, key),
          fmt::format("{} is outside [{}, {}{}", *value, low, high, open ? ")" : "]"), why);
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> TomlReader::threshold(const toml::table& parent, std::string_view path,
                                                  std::string_view key, std::string_view why) {
  const auto share = bounded(parent, path, key, Presence::optional, 0.0, 1.0, why, UpperEnd::open);
  if (!share) return std::nullopt;
  const std::int64_t parts = rules::to_parts_per_billion(*share);
  if (parts > rules::kMaxThresholdPartsPerBillion) {
    error(*parent.get(key), join_path(path, key), fmt::format("{} rounds to 1", *share),
          rules::kThresholdPrecision);
    return std::nullopt;
  }
  return parts;
}

std::optional<std::int64_t> TomlReader::integer(const toml::table& parent, std::string_view path,
                                                std::string_view key, Presence presence,
                                                std::int64_t low, std::int64_t high,
                                                std::string_view why) {
  const toml::node* node = find(parent, path, key, presence);
  if (!node) return std::nullopt;
  const auto* i = node->as_integer();
  if (!i) {
    wrong_type(*node, join_path(path, key), "an integer");
    return std::nullopt;
  }
  if (i->get() < low || i->get() > high) {
    error(*node, join_path(path, key), fmt::format("{} is outside [{}, {}]", i->get(), low, high),
          why);
    return std::nullopt;
  }
  return i->get();
}

std::optional<std::string> TomlReader::string(const toml::table& parent, std::string_view path,
                                              std::string_view key, Presence presence) {
  const toml::node* node = find(parent, path, key, presence);
  if (!node) return std::nullopt;
  if (const auto* s = node->as_string()) return s->get();
  wrong_type(*node, join_path(path, key), "a string");
  return std::nullopt;
}

std::optional<bool> TomlReader::boolean(const toml::table& parent, std::string_view path,
                                        std::string_view key, Presence presence) {
  const toml::node* node = find(parent, path, key, presence);
  if (!node) return std::nullopt;
  if (const auto* b = node->as_boolean()) return b->get();
  wrong_type(*node, join_path(path, key), "true or false");
  return std::nullopt;
}

std::optional<std::string> TomlReader::date(const toml::table& parent, std::string_view path,
                                            std::string_view key, Presence presence) {
  const toml::node* node = find(parent, path, key, presence);
  if (!node) return std::nullopt;
  if (const auto* d = node->as_date()) return date_text(d->get());
  wrong_type(*node, join_path(path, key), "a date such as 2028-03-19");
  return std::nullopt;
}

std::optional<int> TomlReader::day_number(const toml::node* node, std::string_view key) {
  if (!node) return std::nullopt;
  if (const auto* d = node->as_date()) {
    const toml::date& date = d->get();
    const std::chrono::year_month_day ymd{
        std::chrono::year(date.year), std::chrono::month(date.month), std::chrono::day(date.day)};
    return std::chrono::sys_days(ymd).time_since_epoch().count();
  }
  wrong_type(*node, key, "a date such as 2028-03-19");
  return std::nullopt;
}

void TomlReader::wrong_type(const toml::node& node, std::string_view key,
                            std::string_view expected) {
  error(node, key, fmt::format("expected {}, got {}", expected, type_name(node)),
        "see scenarios/README.md");
}

std::string date_text(const toml::date& date) {
  std::ostringstream text;
  text << date;
  return text.str();
}

}  // namespace seatsim::scenario
