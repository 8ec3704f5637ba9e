#include "engine/sim/tally.hpp"

#include <cassert>

namespace seatsim::sim {

Tally::Tally(std::size_t options_, std::size_t share_lines_, int list_seats_, int district_seats_)
    : options(options_),
      share_lines(share_lines_),
      list_seats(list_seats_),
      district_seats(district_seats_),
      house_size(list_seats_ + district_seats_),
      passed(options_),
      share_line_hits(options_ * share_lines_),
      largest(options_),
      list_histogram(options_ * (list_seats_ + 1)),
      district_histogram(options_ * (district_seats_ + 1)),
      total_histogram(options_ * (house_size + 1)),
      vote_sum(options_) {}

namespace {
template <class T>
void add(std::vector<T>& into, const std::vector<T>& from) {
  assert(into.size() == from.size());
  for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
}
}  // namespace

void Tally::merge(const Tally& other) {
  draws += other.draws;
  add(passed, other.passed);
  add(share_line_hits, other.share_line_hits);
  add(largest, other.largest);
  tie_for_largest += other.tie_for_largest;
  add(list_histogram, other.list_histogram);
  add(district_histogram, other.district_histogram);
  add(total_histogram, other.total_histogram);
  list_ties += other.list_ties;
  list_unfilled += other.list_unfilled;
  add(vote_sum, other.vote_sum);
}

}  // namespace seatsim::sim
