#pragma once
// Ctrl-C (SIGINT) and SIGTERM during a run: instead of killing the process, they ask the run to
// stop at its next block boundary, so that it can write what it has, marked partial. A second
// signal kills as usual (SA_RESETHAND), for a run that must die at once; output files are written
// atomically, so even then none is left half-written.
#include <csignal>

namespace seatsim::cli {

class StopOnSignals {
 public:
  StopOnSignals();   // installs the handlers
  ~StopOnSignals();  // restores the previous ones
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

  // The signal that asked for a stop, or 0.
  int received() const;

 private:
  struct sigaction previous_[2];  // SIGINT's and SIGTERM's handlers before this one
};

}  // namespace seatsim::cli
