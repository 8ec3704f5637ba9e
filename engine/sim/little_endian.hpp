#pragma once
// Unsigned integers as bytes, least significant first whatever the host's byte order: the
// encoding of tallies and of the files that carry them (checkpoints).
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace seatsim::sim {

template <class T>
void put_little_endian(std::string& out, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    out.push_back(static_cast<char>(static_cast<unsigned char>(value >> (8 * i))));
  }
}

// Stores into a fixed buffer, with no allocation: for per-draw records.
template <class T>
void store_little_endian(unsigned char* out, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i) out[i] = static_cast<unsigned char>(value >> (8 * i));
}

// Reads integers off the front of `bytes`; throws std::runtime_error when they run out.
template <class T>
T take_little_endian(std::string_view& bytes) {
  if (bytes.size() < sizeof(T)) throw std::runtime_error("it is truncated");
  T value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    value = static_cast<T>(
        value | static_cast<T>(static_cast<T>(static_cast<unsigned char>(bytes[i])) << (8 * i)));
  }
  bytes.remove_prefix(sizeof(T));
  return value;
}

}  // namespace seatsim::sim
