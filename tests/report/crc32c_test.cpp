#include "engine/report/crc32c.hpp"

#include <catch2/catch.hpp>
#include <string>

namespace seatsim::report {

// RFC 3720 (iSCSI), appendix B.4, and the check value of the CRC catalogue ("123456789").
TEST_CASE("CRC-32C matches the published test vectors", "[report]") {
  CHECK(crc32c("123456789") == 0xE3069283U);
  CHECK(crc32c(std::string(32, '\0')) == 0x8A9136AAU);
  CHECK(crc32c(std::string(32, '\xFF')) == 0x62A8AB43U);
  std::string ascending, descending;
  for (int i = 0; i < 32; ++i) {
    ascending.push_back(static_cast<char>(i));
    descending.push_back(static_cast<char>(31 - i));
  }
  CHECK(crc32c(ascending) == 0x46DD794EU);
  CHECK(crc32c(descending) == 0x113FDB5CU);
}

TEST_CASE("CRC-32C over pieces equals CRC-32C over the whole", "[report]") {
  Crc32c pieces;
  pieces.update("1234");
  pieces.update("");
  pieces.update("56789");
  CHECK(pieces.value() == crc32c("123456789"));
}

}  // namespace seatsim::report
