#pragma once
// CRC-32C (Castagnoli): the checksum that ends checkpoints and saved-draw files, so a damaged file
// is refused rather than believed. Polynomial 0x1EDC6F41 (reflected 0x82F63B78), as in iSCSI
// (RFC 3720, appendix B.4, whose test vectors tests/report/crc32c_test.cpp checks).
#include <cstdint>
#include <string_view>

namespace seatsim::report {

class Crc32c {
 public:
  void update(std::string_view bytes);
  std::uint32_t value() const { return ~state_; }

 private:
  std::uint32_t state_ = 0xFFFFFFFFU;
};

inline std::uint32_t crc32c(std::string_view bytes) {
  Crc32c crc;
  crc.update(bytes);
  return crc.value();
}

}  // namespace seatsim::report
