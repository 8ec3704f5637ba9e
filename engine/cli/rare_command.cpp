// `seatsim rare`: importance-sampling estimates of one party's rare threshold and seat events.
#include <fmt/format.h>
#include <tbb/info.h>

#include <chrono>
#include <cstdio>

#include "engine/cli/commands.hpp"
#include "engine/report/output_file.hpp"
#include "engine/report/rare_report.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::cli {

RareCommand::RareCommand(CLI::App& app)
    : ScenarioCommand(app.add_subcommand(
          "rare",
          "Estimate a party's rare threshold and seat events by importance sampling: draws from "
          "a vote model tilted towards the line, weighted back to the scenario's model")) {
  command_->add_option("--party,-p", party_, "The party whose rare events to estimate (its id)")
      ->required();
  command_
      ->add_option("--at", at_,
                   "The tilted model's mean share for the party (default: the list threshold)")
      ->check(CLI::Range(1e-6, 1.0 - 1e-6));
  add_draw_options(options_, "Number of weighted draws");
  command_->add_option("--json", json_path_, "Also write the estimates as JSON to this file");
  command_->add_flag("--quiet,-q", quiet_, "Print nothing on stdout");
}

int RareCommand::execute() const {
  const sim::Scenario scenario = load_scenario();
  if (scenario.vote.kind != model::DrawModel::dirichlet ||
      scenario.vote.undecided_split != model::UndecidedSplit::proportional) {
    throw InputError({fmt::format(
        "{}: model.type: seatsim rare needs \"dirichlet\" with a proportional undecided split "
        "(its importance weights are Dirichlet density ratios)",
        scenario.source)});
  }
  int option = -1;
  for (std::size_t k = 0; k < scenario.options.size(); ++k) {
    if (scenario.options[k].id == party_) option = static_cast<int>(k);
  }
  if (option < 0 || !model::on_list_ballot(scenario.options[option].kind)) {
    throw InputError(
        {fmt::format("--party {}: not a party on the list ballot of {}", party_, scenario.source)});
  }
  // The tilt moves the party's share by scaling the others' (make_tilt): with no other list
  // option holding votes, its share is always 1.
  std::size_t position = 0;
  for (int k = 0; k < option; ++k) position += model::on_list_ballot(scenario.options[k].kind);
  if (!(scenario.vote.mean[position] < 1.0)) {
    throw InputError({fmt::format(
        "--party {}: the only option with votes on the list ballot of {} (its share is always 1, "
        "so it has no rare event to estimate)",
        party_, scenario.source)});
  }
  double share = at_.value_or(0.0);
  if (!at_) {
    if (!scenario.list_tier && !scenario.regional_tier) {
      throw InputError({fmt::format(
          "--at: {} has no list tier, so there is no threshold to tilt towards; give --at SHARE",
          scenario.source)});
    }
    // The national list threshold, or else the list districts' (a national share under
    // threshold_scope = "national", and the share near which a list passes in a typical district
    // under "region").
    const auto ppb = scenario.list_tier
                         ? scenario.list_tier->threshold.parts_per_billion
                         : scenario.regional_tier->rule.list.threshold.parts_per_billion;
    share = static_cast<double>(ppb) / static_cast<double>(rules::kPartsPerBillion);
    if (share <= 0.0) {
      throw InputError({fmt::format(
          "--at: {} has no list threshold to tilt towards; give --at SHARE", scenario.source)});
    }
  }
  const sim::Tilt tilt = sim::make_tilt(scenario, option, share);
  sim::RunOptions options = options_;
  if (options.threads == 0) options.threads = tbb::info::default_concurrency();
  const auto start = std::chrono::steady_clock::now();
  const sim::WeightedTally tally = sim::run_weighted(scenario, tilt, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const sim::RareEventSummary summary = sim::summarize(scenario, tilt, tally);
  const report::RareRun run{scenario, tilt, options, summary, seconds};
  if (!json_path_.empty()) {
    report::write_file_atomically(json_path_, report::to_json(run).dump(2) + "\n");
  }
  if (!quiet_) std::fputs(report::to_text(run).c_str(), stdout);
  return 0;
}

}  // namespace seatsim::cli
