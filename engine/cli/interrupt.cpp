#include "engine/cli/interrupt.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <ctime>

#include "engine/report/output_file.hpp"

namespace seatsim::cli {
namespace {

// A signal handler may only touch lock-free atomics and volatile sig_atomic_t objects, and call
// async-signal-safe functions (C++20 [support.signal]; POSIX.1-2017 2.4.3: write, clock_gettime,
// sigaction and raise are among them). These are the only globals the program has, and only
// StopOnSignals touches them.
std::atomic<int> g_received{0};
std::atomic<std::int64_t> g_acknowledged_ns{0};
static_assert(std::atomic<int>::is_always_lock_free &&
              std::atomic<std::int64_t>::is_always_lock_free);
// The acknowledgement, formatted before the handlers are installed; empty when silent.
char g_message[256];
std::size_t g_message_size = 0;

constexpr int kSignals[] = {SIGINT, SIGTERM};

std::int64_t monotonic_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

// Removes the output files being written, then ends the process by `signal`, as if no handler had
// been installed. The signal is blocked while its handler runs, so it is delivered, with its
// default action, on return.
void die_of(int signal) {
  report::remove_temporaries_at_signal();
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  sigemptyset(&default_action.sa_mask);
  sigaction(signal, &default_action, nullptr);
  raise(signal);
}

extern "C" void on_stop_signal(int signal) {
  const int saved_errno = errno;
  const std::int64_t now = monotonic_ns();
  if (g_received.load() == 0) {
    g_acknowledged_ns.store(now);
    g_received.store(signal);
    if (g_message_size > 0) {
      [[maybe_unused]] const auto written = ::write(STDERR_FILENO, g_message, g_message_size);
    }
  } else if (now - g_acknowledged_ns.load() >= std::int64_t{kRepeatSeconds} * 1'000'000'000) {
    // A deliberate second request: die of the signal, the temporaries removed.
    die_of(signal);
  }
  errno = saved_errno;
}

extern "C" void on_fatal_signal(int signal) {
  die_of(signal);
}

}  // namespace

void remove_temporaries_on_signals() {
  struct sigaction action {};
  action.sa_handler = on_fatal_signal;
  sigemptyset(&action.sa_mask);
  for (const int signal : kSignals) sigaddset(&action.sa_mask, signal);
  for (const int signal : kSignals) sigaction(signal, &action, nullptr);
}

StopOnSignals::StopOnSignals(Acknowledge acknowledge) : previous_{} {
  g_received.store(0);
  g_message_size = 0;
  if (acknowledge == Acknowledge::on_stderr) {
    // On a terminal, clear the progress line the message would otherwise be appended to.
    const auto result = fmt::format_to_n(
        g_message, sizeof g_message,
        "{}seatsim: stopping at the next block to write the partial results; interrupt again "
        "after {} s to quit at once without them\n",
        ::isatty(STDERR_FILENO) ? "\r\033[K" : "", kRepeatSeconds);
    g_message_size = std::min(result.size, sizeof g_message);
  }
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  // Neither signal interrupts the handler of the other, so a burst is judged one signal at a time.
  sigemptyset(&action.sa_mask);
  for (const int signal : kSignals) sigaddset(&action.sa_mask, signal);
  for (int i = 0; i < 2; ++i) sigaction(kSignals[i], &action, &previous_[i]);
}

StopOnSignals::~StopOnSignals() {
  for (int i = 0; i < 2; ++i) sigaction(kSignals[i], &previous_[i], nullptr);
}

int StopOnSignals::received() const {
  return g_received.load();
}

}  // namespace seatsim::cli
