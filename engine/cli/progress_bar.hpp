#pragma once
// The progress line of a long run on stderr: draws done, draws per second, time left, and the
// largest standard error of any reported probability so far (the one --target-se watches). It
// reads the merged tally between rounds of blocks, on the main thread, and never changes it.
#include <cstddef>
#include <cstdint>

#include "engine/sim/scenario.hpp"
#include "engine/sim/tally.hpp"

namespace seatsim::cli {

enum class Show { on_terminal, never };

class ProgressBar {
 public:
  // `show`: on_terminal draws only when stderr is a terminal. `first_draws` were done before this
  // process started (a resumed run), and do not count towards the rate. With a `target_se` (> 0)
  // the run ends when the largest SE reaches it, not at `total_draws`: the line shows the SE
  // against its target instead of a bar and a time left. A sweep's bar serves its `points` runs of
  // `total_draws` each in turn (start_point), and shows which point it is drawing.
  ProgressBar(const sim::Scenario& scenario, std::uint64_t total_draws, std::uint64_t first_draws,
              double target_se, Show show, std::size_t points = 1);
  ~ProgressBar();  // clears the line
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // `seconds`: drawing so far, over every point of a sweep.
  void update(const sim::Tally& tally, double seconds);
  // The sweep's point (counted from 0) now drawing, on `scenario`, which must outlive the bar.
  void start_point(std::size_t point, const sim::Scenario& scenario);

 private:
  const sim::Scenario* scenario_;
  std::uint64_t total_draws_;
  std::uint64_t first_draws_;
  double target_se_;
  std::size_t points_;
  std::size_t point_ = 0;
  bool enabled_;
  bool drawn_ = false;
};

}  // namespace seatsim::cli
