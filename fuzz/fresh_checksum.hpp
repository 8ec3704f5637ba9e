#pragma once
// The fuzz input as a file whose trailing CRC-32C is recomputed over the bytes before it, so that a
// fuzzer explores the checks behind the checksum (a forged or mis-written file), not only the
// checksum, which a random mutation almost never passes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/report/crc32c.hpp"
#include "engine/sim/little_endian.hpp"

inline std::string with_fresh_checksum(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.size() >= 4) {
    std::string crc;
    seatsim::sim::put_little_endian(
        crc, seatsim::report::crc32c(std::string_view(bytes).substr(0, bytes.size() - 4)));
    bytes.replace(bytes.size() - 4, 4, crc);
  }
  return bytes;
}
