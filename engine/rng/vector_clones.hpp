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
