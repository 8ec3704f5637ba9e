#include "engine/sim/tally.hpp"

#include <algorithm>
#include <cassert>

namespace seatsim::sim {

Tally::Tally(std::size_t options_, std::size_t share_lines_, int list_seats_, int district_seats_,
             std::size_t coalition_parties_, std::size_t threshold_parties)
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
      vote_sum(options_),
      seat_products(options_ * options_),
      coalition_parties(coalition_parties_),
      coalition_majority(coalition_parties_ > 0 ? std::size_t{1} << coalition_parties_ : 0),
      coalition_two_thirds(coalition_majority.size()),
      threshold_share_histogram(threshold_parties * (kShareBins + 1)) {
  assert(coalition_parties_ <= kMaxCoalitionParties);
}

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
  add(seat_products, other.seat_products);
  add(coalition_majority, other.coalition_majority);
  add(coalition_two_thirds, other.coalition_two_thirds);
  add(threshold_share_histogram, other.threshold_share_histogram);
}

CoalitionCounter::CoalitionCounter(std::size_t parties, std::size_t capacity, CoalitionLines lines)
    : parties_(parties),
      lines_(lines),
      seats_(parties * capacity),
      order_(capacity),
      subset_seats_(parties > 0 ? std::size_t{1} << parties : 0),
      block_majority_(subset_seats_.size()),
      block_two_thirds_(subset_seats_.size()) {
  assert(parties <= kMaxCoalitionParties);
}

void CoalitionCounter::add(std::span<const int> seats) {
  if (parties_ == 0) return;
  assert(seats.size() == parties_ && (rows_ + 1) * parties_ <= seats_.size());
  std::uint16_t* row = &seats_[rows_ * parties_];
  for (std::size_t i = 0; i < parties_; ++i) row[i] = static_cast<std::uint16_t>(seats[i]);
  ++rows_;
}

void CoalitionCounter::flush(Tally& tally) {
  if (parties_ == 0) return;
  assert(tally.coalition_parties == parties_);
  const auto row = [&](std::uint32_t r) { return &seats_[r * parties_]; };
  for (std::uint32_t r = 0; r < rows_; ++r) order_[r] = r;
  std::sort(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(rows_),
            [&](std::uint32_t a, std::uint32_t b) {
              return std::lexicographical_compare(row(a), row(a) + parties_, row(b),
                                                  row(b) + parties_);
            });
  const std::size_t masks = subset_seats_.size();
  for (std::size_t first = 0; first < rows_;) {
    std::size_t last = first + 1;
    while (last < rows_ &&
           std::equal(row(order_[first]), row(order_[first]) + parties_, row(order_[last]))) {
      ++last;
    }
    const auto draws = static_cast<std::uint32_t>(last - first);
    // Subset sums by doubling: the coalitions that contain party i and no later one are those
    // without it, plus its seats.
    const std::uint16_t* seats = row(order_[first]);
    subset_seats_[0] = 0;
    for (std::size_t i = 0; i < parties_; ++i) {
      const std::size_t half = std::size_t{1} << i;
      for (std::size_t mask = 0; mask < half; ++mask) {
        subset_seats_[half + mask] = subset_seats_[mask] + seats[i];
      }
    }
    // 32-bit counts within the block (at most its row capacity), all lanes the same width, so the
    // compiler vectorises this loop; they are added to the 64-bit tally once per block.
    for (std::size_t mask = 0; mask < masks; ++mask) {
      block_majority_[mask] +=
          draws & -static_cast<std::uint32_t>(subset_seats_[mask] >= lines_.majority);
      block_two_thirds_[mask] +=
          draws & -static_cast<std::uint32_t>(subset_seats_[mask] >= lines_.two_thirds);
    }
    first = last;
  }
  for (std::size_t mask = 0; mask < masks; ++mask) {
    tally.coalition_majority[mask] += block_majority_[mask];
    tally.coalition_two_thirds[mask] += block_two_thirds_[mask];
    block_majority_[mask] = 0;
    block_two_thirds_[mask] = 0;
  }
  rows_ = 0;
}

}  // namespace seatsim::sim
