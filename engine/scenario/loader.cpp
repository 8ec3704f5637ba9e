#include "engine/scenario/loader.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "engine/scenario/input_error.hpp"
#include "engine/scenario/sweep_axis.hpp"
#include "engine/scenario/text_file.hpp"
#include "engine/scenario/toml_diagnostics.hpp"

namespace seatsim::scenario {
namespace {

using model::OptionKind;

enum class Presence { required, optional };

// Shares of the list ballot may be rounded in the file (published percentages rarely sum to
// exactly 100); within this tolerance they are renormalised, beyond it they are an error.
constexpr double kShareSumTolerance = 0.01;

template <class Enum>
struct Choice {
  std::string_view name;
  Enum value;
};

constexpr Choice<OptionKind> kKinds[] = {{"party", OptionKind::party},
                                         {"against_all", OptionKind::against_all},
                                         {"district_only", OptionKind::district_only}};
constexpr Choice<rules::Method> kMethods[] = {
    {"hare", rules::Method::hare},
    {"droop", rules::Method::droop},
    {"imperiali", rules::Method::imperiali},
    {"dhondt", rules::Method::dhondt},
    {"sainte-lague", rules::Method::sainte_lague},
    {"modified-sainte-lague", rules::Method::modified_sainte_lague},
    {"huntington-hill", rules::Method::huntington_hill},
    {"adams", rules::Method::adams}};
constexpr Choice<rules::ThresholdBase> kBases[] = {
    {"party_votes", rules::ThresholdBase::party_votes},
    {"valid", rules::ThresholdBase::valid},
    {"ballots", rules::ThresholdBase::ballots}};
constexpr Choice<rules::TiePolicy> kTies[] = {
    {"registration_order", rules::TiePolicy::registration_order},
    {"by_lot", rules::TiePolicy::by_lot},
    {"report", rules::TiePolicy::report}};

std::string join_path(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

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

// Reads typed, checked values, collecting every problem with its location.
class Reader : public TomlDiagnostics {
 public:
  using TomlDiagnostics::TomlDiagnostics;

  const toml::node* find(const toml::table& table, std::string_view path, std::string_view key,
                         Presence presence) {
    const toml::node* node = table.get(key);
    if (!node && presence == Presence::required) {
      error(table, join_path(path, key), "missing",
            fmt::format("required in [{}]", path.empty() ? "top level" : path));
    }
    return node;
  }

  const toml::table* table(const toml::table& parent, std::string_view path, std::string_view key,
                           Presence presence) {
    const toml::node* node = find(parent, path, key, presence);
    if (!node) return nullptr;
    if (const auto* t = node->as_table()) return t;
    wrong_type(*node, join_path(path, key), "a table");
    return nullptr;
  }

  std::optional<double> number(const toml::table& parent, std::string_view path,
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

  // A number that must lie in [low, high] (or [low, high) when `high_open`).
  std::optional<double> bounded(const toml::table& parent, std::string_view path,
                                std::string_view key, Presence presence, double low, double high,
                                std::string_view why, bool high_open = false) {
    auto value = number(parent, path, key, presence);
    if (!value) return std::nullopt;
    const bool too_high = high_open ? *value >= high : *value > high;
    if (*value < low || too_high) {
      error(*parent.get(key), join_path(path, key),
            fmt::format("{} is outside [{}, {}{}", *value, low, high, high_open ? ")" : "]"), why);
      return std::nullopt;
    }
    return value;
  }

  std::optional<std::int64_t> integer(const toml::table& parent, std::string_view path,
                                      std::string_view key, Presence presence, std::int64_t low,
                                      std::int64_t high, std::string_view why) {
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

  std::optional<std::string> string(const toml::table& parent, std::string_view path,
                                    std::string_view key, Presence presence) {
    const toml::node* node = find(parent, path, key, presence);
    if (!node) return std::nullopt;
    if (const auto* s = node->as_string()) return s->get();
    wrong_type(*node, join_path(path, key), "a string");
    return std::nullopt;
  }

  template <class Enum, std::size_t N>
  std::optional<Enum> choice(const toml::table& parent, std::string_view path, std::string_view key,
                             Presence presence, const Choice<Enum> (&choices)[N]) {
    const auto text = string(parent, path, key, presence);
    if (!text) return std::nullopt;
    std::string names;
    for (const auto& c : choices) {
      if (c.name == *text) return c.value;
      names += names.empty() ? fmt::format("\"{}\"", c.name) : fmt::format(", \"{}\"", c.name);
    }
    error(*parent.get(key), join_path(path, key), fmt::format("\"{}\" is not recognised", *text),
          fmt::format("expected one of {}", names));
    return std::nullopt;
  }

  void wrong_type(const toml::node& node, std::string_view key, std::string_view expected) {
    error(node, key, fmt::format("expected {}, got {}", expected, type_name(node)),
          "see scenarios/README.md");
  }

 private:
};

bool is_identifier(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

sim::Election read_election(Reader& r, const toml::table& root) {
  sim::Election election;
  const auto* table = r.table(root, "", "election", Presence::required);
  if (!table) return election;
  r.check_keys(*table, "election", {"name", "date"});
  election.name = r.string(*table, "election", "name", Presence::required).value_or("");
  if (const auto* date = r.find(*table, "election", "date", Presence::required)) {
    if (const auto* d = date->as_date()) {
      std::ostringstream text;
      text << d->get();
      election.date = text.str();
    } else {
      r.wrong_type(*date, "election.date", "a date such as 2028-03-19");
    }
  }
  return election;
}

struct OptionEntry {
  model::BallotOption option;
  std::optional<double> share;    // list-ballot options: mean national share, if it was valid
  bool share_overridden = false;  // set by --set: kept, while the other shares make room
  double written_share = 0.0;     // the share as written in the file, before any --set
  double district_share = 0.0;    // district-only options: share where no baseline says otherwise
  toml::source_region source;     // of its key, whose line gives the ballot order
};

// `as_written` is the document before --set overrides: district baselines describe the districts
// at the national shares written in the file, so the swing is measured from those.
std::vector<OptionEntry> read_parties(Reader& r, const toml::table& root,
                                      const toml::table& as_written) {
  std::vector<OptionEntry> entries;
  const auto* parties = r.table(root, "", "parties", Presence::required);
  if (!parties) return entries;
  if (parties->size() > static_cast<std::size_t>(rules::kMaxOptions)) {
    r.error(*parties, "parties", fmt::format("{} options", parties->size()),
            fmt::format("at most {} ballot options are supported", rules::kMaxOptions));
    return entries;
  }
  std::set<std::string> names;
  for (const auto& [key, node] : *parties) {
    const std::string path = join_path("parties", key.str());
    if (!is_identifier(key.str())) {
      r.error(key.source(), path, "invalid id", "ids are 1 to 64 characters of a-z, 0-9 and _");
    }
    const auto* table = node.as_table();
    if (!table) {
      r.wrong_type(node, path, "a table");
      continue;
    }
    r.check_keys(*table, path, {"name", "kind", "share", "district_share"});
    OptionEntry entry;
    entry.source = key.source();
    entry.option.id = std::string(key.str());
    entry.option.name =
        r.string(*table, path, "name", Presence::required).value_or(entry.option.id);
    entry.option.kind =
        r.choice(*table, path, "kind", Presence::optional, kKinds).value_or(OptionKind::party);
    if (!names.insert(entry.option.name).second) {
      r.error(*table->get("name"), join_path(path, "name"),
              fmt::format("duplicate name \"{}\"", entry.option.name),
              "each option needs its own name");
    }
    if (model::on_list_ballot(entry.option.kind)) {
      if (table->contains("district_share")) {
        r.error(*table->get("district_share"), join_path(path, "district_share"),
                "not allowed for this kind",
                "only district_only options take a district_share; use share");
      }
      entry.share = r.bounded(*table, path, "share", Presence::required, 0.0, 1.0,
                              "a share is a fraction of the valid vote");
      if (const auto* share = table->get("share"))
        entry.share_overridden = is_override(share->source());
      const auto written = as_written["parties"][key.str()]["share"].value<double>();
      entry.written_share = written && *written > 0.0 ? *written : entry.share.value_or(0.0);
    } else {
      if (table->contains("share")) {
        r.error(*table->get("share"), join_path(path, "share"), "not allowed for this kind",
                "a district_only option has no national list share; use district_share");
      }
      entry.district_share = r.bounded(*table, path, "district_share", Presence::required, 0.0, 1.0,
                                       "a share is a fraction of a district's vote")
                                 .value_or(0.0);
    }
    entries.push_back(std::move(entry));
  }
  // toml++ tables are sorted by key; the ballot (registration) order is the order in the file.
  std::stable_sort(entries.begin(), entries.end(), [](const OptionEntry& a, const OptionEntry& b) {
    return a.source.begin.line < b.source.begin.line;
  });
  if (parties->empty()) {
    r.error(*parties, "parties", "no ballot options", "a scenario needs at least one party");
  }
  return entries;
}

// The parties' shares, normalised: the model's mean, or the prior that polls are blended with.
void read_prior_mean(Reader& r, const toml::table& root, sim::Scenario& s,
                     const std::vector<OptionEntry>& entries) {
  // A share set with --set is kept, and the shares not set scale to fill the rest of the vote, so
  // that "--set parties.baytaq.share=0.04" means Baytaq at 4% with the others in proportion.
  double fixed = 0.0;
  double free = 0.0;
  bool complete = true;
  for (const auto& e : entries) {
    if (!model::on_list_ballot(e.option.kind)) continue;
    if (!e.share) {
      complete = false;  // already reported
    } else if (*e.share <= 0.0) {
      complete = false;
      r.error(e.source, join_path("parties", e.option.id) + ".share", "must be above 0",
              "the Dirichlet model needs every list-ballot share to be positive");
    } else {
      (e.share_overridden ? fixed : free) += *e.share;
    }
  }
  if (fixed > 0.0 && complete && (fixed >= 1.0 || free <= 0.0)) {
    r.error(*root.get("parties"), "parties.*.share",
            fmt::format("the shares set with --set sum to {}", fixed),
            "they must leave room for the shares not set");
    complete = false;
  }
  const double scale = fixed > 0.0 && free > 0.0 ? (1.0 - fixed) / free : 1.0;
  double sum = 0.0;
  for (const auto& e : entries) {
    if (!model::on_list_ballot(e.option.kind)) continue;
    const double share = e.share.value_or(0.0) * (e.share_overridden ? 1.0 : scale);
    s.vote.mean.push_back(share);
    sum += share;
  }
  if (s.vote.mean.empty()) {
    // With no options at all, [parties] has already been reported; say nothing that follows.
    if (!entries.empty()) {
      r.error(root, "parties", "no list-ballot options", "the vote model needs at least one share");
    }
  } else if (complete && std::abs(sum - 1.0) > kShareSumTolerance) {
    r.error(*root.get("parties"), "parties.*.share", fmt::format("shares sum to {:.6g}", sum),
            fmt::format("the list-ballot shares must sum to 1 within {}", kShareSumTolerance));
  } else if (complete) {
    for (double& m : s.vote.mean) m /= sum;
  }
}

// A TOML date as a day number (days since 1970-01-01), for ages and intervals.
std::optional<int> day_number(Reader& r, const toml::node* node, std::string_view key) {
  if (!node) return std::nullopt;
  if (const auto* d = node->as_date()) {
    const toml::date& date = d->get();
    const std::chrono::year_month_day ymd{
        std::chrono::year(date.year), std::chrono::month(date.month), std::chrono::day(date.day)};
    return std::chrono::sys_days(ymd).time_since_epoch().count();
  }
  r.wrong_type(*node, key, "a date such as 2028-03-19");
  return std::nullopt;
}

// Per list-ballot option, the values of a table keyed by option ids; an option not listed keeps
// `fallback`. Unknown ids and options off the list ballot are errors.
std::vector<std::optional<double>> per_list_option(Reader& r, const toml::table& values,
                                                   std::string_view path,
                                                   const std::vector<OptionEntry>& entries,
                                                   double low, double high, std::string_view why) {
  std::vector<std::optional<double>> out;
  std::vector<std::size_t> position(entries.size(), entries.size());
  for (std::size_t k = 0; k < entries.size(); ++k) {
    if (model::on_list_ballot(entries[k].option.kind)) {
      position[k] = out.size();
      out.emplace_back();
    }
  }
  for (const auto& [id, node] : values) {
    // A named copy: clang 14 does not let a lambda capture a structured binding.
    const std::string_view name = id.str();
    const auto it = std::find_if(entries.begin(), entries.end(),
                                 [&](const OptionEntry& e) { return e.option.id == name; });
    if (it == entries.end() || !model::on_list_ballot(it->option.kind)) {
      r.error(id.source(), join_path(path, id.str()), "not a list-ballot option",
              "every key must be the id of a party or against_all option under [parties]");
      continue;
    }
    out[position[static_cast<std::size_t>(it - entries.begin())]] =
        r.bounded(values, path, id.str(), Presence::required, low, high, why);
  }
  return out;
}

constexpr Choice<model::DrawModel> kDrawModels[] = {
    {"dirichlet", model::DrawModel::dirichlet},
    {"logistic-normal", model::DrawModel::logistic_normal},
    {"student-t", model::DrawModel::student_t}};
constexpr Choice<model::UndecidedSplit> kUndecidedSplits[] = {
    {"proportional", model::UndecidedSplit::proportional},
    {"dirichlet", model::UndecidedSplit::dirichlet}};
constexpr Choice<model::HouseEffects> kHouseEffects[] = {
    {"none", model::HouseEffects::none}, {"estimate", model::HouseEffects::estimate}};

model::HouseEffect read_house_effect(Reader& r, const toml::table& table, std::string_view path,
                                     const std::string& pollster,
                                     const std::vector<OptionEntry>& entries) {
  model::HouseEffect effect{.pollster = pollster, .shift = {}};
  for (const auto& shift : per_list_option(r, table, path, entries, -1.0, 1.0,
                                           "a house effect is a share of the decided vote")) {
    effect.shift.push_back(shift.value_or(0.0));
  }
  return effect;
}

// [polls]: the polls, how they are weighted, and the prior they are blended with (the parties'
// shares). Sets s.polls and, from the aggregate, the model's mean.
void read_polls(Reader& r, const toml::table& root, sim::Scenario& s,
                const std::vector<OptionEntry>& entries) {
  const auto* table = r.table(root, "", "polls", Presence::optional);
  if (!table) return;
  const std::string path = "polls";
  r.check_keys(
      *table, path,
      {"half_life_days", "sample_cap", "design_effect", "prior_n", "house_effects", "poll"});
  model::PollSpec spec;
  spec.prior = s.vote.mean;
  const auto election_day =
      day_number(r, root["election"]["date"].node(), "election.date").value_or(0);
  spec.election_day = election_day;
  spec.half_life_days = r.bounded(*table, path, "half_life_days", Presence::required, 0.1, 1e5,
                                  "a poll's weight halves every this many days")
                            .value_or(1.0);
  spec.sample_cap = r.bounded(*table, path, "sample_cap", Presence::optional, 1.0, 1e9,
                              "no poll counts as more respondents than this")
                        .value_or(1e9);
  spec.design_effect = r.bounded(*table, path, "design_effect", Presence::optional, 1.0, 100.0,
                                 "a poll of n counts as n / design_effect random respondents")
                           .value_or(1.0);
  spec.prior_n = r.bounded(*table, path, "prior_n", Presence::required, 0.0, 1e9,
                           "the prior counts as this many respondents")
                     .value_or(0.0);
  if (const auto* node = r.find(*table, path, "house_effects", Presence::optional)) {
    if (const auto* given = node->as_table()) {
      spec.house_effects = model::HouseEffects::given;
      for (const auto& [pollster, effects] : *given) {
        const std::string epath = fmt::format("{}.house_effects.\"{}\"", path, pollster.str());
        if (const auto* effect_table = effects.as_table()) {
          spec.given_effects.push_back(
              read_house_effect(r, *effect_table, epath, std::string(pollster.str()), entries));
        } else {
          r.wrong_type(effects, epath, "a table of option ids and shares");
        }
      }
    } else {
      spec.house_effects =
          r.choice(*table, path, "house_effects", Presence::optional, kHouseEffects)
              .value_or(model::HouseEffects::none);
    }
  }

  const auto* node = r.find(*table, path, "poll", Presence::required);
  const auto* polls = node ? node->as_array() : nullptr;
  if (node && !polls) r.wrong_type(*node, path + ".poll", "an array of tables ([[polls.poll]])");
  if (!polls) return;
  if (polls->empty()) {
    r.error(*node, path + ".poll", "no polls", "[polls] needs at least one [[polls.poll]]");
    return;
  }
  for (std::size_t i = 0; i < polls->size(); ++i) {
    const std::string ppath = fmt::format("{}.poll[{}]", path, i);
    const auto* poll_table = (*polls)[i].as_table();
    if (!poll_table) {
      r.wrong_type((*polls)[i], ppath, "a table");
      continue;
    }
    r.check_keys(*poll_table, ppath,
                 {"pollster", "fieldwork_start", "fieldwork_end", "sample_size", "shares",
                  "undecided", "refused"});
    model::Poll poll;
    poll.pollster = r.string(*poll_table, ppath, "pollster", Presence::required).value_or("");
    const auto start =
        day_number(r, r.find(*poll_table, ppath, "fieldwork_start", Presence::required),
                   ppath + ".fieldwork_start");
    const auto end = day_number(r, r.find(*poll_table, ppath, "fieldwork_end", Presence::required),
                                ppath + ".fieldwork_end");
    if (start && end && *start > *end) {
      r.error(*poll_table->get("fieldwork_end"), ppath + ".fieldwork_end", "before fieldwork_start",
              "fieldwork ends on or after the day it starts");
    }
    if (end && *end > election_day) {
      r.error(*poll_table->get("fieldwork_end"), ppath + ".fieldwork_end", "after the election",
              "a forecast uses polls taken before election.date");
    }
    poll.fieldwork_start = start.value_or(0);
    poll.fieldwork_end = end.value_or(0);
    poll.sample_size = r.bounded(*poll_table, ppath, "sample_size", Presence::required, 1.0, 1e9,
                                 "the number of respondents")
                           .value_or(1.0);
    const double undecided = r.bounded(*poll_table, ppath, "undecided", Presence::optional, 0.0,
                                       1.0, "a share of all respondents", true)
                                 .value_or(0.0);
    const double refused = r.bounded(*poll_table, ppath, "refused", Presence::optional, 0.0, 1.0,
                                     "a share of all respondents", true)
                               .value_or(0.0);
    poll.undecided = undecided + refused;
    double reported = 0.0;
    if (const auto* shares = r.table(*poll_table, ppath, "shares", Presence::required)) {
      poll.shares = per_list_option(r, *shares, ppath + ".shares", entries, 0.0, 1.0,
                                    "a share of all respondents");
      for (const auto& share : poll.shares) reported += share.value_or(0.0);
      if (!(reported > 0.0)) {
        r.error(*shares, ppath + ".shares", "no share above 0",
                "a poll must report at least one option");
      } else if (reported + poll.undecided > 1.0 + kShareSumTolerance) {
        r.error(*shares, ppath + ".shares",
                fmt::format("shares, undecided and refused sum to {}", reported + poll.undecided),
                fmt::format("they are shares of the respondents: at most 1 within {}",
                            kShareSumTolerance));
      } else if (poll.undecided >= 1.0) {
        r.error(*poll_table, ppath + ".undecided", "no decided respondents",
                "undecided and refused must sum to less than 1");
      }
    }
    spec.polls.push_back(std::move(poll));
  }
  if (!r.ok()) return;
  auto aggregate = model::aggregate_polls(spec);
  for (std::size_t j = 0, k = 0; k < entries.size(); ++k) {
    if (!model::on_list_ballot(entries[k].option.kind)) continue;
    if (!(aggregate.mean[j] > 0.0)) {
      r.error(*table, path, fmt::format("{} aggregates to a share of 0", entries[k].option.id),
              "every list-ballot option needs a share above 0: raise prior_n or check the polls");
    }
    ++j;
  }
  s.vote.mean = aggregate.mean;
  s.polls = sim::Polls{.spec = std::move(spec), .aggregate = std::move(aggregate)};
}

// [model]: the draw model and its parameters. The mean comes from the parties' shares, or from
// the polls blended with them.
void read_model(Reader& r, const toml::table& root, sim::Scenario& s,
                const std::vector<OptionEntry>& entries) {
  const auto* table = r.table(root, "", "model", Presence::required);
  if (!table) return;
  const std::string path = "model";
  r.check_keys(*table, path,
               {"type", "n_eff", "invalid_share", "invalid_sd", "error_sd", "error_correlation",
                "drift_sd", "forecast_date", "df", "undecided_split", "undecided_concentration"});
  read_prior_mean(r, root, s, entries);
  read_polls(r, root, s, entries);
  auto& vote = s.vote;
  vote.kind = r.choice(*table, path, "type", Presence::required, kDrawModels)
                  .value_or(model::DrawModel::dirichlet);
  const bool logistic = vote.kind != model::DrawModel::dirichlet;

  // The logistic models centre on the posterior given the polls, which shrinks them towards the
  // prior by their error (engine/model/logistic_normal.hpp).
  if (logistic && s.polls) vote.prior_alpha = model::prior_alpha(s.polls->spec);
  if (const auto* n_eff = r.find(*table, path, "n_eff", Presence::required);
      n_eff && n_eff->is_string()) {
    if (n_eff->value<std::string>() != "polls") {
      r.error(*n_eff, "model.n_eff",
              fmt::format("expected a number or \"polls\", got \"{}\"",
                          n_eff->value<std::string>().value_or("")),
              "\"polls\" takes the poll aggregate's effective sample size");
    } else if (s.polls) {
      s.n_eff_source = sim::NeffSource::polls;
      vote.n_eff = s.polls->aggregate.n_eff;
    } else if (!root.contains("polls")) {  // with [polls] in error, that error is reported
      r.error(*n_eff, "model.n_eff", "\"polls\" without [polls]",
              "the polls' effective sample size needs polls");
    }
  } else {
    const auto stated =
        r.bounded(*table, path, "n_eff", Presence::required, 1.0, 1e9, "the effective sample size");
    vote.n_eff = stated.value_or(1.0);
    // A stated n_eff then stands for the conjugate posterior's, which holds the prior's.
    std::vector<std::string> short_of_prior;
    for (std::size_t j = 0, k = 0; stated && k < entries.size() && !vote.prior_alpha.empty(); ++k) {
      if (!model::on_list_ballot(entries[k].option.kind)) continue;
      if (vote.n_eff * vote.mean[j] < vote.prior_alpha[j]) {
        short_of_prior.push_back(entries[k].option.id);
      }
      ++j;
    }
    if (!short_of_prior.empty()) {
      r.error(*n_eff, "model.n_eff",
              fmt::format("{} gives {} fewer respondents than the prior's prior_n x share",
                          vote.n_eff, fmt::join(short_of_prior, ", ")),
              "with polls, n_eff counts the prior's respondents and the polls': raise it, or use "
              "\"polls\"");
    }
  }
  s.invalid_share = r.bounded(*table, path, "invalid_share", Presence::optional, 0.0,
                              sim::kMaxInvalidShare, "invalid ballots as a share of all ballots")
                        .value_or(0.0);
  s.invalid_sd = r.bounded(*table, path, "invalid_sd", Presence::optional, 0.0, 10.0,
                           "the sd of the invalid share on the logit scale")
                     .value_or(0.0);
  if (s.invalid_sd > 0.0 && !(s.invalid_share > 0.0)) {
    r.error(*table->get("invalid_sd"), "model.invalid_sd", "needs an invalid_share above 0",
            "the invalid share varies around invalid_share on the logit scale");
  }

  // Keys of the logistic-normal and Student-t models only.
  for (const std::string_view key :
       {"error_sd", "error_correlation", "drift_sd", "forecast_date"}) {
    if (!logistic && table->contains(key)) {
      r.error(*table->get(key), join_path(path, key), "not allowed for type \"dirichlet\"",
              "systematic error and drift are terms of the logistic-normal and student-t models");
    }
  }
  const std::size_t list_options = vote.mean.size();
  if (logistic && list_options < 2) {
    r.error(*table, "model.type", "needs two list-ballot options",
            "log-ratios need a reference option and at least one other");
  }
  if (const auto* sds = r.table(*table, path, "error_sd", Presence::optional); sds && logistic) {
    for (const auto& sd : per_list_option(r, *sds, "model.error_sd", entries, 0.0, 10.0,
                                          "the sd of a log share's systematic error")) {
      vote.error_sd.push_back(sd.value_or(0.0));
    }
  }
  // Any rho >= -1/(K-1) makes the equicorrelation matrix positive semi-definite.
  const double lowest = list_options >= 2 ? -1.0 / static_cast<double>(list_options - 1) : 0.0;
  vote.error_correlation = r.bounded(*table, path, "error_correlation", Presence::optional, lowest,
                                     1.0, "a correlation; below -1/(K-1) it is not one")
                               .value_or(0.0);
  vote.drift_sd = r.bounded(*table, path, "drift_sd", Presence::optional, 0.0, 10.0,
                            "the sd of a log share's drift over a year")
                      .value_or(0.0);
  std::optional<int> from_day;
  if (const auto* date = r.find(*table, path, "forecast_date", Presence::optional)) {
    from_day = day_number(r, date, "model.forecast_date");
    if (from_day) {
      std::ostringstream text;
      text << date->as_date()->get();
      s.forecast_date = text.str();
    }
  } else if (s.polls) {
    for (const auto& poll : s.polls->spec.polls) {
      from_day = std::max(from_day.value_or(poll.fieldwork_end), poll.fieldwork_end);
    }
  }
  if (vote.drift_sd > 0.0) {
    const auto election_day = day_number(r, root["election"]["date"].node(), "election.date");
    if (!from_day) {
      r.error(*table->get("drift_sd"), "model.drift_sd", "no date to drift from",
              "give model.forecast_date or [polls]");
    } else if (election_day && *from_day > *election_day) {
      r.error(*table->get("forecast_date"), "model.forecast_date", "after the election",
              "drift runs from the forecast date to election.date");
    } else if (election_day) {
      vote.drift_days = *election_day - *from_day;
    }
  }
  if (vote.kind == model::DrawModel::student_t) {
    vote.df = r.bounded(*table, path, "df", Presence::required, 0.5, 1e6,
                        "the Student-t degrees of freedom")
                  .value_or(1.0);
  } else if (table->contains("df")) {
    r.error(*table->get("df"), "model.df", "only for type \"student-t\"",
            "degrees of freedom belong to the Student-t model");
  }
  vote.undecided_split =
      r.choice(*table, path, "undecided_split", Presence::optional, kUndecidedSplits)
          .value_or(model::UndecidedSplit::proportional);
  if (vote.undecided_split == model::UndecidedSplit::dirichlet) {
    if (s.polls) {
      vote.undecided = s.polls->aggregate.undecided;
    } else if (!root.contains("polls")) {
      r.error(*table->get("undecided_split"), "model.undecided_split", "needs [polls]",
              "the undecided share comes from the polls");
    }
    vote.undecided_concentration =
        r.bounded(*table, path, "undecided_concentration", Presence::required, 0.1, 1e9,
                  "the concentration of the undecided voters' Dirichlet split")
            .value_or(1.0);
  } else if (table->contains("undecided_concentration")) {
    r.error(*table->get("undecided_concentration"), "model.undecided_concentration",
            "only with undecided_split = \"dirichlet\"", "a proportional split has no spread");
  }
}

void read_list_tier(Reader& r, const toml::table& tiers, sim::Scenario& s) {
  const auto* table = r.table(tiers, "tiers", "list", Presence::optional);
  if (!table) return;
  const std::string path = "tiers.list";
  r.check_keys(*table, path,
               {"seats", "method", "threshold", "threshold_base", "ties", "min_admitted"});
  rules::ListRule rule;
  rule.seats = static_cast<int>(r.integer(*table, path, "seats", Presence::required, 1, kMaxSeats,
                                          "a tier needs at least one seat")
                                    .value_or(1));
  rule.method =
      r.choice(*table, path, "method", Presence::required, kMethods).value_or(rules::Method::hare);
  const double threshold = r.bounded(*table, path, "threshold", Presence::optional, 0.0, 1.0,
                                     "a threshold is a share of the vote, below 1", true)
                               .value_or(0.0);
  rule.threshold.parts_per_billion = rules::to_parts_per_billion(threshold);
  rule.threshold.base = r.choice(*table, path, "threshold_base", Presence::optional, kBases)
                            .value_or(rules::ThresholdBase::valid);
  rule.ties = r.choice(*table, path, "ties", Presence::optional, kTies)
                  .value_or(rules::TiePolicy::registration_order);
  rule.min_admitted = static_cast<int>(
      r.integer(*table, path, "min_admitted", Presence::optional, 0, rules::kMaxOptions,
                "the number of lists the runner-up rule guarantees")
          .value_or(0));
  s.list_tier = rule;
}

// The index of the option a table key names, or an error at the key if no option has that id.
std::optional<std::size_t> find_option(Reader& r, const std::vector<OptionEntry>& entries,
                                       const toml::key& id, const std::string& path) {
  const auto it = std::find_if(entries.begin(), entries.end(),
                               [&](const OptionEntry& e) { return e.option.id == id.str(); });
  if (it == entries.end()) {
    r.error(id.source(), path, "unknown party", "every key must be an id declared under [parties]");
    return std::nullopt;
  }
  return static_cast<std::size_t>(it - entries.begin());
}

// One district's candidate strengths, per option (0 where none is given): log-multipliers of the
// scores of candidates who stand there, such as an incumbent's personal vote.
std::vector<double> read_district_strength(Reader& r, const toml::table& district,
                                           const std::string& path,
                                           const std::vector<OptionEntry>& entries,
                                           const std::vector<double>& baseline) {
  std::vector<double> strength(entries.size(), 0.0);
  const auto* values = r.table(district, path, "strength", Presence::optional);
  if (!values) return strength;
  const std::string table_path = path + ".strength";
  for (const auto& [id, node] : *values) {
    const std::string value_path = fmt::format("{}.{}", table_path, id.str());
    const auto k = find_option(r, entries, id, value_path);
    if (!k) continue;
    const auto value = r.bounded(*values, table_path, id.str(), Presence::required, -10.0, 10.0,
                                 "a strength is a natural-log multiplier of the candidate's score");
    if (!value) continue;
    if (!model::wins_seats(entries[*k].option.kind) || baseline[*k] <= 0.0) {
      r.error(node, value_path, "no candidate here",
              "only an option that can win and stands in this district takes a strength");
      continue;
    }
    strength[*k] = *value;
  }
  return strength;
}

// One district's baseline share per option, from either `baseline` shares or `multiplier`s of each
// option's reference share (its national mean share, or its district_share if district-only).
std::vector<double> read_district_baseline(Reader& r, const toml::table& district,
                                           const std::string& path,
                                           const std::vector<OptionEntry>& entries,
                                           const std::vector<double>& reference) {
  std::vector<double> baseline(entries.size(), 0.0);
  const bool has_baseline = district.contains("baseline");
  const bool has_multiplier = district.contains("multiplier");
  if (has_baseline == has_multiplier) {
    r.error(district, path,
            has_baseline ? "both baseline and multiplier" : "neither baseline nor multiplier",
            "give a district exactly one of them");
    return baseline;
  }
  const std::string_view key = has_baseline ? "baseline" : "multiplier";
  const auto* values = r.table(district, path, key, Presence::required);
  if (!values) return baseline;
  if (!has_baseline) baseline = reference;  // options not named keep multiplier 1
  for (const auto& [id, node] : *values) {
    const auto k = find_option(r, entries, id, fmt::format("{}.{}.{}", path, key, id.str()));
    if (!k) continue;
    const auto value =
        has_baseline
            ? r.bounded(*values, fmt::format("{}.{}", path, key), id.str(), Presence::required, 0.0,
                        1.0, "a baseline is a share of the district's vote")
            : r.bounded(*values, fmt::format("{}.{}", path, key), id.str(), Presence::required, 0.0,
                        1000.0, "a multiplier scales the option's reference share");
    if (value) baseline[*k] = has_baseline ? *value : *value * reference[*k];
  }
  return baseline;
}

void read_district_tier(Reader& r, const toml::table& tiers, sim::Scenario& s,
                        const std::vector<OptionEntry>& entries) {
  const auto* table = r.table(tiers, "tiers", "districts", Presence::optional);
  if (!table) return;
  const std::string path = "tiers.districts";
  r.check_keys(*table, path, {"noise", "regional_swing", "district"});
  model::DistrictTierSpec spec;
  spec.noise_sd = r.bounded(*table, path, "noise", Presence::required, 0.0, 10.0,
                            "the standard deviation of the log district noise")
                      .value_or(0.0);
  spec.region_sd = r.bounded(*table, path, "regional_swing", Presence::optional, 0.0, 10.0,
                             "the standard deviation of the log regional swing")
                       .value_or(0.0);
  std::vector<double> reference;
  double written_total = 0.0;
  for (const auto& e : entries) {
    const bool listed = model::on_list_ballot(e.option.kind);
    reference.push_back(listed ? e.written_share : e.district_share);
    if (listed) written_total += e.written_share;
  }
  for (const auto& e : entries) {
    if (model::on_list_ballot(e.option.kind) && written_total > 0.0) {
      spec.reference_mean.push_back(e.written_share / written_total);
    }
  }
  const auto* node = r.find(*table, path, "district", Presence::required);
  const auto* districts = node ? node->as_array() : nullptr;
  if (node && !districts)
    r.wrong_type(*node, path + ".district", "an array of tables ([[tiers.districts.district]])");
  if (!districts) return;
  if (districts->empty() || districts->size() > static_cast<std::size_t>(kMaxDistricts)) {
    r.error(*node, path + ".district", fmt::format("{} districts", districts->size()),
            fmt::format("a district tier needs 1 to {} districts", kMaxDistricts));
    return;
  }
  std::set<std::string> names;
  for (std::size_t d = 0; d < districts->size(); ++d) {
    const std::string dpath = fmt::format("{}.district[{}]", path, d);
    const auto* district = (*districts)[d].as_table();
    if (!district) {
      r.wrong_type((*districts)[d], dpath, "a table");
      continue;
    }
    r.check_keys(*district, dpath, {"name", "region", "baseline", "multiplier", "strength"});
    model::DistrictSpec spec_d;
    spec_d.name = r.string(*district, dpath, "name", Presence::required).value_or("");
    spec_d.region = r.string(*district, dpath, "region", Presence::optional).value_or("");
    if (!spec_d.name.empty() && !names.insert(spec_d.name).second) {
      r.error(*district->get("name"), dpath + ".name",
              fmt::format("duplicate district \"{}\"", spec_d.name),
              "district names must be unique");
    }
    spec_d.baseline = read_district_baseline(r, *district, dpath, entries, reference);
    spec_d.strength = read_district_strength(r, *district, dpath, entries, spec_d.baseline);
    bool anyone_can_win = false;
    for (std::size_t k = 0; k < entries.size(); ++k) {
      anyone_can_win |= model::wins_seats(entries[k].option.kind) && spec_d.baseline[k] > 0.0;
    }
    if (!anyone_can_win && r.ok()) {
      r.error(*district, dpath, "no candidate can win",
              "at least one party or district_only option must stand");
    }
    spec.districts.push_back(std::move(spec_d));
  }
  s.district_tier = std::move(spec);
}

void read_report(Reader& r, const toml::table& root, sim::Scenario& s) {
  const int house = s.house_size();
  const auto* table = r.table(root, "", "report", Presence::optional);
  if (table) {
    r.check_keys(*table, "report", {"share_lines", "majority_lines"});
    if (const auto* node = r.find(*table, "report", "share_lines", Presence::optional)) {
      if (const auto* lines = node->as_array()) {
        for (std::size_t i = 0; i < lines->size(); ++i) {
          const auto* value = (*lines)[i].value<double>() ? &(*lines)[i] : nullptr;
          const double x = value ? *value->value<double>() : -1.0;
          if (!value || !(x > 0.0 && x < 1.0)) {
            r.error((*lines)[i], fmt::format("report.share_lines[{}]", i),
                    "must be a number in (0, 1)", "a share line is a fraction of the valid vote");
          } else {
            s.questions.share_lines.push_back(x);
          }
        }
      } else {
        r.wrong_type(*node, "report.share_lines", "an array of numbers");
      }
    }
    if (const auto* lines = r.table(*table, "report", "majority_lines", Presence::optional)) {
      for (const auto& [name, node] : *lines) {
        const auto seats =
            r.integer(*lines, "report.majority_lines", name.str(), Presence::required, 1,
                      std::max(house, 1), "a majority line is a seat count within the house");
        if (seats)
          s.questions.majority_lines.push_back({std::string(name.str()), static_cast<int>(*seats)});
      }
      std::stable_sort(s.questions.majority_lines.begin(), s.questions.majority_lines.end(),
                       [](const auto& a, const auto& b) { return a.seats < b.seats; });
      return;
    }
  }
  // By default: a simple majority (more than half) and two thirds of the house.
  s.questions.majority_lines = {{"majority", house / 2 + 1}, {"two_thirds", (2 * house + 2) / 3}};
}

// [sweep] vary = ["KEY=FROM:TO:STEP", ...]: the grid of `seatsim sweep`, in the grammar of --vary.
void read_sweep(Reader& r, const toml::table& root, sim::Scenario& s) {
  const auto* table = r.table(root, "", "sweep", Presence::optional);
  if (!table) return;
  r.check_keys(*table, "sweep", {"vary"});
  const auto* node = r.find(*table, "sweep", "vary", Presence::required);
  if (!node) return;
  const auto* specs = node->as_array();
  if (!specs || specs->empty()) {
    r.wrong_type(*node, "sweep.vary", "a non-empty array of \"KEY=FROM:TO:STEP\" strings");
    return;
  }
  for (std::size_t i = 0; i < specs->size(); ++i) {
    const std::string path = fmt::format("sweep.vary[{}]", i);
    const auto* spec = (*specs)[i].as_string();
    if (!spec) {
      r.wrong_type((*specs)[i], path, "a string \"KEY=FROM:TO:STEP\"");
      continue;
    }
    try {
      s.sweep.push_back(parse_sweep_axis(spec->get()));
    } catch (const std::invalid_argument& problem) {
      r.error(*spec, path, fmt::format("\"{}\": {}", spec->get(), problem.what()),
              "each axis is KEY=FROM:TO:STEP, both ends included, as seatsim sweep --vary takes");
    }
  }
}

sim::Scenario read(Reader& r, const toml::table& root, const toml::table& as_written,
                   std::string_view source) {
  sim::Scenario s;
  s.source = std::string(source);
  r.check_keys(root, "", {"election", "parties", "polls", "model", "tiers", "report", "sweep"});
  s.election = read_election(r, root);
  const auto entries = read_parties(r, root, as_written);
  for (const auto& e : entries) s.options.push_back(e.option);
  read_model(r, root, s, entries);

  if (const auto* tiers = r.table(root, "", "tiers", Presence::required)) {
    r.check_keys(*tiers, "tiers", {"list", "districts"});
    read_list_tier(r, *tiers, s);
    read_district_tier(r, *tiers, s, entries);
    if (!s.list_tier && !s.district_tier) {
      r.error(*tiers, "tiers", "no tiers", "declare [tiers.list], [tiers.districts] or both");
    }
    if (s.house_size() > kMaxSeats) {
      r.error(*tiers, "tiers", fmt::format("{} seats in all", s.house_size()),
              fmt::format("at most {} seats are supported", kMaxSeats));
    }
    const bool has_party = std::any_of(entries.begin(), entries.end(), [](const auto& e) {
      return e.option.kind == OptionKind::party;
    });
    if (s.list_tier && !has_party && !entries.empty()) {
      r.error(*tiers, "tiers.list", "no party to allocate to",
              "a list tier needs at least one option of kind \"party\"");
    }
    for (const auto& e : entries) {
      if (e.option.kind == OptionKind::district_only && !s.district_tier) {
        r.error(e.source, join_path("parties", e.option.id) + ".kind",
                "district_only without districts",
                "declare [tiers.districts] or remove the option");
      }
    }
  }
  read_report(r, root, s);
  read_sweep(r, root, s);
  r.throw_if_errors();
  return s;
}

// Sets one value, KEY=VALUE with KEY a dotted path such as parties.baytaq.share or
// tiers.districts.district[3].name, in the parsed document before it is validated, so that an
// override is checked exactly like the file. VALUE is TOML (0.07, "text", [0.05, 0.07]); a bare
// word that is not TOML is taken as a string, so tiers.list.method=hare needs no quotes.
void apply_override(toml::table& root, std::string_view assignment) {
  const std::string origin = fmt::format("{}{}", kOverrideSource, assignment);
  auto fail = [&](std::string_view problem) {
    throw InputError({fmt::format("{}: {}", origin, problem)});
  };
  const auto equals = assignment.find('=');
  if (equals == std::string_view::npos || equals == 0)
    fail("expected KEY=VALUE (for example tiers.list.threshold=0.07)");
  const std::string_view key = assignment.substr(0, equals);
  const std::string value(assignment.substr(equals + 1));

  toml::table parsed;
  try {
    parsed = toml::parse(std::string_view("value = " + value), std::string_view(origin));
  } catch (const toml::parse_error&) {
    std::string quoted = "\"";
    for (const char c : value) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    quoted += '"';
    try {
      parsed = toml::parse(std::string_view("value = " + quoted), std::string_view(origin));
    } catch (const toml::parse_error& e) {
      fail(fmt::format("the value is neither TOML nor a plain string ({})", e.description()));
    }
  }

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
        fail(fmt::format("{}: bad index", segment));
      index = i;
      segment = segment.substr(0, open);
    }
    if (segment.empty()) fail(fmt::format("{}: empty key segment", key));
    if (dot == std::string_view::npos) {
      if (index) fail(fmt::format("{}: an index must be followed by a key", key));
      // The key carries the override as its source too, so an unknown key is reported against it.
      toml::source_region region = parsed.get("value")->source();
      table->insert_or_assign(toml::key(segment, std::move(region)),
                              std::move(*parsed.get("value")));
      return;
    }
    toml::node* next = table->get(segment);
    if (!next) {
      if (index) fail(fmt::format("{}: no array {} to index", key, segment));
      next = &table->insert(segment, toml::table{}).first->second;
    }
    if (index) {
      auto* array = next->as_array();
      if (!array || *index >= array->size())
        fail(fmt::format("{}: {}[{}] does not exist", key, segment, *index));
      next = array->get(*index);
    }
    table = next->as_table();
    if (!table) fail(fmt::format("{}: {} is not a table", key, segment));
    rest = rest.substr(dot + 1);
  }
}

}  // namespace

sim::Scenario load_text(std::string_view text, std::string_view source_name,
                        std::span<const std::string> overrides) {
  Reader reader(source_name);
  toml::table root = parse_toml(text, source_name);
  const toml::table as_written = root;
  for (const auto& assignment : overrides) apply_override(root, assignment);
  return read(reader, root, as_written, source_name);
}

sim::Scenario load_file(const std::filesystem::path& path, std::span<const std::string> overrides) {
  return load_text(read_text_file(path), path.string(), overrides);
}

sim::Scenario load_file_or_default(const std::string& path,
                                   std::span<const std::string> overrides) {
  return path.empty() ? load_text(default_text(), default_name(), overrides)
                      : load_file(path, overrides);
}

}  // namespace seatsim::scenario
