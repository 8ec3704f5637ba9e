#pragma once
// For tests that every version of the vector kernels computes the same bits.
#include <catch2/catch.hpp>

#include "engine/rng/vector_kernels.hpp"

// Runs `check` once on each instruction set the machine has, every kernel on that set, then
// returns to the widest.
template <class Check>
void on_every_vector_isa(Check check) {
  const auto isas = seatsim::rng::supported_vector_isas();
  for (const auto isa : isas) {
    seatsim::rng::use_vector_isa(isa);
    INFO(seatsim::rng::vector_isa_name(isa));
    check();
  }
  seatsim::rng::use_vector_isa(isas.back());
}
