// seatsim allocate: one allocation from real vote counts (a CSV and options), or a recorded past
// election (scenarios/history/*.toml) checked seat for seat against its official result.
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <numeric>

#include "engine/cli/commands.hpp"
#include "engine/rules/limits.hpp"
#include "engine/rules/mixed.hpp"
#include "engine/scenario/enum_names.hpp"
#include "engine/scenario/history.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/vote_table.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::cli {
namespace {

struct Allocation {
  std::vector<std::string> parties;
  std::vector<rules::Votes> votes;
  std::vector<int> district_seats;
  std::vector<rules::Admission> admission;
  std::vector<int> list_seats;
  std::vector<int> seats;
  rules::MixedOutcome outcome;
  rules::Votes base_votes = 0;  // what threshold shares are shares of
};

Allocation allocate(const rules::MixedRule& rule, std::optional<rules::Composition> composition,
                    const scenario::VoteTable& table, rules::Votes against_all,
                    rules::Votes invalid) {
  const std::size_t n = table.parties.size();
  Allocation a{.parties = table.parties,
               .votes = table.votes,
               .district_seats = table.district_seats,
               .admission = std::vector<rules::Admission>(n),
               .list_seats = std::vector<int>(n),
               .seats = std::vector<int>(n),
               .outcome = {}};
  if (a.district_seats.empty()) a.district_seats.assign(n, 0);
  const rules::ListBallot ballot{.lists = a.votes,
                                 .other_valid = against_all,
                                 .invalid = invalid,
                                 .district_seats = a.district_seats};
  if (composition) {
    a.outcome = rules::allocate_mixed(rule, ballot, a.list_seats, a.seats, a.admission);
  } else {
    a.outcome.list = rules::allocate_list(rule.list, ballot, a.list_seats, a.admission);
    a.outcome.house = rule.list.seats;
    a.seats = a.list_seats;
  }
  a.base_votes = std::accumulate(a.votes.begin(), a.votes.end(), rules::Votes{0});
  if (rule.list.threshold.base != rules::ThresholdBase::party_votes) a.base_votes += against_all;
  if (rule.list.threshold.base == rules::ThresholdBase::ballots) a.base_votes += invalid;
  return a;
}

std::string_view admission_name(rules::Admission admission) {
  switch (admission) {
    case rules::Admission::excluded: return "no";
    case rules::Admission::passed: return "yes";
    case rules::Admission::runner_up: return "runner-up";
    case rules::Admission::waived: return "waiver";
    case rules::Admission::exempt: return "exempt";
  }
  return "?";
}

double share(const Allocation& a, std::size_t i) {
  return a.base_votes > 0 ? static_cast<double>(a.votes[i]) / static_cast<double>(a.base_votes)
                          : 0.0;
}

std::string describe(const rules::MixedRule& rule, std::optional<rules::Composition> composition) {
  const auto& list = rule.list;
  std::string text = fmt::format(
      "{}, {} seats, threshold {}% of {} votes", rules::to_string(list.method), list.seats,
      100.0 * static_cast<double>(list.threshold.parts_per_billion) / rules::kPartsPerBillion,
      rules::to_string(list.threshold.base));
  if (list.waiver_district_seats > 0)
    text += fmt::format(" or {} district seats", list.waiver_district_seats);
  if (composition) {
    text += fmt::format(", {}", rules::to_string(*composition));
    if (*composition == rules::Composition::compensatory)
      text += fmt::format(" ({})", rules::to_string(rule.overhang));
  }
  return text;
}

std::string to_text(const Allocation& a, const std::vector<int>* official) {
  std::size_t width = 5;
  for (const auto& p : a.parties) width = std::max(width, p.size());
  std::string out = fmt::format("{:<{}}  {:>11}  {:>7}  {:>9}  {:>5}", "party", width, "votes",
                                "share", "admitted", "seats");
  if (official) out += "  official";
  out += "\n";
  for (std::size_t i = 0; i < a.parties.size(); ++i) {
    out += fmt::format("{:<{}}  {:>11}  {:>6.2f}%  {:>9}  {:>5}", a.parties[i], width, a.votes[i],
                       100.0 * share(a, i), admission_name(a.admission[i]), a.seats[i]);
    if (official) {
      out += fmt::format("  {:>8}{}", (*official)[i],
                         (*official)[i] == a.seats[i] ? "" : "  <- mismatch");
    }
    out += "\n";
  }
  out += fmt::format("total seats: {}", a.outcome.house);
  if (a.outcome.overhang > 0) out += fmt::format(" (overhang {})", a.outcome.overhang);
  if (a.outcome.levelling > 0) out += fmt::format(" (levelling {})", a.outcome.levelling);
  if (a.outcome.list.tie_decided) out += " (the last seat was decided by the tie rule)";
  if (a.outcome.list.unfilled) out += " (no list was admitted: the list seats are unfilled)";
  return out + "\n";
}

nlohmann::ordered_json to_json(const Allocation& a, const std::vector<int>* official) {
  nlohmann::ordered_json out;
  out["seats"] = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < a.parties.size(); ++i) out["seats"][a.parties[i]] = a.seats[i];
  out["total"] = a.outcome.house;
  out["overhang"] = a.outcome.overhang;
  out["levelling"] = a.outcome.levelling;
  out["tie_decided"] = a.outcome.list.tie_decided;
  out["unfilled"] = a.outcome.list.unfilled;
  out["parties"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < a.parties.size(); ++i) {
    nlohmann::ordered_json p{{"party", a.parties[i]},
                             {"votes", a.votes[i]},
                             {"share", share(a, i)},
                             {"admitted", admission_name(a.admission[i])},
                             {"district_seats", a.district_seats[i]},
                             {"list_seats", a.list_seats[i]},
                             {"seats", a.seats[i]}};
    if (official) p["official_seats"] = (*official)[i];
    out["parties"].push_back(std::move(p));
  }
  return out;
}

[[noreturn]] void option_error(std::string_view option, std::string_view problem,
                               std::string_view why) {
  throw InputError({fmt::format("(command line):0: {}: {} ({})", option, problem, why)});
}

}  // namespace

AllocateCommand::AllocateCommand(CLI::App& app)
    : Command(app.add_subcommand(
          "allocate", "Allocate seats once from real vote counts, or check a past election")) {
  command_->add_option("history", history_,
                       "A recorded election (scenarios/history/*.toml): allocate it and compare "
                       "with the official seats; exits 1 on any mismatch");
  command_->add_option("--votes", options_.votes_path,
                       "CSV with a header row and columns party and votes");
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
                       "CSV column holding each party's district seats");
  command_->add_option("--mixed", options_.mixed,
                       "parallel or compensatory (needs district seats)");
  command_
      ->add_option("--overhang", options_.overhang,
                   "Under --mixed compensatory: grow-house (New Zealand) or levelling")
      ->capture_default_str();
  command_->add_option("--waiver", options_.waiver,
                       "District seats that admit a party whatever its share (0: none)");
  command_->add_flag("--json", options_.json, "Print JSON instead of a table");
}

int AllocateCommand::execute() const {
  if (!history_.empty()) {
    const auto history = scenario::load_history_file(history_);
    scenario::VoteTable table;
    std::vector<int> official;
    for (const auto& p : history.parties) {
      table.parties.push_back(p.name);
      table.votes.push_back(p.votes);
      table.district_seats.push_back(p.district_seats);
      official.push_back(p.official_seats);
    }
    const auto a =
        allocate(history.rule, history.composition, table, history.against_all, history.invalid);
    const bool matches = a.seats == official;
    if (options_.json) {
      auto out = to_json(a, &official);
      out["election"] = history.name;
      out["matches_official"] = matches;
      std::puts(out.dump(2).c_str());
    } else {
      std::printf("%s, %s (%s)\n%s", history.name.c_str(), history.date.c_str(),
                  describe(history.rule, history.composition).c_str(),
                  to_text(a, &official).c_str());
      std::printf("%s\n",
                  matches ? "matches the official result" : "DOES NOT match the official result");
    }
    return matches ? 0 : 1;
  }

  if (options_.votes_path.empty()) {
    option_error("--votes", "missing", "give --votes FILE.csv, or a history file");
  }
  const auto method = scenario::parse_method(options_.method);
  if (!method) {
    option_error("--method", fmt::format("\"{}\" is not recognised", options_.method),
                 fmt::format("expected one of {}", scenario::method_names()));
  }
  if (options_.seats <= 0) {
    option_error("--seats", fmt::format("{} is not a seat count", options_.seats),
                 "give --seats N with N at least 1");
  }
  if (options_.seats > rules::kMaxSeats) {
    option_error("--seats", fmt::format("{} seats", options_.seats),
                 fmt::format("at most {} are supported", rules::kMaxSeats));
  }
  if (!(options_.threshold >= 0.0 && options_.threshold < 1.0)) {
    option_error("--threshold", fmt::format("{} is outside [0, 1)", options_.threshold),
                 "a threshold is a share of the vote: 0.05 for 5%");
  }
  const auto base = scenario::parse_threshold_base(options_.threshold_base);
  if (!base) {
    option_error("--threshold-base",
                 fmt::format("\"{}\" is not recognised", options_.threshold_base),
                 fmt::format("expected one of {}",
                             scenario::names<rules::ThresholdBase>(scenario::Quoting::plain)));
  }
  for (const auto& [option, count] :
       {std::pair{"--against-all", options_.against_all}, {"--invalid", options_.invalid}}) {
    if (count < 0 || count > rules::kMaxVotes) {
      option_error(option, fmt::format("{} is outside [0, {}]", count, rules::kMaxVotes),
                   "a vote count, at most 2^40 so that totals cannot overflow");
    }
  }
  std::optional<rules::Composition> composition;
  if (!options_.mixed.empty()) {
    composition = scenario::parse_composition(options_.mixed);
    if (!composition) {
      option_error("--mixed", fmt::format("\"{}\" is not recognised", options_.mixed),
                   "expected parallel or compensatory");
    }
    if (options_.district_column.empty()) {
      option_error("--mixed", "no district seats", "also give --district-seats-column COLUMN");
    }
  }
  const auto overhang = scenario::parse_overhang(options_.overhang);
  if (!overhang) {
    option_error("--overhang", fmt::format("\"{}\" is not recognised", options_.overhang),
                 "expected grow-house or levelling");
  }
  if (options_.waiver < 0 || (options_.waiver > 0 && options_.district_column.empty())) {
    option_error("--waiver", fmt::format("{}", options_.waiver),
                 "a waiver is a count of district seats read from --district-seats-column");
  }

  const auto table = scenario::read_vote_table_file(options_.votes_path, options_.district_column);
  const rules::MixedRule rule{
      .list = {.seats = options_.seats,
               .method = *method,
               .threshold = {rules::to_parts_per_billion(options_.threshold), *base},
               .waiver_district_seats = options_.waiver},
      .composition = composition.value_or(rules::Composition::parallel),
      .overhang = *overhang};
  const auto a = allocate(rule, composition, table, options_.against_all, options_.invalid);
  if (options_.json) {
    std::puts(to_json(a, nullptr).dump(2).c_str());
  } else {
    std::printf("%s (%s)\n%s", options_.votes_path.c_str(), describe(rule, composition).c_str(),
                to_text(a, nullptr).c_str());
  }
  return 0;
}

}  // namespace seatsim::cli
