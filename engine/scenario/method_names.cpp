#include "engine/scenario/method_names.hpp"

namespace seatsim::scenario {

std::optional<rules::Method> parse_method(std::string_view name) {
  for (const auto method : rules::kMethods) {
    if (rules::to_string(method) == name) return method;
  }
  return std::nullopt;
}

std::optional<rules::ThresholdBase> parse_threshold_base(std::string_view name) {
  if (name == "party") return rules::ThresholdBase::party_votes;
  if (name == "valid") return rules::ThresholdBase::valid;
  if (name == "ballots") return rules::ThresholdBase::ballots;
  return std::nullopt;
}

std::optional<rules::TiePolicy> parse_ties(std::string_view name) {
  // by_lot needs lot keys, which a recorded election does not carry.
  if (name == "registration_order") return rules::TiePolicy::registration_order;
  if (name == "report") return rules::TiePolicy::report;
  return std::nullopt;
}

std::optional<rules::Composition> parse_composition(std::string_view name) {
  for (const auto c : {rules::Composition::parallel, rules::Composition::compensatory}) {
    if (rules::to_string(c) == name) return c;
  }
  return std::nullopt;
}

std::optional<rules::Overhang> parse_overhang(std::string_view name) {
  for (const auto o : {rules::Overhang::grow_house, rules::Overhang::levelling}) {
    if (rules::to_string(o) == name) return o;
  }
  return std::nullopt;
}

std::string method_names() {
  std::string names;
  for (const auto method : rules::kMethods) {
    if (!names.empty()) names += ", ";
    names += rules::to_string(method);
  }
  return names;
}

}  // namespace seatsim::scenario
