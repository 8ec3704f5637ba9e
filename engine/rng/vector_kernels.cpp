#include "engine/rng/vector_kernels.hpp"

#include <array>
#include <atomic>
#include <cassert>
#include <utility>

namespace seatsim::rng {
namespace {

constexpr std::array<std::pair<VectorIsa, std::string_view>, 3> kNames{{
    {VectorIsa::baseline, "baseline"},
    {VectorIsa::avx2, "avx2"},
    {VectorIsa::avx512, "avx512"},
}};

// The widest instruction set the machine runs, asked once.
VectorIsa widest() {
  static const VectorIsa isa = [] {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();  // harmless when done, needed if a constructor gets here first
    if (__builtin_cpu_supports("avx512f")) return VectorIsa::avx512;
    if (__builtin_cpu_supports("avx2")) return VectorIsa::avx2;
#endif
    return VectorIsa::baseline;
  }();
  return isa;
}

std::atomic<VectorIsa>& chosen() {
  static std::atomic<VectorIsa> isa{widest()};
  return isa;
}

}  // namespace

std::vector<VectorIsa> supported_vector_isas() {
  std::vector<VectorIsa> isas;
  for (const auto& [isa, name] : kNames) {
    if (isa <= widest()) isas.push_back(isa);
  }
  return isas;
}

std::string_view vector_isa_name(VectorIsa isa) {
  for (const auto& [value, name] : kNames) {
    if (value == isa) return name;
  }
  assert(false && "unnamed instruction set");
  return {};
}

std::optional<VectorIsa> vector_isa_named(std::string_view name) {
  for (const auto& [isa, isa_name] : kNames) {
    if (isa_name == name) return isa;
  }
  return std::nullopt;
}

VectorIsa vector_isa() {
  return chosen().load(std::memory_order_relaxed);
}

void use_vector_isa(VectorIsa isa) {
  assert(isa <= widest());
  chosen().store(isa, std::memory_order_relaxed);
}

}  // namespace seatsim::rng
