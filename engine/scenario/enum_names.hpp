#pragma once
// The names users write for each enum. Each value has one spelling, its to_string beside the enum
// (rules/list_tier.hpp, rules/mixed.hpp, model/national_model.hpp, model/vote_model.hpp,
// model/polls.hpp), used alike to read scenarios, history files and `seatsim allocate` options, and
// to write scenarios, JSON and reports. Here: which values a user may name, in the order messages
// list them.
#include <optional>
#include <string>
#include <string_view>

#include "engine/model/national_model.hpp"
#include "engine/model/polls.hpp"
#include "engine/model/vote_model.hpp"
#include "engine/rules/list_tier.hpp"
#include "engine/rules/mixed.hpp"
#include "engine/rules/regional_tier.hpp"
#include "engine/scenario/district_table.hpp"
#include "engine/scenario/poll_table.hpp"

namespace seatsim::scenario {

template <class Enum>
struct Named;  // `values`: every value of Enum a user may name

template <>
struct Named<rules::Method> {
  static constexpr const auto& values = rules::kMethods;
};
template <>
struct Named<rules::ThresholdBase> {
  static constexpr rules::ThresholdBase values[] = {rules::ThresholdBase::party_votes,
                                                    rules::ThresholdBase::valid,
                                                    rules::ThresholdBase::ballots};
};
template <>
struct Named<rules::TiePolicy> {
  static constexpr rules::TiePolicy values[] = {rules::TiePolicy::registration_order,
                                                rules::TiePolicy::by_lot, rules::TiePolicy::report};
};
template <>
struct Named<rules::DroopRounding> {
  static constexpr rules::DroopRounding values[] = {rules::DroopRounding::floor_plus_one,
                                                    rules::DroopRounding::nearest};
};
template <>
struct Named<rules::Composition> {
  static constexpr rules::Composition values[] = {rules::Composition::parallel,
                                                  rules::Composition::compensatory};
};
template <>
struct Named<rules::Overhang> {
  static constexpr rules::Overhang values[] = {
      rules::Overhang::grow_house, rules::Overhang::levelling, rules::Overhang::not_seated};
};
template <>
struct Named<rules::ThresholdScope> {
  static constexpr rules::ThresholdScope values[] = {rules::ThresholdScope::region,
                                                     rules::ThresholdScope::national};
};
template <>
struct Named<model::OptionKind> {
  static constexpr model::OptionKind values[] = {
      model::OptionKind::party, model::OptionKind::against_all, model::OptionKind::district_only,
      model::OptionKind::other_valid};
};
template <>
struct Named<model::DrawModel> {
  static constexpr model::DrawModel values[] = {
      model::DrawModel::dirichlet, model::DrawModel::logistic_normal, model::DrawModel::student_t,
      model::DrawModel::fixed};
};
template <>
struct Named<model::UndecidedSplit> {
  static constexpr model::UndecidedSplit values[] = {model::UndecidedSplit::proportional,
                                                     model::UndecidedSplit::dirichlet};
};
// HouseEffects::given is a table of effects, not a name.
template <>
struct Named<model::HouseEffects> {
  static constexpr model::HouseEffects values[] = {model::HouseEffects::none,
                                                   model::HouseEffects::estimate};
};
template <>
struct Named<PollBasis> {
  static constexpr PollBasis values[] = {PollBasis::all, PollBasis::decided};
};
template <>
struct Named<DistrictValues> {
  static constexpr DistrictValues values[] = {DistrictValues::baseline, DistrictValues::multiplier};
};

// The value `name` spells, if any.
template <class Enum>
std::optional<Enum> parse_name(std::string_view name) {
  for (const Enum value : Named<Enum>::values) {
    if (to_string(value) == name) return value;
  }
  return std::nullopt;
}

enum class Quoting { plain, quoted };

// "hare, droop, ..." (plain) or "\"hare\", \"droop\", ..." (quoted), for messages and help.
template <class Enum>
std::string names(Quoting quoting) {
  std::string out;
  for (const Enum value : Named<Enum>::values) {
    if (!out.empty()) out += ", ";
    const std::string_view quote = quoting == Quoting::quoted ? "\"" : "";
    out.append(quote).append(to_string(value)).append(quote);
  }
  return out;
}

std::optional<rules::Method> parse_method(std::string_view name);
std::optional<rules::ThresholdBase> parse_threshold_base(std::string_view name);
std::optional<rules::Composition> parse_composition(std::string_view name);
std::optional<rules::Overhang> parse_overhang(std::string_view name);

// "hare, droop, ..." for error messages.
std::string method_names();

}  // namespace seatsim::scenario
