#pragma once
// Ctrl-C (SIGINT) and SIGTERM during a run: instead of killing the process, they ask the run to
// stop at its next block boundary, so that it can write what it has, marked partial. The first
// signal is acknowledged at once on stderr.
//
// One event often delivers a burst of signals: `timeout`, a process-group kill, a job scheduler or
// a terminal multiplexer signal the process and then its whole group, microseconds apart. So a
// later signal forces the immediate exit (the signal's default action: the process dies of it and
// writes nothing more) only when it is a deliberate second request, at least kRepeatSeconds after
// the acknowledgement; a burst stops the run once, cleanly. Output files are written atomically, so
// even an immediate exit leaves none half-written, and it removes their temporaries.
#include <csignal>

namespace seatsim::cli {

// Outside a run, SIGINT and SIGTERM end the process at once, as by default, but first remove the
// temporaries of the output files being written (report::SignalCleanup). Installed once, at start;
// StopOnSignals replaces it during a run and restores it after.
void remove_temporaries_on_signals();

// How long after the acknowledgement a further signal counts as a second request.
inline constexpr int kRepeatSeconds = 1;

// Whether this process prints the acknowledgement (under MPI, only the rank that reports).
enum class Acknowledge { on_stderr, silently };

class StopOnSignals {
 public:
  explicit StopOnSignals(Acknowledge acknowledge);  // installs the handlers
  ~StopOnSignals();                                 // restores the previous ones
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

  // The signal that asked for a stop, or 0.
  int received() const;

 private:
  struct sigaction previous_[2];  // SIGINT's and SIGTERM's handlers before this one
};

}  // namespace seatsim::cli
