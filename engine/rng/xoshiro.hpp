#pragma once
// xoshiro256++ and SplitMix64, transcribed from the public-domain reference implementations by
// Blackman and Vigna (https://prng.di.unimi.it/xoshiro256plusplus.c, .../splitmix64.c).
// Boost 1.74 has neither, and std:: engines are not used behind golden values (see STYLE.md).
// tests/rng/xoshiro_test.cpp checks both against the published reference outputs.
#include <array>
#include <cstdint>
#include <limits>

namespace seatsim::rng {

// SplitMix64: used only to expand a 64-bit key into generator state.
constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// xoshiro256++: 256 bits of state, period 2^256 - 1, passes BigCrush. Satisfies the
// UniformRandomBitGenerator concept so that Boost.Random distributions can use it.
class Xoshiro256pp {
 public:
  using result_type = std::uint64_t;
  using State = std::array<std::uint64_t, 4>;

  explicit constexpr Xoshiro256pp(const State& state) noexcept : s_(state) {}

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  constexpr result_type operator()() noexcept {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  constexpr const State& state() const noexcept { return s_; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
    return (x << k) | (x >> (64 - k));
  }
  State s_;
};

// A double uniform on [0, 1) from the top 53 bits (Vigna's recommended conversion). The value fits
// in 53 bits, so converting it as a signed integer is exact and avoids x86-64's slower unsigned
// path.
template <class Engine>
inline double uniform01(Engine& engine) noexcept {
  return static_cast<double>(static_cast<std::int64_t>(engine() >> 11)) * 0x1.0p-53;
}

}  // namespace seatsim::rng
