#include "engine/report/output_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <vector>

#include "engine/sim/input_error.hpp"

namespace seatsim::report {
namespace {

[[noreturn]] void fail_path(const std::filesystem::path& path, std::string_view what, int error) {
  throw InputError({fmt::format("{}: cannot {} ({})", path.string(), what, std::strerror(error))});
}

bool is_standard_output(const std::filesystem::path& path) {
  return path == "-" || path == "/dev/stdout";
}

// Whether an existing target is written in place rather than replaced; throws for an existing
// target that may be neither.
enum class Disposition { replace, write_through };
Disposition disposition(const std::filesystem::path& path, std::string_view option = {}) {
  if (is_standard_output(path)) return Disposition::write_through;
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return Disposition::replace;  // absent: created
  if (S_ISREG(info.st_mode)) return Disposition::replace;
  if (S_ISFIFO(info.st_mode) || S_ISCHR(info.st_mode)) return Disposition::write_through;
  const std::string_view what = S_ISDIR(info.st_mode)    ? "a directory"
                                : S_ISBLK(info.st_mode)  ? "a block device"
                                : S_ISSOCK(info.st_mode) ? "a socket"
                                                         : "not a regular file";
  throw InputError(
      {fmt::format("{}{}{}: it is {}; an output must be a regular file, a FIFO, a "
                   "terminal or -, for stdout",
                   option, option.empty() ? "" : " ", path.string(), what)});
}

// The file a path names, its symbolic links followed, so that replacing it keeps the link.
std::filesystem::path resolved(const std::filesystem::path& path) {
  std::error_code error;
  const auto target = std::filesystem::weakly_canonical(path, error);
  return error ? path : target;
}

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "host";
  std::string host(name);
  std::replace(host.begin(), host.end(), '/', '_');
  return host;
}

std::string temporary_prefix(const std::filesystem::path& target) {
  return target.filename().string() + ".tmp-seatsim-" + host_name() + "-";
}

// The temporaries being written, for remove_temporaries_at_signal: a fixed table, since a signal
// handler may neither allocate nor lock. A slot is claimed by an atomic exchange, filled, then
// published as live; the handler reads only live slots.
enum SlotState : int { kFree, kClaimed, kLive };
struct TemporarySlot {
  std::atomic<int> state{kFree};
  TemporaryKind kind = TemporaryKind::file;
  char path[PATH_MAX] = {};
};
static_assert(std::atomic<int>::is_always_lock_free);
TemporarySlot g_temporaries[32];

}  // namespace

SignalCleanup::SignalCleanup(const std::filesystem::path& path, TemporaryKind kind) {
  const std::string text = std::filesystem::absolute(path).string();
  if (text.size() >= PATH_MAX) return;
  for (int i = 0; i < static_cast<int>(std::size(g_temporaries)); ++i) {
    auto& slot = g_temporaries[i];
    int free = kFree;
    if (!slot.state.compare_exchange_strong(free, kClaimed)) continue;
    slot.kind = kind;
    std::memcpy(slot.path, text.c_str(), text.size() + 1);
    slot.state.store(kLive);
    slot_ = i;
    return;
  }
}

SignalCleanup::~SignalCleanup() {
  if (slot_ >= 0) g_temporaries[slot_].state.store(kFree);
}

void remove_temporaries_at_signal() noexcept {
  for (const TemporaryKind kind : {TemporaryKind::file, TemporaryKind::folder}) {
    for (auto& slot : g_temporaries) {
      if (slot.state.load() != kLive || slot.kind != kind) continue;
      if (kind == TemporaryKind::file) {
        ::unlink(slot.path);
      } else {
        ::rmdir(slot.path);
      }
    }
  }
}

std::filesystem::path temporary_path(const std::filesystem::path& target) {
  return target.parent_path() / (temporary_prefix(target) + std::to_string(::getpid()));
}

void remove_stale_temporaries(const std::filesystem::path& target) {
  const std::string prefix = temporary_prefix(target);
  const auto folder =
      target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string_view digits = std::string_view(name).substr(prefix.size());
    int pid = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    if (ec != std::errc() || end != digits.data() + digits.size() || pid <= 0) continue;
    // ESRCH: no such process, so nobody is writing it. (EPERM means one runs, as another user.)
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;
    std::error_code ignored;
    std::filesystem::remove_all(entry.path(), ignored);
  }
}

OutputFile::OutputFile(const std::filesystem::path& path) : path_(path) {
  if (is_standard_output(path)) {
    standard_output_ = true;
    file_ = stdout;
    return;
  }
  if (disposition(path) == Disposition::write_through) {
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) fail("open");
    return;
  }
  target_ = resolved(path);
  remove_stale_temporaries(target_);
  temporary_ = temporary_path(target_);
  cleanup_.emplace(temporary_, TemporaryKind::file);
  file_ = std::fopen(temporary_.c_str(), "wb");
  if (!file_) fail("create");
}

OutputFile::~OutputFile() {
  if (file_ && !standard_output_) std::fclose(file_);
  if (file_ && !temporary_.empty()) std::remove(temporary_.c_str());
}

void OutputFile::write(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) fail("write");
}

void OutputFile::commit() {
  if (standard_output_) {
    if (std::fflush(file_) != 0) fail("write");
    file_ = nullptr;
    return;
  }
  // fsync before the rename: otherwise a power cut could leave the new name on an empty file.
  const bool flushed =
      std::fflush(file_) == 0 && (temporary_.empty() || ::fsync(::fileno(file_)) == 0);
  const int flush_error = errno;
  std::FILE* file = file_;
  file_ = nullptr;
  const bool closed = std::fclose(file) == 0;
  if (!flushed || !closed) {
    errno = flushed ? errno : flush_error;
    fail("write");
  }
  if (!temporary_.empty() && std::rename(temporary_.c_str(), target_.c_str()) != 0) {
    fail("rename into place");
  }
}

void OutputFile::fail(std::string_view what) {
  const int error = errno;
  if (file_ && !standard_output_) std::fclose(file_);
  file_ = nullptr;
  if (!temporary_.empty()) std::remove(temporary_.c_str());
  fail_path(path_, what, error);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  OutputFile file(path);
  file.write(content);
  file.commit();
}

void replace_folder(const std::filesystem::path& written, const std::filesystem::path& target) {
  if (::renameat2(AT_FDCWD, written.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) {
    return;
  }
  std::error_code ignored;
  if (errno == EEXIST) {
    // Swap the two, then remove the old folder, now at the written one's name.
    if (::renameat2(AT_FDCWD, written.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
      std::filesystem::remove_all(written, ignored);
      return;
    }
  }
  if (errno != EINVAL && errno != ENOSYS && errno != EEXIST) {
    fail_path(target, "rename into place", errno);
  }
  // A file system without renameat2's flags (NFS, for one): move the old folder aside, then the
  // new one in. A reader may find no folder for that moment, but never a mix of two runs.
  const auto old = target.parent_path() / (temporary_path(target).filename().string() + "-old");
  const bool had_old = std::filesystem::exists(target, ignored);
  if (had_old && std::rename(target.c_str(), old.c_str()) != 0) {
    fail_path(target, "move aside", errno);
  }
  if (std::rename(written.c_str(), target.c_str()) != 0)
    fail_path(target, "rename into place", errno);
  if (had_old) std::filesystem::remove_all(old, ignored);
}

void check_outputs(std::span<const OutputPath> outputs) {
  std::vector<std::filesystem::path> targets;
  for (const auto& output : outputs) {
    const auto& path = output.path;
    auto refuse = [&](std::string_view why) {
      throw InputError({fmt::format("{} {}: {}", output.option, path.string(), why)});
    };
    if (output.kind == OutputKind::folder) {
      if (is_standard_output(path)) refuse("a folder output cannot go to stdout");
      std::error_code error;
      const auto status = std::filesystem::status(path, error);
      if (std::filesystem::exists(status)) {
        if (!std::filesystem::is_directory(status)) refuse("it exists and is not a folder");
        for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
          const std::string name = entry.path().filename().string();
          const bool ours = std::find(output.folder_files.begin(), output.folder_files.end(),
                                      name) != output.folder_files.end();
          if (!ours || !entry.is_regular_file()) {
            refuse(
                fmt::format("it holds {}, which replacing the folder would delete; give a new "
                            "or empty folder",
                            name));
          }
        }
      }
    }
    const bool through = output.kind == OutputKind::file &&
                         disposition(path, output.option) == Disposition::write_through;
    // Two outputs may share a character device such as /dev/null, but not stdout or a FIFO.
    struct stat info {};
    if (through && !is_standard_output(path) && ::stat(path.c_str(), &info) == 0 &&
        S_ISCHR(info.st_mode)) {
      continue;
    }
    const auto target =
        is_standard_output(path) ? std::filesystem::path("/dev/stdout") : resolved(path);
    if (std::find(targets.begin(), targets.end(), target) != targets.end()) {
      refuse("another output is written to the same file");
    }
    targets.push_back(target);
    if (through) continue;
    // The folder the file (or the folder's temporary) is created in must exist and be writable;
    // a folder output creates its missing parents, so the nearest existing one must be.
    auto parent = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
    struct stat parent_info {};
    while (output.kind == OutputKind::folder && ::stat(parent.c_str(), &parent_info) != 0 &&
           errno == ENOENT && parent.has_relative_path()) {
      parent = parent.parent_path();
    }
    if (::stat(parent.c_str(), &parent_info) != 0) fail_path(path, "create", errno);
    if (!S_ISDIR(parent_info.st_mode)) fail_path(path, "create", ENOTDIR);
    if (::access(parent.c_str(), W_OK | X_OK) != 0) fail_path(path, "create", errno);
  }
  // No output inside a folder output, which is replaced whole.
  for (const auto& output : outputs) {
    if (output.kind != OutputKind::folder) continue;
    const std::string folder = resolved(output.path).string() + "/";
    for (const auto& target : targets) {
      if (target.string().starts_with(folder)) {
        throw InputError({fmt::format("{} {}: another output, {}, is inside it", output.option,
                                      output.path.string(), target.string())});
      }
    }
  }
}

}  // namespace seatsim::report
