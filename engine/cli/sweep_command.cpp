// `seatsim sweep`: a grid of runs over scenario values. Every point uses the same seed, so the same
// blocks draw from the same streams: common random numbers, which make the curves smooth.
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "engine/cli/commands.hpp"
#include "engine/report/output_file.hpp"
#include "engine/report/sweep_report.hpp"
#include "engine/scenario/input_error.hpp"

namespace seatsim::cli {
namespace {

constexpr std::size_t kMaxPoints = 10'000;

struct Axis {
  std::string key;
  std::vector<double> values;
};

double parse_number(const std::string& spec, std::string_view text) {
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    throw InputError({fmt::format("--vary {}: \"{}\" is not a number", spec, text)});
  }
  return value;
}

// KEY=FROM:TO:STEP, both ends included; values are rounded to 12 significant digits so that
// 0.03 + 0.01 reads as 0.04.
Axis parse_axis(const std::string& spec) {
  const auto equals = spec.find('=');
  const auto first = spec.find(':', equals);
  const auto second = first == std::string::npos ? first : spec.find(':', first + 1);
  if (equals == std::string::npos || equals == 0 || second == std::string::npos) {
    throw InputError(
        {fmt::format("--vary {}: expected KEY=FROM:TO:STEP, for example "
                     "tiers.list.threshold=0.03:0.07:0.01",
                     spec)});
  }
  const std::string_view text(spec);
  const double from = parse_number(spec, text.substr(equals + 1, first - equals - 1));
  const double to = parse_number(spec, text.substr(first + 1, second - first - 1));
  const double step = parse_number(spec, text.substr(second + 1));
  if (!(step > 0.0) || to < from) {
    throw InputError({fmt::format("--vary {}: needs STEP > 0 and TO >= FROM", spec)});
  }
  const double count = std::floor((to - from) / step + 1e-9) + 1.0;
  if (count > static_cast<double>(kMaxPoints)) {
    throw InputError({fmt::format("--vary {}: {} points (at most {})", spec, count, kMaxPoints)});
  }
  Axis axis{spec.substr(0, equals), {}};
  for (int i = 0; i < static_cast<int>(count); ++i) {
    axis.values.push_back(std::stod(fmt::format("{:.12g}", from + i * step)));
  }
  return axis;
}

}  // namespace

SweepCommand::SweepCommand(CLI::App& app)
    : ScenarioCommand(app.add_subcommand("sweep", "Run a grid of scenario variations (--vary)")) {
  command_
      ->add_option("--vary", vary_,
                   "KEY=FROM:TO:STEP, both ends included; repeat for a grid, e.g. "
                   "--vary parties.baytaq.share=0.02:0.08:0.01")
      ->required()
      ->allow_extra_args(false);
  add_draw_options(options_, "Draws per grid point; every point uses the same seed");
  command_->add_option("--csv", csv_path_, "Write one CSV row per grid point, header first");
  command_->add_option("--json", json_path_, "Write the sweep as JSON (schema seatsim.sweep/1)");
}

int SweepCommand::execute() const {
  std::vector<Axis> axes;
  std::size_t total = 1;
  for (const auto& spec : vary_) {
    axes.push_back(parse_axis(spec));
    total *= axes.back().values.size();
    if (total > kMaxPoints) {
      throw InputError({fmt::format("--vary: the grid has more than {} points", kMaxPoints)});
    }
  }

  std::vector<report::SweepPoint> points;
  points.reserve(total);  // summaries point into their scenarios, which must not move
  std::vector<std::size_t> index(axes.size(), 0);
  for (std::size_t n = 0; n < total; ++n) {
    // The last axis varies fastest.
    std::size_t rest = n;
    for (std::size_t a = axes.size(); a-- > 0;) {
      index[a] = rest % axes[a].values.size();
      rest /= axes[a].values.size();
    }
    report::SweepPoint& point = points.emplace_back();
    std::vector<std::string> overrides;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      const double value = axes[a].values[index[a]];
      point.values.emplace_back(axes[a].key, value);
      overrides.push_back(fmt::format("{}={:.12g}", axes[a].key, value));
    }
    point.scenario = load_scenario(overrides);
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
