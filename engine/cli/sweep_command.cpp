// `seatsim sweep`: a grid of runs over scenario values. Every point uses the same seed, so the same
// blocks draw from the same streams: common random numbers, which make the curves smooth.
#include <fmt/format.h>

#include "engine/cli/commands.hpp"
#include "engine/report/output_file.hpp"
#include "engine/report/sweep_report.hpp"
#include "engine/rules/limits.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/sweep_axis.hpp"
#include "engine/sim/input_error.hpp"

#include <stdexcept>

namespace seatsim::cli {
namespace {

// The `total` points of the grid, last axis fastest, each with its scenario: the document with the
// point's values set (every point sets every axis, replacing the last point's), read and validated
// like the file.
std::vector<report::SweepPoint> grid_points(scenario::ScenarioDocument& document,
                                            const std::vector<sim::SweepAxis>& axes,
                                            std::size_t total) {
  std::vector<report::SweepPoint> points;
  points.reserve(total);  // summaries point into their scenarios, which must not move
  std::vector<std::size_t> index(axes.size(), 0);
  for (std::size_t n = 0; n < total; ++n) {
    std::size_t rest = n;
    for (std::size_t a = axes.size(); a-- > 0;) {
      index[a] = rest % axes[a].values.size();
      rest /= axes[a].values.size();
    }
    report::SweepPoint& point = points.emplace_back();
    for (std::size_t a = 0; a < axes.size(); ++a) {
      const double value = axes[a].values[index[a]];
      point.values.emplace_back(axes[a].key, value);
      document.set(axes[a].key, value);
    }
    point.scenario = document.read();
  }
  return points;
}

}  // namespace

SweepCommand::SweepCommand(CLI::App& app)
    : ScenarioCommand(app.add_subcommand(
          "sweep", "Run a grid of scenario variations (--vary, or the scenario's [sweep] table)")) {
  command_
      ->add_option("--vary", vary_,
                   "KEY=FROM:TO:STEP, both ends included; repeat for a grid, e.g. "
                   "--vary parties.baytaq.share=0.02:0.08:0.01; replaces the scenario's [sweep]")
      ->allow_extra_args(false);
  add_draw_options(options_, "Draws per grid point; every point uses the same seed");
  command_->add_option("--csv", csv_path_, "Write one CSV row per grid point, header first");
  command_->add_option("--json", json_path_, "Write the sweep as JSON (schema seatsim.sweep/1)");
}

int SweepCommand::execute() const {
  // --vary on the command line replaces the scenario's [sweep] table; both are read by
  // scenario::parse_sweep_axis.
  std::vector<sim::SweepAxis> axes;
  for (const auto& spec : vary_) {
    try {
      axes.push_back(scenario::parse_sweep_axis(spec));
    } catch (const std::invalid_argument& problem) {
      throw InputError({fmt::format("--vary {}: {}", spec, problem.what())});
    }
  }
  scenario::ScenarioDocument document = load_document();
  if (axes.empty()) axes = document.read().sweep;
  if (axes.empty()) {
    throw InputError(
        {"sweep: nothing to vary; give --vary KEY=FROM:TO:STEP or a [sweep] table in the scenario "
         "(scenarios/README.md)"});
  }
  std::size_t total = 1;
  for (const auto& axis : axes) {
    total *= axis.values.size();
    if (total > rules::kMaxSweepPoints) {
      throw InputError(
          {fmt::format("sweep: the grid has more than {} points", rules::kMaxSweepPoints)});
    }
  }

  // Every grid point is set and validated before any is drawn, so a bad point fails at once.
  std::vector<report::SweepPoint> points = grid_points(document, axes, total);
  for (auto& point : points) {
    point.summary = sim::summarize(point.scenario, sim::run(point.scenario, options_).tally);
  }

  // On the terminal: the headline, each party's chance of passing the threshold (or of a seat).
  const bool has_list = points.front().scenario.list_tier.has_value();
  auto headline = [has_list](const sim::OptionSummary& o) {
    return has_list ? o.p_threshold : o.p_any_seat;
  };
  std::string header;
  for (const auto& axis : axes) header += fmt::format("{:>24}", axis.key.substr(0, 23));
  for (const auto& o : points.front().summary.options) {
    if (headline(o)) header += fmt::format(" {:>11}", o.option->id.substr(0, 11));
  }
  fmt::print("{} grid points, {} draws each, seed {}; {} per party\n{}\n", points.size(),
             options_.draws, options_.seed, has_list ? "P(passes threshold)" : "P(any seat)",
             header);
  for (const auto& point : points) {
    std::string line;
    for (const auto& [key, value] : point.values) line += fmt::format("{:>24.6g}", value);
    for (const auto& o : point.summary.options) {
      if (const auto p = headline(o)) line += fmt::format(" {:>10.2f}%", 100.0 * p->p);
    }
    fmt::print("{}\n", line);
  }

  if (!csv_path_.empty()) report::write_file_atomically(csv_path_, report::sweep_csv(points));
  if (!json_path_.empty()) {
    report::write_file_atomically(json_path_,
                                  report::sweep_json(points, options_.seed).dump(2) + "\n");
  }
  return 0;
}

}  // namespace seatsim::cli
