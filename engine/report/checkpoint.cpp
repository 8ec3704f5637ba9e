#include "engine/report/checkpoint.hpp"

#include <fmt/format.h>

#include <bit>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "engine/report/output_file.hpp"
#include "engine/sim/input_error.hpp"
#include "engine/sim/little_endian.hpp"
#include "engine/sim/runner.hpp"

namespace seatsim::report {
namespace {

constexpr std::string_view kMagic = "SSIMCKPT";

}  // namespace

std::uint64_t scenario_fingerprint(std::string_view normalised_scenario) {
  // FNV-1a: offset basis and prime from Fowler, Noll and Vo, "FNV hash", 64-bit parameters.
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : normalised_scenario) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
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
  write_file_atomically(path, out);
}

Checkpoint read_checkpoint(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(
        {fmt::format("{}: cannot open checkpoint ({})", path.string(), std::strerror(errno))});
  }
  std::ostringstream text;
  text << in.rdbuf();
  const std::string content = text.str();
  std::string_view bytes = content;
  try {
    if (!bytes.starts_with(kMagic)) throw std::runtime_error("it does not start with SSIMCKPT");
    bytes.remove_prefix(kMagic.size());
    if (const auto version = sim::take_little_endian<std::uint32_t>(bytes);
        version != kCheckpointVersion) {
      throw std::runtime_error(
          fmt::format("format version {}, this seatsim reads {}", version, kCheckpointVersion));
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
    return checkpoint;
  } catch (const std::runtime_error& error) {
    throw InputError(
        {fmt::format("{}: not a seatsim checkpoint ({})", path.string(), error.what())});
  }
}

}  // namespace seatsim::report
