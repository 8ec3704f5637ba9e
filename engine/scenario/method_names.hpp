#pragma once
// The names users write for rules, shared by `seatsim allocate` options and history files:
// methods as rules::to_string spells them (hare, dhondt, sainte-lague, ...), threshold bases
// party|valid|ballots, ties, mixed compositions and overhang policies.
#include <optional>
#include <string>
#include <string_view>

#include "engine/rules/mixed.hpp"

namespace seatsim::scenario {

std::optional<rules::Method> parse_method(std::string_view name);
std::optional<rules::ThresholdBase> parse_threshold_base(std::string_view name);
std::optional<rules::TiePolicy> parse_ties(std::string_view name);
std::optional<rules::Composition> parse_composition(std::string_view name);
std::optional<rules::Overhang> parse_overhang(std::string_view name);

// "hare, droop, ..." for error messages.
std::string method_names();

}  // namespace seatsim::scenario
