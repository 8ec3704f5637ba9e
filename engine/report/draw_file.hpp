#pragma once
// Saved draws (--save-draws FILE): every draw of a run as a fixed-size record, in draw order, for
// `seatsim query` (docs/save-draws.md). All integers little-endian.
//
//   8 bytes   magic "SSIMDRAW"
//   u32       format version (kDrawFileVersion)
//   u64       seed
//   u32       list seats, u32 district seats (0 for a tier the scenario lacks)
//   u32       K, the number of options; u32 record size (sim::draw_record_size: 8 + 8 K)
//   K times   u8 kind (0 party, 1 against_all, 2 district_only, 3 other_valid), u8 id length, the
//   id records   in the layout of sim::draw_record_size u64       the number of records, then u32
//   CRC-32C of every byte before it
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/report/crc32c.hpp"
#include "engine/report/output_file.hpp"
#include "engine/sim/scenario.hpp"

namespace seatsim::report {

// 2: ends with the record count and a CRC-32C (1 did not).
inline constexpr std::uint32_t kDrawFileVersion = 2;

// Writes through an OutputFile (report/output_file.hpp): replaced in finish(), so that a reader
// never sees half a file, or written through to a FIFO or stdout; destroyed unfinished, it removes
// its temporary file.
class DrawFileWriter {
 public:
  DrawFileWriter(const std::filesystem::path& path, const sim::Scenario& scenario,
                 std::uint64_t seed);
  DrawFileWriter(const DrawFileWriter&) = delete;
  DrawFileWriter& operator=(const DrawFileWriter&) = delete;

  void append(std::span<const unsigned char> records);
  void finish();

 private:
  void write(std::string_view bytes);
  OutputFile file_;
  Crc32c crc_;
  std::size_t record_size_ = 0;
  std::uint64_t bytes_ = 0;  // of records
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

// Reads a draw file: the header when opened, then the draws in order, checking the record count
// and the checksum at the end. Throws InputError naming the file if it is not a whole, undamaged
// draw file; for_each has then called `visit` for the records before the damage, so a caller
// reports nothing before it returns.
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
  Crc32c crc_;  // of the bytes read so far
};

}  // namespace seatsim::report
