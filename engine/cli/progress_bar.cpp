#include "engine/cli/progress_bar.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "engine/sim/summary.hpp"

namespace seatsim::cli {
namespace {

// Runs shorter than this finish before a bar would help; it would only flicker.
constexpr double kQuietSeconds = 0.5;
constexpr int kBarWidth = 24;

std::string duration(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, s / 60 % 60);
}

}  // namespace

ProgressBar::ProgressBar(const sim::Scenario& scenario, std::uint64_t total_draws,
                         std::uint64_t first_draws, double target_se, Show show, std::size_t points)
    : scenario_(&scenario),
      total_draws_(total_draws),
      first_draws_(first_draws),
      target_se_(target_se),
      points_(points),
      enabled_(show == Show::on_terminal && ::isatty(STDERR_FILENO)) {}

ProgressBar::~ProgressBar() {
  if (drawn_) std::fputs("\r\033[K", stderr);
}

void ProgressBar::start_point(std::size_t point, const sim::Scenario& scenario) {
  point_ = point;
  scenario_ = &scenario;
}

void ProgressBar::update(const sim::Tally& tally, double seconds) {
  if (!enabled_ || seconds < kQuietSeconds) return;
  const double fraction = static_cast<double>(tally.draws) / static_cast<double>(total_draws_);
  const auto earlier = static_cast<double>(point_) * static_cast<double>(total_draws_);
  const double rate = (earlier + static_cast<double>(tally.draws - first_draws_)) / seconds;
  const auto later = static_cast<double>(points_ - point_ - 1) * static_cast<double>(total_draws_);
  const double left =
      rate > 0 ? (static_cast<double>(total_draws_ - tally.draws) + later) / rate : 0.0;
  const int filled = static_cast<int>(fraction * kBarWidth);
  const double se = sim::largest_se(sim::summarize(*scenario_, tally));
  const std::string point =
      points_ > 1 ? fmt::format("point {}/{} ", point_ + 1, points_) : std::string();
  if (target_se_ > 0.0) {
    fmt::print(stderr, "\r\033[K{} draws  {:.3g}/s  largest SE {:.2g}, target {:.2g}", tally.draws,
               rate, se, target_se_);
  } else {
    fmt::print(stderr, "\r\033[K{}[{:#<{}}{:<{}}] {}/{} draws  {:.3g}/s  ETA {}  largest SE {:.2g}",
               point, "", filled, "", kBarWidth - filled, tally.draws, total_draws_, rate,
               duration(left), se);
  }
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace seatsim::cli
