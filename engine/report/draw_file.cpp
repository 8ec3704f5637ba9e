#include "engine/report/draw_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

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
                                        model::OptionKind::district_only};
// Records read from the file at a time.
constexpr std::size_t kChunkRecords = 4096;

}  // namespace

DrawFileWriter::DrawFileWriter(const std::filesystem::path& path, const sim::Scenario& scenario,
                               std::uint64_t seed)
    : path_(path), temporary_(path.string() + fmt::format(".tmp{}", ::getpid())) {
  file_ = std::fopen(temporary_.c_str(), "wb");
  if (!file_) fail("create");
  std::string header(kMagic);
  sim::put_little_endian(header, kDrawFileVersion);
  sim::put_little_endian(header, seed);
  sim::put_little_endian(header, static_cast<std::uint32_t>(scenario.list_seats()));
  sim::put_little_endian(header, static_cast<std::uint32_t>(scenario.district_seats()));
  sim::put_little_endian(header, static_cast<std::uint32_t>(scenario.options.size()));
  sim::put_little_endian(header, static_cast<std::uint32_t>(sim::draw_record_size(scenario)));
  for (const auto& option : scenario.options) {
    header.push_back(static_cast<char>(option.kind));
    header.push_back(static_cast<char>(option.id.size()));
    header += option.id;
  }
  append(std::span(reinterpret_cast<const unsigned char*>(header.data()), header.size()));
}

DrawFileWriter::~DrawFileWriter() {
  if (file_) {
    std::fclose(file_);
    std::remove(temporary_.c_str());
  }
}

void DrawFileWriter::append(std::span<const unsigned char> records) {
  if (std::fwrite(records.data(), 1, records.size(), file_) != records.size()) fail("write");
}

void DrawFileWriter::finish() {
  const bool flushed = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!flushed || !closed) fail("write");
  if (std::rename(temporary_.c_str(), path_.c_str()) != 0) fail("rename into place");
}

void DrawFileWriter::fail(std::string_view what) {
  const std::string reason = std::strerror(errno);
  if (file_) std::fclose(file_);
  file_ = nullptr;
  std::remove(temporary_.c_str());
  throw InputError({fmt::format("{}: cannot {} ({})", path_.string(), what, reason)});
}

DrawFileReader::DrawFileReader(const std::filesystem::path& path)
    : path_(path), file_(std::fopen(path.c_str(), "rb"), std::fclose) {
  if (!file_) {
    throw InputError({fmt::format("{}: cannot open ({})", path.string(), std::strerror(errno))});
  }
  if (read_exactly(kMagic.size()) != kMagic) fail("no SSIMDRAW magic");
  const std::string fixed = read_exactly(4 + 8 + 4 * 4);
  std::string_view bytes = fixed;
  if (const auto version = sim::take_little_endian<std::uint32_t>(bytes);
      version != kDrawFileVersion) {
    fail(fmt::format("format version {}, this seatsim reads {}", version, kDrawFileVersion));
  }
  header_.seed = sim::take_little_endian<std::uint64_t>(bytes);
  header_.list_seats = static_cast<int>(sim::take_little_endian<std::uint32_t>(bytes));
  header_.district_seats = static_cast<int>(sim::take_little_endian<std::uint32_t>(bytes));
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
  std::vector<unsigned char> chunk(kChunkRecords * record_size_);
  std::uint64_t draws = 0;
  for (;;) {
    const std::size_t got = std::fread(chunk.data(), 1, chunk.size(), file_.get());
    if (got % record_size_ != 0) fail("its last record is cut short");
    for (std::size_t r = 0; r < got / record_size_; ++r) {
      std::string_view record(reinterpret_cast<const char*>(chunk.data()) + r * record_size_,
                              record_size_);
      draw.passed = sim::take_little_endian<std::uint64_t>(record);
      for (auto& share : draw.share) {
        share = std::bit_cast<float>(sim::take_little_endian<std::uint32_t>(record));
      }
      for (auto& seats : draw.list_seats) seats = sim::take_little_endian<std::uint16_t>(record);
      for (auto& seats : draw.district_seats) {
        seats = sim::take_little_endian<std::uint16_t>(record);
      }
      visit(draw);
      ++draws;
    }
    if (got < chunk.size()) break;
  }
  if (std::ferror(file_.get())) fail(std::strerror(errno));
  return draws;
}

std::string DrawFileReader::read_exactly(std::size_t n) {
  std::string bytes(n, '\0');
  if (std::fread(bytes.data(), 1, n, file_.get()) != n) fail("it is truncated");
  return bytes;
}

void DrawFileReader::fail(std::string_view why) const {
  throw InputError({fmt::format("{}: not a seatsim draw file ({})", path_.string(), why)});
}

}  // namespace seatsim::report
