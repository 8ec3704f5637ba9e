#include "engine/scenario/enum_names.hpp"

namespace seatsim::scenario {

std::optional<rules::Method> parse_method(std::string_view name) {
  return parse_name<rules::Method>(name);
}

std::optional<rules::ThresholdBase> parse_threshold_base(std::string_view name) {
  return parse_name<rules::ThresholdBase>(name);
}

std::optional<rules::Composition> parse_composition(std::string_view name) {
  return parse_name<rules::Composition>(name);
}

std::optional<rules::Overhang> parse_overhang(std::string_view name) {
  return parse_name<rules::Overhang>(name);
}

std::string method_names() {
  return names<rules::Method>(Quoting::plain);
}

}  // namespace seatsim::scenario
