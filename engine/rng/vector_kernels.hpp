#pragma once
// Kernels worth compiling for wider vectors than the x86-64 baseline. A kernel is a class with
//   template <std::size_t W> static void run(...);
// W being the number of 64-bit lanes one vector register holds, and run_kernel<Kernel>(args...)
// calls the version built for the instruction set in use: AVX-512 (W = 8), AVX2 (4) or the SSE2
// baseline (2). Each version is the kernel inlined into a function compiled for its instruction
// set, so a kernel written with Vector<T, W> gets whole registers on each, and loops the compiler
// vectorises itself get its widest. (GCC's target_clones compiles one source for several sets, but
// an 8-lane vector type has no machine mode below AVX-512, and g++ 12 then runs it one element at
// a time: 3-5x slower draws on AVX2.) Only integer and IEEE add, multiply and compare go in
// kernels, each exact per lane, and the build has -ffp-contract=off, so every version computes
// the same bits; the tests run each version the machine has (use_vector_isa).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace seatsim::rng {

enum class VectorIsa { baseline, avx2, avx512 };

// The most 64-bit lanes a kernel's vector holds (AVX-512's W): data given to kernels comes in a
// multiple of it.
inline constexpr std::size_t kWidestVector = 8;

// The instruction sets this machine runs, narrowest first; baseline always.
std::vector<VectorIsa> supported_vector_isas();
// "baseline", "avx2", "avx512": the names SEATSIM_VECTOR_ISA takes (README, Throughput).
std::string_view vector_isa_name(VectorIsa isa);
std::optional<VectorIsa> vector_isa_named(std::string_view name);

// The instruction set run_kernel uses: the widest supported unless use_vector_isa chose another.
VectorIsa vector_isa();
// Runs every kernel on `isa`, which must be supported; set before draws start, to measure or test
// a narrower set's versions.
void use_vector_isa(VectorIsa isa);

namespace detail {

// A vector type whose size depends on a template parameter is laid out for the baseline wherever
// it is used, and stays scalar (g++ 12); one named type per width is laid out per function.
template <class T, std::size_t W>
struct VectorOf;
#define SEATSIM_VECTOR_OF(T, W)                                 \
  template <>                                                   \
  struct VectorOf<T, W> {                                       \
    using type = T __attribute__((vector_size(W * sizeof(T)))); \
  }
SEATSIM_VECTOR_OF(double, 8);
SEATSIM_VECTOR_OF(double, 4);
SEATSIM_VECTOR_OF(double, 2);
SEATSIM_VECTOR_OF(std::int64_t, 8);
SEATSIM_VECTOR_OF(std::int64_t, 4);
SEATSIM_VECTOR_OF(std::int64_t, 2);
SEATSIM_VECTOR_OF(std::uint64_t, 8);
SEATSIM_VECTOR_OF(std::uint64_t, 4);
SEATSIM_VECTOR_OF(std::uint64_t, 2);
#undef SEATSIM_VECTOR_OF

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
template <class Kernel, class... Args>
[[gnu::target("avx512f"), gnu::flatten]] void run_avx512(Args... args) {
  Kernel::template run<kWidestVector>(args...);
}
template <class Kernel, class... Args>
[[gnu::target("avx2"), gnu::flatten]] void run_avx2(Args... args) {
  Kernel::template run<4>(args...);
}
#endif

}  // namespace detail

// W lanes of T (double, std::int64_t or std::uint64_t) as a GCC vector.
template <class T, std::size_t W>
using Vector = typename detail::VectorOf<T, W>::type;

template <class Kernel, class... Args>
void run_kernel(Args... args) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  switch (vector_isa()) {
    case VectorIsa::avx512: return detail::run_avx512<Kernel>(args...);
    case VectorIsa::avx2: return detail::run_avx2<Kernel>(args...);
    case VectorIsa::baseline: break;
  }
#endif
  Kernel::template run<2>(args...);
}

}  // namespace seatsim::rng
