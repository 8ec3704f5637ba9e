#pragma once
// Saved draws (--save-draws FILE): every draw of a run as a fixed-size record, in draw order, for
// `seatsim query` (docs/save-draws.md). All integers little-endian.
//
//   8 bytes   magic "SSIMDRAW"
//   u32       format version (kDrawFileVersion)
//   u64       seed
//   u32       list seats, u32 district seats (0 for a tier the scenario lacks)
//   u32       K, the number of options; u32 record size (sim::draw_record_size: 8 + 8 K)
//   K times   u8 kind (0 party, 1 against_all, 2 district_only), u8 id length, the id
//   records   to the end of the file, in the layout of sim::draw_record_size
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/sim/scenario.hpp"

namespace seatsim::report {

inline constexpr std::uint32_t kDrawFileVersion = 1;

// Writes to a temporary file beside the path and renames it into place in finish(), so that a
// reader never sees half a file; destroyed unfinished, it removes the temporary file.
class DrawFileWriter {
 public:
  DrawFileWriter(const std::filesystem::path& path, const sim::Scenario& scenario,
                 std::uint64_t seed);
  ~DrawFileWriter();
  DrawFileWriter(const DrawFileWriter&) = delete;
  DrawFileWriter& operator=(const DrawFileWriter&) = delete;

  void append(std::span<const unsigned char> records);
  void finish();

 private:
  [[noreturn]] void fail(std::string_view what);
  std::filesystem::path path_;
  std::filesystem::path temporary_;
  std::FILE* file_ = nullptr;
};

// One saved draw, decoded.
struct SavedDraw {
  std::uint64_t passed = 0;         // bit k: option k passed the list threshold
  std::vector<double> share;        // per option
  std::vector<int> list_seats;      // per option
  std::vector<int> district_seats;  // per option
};

struct DrawFileHeader {
  std::uint64_t seed = 0;
  int list_seats = 0;
  int district_seats = 0;
  std::vector<std::string> ids;
  std::vector<model::OptionKind> kinds;
};

// Reads a draw file: the header when opened, then the draws in order. Throws InputError naming the
// file if it is not a whole draw file.
class DrawFileReader {
 public:
  explicit DrawFileReader(const std::filesystem::path& path);
  const DrawFileHeader& header() const { return header_; }
  // Calls `visit` with each draw in order (the same SavedDraw, refilled); returns how many.
  std::uint64_t for_each(const std::function<void(const SavedDraw&)>& visit);

 private:
  [[noreturn]] void fail(std::string_view why) const;
  std::string read_exactly(std::size_t n);
  std::filesystem::path path_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  DrawFileHeader header_;
  std::size_t record_size_ = 0;
};

}  // namespace seatsim::report
