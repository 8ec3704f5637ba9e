#pragma once
// The progress line of a long run on stderr: draws done, draws per second, time left, and the
// largest standard error of any reported probability so far (the one --target-se watches). It
// reads the merged tally between rounds of blocks, on the main thread, and never changes it.
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
  // against its target instead of a bar and a time left.
  ProgressBar(const sim::Scenario& scenario, std::uint64_t total_draws, std::uint64_t first_draws,
              double target_se, Show show);
  ~ProgressBar();  // clears the line
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void update(const sim::Tally& tally, double seconds);

 private:
  const sim::Scenario& scenario_;
  std::uint64_t total_draws_;
  std::uint64_t first_draws_;
  double target_se_;
  bool enabled_;
  bool drawn_ = false;
};

}  // namespace seatsim::cli
