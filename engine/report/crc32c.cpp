#include "engine/report/crc32c.hpp"

#include <array>

namespace seatsim::report {
namespace {

// The byte-at-a-time table of the reflected polynomial (Sarwate, "Computation of cyclic
// redundancy checks via table look-up", CACM 31(8), 1988).
constexpr std::array<std::uint32_t, 256> make_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t byte = 0; byte < 256; ++byte) {
    std::uint32_t crc = byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1U) ? 0x82F63B78U : 0U);
    table[byte] = crc;
  }
  return table;
}
constexpr std::array<std::uint32_t, 256> kTable = make_table();

}  // namespace

void Crc32c::update(std::string_view bytes) {
  for (const char c : bytes) {
    state_ = (state_ >> 8) ^ kTable[(state_ ^ static_cast<unsigned char>(c)) & 0xFFU];
  }
}

}  // namespace seatsim::report
