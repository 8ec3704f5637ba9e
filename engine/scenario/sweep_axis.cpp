#include "engine/scenario/sweep_axis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

#include "engine/rules/limits.hpp"

namespace seatsim::scenario {
namespace {

std::optional<double> number(std::string_view text) {
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

double parse_number(std::string_view text) {
  if (const auto value = number(text)) return *value;
  throw std::invalid_argument(
      fmt::format("\"{}\" is not a number (a list of values is written KEY=A,B,C, for example "
                  "tiers.list.method=dhondt,hare)",
                  text));
}

double rounded(double value) {
  return std::stod(fmt::format("{:.12g}", value));
}

void check_count(std::size_t count) {
  if (count > rules::kMaxSweepPoints) {
    throw std::invalid_argument(
        fmt::format("{} points (at most {})", count, rules::kMaxSweepPoints));
  }
}

// FROM:TO:STEP; a last step that would pass TO stops at TO instead.
std::vector<sim::SweepValue> range_values(std::string_view range) {
  const auto first = range.find(':');
  const auto second = first == std::string_view::npos ? first : range.find(':', first + 1);
  if (second == std::string_view::npos || range.find(':', second + 1) != std::string_view::npos) {
    throw std::invalid_argument(
        "expected KEY=FROM:TO:STEP or KEY=A,B,C, for example tiers.list.threshold=0.03:0.07:0.01");
  }
  const double from = parse_number(range.substr(0, first));
  const double to = parse_number(range.substr(first + 1, second - first - 1));
  const double step = parse_number(range.substr(second + 1));
  if (!(step > 0.0) || to < from) throw std::invalid_argument("needs STEP > 0 and TO >= FROM");
  const double steps = std::floor((to - from) / step + 1e-9);
  check_count(static_cast<std::size_t>(std::min(steps + 1.0, 1e18)));
  std::vector<sim::SweepValue> values;
  for (int i = 0; i <= static_cast<int>(steps); ++i) values.emplace_back(rounded(from + i * step));
  if (std::get<double>(values.back()) < rounded(to)) values.emplace_back(rounded(to));
  check_count(values.size());
  return values;
}

std::vector<sim::SweepValue> list_values(std::string_view list) {
  std::vector<sim::SweepValue> values;
  for (std::size_t start = 0;;) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string_view item = list.substr(start, comma - start);
    if (item.empty()) {
      throw std::invalid_argument("an empty value in the list (KEY=A,B,C, no spaces)");
    }
    sim::SweepValue value =
        number(item) ? sim::SweepValue(rounded(*number(item))) : sim::SweepValue(std::string(item));
    if (std::find(values.begin(), values.end(), value) != values.end()) {
      throw std::invalid_argument(fmt::format("\"{}\" is listed twice", item));
    }
    values.push_back(std::move(value));
    check_count(values.size());
    if (comma == list.size()) return values;
    start = comma + 1;
  }
}

}  // namespace

sim::SweepAxis parse_sweep_axis(std::string_view spec) {
  const auto equals = spec.find('=');
  if (equals == std::string_view::npos || equals == 0 || equals + 1 == spec.size()) {
    throw std::invalid_argument(
        "expected KEY=FROM:TO:STEP or KEY=A,B,C, for example tiers.list.threshold=0.03:0.07:0.01");
  }
  const std::string_view values = spec.substr(equals + 1);
  return {.spec = std::string(spec),
          .key = std::string(spec.substr(0, equals)),
          .values = values.find(':') != std::string_view::npos ? range_values(values)
                                                               : list_values(values)};
}

void check_distinct_keys(std::span<const sim::SweepAxis> axes) {
  for (std::size_t a = 1; a < axes.size(); ++a) {
    for (std::size_t b = 0; b < a; ++b) {
      if (axes[a].key == axes[b].key) {
        throw std::invalid_argument(fmt::format(
            "{} is varied twice (\"{}\" and \"{}\"); give one axis per key, with every value in it",
            axes[a].key, axes[b].spec, axes[a].spec));
      }
    }
  }
}

}  // namespace seatsim::scenario
