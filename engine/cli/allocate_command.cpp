// seatsim allocate: one allocation from real vote counts (a CSV and options), or a recorded past
// election (scenarios/history/*.toml) checked seat for seat against its official result.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <utility>

#include "engine/cli/commands.hpp"
#include "engine/report/allocation_report.hpp"
#include "engine/rules/limits.hpp"
#include "engine/scenario/enum_names.hpp"
#include "engine/scenario/history.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/vote_table.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::cli {
namespace {

[[noreturn]] void option_error(std::string_view option, std::string_view problem,
                               std::string_view why) {
  throw InputError({fmt::format("(command line):0: {}: {} ({})", option, problem, why)});
}

// The value of Enum that `name` spells, given as `option`; an input error listing the names
// when it spells none.
template <class Enum>
Enum parse_named(std::string_view option, const std::string& name) {
  const auto value = scenario::parse_name<Enum>(name);
  if (!value) {
    option_error(
        option, fmt::format("\"{}\" is not recognised", name),
        fmt::format("expected one of {}", scenario::names<Enum>(scenario::Quoting::plain)));
  }
  return *value;
}

// The method variants and the bonus the options give, checked.
rules::ListRule method_variants(const AllocateCommand::Options& o) {
  if (!(o.first_divisor >= 1.0 && o.first_divisor <= 2.0)) {
    option_error("--first-divisor", fmt::format("{} is outside [1, 2]", o.first_divisor),
                 "the first divisor before 3, 5, 7, ...: 1.4 (Norway), 1.2 (Sweden)");
  }
  rules::ListRule rule{
      .first_divisor_ppb = rules::to_parts_per_billion(o.first_divisor),
      .droop = parse_named<rules::DroopRounding>("--quota-rounding", o.quota_rounding)};
  if (o.bonus_seats == 0) return rule;
  const int max = o.bonus_max == 0 ? o.bonus_seats : o.bonus_max;
  if (o.bonus_seats < 0 || max < o.bonus_seats || max > o.seats) {
    option_error("--bonus-seats", fmt::format("{} to {} of {} seats", o.bonus_seats, max, o.seats),
                 "a bonus is 1 to --seats seats, and --bonus-max at least --bonus-seats");
  }
  for (const auto& [option, share] :
       {std::pair{"--bonus-from", o.bonus_from}, {"--bonus-step", o.bonus_step}}) {
    if (!(share >= 0.0 && share <= 1.0)) {
      option_error(option, fmt::format("{} is outside [0, 1]", share), "a share of the vote");
    }
  }
  rule.bonus = {.seats = o.bonus_seats,
                .from_ppb = rules::to_parts_per_billion(o.bonus_from),
                .step_ppb = rules::to_parts_per_billion(o.bonus_step),
                .max_seats = max};
  return rule;
}

// Per party, its --party-threshold NAME=SHARE or `fallback` (ppb); empty when none is given.
std::vector<std::int64_t> party_thresholds(const std::vector<std::string>& given,
                                           const std::vector<std::string>& parties,
                                           std::int64_t fallback) {
  std::vector<std::int64_t> thresholds;
  if (!given.empty()) thresholds.assign(parties.size(), fallback);
  for (const auto& assignment : given) {
    const auto equals = assignment.rfind('=');
    const std::string name = assignment.substr(0, equals);
    const auto it = std::find(parties.begin(), parties.end(), name);
    char* end = nullptr;
    const double share =
        equals == std::string::npos ? -1.0 : std::strtod(assignment.c_str() + equals + 1, &end);
    if (it == parties.end() || end == nullptr || *end != '\0' || !(share >= 0.0 && share < 1.0)) {
      option_error("--party-threshold", fmt::format("\"{}\"", assignment),
                   "give NAME=SHARE with NAME a party of the CSV and SHARE in [0, 1)");
    }
    thresholds[static_cast<std::size_t>(it - parties.begin())] = rules::to_parts_per_billion(share);
  }
  return thresholds;
}

report::AllocationFormat format(bool json) {
  return json ? report::AllocationFormat::json : report::AllocationFormat::text;
}

// The rule the options give a list tier (national, or each list district's): method, threshold and
// its base, and the method variants, checked; seats are the caller's.
rules::ListRule list_rule(const AllocateCommand::Options& o) {
  const auto method = parse_named<rules::Method>("--method", o.method);
  if (!(o.threshold >= 0.0 && o.threshold < 1.0)) {
    option_error("--threshold", fmt::format("{} is outside [0, 1)", o.threshold),
                 "a threshold is a share of the vote: 0.05 for 5%");
  }
  if (rules::to_parts_per_billion(o.threshold) > rules::kMaxThresholdPartsPerBillion) {
    option_error("--threshold", fmt::format("{} rounds to 1", o.threshold),
                 rules::kThresholdPrecision);
  }
  rules::ListRule rule = method_variants(o);
  rule.method = method;
  rule.threshold = {rules::to_parts_per_billion(o.threshold),
                    parse_named<rules::ThresholdBase>("--threshold-base", o.threshold_base)};
  return rule;
}

// One allocation from a CSV: the system the options give, and the votes it allocates.
struct CsvAllocation {
  rules::ElectoralSystem system;
  report::CountedVotes votes;
};

// A national list tier (and districts, in parallel or compensated): one row per party.
CsvAllocation national_allocation(const AllocateCommand::Options& o, rules::ListRule rule,
                                  std::optional<rules::Composition> composition) {
  if (o.seats <= 0) {
    option_error("--seats", fmt::format("{} is not a seat count", o.seats),
                 "give --seats N with N at least 1");
  }
  if (o.seats > rules::kMaxSeats) {
    option_error("--seats", fmt::format("{} seats", o.seats),
                 fmt::format("at most {} are supported", rules::kMaxSeats));
  }
  for (const auto& [option, count] : {std::pair{"--against-all", o.against_all},
                                      {"--other-valid", o.other_valid},
                                      {"--invalid", o.invalid}}) {
    if (count < 0 || count > rules::kMaxVotes) {
      option_error(option, fmt::format("{} is outside [0, {}]", count, rules::kMaxVotes),
                   "a vote count, at most 2^40 so that totals cannot overflow");
    }
  }
  const auto overhang = parse_named<rules::Overhang>("--overhang", o.overhang);
  if (o.waiver < 0 || (o.waiver > 0 && o.district_column.empty())) {
    option_error("--waiver", fmt::format("{}", o.waiver),
                 "a waiver is a count of district seats read from --district-seats-column");
  }
  auto table = scenario::read_vote_table_file(o.votes_path, o.district_column);
  std::vector<rules::Exemption> exemptions;
  if (!o.exempt.empty()) exemptions.assign(table.parties.size(), rules::Exemption::none);
  for (const auto& name : o.exempt) {
    const auto it = std::find(table.parties.begin(), table.parties.end(), name);
    if (it == table.parties.end())
      option_error("--exempt", fmt::format("no party \"{}\" in {}", name, o.votes_path),
                   "name a party of the CSV's party column");
    exemptions[static_cast<std::size_t>(it - table.parties.begin())] = rules::Exemption::exempt;
  }
  std::vector<std::int64_t> thresholds =
      party_thresholds(o.party_thresholds, table.parties, rule.threshold.parts_per_billion);
  int district_seats = 0;
  if (composition) {
    for (const int seats : table.district_seats) district_seats += seats;
  }
  rule.seats = o.seats;
  rule.waiver_district_seats = o.waiver;
  return {.system = rules::ElectoralSystem(
              {.list = rule,
               .district_seats = district_seats,
               .composition = composition.value_or(rules::Composition::parallel),
               .overhang = overhang,
               .exemptions = std::move(exemptions),
               .thresholds = std::move(thresholds)}),
          .votes = {.parties = std::move(table.parties),
                    .votes = std::move(table.votes),
                    .district_seats = std::move(table.district_seats),
                    .against_all = o.against_all + o.other_valid,
                    .invalid = o.invalid}};
}

// PR in multi-member list districts (--region-column): each district's seats by the list rule,
// with the threshold counted per district or nationally; under --mixed compensatory, each district
// compensates for the single-member seats won in its region (the additional member system), and
// under parallel the district seats add up; the same ElectoralSystem as a history file's.
CsvAllocation regional_allocation(const AllocateCommand::Options& o, const rules::ListRule& rule,
                                  std::optional<rules::Composition> composition) {
  if (composition == rules::Composition::compensatory && rules::is_largest_remainder(rule.method)) {
    option_error("--mixed", fmt::format("compensatory with --method {}", o.method),
                 "regional compensation continues a divisor count from the district seats: use a "
                 "divisor method such as dhondt");
  }
  const auto scope = parse_named<rules::ThresholdScope>("--threshold-scope", o.threshold_scope);
  auto table = scenario::read_regional_vote_table_files(
      o.votes_path, o.region_seats_path,
      {.region = o.region_column, .district_seats = o.district_column});
  int district_seats = 0;
  if (composition) {
    for (const int seats : table.party_district_seats) district_seats += seats;
  }
  const bool compensating = composition == rules::Composition::compensatory;
  return {
      .system = rules::ElectoralSystem(
          {.list = std::nullopt,
           .district_seats = district_seats,
           .composition = composition.value_or(rules::Composition::parallel),
           .exemptions = {},
           .thresholds = {},
           .regions =
               rules::RegionalRule{.list = rule, .scope = scope, .seats = std::move(table.seats)}}),
      .votes = {
          .parties = std::move(table.parties),
          .votes = std::move(table.party_votes),
          .district_seats = std::move(table.party_district_seats),
          .against_all =
              std::accumulate(table.other_valid.begin(), table.other_valid.end(), rules::Votes{0}),
          .invalid = std::accumulate(table.invalid.begin(), table.invalid.end(), rules::Votes{0}),
          .regions = std::move(table.regions),
          .region_votes = std::move(table.votes),
          .region_other_valid = std::move(table.other_valid),
          .region_invalid = std::move(table.invalid),
          .region_district_seats =
              compensating ? std::move(table.district_seats) : std::vector<int>{}}};
}

}  // namespace

AllocateCommand::AllocateCommand(CLI::App& app)
    : Command(app.add_subcommand(
          "allocate", "Allocate seats once from real vote counts, or check a past election")) {
  command_->add_option("history", history_,
                       "A recorded election (scenarios/history/*.toml): allocate it and compare "
                       "with the official seats; exits 1 on any mismatch");
  command_->add_option("--votes", options_.votes_path,
                       "CSV with a header row and columns party and votes (with "
                       "--region-column, one row per list district and party)");
  command_->add_option("--seats", options_.seats,
                       "Seats to allocate (under --mixed compensatory, the whole house)");
  command_->add_option("--method", options_.method, scenario::method_names())
      ->capture_default_str();
  command_
      ->add_option("--threshold", options_.threshold, "Share needed to win list seats, in [0, 1)")
      ->capture_default_str();
  command_
      ->add_option("--threshold-base", options_.threshold_base,
                   "What the threshold is a share of: party_votes, valid (with --against-all) or "
                   "ballots (also with --invalid)")
      ->capture_default_str();
  command_->add_option("--against-all", options_.against_all,
                       "Valid votes for no party (against all), counted in the threshold base");
  command_->add_option("--invalid", options_.invalid,
                       "Invalid ballots, for --threshold-base ballots");
  command_->add_option("--district-seats-column", options_.district_column,
                       "CSV column holding each party's district seats (with --region-column, "
                       "those it won in the row's region)");
  command_->add_option("--region-column", options_.region_column,
                       "PR in list districts: the CSV has one row per (district, party), this "
                       "column naming the district");
  command_->add_option("--region-seats", options_.region_seats_path,
                       "With --region-column: CSV with columns region and seats (optional "
                       "other_valid, invalid), one row per list district");
  command_
      ->add_option("--threshold-scope", options_.threshold_scope,
                   fmt::format("With --region-column, where the threshold is counted: {} (in "
                               "each district, or once of the districts' votes summed)",
                               scenario::names<rules::ThresholdScope>(scenario::Quoting::plain)))
      ->capture_default_str();
  command_->add_option("--mixed", options_.mixed,
                       "parallel or compensatory (needs district seats; with --region-column, "
                       "compensatory is regional compensation, the additional member system)");
  command_
      ->add_option("--overhang", options_.overhang,
                   "Under --mixed compensatory: grow-house (New Zealand) or levelling")
      ->capture_default_str();
  command_->add_option("--waiver", options_.waiver,
                       "District seats that admit a party whatever its share (0: none)");
  command_->add_option("--exempt", options_.exempt,
                       "A party admitted whatever its share (a national minority's list); "
                       "repeat for several");
  command_->add_option("--party-threshold", options_.party_thresholds,
                       "NAME=SHARE: a party's own threshold (an alliance's); repeat for several");
  command_->add_option("--other-valid", options_.other_valid,
                       "Valid votes for lists not given one by one, counted in the threshold base");
  command_
      ->add_option("--first-divisor", options_.first_divisor,
                   "Under modified-sainte-lague, the first divisor, in [1, 2]: 1.4 (Norway), "
                   "1.2 (Sweden)")
      ->capture_default_str();
  command_
      ->add_option("--quota-rounding", options_.quota_rounding,
                   "Under droop: floor-plus-one or nearest (Slovakia)")
      ->capture_default_str();
  command_->add_option("--bonus-seats", options_.bonus_seats,
                       "Majority bonus to the first list at --bonus-from (0: none)");
  command_->add_option("--bonus-from", options_.bonus_from,
                       "Share of the threshold base from which the bonus is given");
  command_->add_option("--bonus-step", options_.bonus_step,
                       "One more bonus seat per whole step of share above --bonus-from");
  command_->add_option("--bonus-max", options_.bonus_max,
                       "The largest bonus (default --bonus-seats)");
  command_->add_flag("--json", options_.json, "Print JSON instead of a table");
}

// A history file states its own rule and votes, so every option but --json would be ignored:
// refuse the first one given rather than print a result that does not use it.
void AllocateCommand::refuse_options_beside_history() const {
  for (const CLI::Option* option : command_->get_options()) {
    if (option->count() == 0 || option->get_positional() || option->get_name() == "--json") {
      continue;
    }
    option_error(option->get_name(), fmt::format("not allowed with the history file {}", history_),
                 "a recorded election's rule and votes come from its file; only --json applies");
  }
}

// With --region-column the CSV is long-form and the seats are the list districts'; the options of
// a national list tier do not apply to it (and --region-seats, --threshold-scope only to it):
// refuse the first one given rather than print a result that does not use it.
void AllocateCommand::refuse_options_of_other_form() const {
  static constexpr std::pair<std::string_view, std::string_view> kNationalOnly[] = {
      {"--seats", "each list district's seats come from --region-seats"},
      {"--against-all", "give each list district's as the other_valid column of --region-seats"},
      {"--other-valid", "give each list district's as the other_valid column of --region-seats"},
      {"--invalid", "give each list district's as the invalid column of --region-seats"},
      {"--overhang", "regional compensation has no overhang: a list keeps its district seats"},
      {"--waiver", "a rule of a national list tier"},
      {"--exempt", "a rule of a national list tier"},
      {"--party-threshold", "a rule of a national list tier"},
      {"--bonus-seats", "a majority bonus is a national list tier's"},
      {"--bonus-from", "a majority bonus is a national list tier's"},
      {"--bonus-step", "a majority bonus is a national list tier's"},
      {"--bonus-max", "a majority bonus is a national list tier's"}};
  if (options_.region_column.empty()) {
    for (const std::string_view option : {"--region-seats", "--threshold-scope"}) {
      if (command_->count(std::string(option)) > 0) {
        option_error(option, "without --region-column",
                     "it applies to list districts: give --region-column COLUMN");
      }
    }
    return;
  }
  for (const auto& [option, why] : kNationalOnly) {
    if (command_->count(std::string(option)) > 0) {
      option_error(option, "not allowed with --region-column", why);
    }
  }
  if (options_.region_seats_path.empty()) {
    option_error(
        "--region-seats", "required with --region-column",
        "give --region-seats FILE.csv, each list district's seats (columns region, seats)");
  }
  if (!options_.district_column.empty() && options_.mixed.empty()) {
    option_error("--district-seats-column", "without --mixed beside --region-column",
                 "list districts count district seats only under --mixed parallel or "
                 "compensatory (there is no waiver to read them)");
  }
}

int AllocateCommand::execute() const {
  if (!history_.empty()) {
    refuse_options_beside_history();
    const auto check =
        report::check_history(scenario::load_history_file(history_), format(options_.json));
    std::fputs(check.report.c_str(), stdout);
    return check.matches ? 0 : 1;
  }

  if (options_.votes_path.empty()) {
    option_error("--votes", "missing", "give --votes FILE.csv, or a history file");
  }
  refuse_options_of_other_form();
  if (options_.region_column.empty() && command_->count("--seats") == 0) {
    option_error("--seats", "required with --votes", "give --seats N, the seats to allocate");
  }
  const rules::ListRule rule = list_rule(options_);
  std::optional<rules::Composition> composition;
  if (!options_.mixed.empty()) {
    composition = parse_named<rules::Composition>("--mixed", options_.mixed);
    if (options_.district_column.empty()) {
      option_error("--mixed", "no district seats", "also give --district-seats-column COLUMN");
    }
  }
  const CsvAllocation allocation = options_.region_column.empty()
                                       ? national_allocation(options_, rule, composition)
                                       : regional_allocation(options_, rule, composition);
  std::fputs(report::allocation_report(allocation.system, allocation.votes, options_.votes_path,
                                       format(options_.json))
                 .c_str(),
             stdout);
  return 0;
}

}  // namespace seatsim::cli
