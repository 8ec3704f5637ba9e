// `seatsim timeline`: the forecast as of each of a series of dates, as the trend lines of R's
// `coalitions` (probabilities per survey date) and 338Canada are drawn. It is a sweep whose one
// axis is polls.as_of, so every date draws the same random numbers and its outputs are sweep's.
#include <fmt/format.h>

#include <set>

#include "engine/cli/commands.hpp"
#include "engine/model/polls.hpp"
#include "engine/rules/limits.hpp"
#include "engine/scenario/sweep_axis.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::cli {
namespace {

std::optional<int> day_option(const std::string& option, const std::string& text) {
  if (text.empty()) return std::nullopt;
  if (const auto day = model::iso_day(text)) return day;
  throw InputError({fmt::format("{} {}: not a date (YYYY-MM-DD)", option, text)});
}

}  // namespace

TimelineCommand::TimelineCommand(CLI::App& app)
    : SweepCommand(app.add_subcommand(
          "timeline",
          "The forecast as of each date from --from to --to (every --step days, or the dates the "
          "polls' fieldwork ended), with the same random numbers at every date (docs/sweep.md)")) {
  command_->add_option("--from", from_,
                       "First date, YYYY-MM-DD (default: the first poll's fieldwork end)");
  command_->add_option("--to", to_,
                       "Last date, YYYY-MM-DD (default: the last poll's fieldwork end)");
  command_
      ->add_option("--step", step_days_,
                   "Days between dates, the last date always included (default: the dates the "
                   "polls' fieldwork ended)")
      ->check(CLI::Range(1, 36'500));
}

std::vector<sim::SweepAxis> TimelineCommand::axes(
    const scenario::ScenarioDocument& document) const {
  const sim::Scenario scenario = document.read();
  if (!scenario.polls) {
    throw InputError({fmt::format(
        "{}: timeline: the scenario has no [polls]; a timeline is the forecast as of each date, "
        "from the polls ended by then",
        scenario.source)});
  }
  std::set<int> poll_days;
  for (const auto& poll : scenario.polls->spec.polls) poll_days.insert(poll.fieldwork_end);
  const int from = day_option("--from", from_).value_or(*poll_days.begin());
  const int to = day_option("--to", to_).value_or(*poll_days.rbegin());
  if (to < from)
    throw InputError({fmt::format("timeline: --to {} is before --from {}", to_, from_)});

  std::vector<int> days;
  if (step_days_ > 0) {
    for (int day = from; day < to; day += step_days_) days.push_back(day);
    days.push_back(to);
  } else {
    for (const int day : poll_days) {
      if (day >= from && day <= to) days.push_back(day);
    }
  }
  if (days.empty()) {
    throw InputError({fmt::format("timeline: no poll's fieldwork ended from {} to {}; give --step",
                                  model::iso_date(from), model::iso_date(to))});
  }
  if (days.size() > rules::kMaxSweepPoints) {
    throw InputError({fmt::format("timeline: more than {} dates; give a larger --step",
                                  rules::kMaxSweepPoints)});
  }
  std::string spec = "polls.as_of=";
  for (const int day : days) spec += (day == days.front() ? "" : ",") + model::iso_date(day);
  return {scenario::parse_sweep_axis(spec)};
}

}  // namespace seatsim::cli
