#include "engine/scenario/sweep_axis.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>

#include "engine/rules/limits.hpp"

namespace seatsim::scenario {
namespace {

double parse_number(std::string_view text) {
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    throw std::invalid_argument(fmt::format("\"{}\" is not a number", text));
  }
  return value;
}

}  // namespace

sim::SweepAxis parse_sweep_axis(std::string_view spec) {
  const auto equals = spec.find('=');
  const auto first = spec.find(':', equals);
  const auto second = first == std::string_view::npos ? first : spec.find(':', first + 1);
  if (equals == std::string_view::npos || equals == 0 || second == std::string_view::npos) {
    throw std::invalid_argument(
        "expected KEY=FROM:TO:STEP, for example tiers.list.threshold=0.03:0.07:0.01");
  }
  const double from = parse_number(spec.substr(equals + 1, first - equals - 1));
  const double to = parse_number(spec.substr(first + 1, second - first - 1));
  const double step = parse_number(spec.substr(second + 1));
  if (!(step > 0.0) || to < from) throw std::invalid_argument("needs STEP > 0 and TO >= FROM");
  const double count = std::floor((to - from) / step + 1e-9) + 1.0;
  if (count > static_cast<double>(rules::kMaxSweepPoints)) {
    throw std::invalid_argument(
        fmt::format("{} points (at most {})", count, rules::kMaxSweepPoints));
  }
  sim::SweepAxis axis{
      .spec = std::string(spec), .key = std::string(spec.substr(0, equals)), .values = {}};
  for (int i = 0; i < static_cast<int>(count); ++i) {
    axis.values.push_back(std::stod(fmt::format("{:.12g}", from + i * step)));
  }
  return axis;
}

}  // namespace seatsim::scenario
