#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "engine/model/logistic_normal.hpp"
#include "engine/model/polls.hpp"
#include "engine/rules/limits.hpp"
#include "engine/scenario/poll_table.hpp"
#include "engine/scenario/sections.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::scenario {
namespace {

model::HouseEffect read_house_effect(TomlReader& r, const toml::table& table, std::string_view path,
                                     const std::string& pollster,
                                     const std::vector<OptionEntry>& entries) {
  model::HouseEffect effect{.pollster = pollster, .shift = {}};
  for (const auto& shift : per_list_option(r, table, path, entries, -1.0, 1.0,
                                           "a house effect is a share of the decided vote")) {
    effect.shift.push_back(shift.value_or(0.0));
  }
  return effect;
}

// How [polls] weights its polls and the prior: everything but the polls themselves.
model::PollSpec read_poll_weighting(TomlReader& r, const toml::table& table,
                                    const std::string& path,
                                    const std::vector<OptionEntry>& entries) {
  model::PollSpec spec;
  spec.half_life_days = r.bounded(table, path, "half_life_days", Presence::required, 0.1, 1e5,
                                  "a poll's weight halves every this many days")
                            .value_or(1.0);
  spec.sample_cap = r.bounded(table, path, "sample_cap", Presence::optional, 1.0, 1e9,
                              "no poll counts as more respondents than this")
                        .value_or(1e9);
  spec.design_effect = r.bounded(table, path, "design_effect", Presence::optional, 1.0, 100.0,
                                 "a poll of n counts as n / design_effect random respondents")
                           .value_or(1.0);
  spec.prior_n = r.bounded(table, path, "prior_n", Presence::required, 0.0, 1e9,
                           "the prior counts as this many respondents")
                     .value_or(0.0);
  if (const auto* node = r.find(table, path, "house_effects", Presence::optional)) {
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
          r.choice<model::HouseEffects>(table, path, "house_effects", Presence::optional)
              .value_or(model::HouseEffects::none);
    }
  }
  return spec;
}

// One [[polls.poll]]: fieldwork dates, sample, undecided and the shares reported.
model::Poll read_poll(TomlReader& r, const toml::table& poll_table, const std::string& ppath,
                      int election_day, const std::vector<OptionEntry>& entries) {
  r.check_keys(poll_table, ppath,
               {"pollster", "fieldwork_start", "fieldwork_end", "sample_size", "shares",
                "undecided", "refused"});
  model::Poll poll;
  poll.pollster = r.string(poll_table, ppath, "pollster", Presence::required).value_or("");
  const auto start = r.day_number(r.find(poll_table, ppath, "fieldwork_start", Presence::required),
                                  ppath + ".fieldwork_start");
  const auto end = r.day_number(r.find(poll_table, ppath, "fieldwork_end", Presence::required),
                                ppath + ".fieldwork_end");
  if (start && end && *start > *end) {
    r.error(*poll_table.get("fieldwork_end"), ppath + ".fieldwork_end", "before fieldwork_start",
            "fieldwork ends on or after the day it starts");
  }
  if (end && *end > election_day) {
    r.error(*poll_table.get("fieldwork_end"), ppath + ".fieldwork_end", "after the election",
            "a forecast uses polls taken before election.date");
  }
  poll.fieldwork_start = start.value_or(0);
  poll.fieldwork_end = end.value_or(0);
  poll.sample_size = r.bounded(poll_table, ppath, "sample_size", Presence::required, 1.0, 1e9,
                               "the number of respondents")
                         .value_or(1.0);
  const double undecided = r.bounded(poll_table, ppath, "undecided", Presence::optional, 0.0, 1.0,
                                     "a share of all respondents", UpperEnd::open)
                               .value_or(0.0);
  const double refused = r.bounded(poll_table, ppath, "refused", Presence::optional, 0.0, 1.0,
                                   "a share of all respondents", UpperEnd::open)
                             .value_or(0.0);
  poll.undecided = undecided + refused;
  double reported = 0.0;
  if (const auto* shares = r.table(poll_table, ppath, "shares", Presence::required)) {
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
      r.error(poll_table, ppath + ".undecided", "no decided respondents",
              "undecided and refused must sum to less than 1");
    }
  }
  return poll;
}

void finish_polls(TomlReader& r, const toml::table& table, sim::Scenario& s,
                  const std::vector<OptionEntry>& entries, model::PollSpec spec);

// polls.as_of (--as-of): a forecast as of that day uses only the polls whose fieldwork had ended
// by then. Returns the day, and leaves the other polls out of `spec`.
std::optional<int> keep_polls_as_of(TomlReader& r, const toml::table& table,
                                    model::PollSpec& spec) {
  const auto* node = r.find(table, "polls", "as_of", Presence::optional);
  const auto day = node ? r.day_number(node, "polls.as_of") : std::nullopt;
  if (!day) return std::nullopt;
  if (*day > spec.election_day) {
    r.error(*node, "polls.as_of", "after the election", "a forecast is made by election.date");
    return std::nullopt;
  }
  std::erase_if(spec.polls, [&](const model::Poll& poll) { return poll.fieldwork_end > *day; });
  if (spec.polls.empty()) {
    r.error(*node, "polls.as_of", fmt::format("no poll had ended by {}", model::iso_date(*day)),
            "the forecast needs at least one poll");
  }
  return day;
}

// [polls] file = "polls.csv" (beside the scenario) and basis: the polls from a CSV file
// (scenario/poll_table.hpp) instead of [[polls.poll]]. Returns whether they were read.
bool read_poll_file(TomlReader& r, const toml::table& table, const std::string& source,
                    const std::vector<OptionEntry>& entries, model::PollSpec& spec) {
  PollTableFormat format{
      .option_ids = {}, .basis = PollBasis::all, .election_day = spec.election_day};
  format.basis =
      r.choice<PollBasis>(table, "polls", "basis", Presence::optional).value_or(PollBasis::all);
  const auto file = r.string(table, "polls", "file", Presence::required);
  if (table.contains("poll")) {
    r.error(*table.get("poll"), "polls.poll", "both [[polls.poll]] and file",
            "give the polls in the scenario or in the file, not both");
  }
  if (!file || !r.ok()) return false;
  std::vector<std::string> ids;
  for (const auto& e : entries) {
    if (model::on_list_ballot(e.option.kind)) ids.push_back(e.option.id);
  }
  format.option_ids = ids;
  try {
    spec.polls = read_poll_table_file(std::filesystem::path(source).parent_path() / *file, format);
    return true;
  } catch (const InputError& error) {
    for (const auto& message : error.messages()) {
      r.error(*table.get("file"), "polls.file", message, "the polls of [polls] file");
    }
    return false;
  }
}

// [polls]: the polls, how they are weighted, and the prior they are blended with (the parties'
// shares). Sets s.polls and, from the aggregate, the model's mean.
void read_polls(TomlReader& r, const toml::table& root, sim::Scenario& s,
                const std::vector<OptionEntry>& entries) {
  const auto* table = r.table(root, "", "polls", Presence::optional);
  if (!table) return;
  const std::string path = "polls";
  r.check_keys(*table, path,
               {"half_life_days", "sample_cap", "design_effect", "prior_n", "house_effects", "poll",
                "file", "basis", "as_of"});
  if (table->size() == 1 && table->contains("as_of")) {
    r.error(*table->get("as_of"), "polls.as_of", "the scenario has no polls",
            "--as-of and polls.as_of choose among the polls of [polls]");
    return;
  }
  const auto election_day =
      r.day_number(root["election"]["date"].node(), "election.date").value_or(0);
  model::PollSpec spec = read_poll_weighting(r, *table, path, entries);
  spec.prior = s.vote.mean;
  spec.election_day = election_day;

  if (table->contains("file") || table->contains("basis")) {
    if (read_poll_file(r, *table, s.source, entries, spec)) {
      finish_polls(r, *table, s, entries, std::move(spec));
    }
    return;
  }
  const auto polls = r.tables(*table, path, "poll", 1, std::numeric_limits<std::size_t>::max(),
                              "polls", "[polls] needs at least one [[polls.poll]]");
  if (polls.empty()) return;
  for (const auto& [poll, ppath] : polls) {
    spec.polls.push_back(read_poll(r, *poll, ppath, election_day, entries));
  }
  finish_polls(r, *table, s, entries, std::move(spec));
}

// The aggregate of the polls read, which sets the model's mean.
void finish_polls(TomlReader& r, const toml::table& table, sim::Scenario& s,
                  const std::vector<OptionEntry>& entries, model::PollSpec spec) {
  const std::string path = "polls";
  const auto as_of = keep_polls_as_of(r, table, spec);
  if (!r.ok()) return;
  auto aggregate = model::aggregate_polls(spec);
  for (std::size_t j = 0, k = 0; k < entries.size(); ++k) {
    if (!model::on_list_ballot(entries[k].option.kind)) continue;
    if (!(aggregate.mean[j] > 0.0)) {
      r.error(table, path, fmt::format("{} aggregates to a share of 0", entries[k].option.id),
              "every list-ballot option needs a share above 0: raise prior_n or check the polls");
    }
    ++j;
  }
  s.vote.mean = aggregate.mean;
  s.polls = sim::Polls{.spec = std::move(spec), .aggregate = std::move(aggregate), .as_of = as_of};
}

// The range of model.n_eff (scenarios/README.md).
constexpr double kMinNeff = 1.0;
constexpr double kMaxNeff = 1e9;
// The least n_eff x share a logistic model takes (check_concentrations).
constexpr double kMinConcentration = 1e-150;

// model.n_eff: a number, or "polls" for the poll aggregate's.
void read_n_eff(TomlReader& r, const toml::table& root, const toml::table& table, sim::Scenario& s,
                const std::vector<OptionEntry>& entries) {
  const std::string path = "model";
  auto& vote = s.vote;
  if (const auto* n_eff = r.find(table, path, "n_eff", Presence::required);
      n_eff && n_eff->is_string()) {
    if (n_eff->value<std::string>() != "polls") {
      r.error(*n_eff, "model.n_eff",
              fmt::format("expected a number or \"polls\", got \"{}\"",
                          n_eff->value<std::string>().value_or("")),
              "\"polls\" takes the poll aggregate's effective sample size");
    } else if (s.polls) {
      s.n_eff_source = sim::NeffSource::polls;
      vote.n_eff = s.polls->aggregate.n_eff;
      // The range of a stated n_eff holds for the aggregate's too, whatever the polls' weights.
      if (!(vote.n_eff >= kMinNeff && vote.n_eff <= kMaxNeff)) {
        r.error(
            *n_eff, "model.n_eff",
            fmt::format("\"polls\" gives {:.3g}, outside [{}, {}]", vote.n_eff, kMinNeff, kMaxNeff),
            "the effective sample size is polls.prior_n plus the polls' respondents, weighted "
            "by polls.half_life_days back from election.date: raise polls.prior_n or "
            "polls.half_life_days, or check the dates");
      }
    } else if (!root.contains("polls")) {  // with [polls] in error, that error is reported
      r.error(*n_eff, "model.n_eff", "\"polls\" without [polls]",
              "the polls' effective sample size needs polls");
    }
  } else {
    const auto stated = r.bounded(table, path, "n_eff", Presence::required, kMinNeff, kMaxNeff,
                                  "the effective sample size");
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
}

// model.invalid_share and model.invalid_sd.
void read_invalid(TomlReader& r, const toml::table& table, sim::Scenario& s) {
  const std::string path = "model";
  s.invalid_share = r.bounded(table, path, "invalid_share", Presence::optional, 0.0,
                              sim::kMaxInvalidShare, "invalid ballots as a share of all ballots")
                        .value_or(0.0);
  s.invalid_sd = r.bounded(table, path, "invalid_sd", Presence::optional, 0.0, 10.0,
                           "the sd of the invalid share on the logit scale")
                     .value_or(0.0);
  if (s.invalid_sd > 0.0 && !(s.invalid_share > 0.0)) {
    r.error(*table.get("invalid_sd"), "model.invalid_sd", "needs an invalid_share above 0",
            "the invalid share varies around invalid_share on the logit scale");
  }
}

// The systematic error and drift of the logistic-normal and Student-t models.
void read_logistic_terms(TomlReader& r, const toml::table& root, const toml::table& table,
                         sim::Scenario& s, const std::vector<OptionEntry>& entries) {
  const std::string path = "model";
  auto& vote = s.vote;
  const bool logistic = model::logistic(vote.kind);
  // Keys of the logistic-normal and Student-t models only.
  for (const std::string_view key :
       {"error_sd", "error_correlation", "drift_sd", "forecast_date"}) {
    if (!logistic && table.contains(key)) {
      r.error(*table.get(key), join_path(path, key),
              fmt::format("not allowed for type \"{}\"", model::to_string(vote.kind)),
              "systematic error and drift are terms of the logistic-normal and student-t models");
    }
  }
  const std::size_t list_options = vote.mean.size();
  if (logistic && list_options < 2) {
    r.error(table, "model.type", "needs two list-ballot options",
            "log-ratios need a reference option and at least one other");
  }
  if (const auto* sds = r.table(table, path, "error_sd", Presence::optional); sds && logistic) {
    for (const auto& sd : per_list_option(r, *sds, "model.error_sd", entries, 0.0, 10.0,
                                          "the sd of a log share's systematic error")) {
      vote.error_sd.push_back(sd.value_or(0.0));
    }
  }
  // Any rho >= -1/(K-1) makes the equicorrelation matrix positive semi-definite.
  const double lowest = list_options >= 2 ? -1.0 / static_cast<double>(list_options - 1) : 0.0;
  vote.error_correlation = r.bounded(table, path, "error_correlation", Presence::optional, lowest,
                                     1.0, "a correlation; below -1/(K-1) it is not one")
                               .value_or(0.0);
  vote.drift_sd = r.bounded(table, path, "drift_sd", Presence::optional, 0.0, 10.0,
                            "the sd of a log share's drift over a year")
                      .value_or(0.0);
  std::optional<int> from_day;
  if (const auto* date = r.find(table, path, "forecast_date", Presence::optional)) {
    from_day = r.day_number(date, "model.forecast_date");
    if (from_day) {
      s.forecast_date = date_text(date->as_date()->get());
    }
  } else if (s.polls && s.polls->as_of) {
    from_day = s.polls->as_of;
    s.forecast_date = model::iso_date(*from_day);
  } else if (s.polls) {
    for (const auto& poll : s.polls->spec.polls) {
      from_day = std::max(from_day.value_or(poll.fieldwork_end), poll.fieldwork_end);
    }
  }
  if (vote.drift_sd > 0.0) {
    const auto election_day = r.day_number(root["election"]["date"].node(), "election.date");
    if (!from_day) {
      r.error(*table.get("drift_sd"), "model.drift_sd", "no date to drift from",
              "give model.forecast_date or [polls]");
    } else if (election_day && *from_day > *election_day) {
      r.error(*table.get("forecast_date"), "model.forecast_date", "after the election",
              "drift runs from the forecast date to election.date");
    } else if (election_day) {
      vote.drift_days = *election_day - *from_day;
    }
  }
}

// The logistic models take each option's log-ratio variance from trigamma(a), a = n_eff x share
// (and prior_n x prior share): about 1 / a^2, which no double holds below kMinConcentration.
void check_concentrations(TomlReader& r, const toml::table& table, const sim::Scenario& s,
                          const std::vector<OptionEntry>& entries) {
  const auto& vote = s.vote;
  if (!model::logistic(vote.kind)) return;
  std::vector<std::string> too_small;
  for (std::size_t j = 0, k = 0; k < entries.size() && j < vote.mean.size(); ++k) {
    if (!model::on_list_ballot(entries[k].option.kind)) continue;
    const double prior = vote.prior_alpha.empty() ? kMinConcentration : vote.prior_alpha[j];
    if (!(vote.n_eff * vote.mean[j] >= kMinConcentration && prior >= kMinConcentration)) {
      too_small.push_back(entries[k].option.id);
    }
    ++j;
  }
  if (!too_small.empty()) {
    r.error(*table.get("type"), "model.type",
            fmt::format("n_eff x share (or polls.prior_n x share) of {} is below {:g}",
                        fmt::join(too_small, ", "), kMinConcentration),
            "a logistic model's log-ratio variance, trigamma(n_eff x share), overflows there; "
            "use type = \"dirichlet\", or raise the share");
  }
}

// How the undecided voters split: as the decided, or by their own Dirichlet draw.
void read_undecided(TomlReader& r, const toml::table& root, const toml::table& table,
                    sim::Scenario& s) {
  const std::string path = "model";
  auto& vote = s.vote;
  vote.undecided_split =
      r.choice<model::UndecidedSplit>(table, path, "undecided_split", Presence::optional)
          .value_or(model::UndecidedSplit::proportional);
  if (vote.undecided_split == model::UndecidedSplit::dirichlet) {
    if (s.polls) {
      vote.undecided = s.polls->aggregate.undecided;
    } else if (!root.contains("polls")) {
      r.error(*table.get("undecided_split"), "model.undecided_split", "needs [polls]",
              "the undecided share comes from the polls");
    }
    vote.undecided_concentration =
        r.bounded(table, path, "undecided_concentration", Presence::required, 0.1, 1e9,
                  "the concentration of the undecided voters' Dirichlet split")
            .value_or(1.0);
  } else if (table.contains("undecided_concentration")) {
    r.error(*table.get("undecided_concentration"), "model.undecided_concentration",
            "only with undecided_split = \"dirichlet\"", "a proportional split has no spread");
  }
}

}  // namespace

// [model]: the draw model and its parameters. The mean comes from the parties' shares, or from
// the polls blended with them.
void read_model(TomlReader& r, const toml::table& root, sim::Scenario& s,
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
  vote.kind = r.choice<model::DrawModel>(*table, path, "type", Presence::required)
                  .value_or(model::DrawModel::dirichlet);
  // The logistic models centre on the posterior given the polls, which shrinks them towards the
  // prior by their error (engine/model/logistic_normal.hpp).
  if (model::logistic(vote.kind) && s.polls) vote.prior_alpha = model::prior_alpha(s.polls->spec);
  if (vote.kind != model::DrawModel::fixed) {
    read_n_eff(r, root, *table, s, entries);
  } else if (table->contains("n_eff")) {
    r.error(*table->get("n_eff"), "model.n_eff", "not allowed for type \"fixed\"",
            "every draw's shares are the stated shares: there is no concentration to give");
  }
  read_invalid(r, *table, s);
  read_logistic_terms(r, root, *table, s, entries);
  if (r.ok()) check_concentrations(r, *table, s, entries);
  if (vote.kind == model::DrawModel::student_t) {
    vote.df = r.bounded(*table, path, "df", Presence::required, 0.5, 1e6,
                        "the Student-t degrees of freedom")
                  .value_or(1.0);
  } else if (table->contains("df")) {
    r.error(*table->get("df"), "model.df", "only for type \"student-t\"",
            "degrees of freedom belong to the Student-t model");
  }
  read_undecided(r, root, *table, s);
}

}  // namespace seatsim::scenario
