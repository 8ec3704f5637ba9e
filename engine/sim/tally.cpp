#include "engine/sim/tally.hpp"

#include <cassert>
#include <stdexcept>

#include "engine/sim/little_endian.hpp"

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
void add(T& into, const T& from) {
  into += from;
}
template <class T>
void add(std::vector<T>& into, const std::vector<T>& from) {
  assert(into.size() == from.size());
  for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
}

// Bounds on the shape read back, so that corrupt bytes cannot ask for a huge allocation: options
// and share lines as rules::kMaxOptions, seats as scenario::kMaxSeats (which sim cannot include).
constexpr std::uint64_t kMaxShape[4] = {rules::kMaxOptions, 1'000, 10'000, 10'000};

}  // namespace

void Tally::merge(const Tally& other) {
  for_each_count([](auto& into, const auto& from) { add(into, from); }, *this, other);
}

std::string Tally::to_bytes() const {
  std::string out;
  for (const std::uint64_t shape :
       {std::uint64_t{options}, std::uint64_t{share_lines}, static_cast<std::uint64_t>(list_seats),
        static_cast<std::uint64_t>(district_seats)}) {
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
  std::uint64_t shape[4];
  for (std::size_t i = 0; i < 4; ++i) {
    shape[i] = take_little_endian<std::uint64_t>(in);
    if (shape[i] > kMaxShape[i]) throw std::runtime_error("the tally's shape is out of range");
  }
  Tally tally(shape[0], shape[1], static_cast<int>(shape[2]), static_cast<int>(shape[3]));
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

}  // namespace seatsim::sim
