// `seatsim sweep`: a grid of runs over scenario values. Every point uses the same seed, so the same
// blocks draw from the same streams: common random numbers, which make the curves smooth.
#include <fmt/format.h>

#include "engine/cli/commands.hpp"
#include "engine/cli/interrupt.hpp"
#include "engine/cli/progress_bar.hpp"
#include "engine/report/output_file.hpp"
#include "engine/report/sweep_report.hpp"
#include "engine/rules/limits.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/sweep_axis.hpp"
#include "engine/sim/input_error.hpp"

#include <span>
#include <stdexcept>
#include <variant>

namespace seatsim::cli {
namespace {

std::string value_text(const sim::SweepValue& value) {
  if (const auto* number = std::get_if<double>(&value)) return fmt::format("{:.6g}", *number);
  return std::get<std::string>(value);
}

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
      const sim::SweepValue& value = axes[a].values[index[a]];
      point.values.emplace_back(axes[a].key, value);
      document.set(axes[a].key, value);
    }
    try {
      point.scenario = document.read();
      print_warnings(point.scenario);
    } catch (const InputError& error) {
      std::vector<std::string> messages = error.messages();
      std::string where;
      for (const auto& [key, value] : point.values) {
        where += fmt::format("{}{}={}", where.empty() ? "" : ", ", key, value_text(value));
      }
      messages.push_back(
          fmt::format("sweep: grid point {} of {} ({}) is not a valid scenario; nothing was drawn",
                      n + 1, total, where));
      throw InputError(std::move(messages));
    }
  }
  return points;
}

// One table on the terminal: a row per point drawn, a column per option that `cell` has a value
// for.
template <typename Cell>
void print_rows(std::span<const report::SweepPoint> points, const std::string& axes_header,
                Cell cell) {
  std::string header = axes_header;
  for (const auto& o : points.front().summary.options) {
    if (cell(o)) header += fmt::format(" {:>11}", o.option->id.substr(0, 11));
  }
  fmt::print("{}\n", header);
  for (const auto& point : points) {
    std::string line;
    for (const auto& [key, value] : point.values) line += fmt::format("{:>24}", value_text(value));
    for (const auto& o : point.summary.options) {
      if (const auto text = cell(o)) line += fmt::format(" {:>11}", *text);
    }
    fmt::print("{}{}\n", line, point.partial ? "  (partial)" : "");
  }
}

// On the terminal: the headline, each party's chance of passing the threshold (or of a seat), then
// its mean seats (what a sweep over the rules moves), for the points drawn.
void print_table(const std::vector<sim::SweepAxis>& axes,
                 std::span<const report::SweepPoint> points, const sim::RunOptions& options) {
  const bool has_list = points.front().scenario.list_tier.has_value();
  std::string axes_header;
  for (const auto& axis : axes) axes_header += fmt::format("{:>24}", axis.key.substr(0, 23));
  fmt::print("{} grid points, {} draws each, seed {}; {} per party\n", points.size(), options.draws,
             options.seed, has_list ? "P(passes threshold)" : "P(any seat)");
  print_rows(points, axes_header, [has_list](const sim::OptionSummary& o) {
    const auto& p = has_list ? o.p_threshold : o.p_any_seat;
    return p ? std::optional(fmt::format("{:.2f}%", 100.0 * p->p)) : std::nullopt;
  });
  fmt::print("\nmean seats per party\n");
  print_rows(points, axes_header, [](const sim::OptionSummary& o) {
    return o.total_seats ? std::optional(fmt::format("{:.2f}", o.total_seats->mean)) : std::nullopt;
  });
}

}  // namespace

SweepCommand::SweepCommand(CLI::App& app)
    : SweepCommand(app.add_subcommand(
          "sweep", "Run a grid of scenario variations (--vary, or the scenario's [sweep] table)")) {
  command_
      ->add_option("--vary", vary_,
                   "KEY=FROM:TO:STEP (both ends included) or KEY=A,B,C; repeat for a grid, e.g. "
                   "--vary parties.baytaq.share=0.02:0.08:0.01 --vary "
                   "tiers.list.method=dhondt,hare; replaces the scenario's [sweep]")
      ->allow_extra_args(false);
}

SweepCommand::SweepCommand(CLI::App* command) : ScenarioCommand(command) {
  add_draw_options(options_, "Draws per grid point; every point uses the same seed");
  command_->add_option("--csv", csv_path_,
                       "Write one CSV row per grid point, header first (docs/sweep.md)");
  command_->add_option("--csv-long", csv_long_path_,
                       "Write the CSV's values in long form for R and pandas: one row per grid "
                       "point, option and measure (docs/sweep.md)");
  command_->add_option("--json", json_path_, "Write the sweep as JSON (schema seatsim.sweep/1)");
  command_->add_flag("--quiet,-q", quiet_, "Print nothing on stdout, and no progress bar");
}

std::vector<sim::SweepAxis> SweepCommand::axes(const scenario::ScenarioDocument& document) const {
  // --vary on the command line replaces the scenario's [sweep] table; both are read by
  // scenario::parse_sweep_axis.
  std::vector<sim::SweepAxis> axes;
  for (const auto& spec : vary_) {
    try {
      axes.push_back(scenario::parse_sweep_axis(spec));
      scenario::check_distinct_keys(axes);
    } catch (const std::invalid_argument& problem) {
      throw InputError({fmt::format("--vary {}: {}", spec, problem.what())});
    }
  }
  if (axes.empty()) axes = document.read().sweep;
  if (axes.empty()) {
    throw InputError(
        {"sweep: nothing to vary; give --vary KEY=FROM:TO:STEP or KEY=A,B,C, or a [sweep] table "
         "in the scenario (scenarios/README.md)"});
  }
  std::size_t total = 1;
  for (const auto& axis : axes) {
    total *= axis.values.size();
    if (total > rules::kMaxSweepPoints) {
      throw InputError(
          {fmt::format("sweep: the grid has more than {} points", rules::kMaxSweepPoints)});
    }
  }
  return axes;
}

// Draws each point in turn; a signal stops the point being drawn, which is kept, marked partial,
// if it drew anything. Returns the points drawn.
std::size_t SweepCommand::draw(std::vector<report::SweepPoint>& points,
                               const StopOnSignals& signals) const {
  ProgressBar progress(points.front().scenario, options_.draws, 0, 0.0,
                       quiet_ ? Show::never : Show::on_terminal, points.size());
  double seconds_before = 0.0;
  sim::RunControl control;
  control.after_round = [&](const sim::Tally& tally, double seconds, sim::Resumable) {
    progress.update(tally, seconds_before + seconds);
  };
  control.stop_requested = [&signals] { return signals.received() != 0; };
  for (std::size_t n = 0; n < points.size(); ++n) {
    report::SweepPoint& point = points[n];
    progress.start_point(n, point.scenario);
    const sim::RunResult result = sim::run(point.scenario, options_, control);
    seconds_before += result.seconds;
    if (result.partial && result.tally.draws == 0) return n;
    point.summary = sim::summarize(point.scenario, result.tally);
    point.partial = result.partial;
    if (result.partial) return n + 1;
  }
  return points.size();
}

int SweepCommand::execute() const {
  scenario::ScenarioDocument document = load_document();
  const std::vector<sim::SweepAxis> axes = this->axes(document);
  std::vector<report::OutputPath> outputs;
  if (!csv_path_.empty()) outputs.push_back({.option = "--csv", .path = csv_path_});
  if (!csv_long_path_.empty()) outputs.push_back({.option = "--csv-long", .path = csv_long_path_});
  if (!json_path_.empty()) outputs.push_back({.option = "--json", .path = json_path_});
  report::check_outputs(outputs);

  // Every grid point is set and validated before any is drawn, so a bad point fails at once.
  std::size_t total = 1;
  for (const auto& axis : axes) total *= axis.values.size();
  std::vector<report::SweepPoint> points = grid_points(document, axes, total);
  const StopOnSignals signals(Acknowledge::on_stderr);
  points.erase(points.begin() + static_cast<std::ptrdiff_t>(draw(points, signals)), points.end());

  if (!points.empty() && !quiet_) print_table(axes, points, options_);
  if (!csv_path_.empty()) report::write_file_atomically(csv_path_, report::sweep_csv(points));
  if (!csv_long_path_.empty()) {
    report::write_file_atomically(csv_long_path_, report::sweep_csv_long(points));
  }
  if (!json_path_.empty()) {
    report::write_file_atomically(
        json_path_,
        report::sweep_json(points, options_.seed, signals.received() != 0).dump(2) + "\n");
  }
  if (signals.received() != 0) {
    fmt::print(stderr,
               "seatsim: stopped by signal {} after {} of {} grid points; results are partial\n",
               signals.received(), points.size(), total);
    return 128 + signals.received();  // the shell's convention for a process ended by a signal
  }
  return 0;
}

}  // namespace seatsim::cli
