#include "engine/cli/interrupt.hpp"

#include <csignal>

namespace seatsim::cli {
namespace {

// A signal handler can only set a flag of this type (C++20 [support.signal]); it is the one global
// the program has, and only StopOnSignals touches it.
volatile std::sig_atomic_t g_received = 0;

extern "C" void record_signal(int signal) {
  g_received = signal;
}

constexpr int kSignals[] = {SIGINT, SIGTERM};

}  // namespace

StopOnSignals::StopOnSignals() : previous_{} {
  g_received = 0;
  struct sigaction action {};
  action.sa_handler = record_signal;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < 2; ++i) sigaction(kSignals[i], &action, &previous_[i]);
}

StopOnSignals::~StopOnSignals() {
  for (int i = 0; i < 2; ++i) sigaction(kSignals[i], &previous_[i], nullptr);
}

int StopOnSignals::received() const {
  return g_received;
}

}  // namespace seatsim::cli
