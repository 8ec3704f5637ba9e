#pragma once
// Random elections for the property tests of the rules, from a fixed seed. Vote counts mix large
// electorates with tiny ones (where exact ties are common), and some lists get no votes at all.
// Lot keys are distinct, so under TiePolicy::by_lot every outcome is a function of the votes and
// keys alone, and permuting both permutes the seats.
#include <algorithm>
#include <numeric>
#include <vector>

#include "engine/rng/xoshiro.hpp"
#include "engine/rules/list_tier.hpp"

namespace seatsim::rules::testing {

inline constexpr int kElectionsPerMethod = 100'000;

struct Election {
  std::vector<Votes> votes;
  std::vector<std::uint64_t> lots;
  int seats = 0;
};

class ElectionGenerator {
 public:
  explicit ElectionGenerator(std::uint64_t seed) : engine_(state(seed)) {}

  // Up to `max_lists` lists and 1 to `max_seats` seats.
  Election operator()(int max_lists, int max_seats) {
    Election e;
    const int lists = 1 + below(max_lists);
    e.seats = 1 + below(max_seats);
    const Votes scale = below(4) == 0 ? 20 : 1'000'000;  // small counts make exact ties likely
    for (int i = 0; i < lists; ++i) {
      e.votes.push_back(below(8) == 0 ? 0 : static_cast<Votes>(engine_() % scale));
      e.lots.push_back(static_cast<std::uint64_t>(i));
    }
    shuffle(e.lots);
    return e;
  }

  // A uniformly random permutation of 0 .. n - 1.
  std::vector<int> permutation(std::size_t n) {
    std::vector<int> p(n);
    std::iota(p.begin(), p.end(), 0);
    shuffle(p);
    return p;
  }

  int below(int n) { return static_cast<int>(engine_() % static_cast<std::uint64_t>(n)); }

 private:
  static rng::Xoshiro256pp::State state(std::uint64_t seed) {
    rng::Xoshiro256pp::State s{};
    for (auto& word : s) word = rng::splitmix64(seed);
    return s;
  }
  template <class T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(int(i))]);
  }
  rng::Xoshiro256pp engine_;
};

// The election with list i moved to position permutation[i].
inline Election permuted(const Election& e, const std::vector<int>& permutation) {
  Election p = e;
  for (std::size_t i = 0; i < e.votes.size(); ++i) {
    p.votes[permutation[i]] = e.votes[i];
    p.lots[permutation[i]] = e.lots[i];
  }
  return p;
}

struct Allocation {
  std::vector<int> seats;
  std::vector<Admission> admission;
  ListOutcome outcome;
};

inline Allocation allocate(const ListRule& rule, const Election& e) {
  Allocation a{std::vector<int>(e.votes.size()), std::vector<Admission>(e.votes.size()), {}};
  a.outcome = allocate_list(rule, {.lists = e.votes, .lots = e.lots}, a.seats, a.admission);
  return a;
}

inline int total(const std::vector<int>& seats) {
  return std::accumulate(seats.begin(), seats.end(), 0);
}

}  // namespace seatsim::rules::testing
