#include "engine/report/draw_file.hpp"

#include <fmt/format.h>

#include <bit>
#include <cerrno>
#include <cstring>

#include "engine/sim/input_error.hpp"
#include "engine/sim/little_endian.hpp"
#include "engine/sim/runner.hpp"

namespace seatsim::report {
namespace {

constexpr std::string_view kMagic = "SSIMDRAW";
constexpr model::OptionKind kKinds[] = {model::OptionKind::party, model::OptionKind::against_all,
                                        model::OptionKind::district_only,
                                        model::OptionKind::other_valid};
// Records read from the file at a time.
constexpr std::size_t kChunkRecords = 4096;
// The record count (u64) and the CRC-32C (u32) after the records.
constexpr std::size_t kTrailerBytes = 12;
// Records hold seats as u16.
constexpr std::uint32_t kMaxTierSeats = 0xFFFF;

}  // namespace

DrawFileWriter::DrawFileWriter(const std::filesystem::path& path, const sim::Scenario& scenario,
                               std::uint64_t seed)
    : file_(path), record_size_(sim::draw_record_size(scenario)) {
  std::string header(kMagic);
  sim::put_little_endian(header, kDrawFileVersion);
  sim::put_little_endian(header, seed);
  sim::put_little_endian(header, static_cast<std::uint32_t>(scenario.list_seat_bound()));
  sim::put_little_endian(header, static_cast<std::uint32_t>(scenario.district_seats()));
  sim::put_little_endian(header, static_cast<std::uint32_t>(scenario.options.size()));
  sim::put_little_endian(header, static_cast<std::uint32_t>(record_size_));
  for (const auto& option : scenario.options) {
    header.push_back(static_cast<char>(option.kind));
    header.push_back(static_cast<char>(option.id.size()));
    header += option.id;
  }
  write(header);
}

void DrawFileWriter::write(std::string_view bytes) {
  crc_.update(bytes);
  file_.write(bytes);
}

void DrawFileWriter::append(std::span<const unsigned char> records) {
  write(std::string_view(reinterpret_cast<const char*>(records.data()), records.size()));
  bytes_ += records.size();
}

void DrawFileWriter::finish() {
  std::string trailer;
  sim::put_little_endian(trailer, bytes_ / record_size_);
  crc_.update(trailer);
  sim::put_little_endian(trailer, crc_.value());
  file_.write(trailer);
  file_.commit();
}

DrawFileReader::DrawFileReader(const std::filesystem::path& path)
    : path_(path), file_(std::fopen(path.c_str(), "rb"), std::fclose) {
  if (!file_) {
    throw InputError({fmt::format("{}: cannot open ({})", path.string(), std::strerror(errno))});
  }
  if (read_exactly(kMagic.size()) != kMagic) fail("no SSIMDRAW magic");
  const std::string version_text = read_exactly(4);
  std::string_view version_bytes = version_text;
  if (const auto version = sim::take_little_endian<std::uint32_t>(version_bytes);
      version != kDrawFileVersion) {
    fail(fmt::format("format version {}, this seatsim reads {}", version, kDrawFileVersion));
  }
  const std::string fixed = read_exactly(8 + 4 * 4);
  std::string_view bytes = fixed;
  header_.seed = sim::take_little_endian<std::uint64_t>(bytes);
  const auto list_seats = sim::take_little_endian<std::uint32_t>(bytes);
  const auto district_seats = sim::take_little_endian<std::uint32_t>(bytes);
  // Records hold seats as u16, so no tier can have more; and a house has at least one seat.
  if (list_seats > kMaxTierSeats || district_seats > kMaxTierSeats ||
      list_seats + district_seats == 0) {
    fail(fmt::format("the header's seats ({} list, {} district) are not those of a house",
                     list_seats, district_seats));
  }
  header_.list_seats = static_cast<int>(list_seats);
  header_.district_seats = static_cast<int>(district_seats);
  const auto options = sim::take_little_endian<std::uint32_t>(bytes);
  record_size_ = sim::take_little_endian<std::uint32_t>(bytes);
  if (options == 0 || options > rules::kMaxOptions || record_size_ != 8 + 8 * options) {
    fail("the header's option count or record size is wrong");
  }
  for (std::uint32_t k = 0; k < options; ++k) {
    const std::string kind_and_length = read_exactly(2);
    const auto kind = static_cast<unsigned char>(kind_and_length[0]);
    if (kind >= std::size(kKinds)) fail("an option kind is unknown");
    header_.kinds.push_back(kKinds[kind]);
    header_.ids.push_back(read_exactly(static_cast<unsigned char>(kind_and_length[1])));
  }
}

std::uint64_t DrawFileReader::for_each(const std::function<void(const SavedDraw&)>& visit) {
  const std::size_t options = header_.ids.size();
  SavedDraw draw;
  draw.share.resize(options);
  draw.list_seats.resize(options);
  draw.district_seats.resize(options);
  // The buffer holds whole chunks of records plus the trailer's bytes, which are held back until
  // the end of the file shows they are the trailer and not a record.
  std::vector<unsigned char> buffer(kChunkRecords * record_size_ + kTrailerBytes);
  std::size_t held = 0;
  std::uint64_t draws = 0;
  for (;;) {
    const std::size_t got = std::fread(buffer.data() + held, 1, buffer.size() - held, file_.get());
    held += got;
    const bool at_end = held < buffer.size();
    if (at_end && std::ferror(file_.get())) fail(std::strerror(errno));
    if (held < kTrailerBytes) fail("it is truncated");
    const std::size_t records = (held - kTrailerBytes) / record_size_;
    if (at_end && records * record_size_ != held - kTrailerBytes) {
      fail("its last record is cut short");
    }
    crc_.update(
        std::string_view(reinterpret_cast<const char*>(buffer.data()), records * record_size_));
    for (std::size_t r = 0; r < records; ++r) {
      std::string_view record(reinterpret_cast<const char*>(buffer.data()) + r * record_size_,
                              record_size_);
      draw.passed = sim::take_little_endian<std::uint64_t>(record);
      for (auto& share : draw.share) {
        share = std::bit_cast<float>(sim::take_little_endian<std::uint32_t>(record));
      }
      for (auto& seats : draw.list_seats) {
        seats = sim::take_little_endian<std::uint16_t>(record);
        if (seats > header_.list_seats) fail("a record has more list seats than the house");
      }
      for (auto& seats : draw.district_seats) {
        seats = sim::take_little_endian<std::uint16_t>(record);
        if (seats > header_.district_seats) fail("a record has more district seats than the house");
      }
      visit(draw);
      ++draws;
    }
    const std::size_t used = records * record_size_;
    std::memmove(buffer.data(), buffer.data() + used, held - used);
    held -= used;
    if (at_end) break;
  }
  std::string_view trailer(reinterpret_cast<const char*>(buffer.data()), kTrailerBytes);
  crc_.update(trailer.substr(0, 8));
  if (sim::take_little_endian<std::uint64_t>(trailer) != draws) {
    fail("its record count does not match its records: it was cut short or extended");
  }
  if (sim::take_little_endian<std::uint32_t>(trailer) != crc_.value()) {
    fail("it is damaged: its CRC-32C does not match its contents");
  }
  return draws;
}

std::string DrawFileReader::read_exactly(std::size_t n) {
  std::string bytes(n, '\0');
  if (std::fread(bytes.data(), 1, n, file_.get()) != n) fail("it is truncated");
  crc_.update(bytes);
  return bytes;
}

void DrawFileReader::fail(std::string_view why) const {
  throw InputError({fmt::format("{}: not a seatsim draw file ({})", path_.string(), why)});
}

}  // namespace seatsim::report
