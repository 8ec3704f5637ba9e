#pragma once
// Every output file seatsim writes (--json, --csv, --checkpoint, --save-draws) goes through here,
// so each is either whole or absent, and nothing that is not a regular file is ever replaced.
//
// A path is written in one of two ways:
// - replaced: written to a temporary file beside it (temporary_path), flushed, synced and renamed
//   over it, so that a reader never sees a half-written file. A symbolic link is followed: the
//   file it names is replaced, not the link.
// - written through, in place, with no rename: "-" and /dev/stdout (this process's standard
//   output), an existing FIFO, and an existing character device (a terminal, /dev/null). Renaming
//   over a device node or a FIFO would replace the node itself.
// Any other existing target that is not a regular file (a directory, a socket, a block device) is
// refused before anything is drawn.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace seatsim::report {

// A temporary file, or a folder of them (removed after its files), that this process is writing.
enum class TemporaryKind { file, folder };

// While it lives, `path` is removed if a signal ends the process: the signal handler calls
// remove_temporaries_at_signal(). A path longer than the handler's table holds (PATH_MAX), or past
// its 32 entries, is left to a later run's remove_stale_temporaries.
class SignalCleanup {
 public:
  SignalCleanup(const std::filesystem::path& path, TemporaryKind kind);
  ~SignalCleanup();
  SignalCleanup(const SignalCleanup&) = delete;
  SignalCleanup& operator=(const SignalCleanup&) = delete;

 private:
  int slot_ = -1;
};

// Removes every temporary a live SignalCleanup names: files first, then folders. Async-signal-safe
// (only unlink and rmdir, POSIX.1-2017 2.4.3), for a handler of a signal that ends the process.
void remove_temporaries_at_signal() noexcept;

// An output being written: opened (its temporary created) on construction, in place on commit().
// Destroyed without commit(), it removes its temporary file. Throws InputError naming the path.
class OutputFile {
 public:
  explicit OutputFile(const std::filesystem::path& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view bytes);
  // Flushes, syncs, closes and renames into place (or, written through, flushes and closes).
  void commit();

 private:
  [[noreturn]] void fail(std::string_view what);
  std::filesystem::path path_;            // as given, for messages
  std::filesystem::path target_;          // the file replaced: path_ with symbolic links followed
  std::filesystem::path temporary_;       // empty when written through
  std::optional<SignalCleanup> cleanup_;  // of temporary_
  std::FILE* file_ = nullptr;
  bool standard_output_ = false;
};

// Writes `content` as one OutputFile.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// A temporary's name: the target's, then ".tmp-seatsim-HOST-PID", so that a later run on the same
// host can tell a temporary left by a process that no longer exists (killed with SIGKILL, or by
// a power cut) from one still being written, and remove it (remove_stale_temporaries).
std::filesystem::path temporary_path(const std::filesystem::path& target);
// Removes the temporaries of `target` left by processes of this host that no longer run.
void remove_stale_temporaries(const std::filesystem::path& target);

// What an output is: one file, or a folder of files (--csv) that is replaced whole.
enum class OutputKind { file, folder };
struct OutputPath {
  std::string_view option;  // for messages: "--json"
  std::filesystem::path path;
  OutputKind kind = OutputKind::file;
  // For a folder: the files it holds. An existing folder holding anything else is refused, since
  // replacing the folder whole would delete it.
  std::span<const std::string_view> folder_files = {};
};

// Replaces the folder `target` whole by `written` (a folder of the same parent, such as its
// temporary_path): with one atomic exchange where the file system supports it, so a reader sees
// the old folder or the new one, never a mix of two runs. Throws InputError naming the target.
void replace_folder(const std::filesystem::path& written, const std::filesystem::path& target);

// Checks, before any work, that every output can be written: its folder exists and is writable,
// an existing target is one that may be replaced or written through, no two outputs are the same
// file, and none lies inside a folder output. Throws InputError naming the option and path.
void check_outputs(std::span<const OutputPath> outputs);

}  // namespace seatsim::report
