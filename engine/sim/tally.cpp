#include "engine/sim/tally.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <stdexcept>

#include "engine/rules/limits.hpp"
#include "engine/sim/little_endian.hpp"

namespace seatsim::sim {

Tally::Tally(std::size_t options_, std::size_t share_lines_, int list_seats_, int district_seats_,
             std::size_t coalition_parties_, std::size_t list_parties)
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
      threshold_share_histogram(list_parties * (kShareBins + 1)),
      next_seat_histogram(list_parties * (kShareBins + 1)),
      next_seat_sum(list_parties),
      next_seat_sum_squares(list_parties) {
  assert(coalition_parties_ <= kMaxCoalitionParties);
}

namespace {

template <class T>
void add(T& into, const T& from) {
  into += from;
}
template <class T>
void add(std::vector<T>& into, const std::vector<T>& from) {
  assert(into.size() == from.size());
  for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
}

// The shape of a tally: options, share lines, list seats, district seats, coalition parties and
// threshold parties, as the constructor takes them.
constexpr std::size_t kShapeFields = 6;
// Bounds on the shape read back, so that corrupt bytes cannot ask for a huge allocation: the
// limits the scenario loader enforces (engine/rules/limits.hpp), so that every tally it lets run
// can be read back.
constexpr std::uint64_t kMaxShape[kShapeFields] = {rules::kMaxOptions,   rules::kMaxShareLines,
                                                   rules::kMaxSeats,     rules::kMaxDistricts,
                                                   kMaxCoalitionParties, rules::kMaxOptions};

}  // namespace

void Tally::merge(const Tally& other) {
  for_each_count([](auto& into, const auto& from) { add(into, from); }, *this, other);
}

void Tally::clear() {
  for_each_count(
      []<class T>(T& count) {
        if constexpr (requires { count.size(); }) {
          std::fill(count.begin(), count.end(), typename T::value_type{});
        } else {
          count = T{};
        }
      },
      *this);
}

std::string Tally::to_bytes() const {
  std::string out;
  const std::uint64_t threshold_parties = threshold_share_histogram.size() / (kShareBins + 1);
  for (const std::uint64_t shape :
       {std::uint64_t{options}, std::uint64_t{share_lines}, static_cast<std::uint64_t>(list_seats),
        static_cast<std::uint64_t>(district_seats), std::uint64_t{coalition_parties},
        threshold_parties}) {
    put_little_endian(out, shape);
  }
  auto write = [&out]<class T>(const T& count) {
    if constexpr (requires { count.size(); }) {
      for (const auto value : count) put_little_endian(out, value);
    } else {
      put_little_endian(out, count);
    }
  };
  for_each_count(write, *this);
  return out;
}

Tally Tally::from_bytes(std::string_view bytes) {
  std::string_view in = bytes;
  std::uint64_t shape[kShapeFields];
  for (std::size_t i = 0; i < kShapeFields; ++i) {
    shape[i] = take_little_endian<std::uint64_t>(in);
    if (shape[i] > kMaxShape[i]) throw std::runtime_error("the tally's shape is out of range");
  }
  Tally tally(shape[0], shape[1], static_cast<int>(shape[2]), static_cast<int>(shape[3]), shape[4],
              shape[5]);
  auto read = [&in]<class T>(T& count) {
    if constexpr (requires { count.size(); }) {
      for (auto& value : count) value = take_little_endian<typename T::value_type>(in);
    } else {
      count = take_little_endian<T>(in);
    }
  };
  for_each_count(read, tally);
  if (!in.empty()) throw std::runtime_error("the tally has bytes after its end");
  return tally;
}

namespace {

// A table at most half full, so that linear probing stays short (Knuth, TAOCP vol. 3, §6.4).
std::size_t table_size(std::size_t capacity) {
  return std::bit_ceil(2 * std::max<std::size_t>(capacity, 1));
}

}  // namespace

CoalitionCounter::CoalitionCounter(std::size_t parties, std::size_t capacity, CoalitionLines lines)
    : parties_(parties),
      lines_(lines),
      seats_(parties * capacity),
      draws_(parties > 0 ? capacity : 0),
      slots_(parties > 0 ? table_size(capacity) : 0),
      subset_seats_(parties > 0 ? std::size_t{1} << parties : 0),
      block_majority_(subset_seats_.size()),
      block_two_thirds_(subset_seats_.size()) {
  assert(parties <= kMaxCoalitionParties);
}

void CoalitionCounter::add(std::span<const int> seats) {
  if (parties_ == 0) return;
  assert(seats.size() == parties_ && (rows_ + 1) * parties_ <= seats_.size());
  // FNV-1a-style mixing of the seat counts, finished by a multiplicative hash (the top bits of a
  // product by 2^64 / golden ratio; Knuth, TAOCP vol. 3, §6.4).
  std::uint64_t hash = 0xcbf29ce484222325;
  for (std::size_t i = 0; i < parties_; ++i) {
    hash = (hash ^ static_cast<std::uint64_t>(seats[i])) * 0x100000001b3;
  }
  const std::size_t mask = slots_.size() - 1;
  const int index_bits = std::countr_zero(slots_.size());  // the table's size is a power of 2
  for (std::size_t slot = (hash * 0x9e3779b97f4a7c15) >> (64 - index_bits);;
       slot = (slot + 1) & mask) {
    const std::uint32_t entry = slots_[slot];
    if (entry == 0) {
      std::uint16_t* row = &seats_[rows_ * parties_];
      for (std::size_t i = 0; i < parties_; ++i) row[i] = static_cast<std::uint16_t>(seats[i]);
      draws_[rows_] = 1;
      slots_[slot] = static_cast<std::uint32_t>(++rows_);
      return;
    }
    const std::uint16_t* row = &seats_[(entry - 1) * parties_];
    if (std::equal(seats.begin(), seats.end(), row)) {
      ++draws_[entry - 1];
      return;
    }
  }
}

void CoalitionCounter::flush(Tally& tally) {
  if (parties_ == 0) return;
  assert(tally.coalition_parties == parties_);
  const std::size_t masks = subset_seats_.size();
  for (std::size_t r = 0; r < rows_; ++r) {
    const std::uint32_t draws = draws_[r];
    // Subset sums by doubling: the coalitions that contain party i and no later one are those
    // without it, plus its seats.
    const std::uint16_t* seats = &seats_[r * parties_];
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
  }
  for (std::size_t mask = 0; mask < masks; ++mask) {
    tally.coalition_majority[mask] += block_majority_[mask];
    tally.coalition_two_thirds[mask] += block_two_thirds_[mask];
    block_majority_[mask] = 0;
    block_two_thirds_[mask] = 0;
  }
  std::fill(slots_.begin(), slots_.end(), 0);
  rows_ = 0;
}

}  // namespace seatsim::sim
