#include "engine/report/checkpoint.hpp"

#include <fmt/format.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <span>
#include <stdexcept>
#include <type_traits>

#include "engine/report/crc32c.hpp"
#include "engine/report/output_file.hpp"
#include "engine/sim/input_error.hpp"
#include "engine/sim/little_endian.hpp"
#include "engine/sim/runner.hpp"

namespace seatsim::report {
namespace {

constexpr std::string_view kMagic = "SSIMCKPT";
// Magic, version, block size, fingerprint, seed, target, tally length; then the tally; then CRC.
constexpr std::size_t kHeaderBytes = 8 + 4 + 8 * 5;
constexpr std::size_t kChecksumBytes = 4;

// FNV-1a: offset basis and prime from Fowler, Noll and Vo, "FNV hash", 64-bit parameters. Strings
// go in with their length, so that ("ab", "c") and ("a", "bc") differ.
class Fnv1a {
 public:
  void add(std::string_view bytes) {
    for (const char c : bytes) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 1099511628211ULL;
    }
  }
  void add_value(std::uint64_t value) {
    std::string bytes;
    sim::put_little_endian(bytes, value);
    add(bytes);
  }
  void add_value(double value) { add_value(std::bit_cast<std::uint64_t>(value)); }
  template <class Enum>
  requires std::is_enum_v<Enum>
  void add_value(Enum value) { add_value(static_cast<std::uint64_t>(value)); }
  void add_text(std::string_view text) {
    add_value(std::uint64_t{text.size()});
    add(text);
  }
  void add_values(std::span<const double> values) {
    add_value(std::uint64_t{values.size()});
    for (const double v : values) add_value(v);
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 14695981039346656037ULL;
};

// Whether two tallies have the same shape: every count array of the same length.
bool same_shape(const sim::Tally& a, const sim::Tally& b) {
  bool same = a.options == b.options && a.share_lines == b.share_lines &&
              a.list_seats == b.list_seats && a.district_seats == b.district_seats &&
              a.coalition_parties == b.coalition_parties;
  sim::Tally::for_each_count(
      [&same](const auto& x, const auto& y) {
        if constexpr (requires { x.size(); }) same = same && x.size() == y.size();
      },
      a, b);
  return same;
}

// At most `limit` bytes of the regular file at `path`. A device, FIFO or directory is refused
// before it is opened: /dev/zero would never end, and opening a FIFO waits for a writer.
std::string read_checkpoint_bytes(const std::filesystem::path& path, std::size_t limit) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    throw InputError(
        {fmt::format("{}: not a seatsim checkpoint (it is not a regular file)", path.string())});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(
        {fmt::format("{}: cannot open checkpoint ({})", path.string(), std::strerror(errno))});
  }
  std::string bytes(limit, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(limit));
  if (in.bad()) {
    throw InputError(
        {fmt::format("{}: cannot read checkpoint ({})", path.string(), std::strerror(errno))});
  }
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

// Counts that no run can produce: each draw gives every option one seat total, and no option
// passes or leads in more draws than there are. The checksum catches damage; this catches a
// file whose counts disagree with its draws however it came about (a lowered `draws` once printed
// probabilities of 166%).
void check_counts(const sim::Tally& tally) {
  if (tally.draws > sim::kMaxDraws) throw std::runtime_error("it holds more draws than a run may");
  const auto house = static_cast<std::size_t>(tally.house_size) + 1;
  for (std::size_t k = 0; k < tally.options; ++k) {
    std::uint64_t draws = 0;
    for (std::size_t seats = 0; seats < house; ++seats)
      draws += tally.total_histogram[k * house + seats];
    if (draws != tally.draws || tally.passed[k] > tally.draws || tally.largest[k] > tally.draws) {
      throw std::runtime_error("its counts do not add up to its draws");
    }
  }
  for (std::size_t k = 0; k < tally.options; ++k) {
    std::uint64_t draws = 0;
    for (const std::uint64_t count : tally.share_bins(k)) draws += count;
    // Options off the list ballot have no shares.
    if (draws != tally.draws && draws != 0) {
      throw std::runtime_error("its counts do not add up to its draws");
    }
  }
  for (std::size_t d = 0; d < static_cast<std::size_t>(tally.district_seats); ++d) {
    std::uint64_t draws = 0;
    for (const std::uint64_t wins : tally.district_win_counts(d)) draws += wins;
    if (draws != tally.draws) throw std::runtime_error("its counts do not add up to its draws");
  }
  for (std::size_t b = 0; b < tally.bloc_majority.size(); ++b) {
    std::uint64_t draws = 0;
    for (const std::uint64_t count : tally.bloc_seat_histogram(b)) draws += count;
    if (draws != tally.draws || tally.bloc_majority[b] > tally.draws ||
        tally.bloc_two_thirds[b] > tally.bloc_majority[b]) {
      throw std::runtime_error("its counts do not add up to its draws");
    }
  }
  std::uint64_t overhang = 0;
  for (const std::uint64_t seats : tally.option_overhang) overhang += seats;
  if (overhang != tally.overhang_seats) {
    throw std::runtime_error("its counts do not add up to its draws");
  }
  // A party wins at least one seat in a list district in at most every draw, and each such draw
  // adds at least one seat to its sum.
  for (std::size_t i = 0; i < tally.region_any_seat.size(); ++i) {
    if (tally.region_any_seat[i] > tally.draws ||
        tally.region_any_seat[i] > tally.region_seat_sum[i]) {
      throw std::runtime_error("its counts do not add up to its draws");
    }
  }
}

}  // namespace

std::uint64_t scenario_fingerprint(const sim::Scenario& scenario,
                                   std::string_view normalised_text) {
  Fnv1a hash;
  hash.add_text(normalised_text);
  const model::VoteSpec& vote = scenario.vote;
  hash.add_value(vote.kind);
  hash.add_values(vote.mean);
  hash.add_value(vote.n_eff);
  hash.add_values(vote.prior_alpha);
  hash.add_values(vote.error_sd);
  for (const double v : {vote.error_correlation, vote.drift_sd, vote.drift_days, vote.df,
                         vote.undecided, vote.undecided_concentration})
    hash.add_value(v);
  hash.add_value(vote.undecided_split);
  hash.add_value(scenario.invalid_share);
  hash.add_value(scenario.invalid_sd);
  if (const auto& districts = scenario.district_tier) {
    hash.add_values(districts->reference_mean);
    hash.add_value(districts->noise_sd);
    hash.add_value(districts->region_sd);
    hash.add_value(std::uint64_t{districts->districts.size()});
    for (const auto& district : districts->districts) {
      hash.add_text(district.region);
      hash.add_values(district.baseline);
      hash.add_values(district.strength);
    }
  }
  return hash.value();
}

void write_checkpoint(const std::filesystem::path& path, const Checkpoint& checkpoint) {
  std::string out(kMagic);
  sim::put_little_endian(out, kCheckpointVersion);
  sim::put_little_endian(out, sim::kBlockSize);
  sim::put_little_endian(out, checkpoint.scenario_fingerprint);
  sim::put_little_endian(out, checkpoint.seed);
  sim::put_little_endian(out, std::bit_cast<std::uint64_t>(checkpoint.target_se));
  const std::string tally = checkpoint.tally.to_bytes();
  sim::put_little_endian(out, std::uint64_t{tally.size()});
  out += tally;
  sim::put_little_endian(out, crc32c(out));
  write_file_atomically(path, out);
}

Checkpoint read_checkpoint(const std::filesystem::path& path, const sim::Tally& shape) {
  const std::size_t expected_size = kHeaderBytes + shape.to_bytes().size() + kChecksumBytes;
  // Read one byte more than a checkpoint of this scenario has, and no more: an endless or huge
  // file is refused without being read.
  const std::string content = read_checkpoint_bytes(path, expected_size + 1);
  std::string_view bytes = content;
  try {
    if (!bytes.starts_with(kMagic)) throw std::runtime_error("it does not start with SSIMCKPT");
    bytes.remove_prefix(kMagic.size());
    if (const auto version = sim::take_little_endian<std::uint32_t>(bytes);
        version != kCheckpointVersion) {
      throw std::runtime_error(
          fmt::format("format version {}, this seatsim reads {}", version, kCheckpointVersion));
    }
    if (content.size() > expected_size) {
      throw std::runtime_error(fmt::format(
          "it is larger than a checkpoint of this scenario, {} bytes: it is of another scenario",
          expected_size));
    }
    if (content.size() < kHeaderBytes + kChecksumBytes) throw std::runtime_error("it is truncated");
    std::string_view stored = std::string_view(content).substr(content.size() - kChecksumBytes);
    bytes.remove_suffix(kChecksumBytes);
    if (sim::take_little_endian<std::uint32_t>(stored) !=
        crc32c(std::string_view(content).substr(0, content.size() - kChecksumBytes))) {
      throw std::runtime_error("it is damaged: its CRC-32C does not match its contents");
    }
    if (const auto block = sim::take_little_endian<std::uint64_t>(bytes);
        block != sim::kBlockSize) {
      throw std::runtime_error(
          fmt::format("drawn in blocks of {}, this seatsim draws {}", block, sim::kBlockSize));
    }
    Checkpoint checkpoint;
    checkpoint.scenario_fingerprint = sim::take_little_endian<std::uint64_t>(bytes);
    checkpoint.seed = sim::take_little_endian<std::uint64_t>(bytes);
    checkpoint.target_se = std::bit_cast<double>(sim::take_little_endian<std::uint64_t>(bytes));
    if (sim::take_little_endian<std::uint64_t>(bytes) != bytes.size()) {
      throw std::runtime_error("the tally's length does not match the file");
    }
    checkpoint.tally = sim::Tally::from_bytes(bytes);
    if (!same_shape(checkpoint.tally, shape)) {
      throw std::runtime_error(
          "its tally's shape (options, seats, share lines, blocs) is not this scenario's: it is of "
          "another scenario");
    }
    check_counts(checkpoint.tally);
    return checkpoint;
  } catch (const std::runtime_error& error) {
    throw InputError(
        {fmt::format("{}: not a seatsim checkpoint ({})", path.string(), error.what())});
  }
}

}  // namespace seatsim::report
