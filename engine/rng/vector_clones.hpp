#pragma once
// SEATSIM_VECTOR_CLONES marks a function whose loops are worth compiling for wider vectors than
// the x86-64 baseline: GCC builds one version per instruction set (AVX-512, AVX2, and the SSE2
// default) and the loader picks the best the machine has (function multi-versioning). Only
// integer and IEEE add, multiply and compare go in such loops, each exact per lane, and the build
// has -ffp-contract=off, so every version computes the same bits. Not under ThreadSanitizer: the
// loader calls the clones' resolver (an ifunc) while relocating, before TSan's runtime is set up,
// and the resolver's instrumentation crashes there (scripts/tsan.sh).
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__)
#define SEATSIM_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SEATSIM_VECTOR_CLONES
#endif

// SEATSIM_VECTOR_PATHS: a kernel may also be compiled once per instruction set by hand (under
// #pragma GCC target) and chosen at run time by best_vector_path(), where a clone cannot do what
// it needs (AVX-512's gathers) or a test must run each version. The same rules hold: every path
// computes the same bits.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define SEATSIM_VECTOR_PATHS 1
#endif

namespace seatsim::rng {

enum class VectorPath { portable, avx2, avx512 };

// The widest path this machine runs (portable where no hand-compiled paths are built).
inline VectorPath best_vector_path() {
#ifdef SEATSIM_VECTOR_PATHS
  if (__builtin_cpu_supports("avx512f")) return VectorPath::avx512;
  if (__builtin_cpu_supports("avx2")) return VectorPath::avx2;
#endif
  return VectorPath::portable;
}

// Whether this machine (and build) can run `path`.
inline bool runs(VectorPath path) {
  return static_cast<int>(path) <= static_cast<int>(best_vector_path());
}

}  // namespace seatsim::rng
