#include "engine/sim/tally.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <stdexcept>

#include "engine/rng/vector_kernels.hpp"
#include "engine/rules/limits.hpp"
#include "engine/sim/little_endian.hpp"

namespace seatsim::sim {

Tally::Tally(std::size_t options_, std::size_t share_lines_, int list_seats_, int district_seats_,
             std::size_t coalition_parties_, std::size_t list_parties, std::size_t blocs,
             std::size_t regions_)
    : options(options_),
      share_lines(share_lines_),
      list_seats(list_seats_),
      district_seats(district_seats_),
      house_size(list_seats_ + district_seats_),
      regions(regions_),
      passed(options_),
      share_line_hits(options_ * share_lines_),
      share_histogram(options_ * (kShareDensityBins + 1)),
      largest(options_),
      list_histogram(options_ * (list_seats_ + 1)),
      district_histogram(options_ * (district_seats_ + 1)),
      total_histogram(options_ * (house_size + 1)),
      district_wins(static_cast<std::size_t>(district_seats_) * options_),
      vote_sum(options_),
      seat_products(options_ * options_),
      coalition_parties(coalition_parties_),
      coalition_majority(coalition_parties_ > 0 ? std::size_t{1} << coalition_parties_ : 0),
      coalition_two_thirds(coalition_majority.size()),
      bloc_histogram(blocs * (house_size + 1)),
      bloc_majority(blocs),
      bloc_two_thirds(blocs),
      threshold_share_histogram(list_parties * (kShareBins + 1)),
      next_seat_histogram(list_parties * (kShareBins + 1)),
      next_seat_sum(list_parties),
      next_seat_sum_squares(list_parties),
      house_histogram(static_cast<std::size_t>(house_size) + 1),
      bonus_seats(options_),
      bonus_draws(options_),
      option_overhang(options_),
      region_seat_sum(regions_ * list_parties),
      region_seat_squares(regions_ * list_parties),
      region_any_seat(regions_ * list_parties),
      coalitions_(coalition_parties_, kBlockSize),
      coalition_seats_(coalition_parties_) {
  assert(coalition_parties_ <= kMaxCoalitionParties);
}

Tally::Tally(const BallotLayout& layout)
    : Tally(layout.options, layout.share_lines.size(), layout.list_seats, layout.district_seats,
            layout.coalition_options.size(), layout.list_tier ? layout.party_options.size() : 0,
            layout.blocs.size(), layout.regions) {}

namespace {

// floor(n / d), exactly, for n below 2^53 and d > 0, given inverse = 1.0 / d: the double
// estimate is within 2^-38 of n / d for quotients below 2^14, so it is off by at most one either
// way, and the integer checks correct it. A 64-bit division per party per draw cost a fifth of
// the tally.
std::uint64_t floor_quotient(std::uint64_t n, std::uint64_t d, double inverse) {
  auto q = static_cast<std::uint64_t>(static_cast<double>(n) * inverse);
  if (q * d > n) {
    --q;
  } else if ((q + 1) * d <= n) {
    ++q;
  }
  return q;
}

}  // namespace

void Tally::add(const Draw& draw) {
  const BallotLayout& layout = *draw.layout;
  ++draws;
  for (std::size_t j = 0; j < layout.list_ballot_options.size(); ++j) {
    const std::size_t option = layout.list_ballot_options[j];
    const double share = draw.shares[j];
    vote_sum[option] += static_cast<rules::WideUint>(draw.ballot_votes[j]);
    // Exact: the votes are out of 2^32 valid votes (kVotesPerDraw), so the bin is
    // floor(votes * kShareDensityBins / 2^32), a shift (votes * 1000 stays below 2^43).
    static_assert(kVotesPerDraw == 4294967296.0);
    const auto bin = static_cast<std::size_t>(
        (static_cast<std::uint64_t>(draw.ballot_votes[j]) * kShareDensityBins) >> 32);
    ++share_histogram[option * (kShareDensityBins + 1) +
                      std::min<std::size_t>(bin, kShareDensityBins)];
    for (std::size_t line = 0; line < share_lines; ++line) {
      share_line_hits[option * share_lines + line] += share >= layout.share_lines[line];
    }
  }
  if (layout.list_tier) add_list_tier(draw);
  if (layout.district_tier) {
    for (std::size_t k = 0; k < options; ++k) {
      ++district_histogram[k * (district_seats + 1) + draw.district_seats[k]];
    }
    // Each single-member district's winner: one increment per district, at an address that
    // depends on the draw only through the winner, so the tally stays exact and flat.
    assert(draw.district_winners.size() == static_cast<std::size_t>(district_seats));
    std::uint64_t* const wins = district_wins.data();
    for (std::size_t d = 0; d < draw.district_winners.size(); ++d) {
      ++wins[d * options + static_cast<std::size_t>(draw.district_winners[d])];
    }
  }
  add_seats(draw);
}

void Tally::add_list_tier(const Draw& draw) {
  const auto& parties = draw.layout->party_options;
  list_ties += draw.outcome.list.tie_decided;
  list_unfilled += draw.outcome.list.unfilled;
  // Exact: the bin is floor(votes * kShareBins / base) (votes are at most about 2^33, so
  // votes * kShareBins stays below 2^47).
  const auto base = static_cast<std::uint64_t>(draw.threshold_base);
  const double inverse_base = base > 0 ? 1.0 / static_cast<double>(base) : 0.0;
  for (std::size_t p = 0; p < parties.size(); ++p) {
    const std::size_t option = parties[p];
    passed[option] += draw.admission[p] == rules::Admission::passed;
    ++list_histogram[option * (list_seats + 1) + draw.list_seats[p]];
    const std::uint64_t bin =
        base > 0 ? floor_quotient(static_cast<std::uint64_t>(draw.list_votes[p]) * kShareBins, base,
                                  inverse_base)
                 : 0;
    ++threshold_share_histogram[p * (kShareBins + 1) + bin];
  }
  if (draw.next_seat_sampled) add_next_seat(draw);
  if (regions > 0) add_regions(draw);
}

// Each party's seats in each list district, exactly: one pass over the draw's district-major seats,
// whose layout the counts share.
void Tally::add_regions(const Draw& draw) {
  assert(draw.region_seats.size() == region_seat_sum.size());
  std::uint64_t* const sums = region_seat_sum.data();
  std::uint64_t* const squares = region_seat_squares.data();
  std::uint64_t* const any = region_any_seat.data();
  for (std::size_t i = 0; i < draw.region_seats.size(); ++i) {
    const auto seats = static_cast<std::uint64_t>(draw.region_seats[i]);
    sums[i] += seats;
    squares[i] += seats * seats;
    any[i] += seats > 0;
  }
}

// Each party's votes needed for its next list seat, as a share of the valid vote: binned exactly
// as floor(votes * kShareBins / valid) (at most about 2^42 * 2^14, within 64 bits), and summed in
// units of 2^-32 (squares below 2^84, so 128-bit sums hold 2^43 sampled draws).
void Tally::add_next_seat(const Draw& draw) {
  ++next_seat_draws;
  const auto valid = static_cast<std::uint64_t>(
      rules::threshold_base_votes(draw.ballot(), rules::ThresholdBase::valid));
  for (std::size_t p = 0; p < draw.next_seat.size(); ++p) {
    if (!draw.next_seat[p]) continue;
    const auto votes = static_cast<std::uint64_t>(*draw.next_seat[p]);
    const std::uint64_t bin = std::min<std::uint64_t>(votes * kShareBins / valid, kShareBins);
    ++next_seat_histogram[p * (kShareBins + 1) + bin];
    const rules::WideUint share = (static_cast<rules::WideUint>(votes) << 32) / valid;
    next_seat_sum[p] += share;
    next_seat_sum_squares[p] += share * share;
  }
}

void Tally::add_seats(const Draw& draw) {
  const std::span<const int> seats = draw.seats;
  const std::size_t n = options;
  const std::size_t width = static_cast<std::size_t>(house_size) + 1;
  int most = -1;
  int leader = -1;
  int leaders = 0;
  for (std::size_t k = 0; k < n; ++k) {
    // A compensatory tier can grow the house past its nominal size; such a system needs its
    // histograms sized to its largest house.
    assert(seats[k] < static_cast<int>(width));
    ++total_histogram[k * width + seats[k]];
    if (seats[k] > most) {
      most = seats[k];
      leader = static_cast<int>(k);
      leaders = 1;
    } else if (seats[k] == most) {
      ++leaders;
    }
  }
  if (leaders == 1) {
    ++largest[leader];
  } else {
    ++tie_for_largest;
  }
  // Through locals: a store through seat_products[...] might, for all the compiler knows, change
  // the tally itself, which it would then reload for every product.
  // No test for seats[a] == 0: for a party near its threshold that branch is a coin toss.
  std::uint64_t* const products = seat_products.data();
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = a; b < n; ++b) {
      products[a * n + b] +=
          static_cast<std::uint64_t>(seats[a]) * static_cast<std::uint64_t>(seats[b]);
    }
  }
  const auto& coalition = draw.layout->coalition_options;
  for (std::size_t i = 0; i < coalition.size(); ++i) coalition_seats_[i] = seats[coalition[i]];
  coalitions_.add(coalition_seats_, draw.outcome.house);
  if (!bloc_majority.empty()) add_blocs(draw);
  add_house(draw);
}

// Each bloc's seats in this draw, against the draw's own house (which overhang or levelling can
// grow), as a coalition's are.
void Tally::add_blocs(const Draw& draw) {
  const auto& blocs = draw.layout->blocs;
  assert(blocs.size() == bloc_majority.size());
  const CoalitionLines lines = coalition_lines(draw.outcome.house);
  const std::size_t width = static_cast<std::size_t>(house_size) + 1;
  for (std::size_t b = 0; b < blocs.size(); ++b) {
    int seats = 0;
    for (const int k : blocs[b]) seats += draw.seats[static_cast<std::size_t>(k)];
    assert(seats < static_cast<int>(width));
    ++bloc_histogram[b * width + static_cast<std::size_t>(seats)];
    bloc_majority[b] += seats >= lines.majority;
    bloc_two_thirds[b] += seats >= lines.two_thirds;
  }
}

void Tally::add_house(const Draw& draw) {
  const rules::MixedOutcome& outcome = draw.outcome;
  assert(outcome.house >= 0 && outcome.house <= house_size);
  ++house_histogram[static_cast<std::size_t>(outcome.house)];
  if (outcome.list.bonus > 0) {
    const auto option = static_cast<std::size_t>(
        draw.layout->party_options[static_cast<std::size_t>(outcome.list.bonus_list)]);
    bonus_seats[option] += static_cast<std::uint64_t>(outcome.list.bonus);
    ++bonus_draws[option];
  }
  overhang_seats += static_cast<std::uint64_t>(outcome.overhang);
  if (outcome.overhang > 0) {
    const auto& parties = draw.layout->party_options;
    for (std::size_t p = 0; p < parties.size(); ++p) {
      option_overhang[static_cast<std::size_t>(parties[p])] +=
          static_cast<std::uint64_t>(draw.party_overhang[p]);
    }
  }
  levelling_seats += static_cast<std::uint64_t>(outcome.levelling);
  unseated += static_cast<std::uint64_t>(outcome.unseated);
}

namespace {

template <class T>
void add_counts(T& into, const T& from) {
  into += from;
}
template <class T>
void add_counts(std::vector<T>& into, const std::vector<T>& from) {
  assert(into.size() == from.size());
  for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
}

// The shape of a tally: options, share lines, list seats, district seats, coalition parties,
// threshold parties, blocs and list districts, as the constructor takes them.
constexpr std::size_t kShapeFields = 8;
// Bounds on the shape read back, so that corrupt bytes cannot ask for a huge allocation: the
// limits the scenario loader enforces (engine/rules/limits.hpp), so that every tally it lets run
// can be read back.
constexpr std::uint64_t kMaxShape[kShapeFields] = {
    rules::kMaxOptions,   rules::kMaxShareLines, rules::kMaxSeats, rules::kMaxDistricts,
    kMaxCoalitionParties, rules::kMaxOptions,    rules::kMaxBlocs, rules::kMaxDistricts};

}  // namespace

void Tally::merge(const Tally& other) {
  for_each_count([](auto& into, const auto& from) { add_counts(into, from); }, *this, other);
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
        threshold_parties, std::uint64_t{bloc_majority.size()}, std::uint64_t{regions}}) {
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
              shape[5], shape[6], shape[7]);
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

CoalitionCounter::CoalitionCounter(std::size_t parties, std::size_t capacity)
    : parties_(parties),
      seats_(parties * capacity),
      houses_(parties > 0 ? capacity : 0),
      draws_(parties > 0 ? capacity : 0),
      slots_(parties > 0 ? table_size(capacity) : 0),
      subset_seats_(parties > 0 ? std::size_t{1} << parties : 0),
      block_majority_(subset_seats_.size()),
      block_two_thirds_(subset_seats_.size()) {
  assert(parties <= kMaxCoalitionParties);
}

void CoalitionCounter::add(std::span<const int> seats, int house) {
  if (parties_ == 0) return;
  assert(seats.size() == parties_ && (rows_ + 1) * parties_ <= seats_.size());
  // FNV-1a-style mixing of the seat counts, finished by a multiplicative hash (the top bits of a
  // product by 2^64 / golden ratio; Knuth, TAOCP vol. 3, §6.4).
  std::uint64_t hash = (0xcbf29ce484222325 ^ static_cast<std::uint64_t>(house)) * 0x100000001b3;
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
      houses_[rows_] = house;
      draws_[rows_] = 1;
      slots_[slot] = static_cast<std::uint32_t>(++rows_);
      return;
    }
    const std::uint16_t* row = &seats_[(entry - 1) * parties_];
    if (houses_[entry - 1] == house && std::equal(seats.begin(), seats.end(), row)) {
      ++draws_[entry - 1];
      return;
    }
  }
}

namespace {

// One distinct seat vector's `draws` counted into every coalition's majority and two-thirds
// counts. Subset sums by doubling: the coalitions that contain party i and no later one are
// those without it, plus its seats. The counts are 32-bit within a block (at most its row
// capacity), all lanes the same width, so both loops vectorise; integer only, so every
// version counts the same (vector_kernels.hpp).
struct CountCoalitions {
  template <std::size_t>
  static void run(std::size_t parties, const std::uint16_t* seats, std::uint32_t draws,
                  CoalitionLines lines, std::int32_t* subset_seats, std::uint32_t* majority,
                  std::uint32_t* two_thirds) {
    subset_seats[0] = 0;
    for (std::size_t i = 0; i < parties; ++i) {
      const std::size_t half = std::size_t{1} << i;
      for (std::size_t mask = 0; mask < half; ++mask) {
        subset_seats[half + mask] = subset_seats[mask] + seats[i];
      }
    }
    const std::size_t masks = std::size_t{1} << parties;
    for (std::size_t mask = 0; mask < masks; ++mask) {
      majority[mask] += draws & -static_cast<std::uint32_t>(subset_seats[mask] >= lines.majority);
      two_thirds[mask] +=
          draws & -static_cast<std::uint32_t>(subset_seats[mask] >= lines.two_thirds);
    }
  }
};

}  // namespace

void CoalitionCounter::flush(Tally& tally) {
  if (parties_ == 0) return;
  assert(tally.coalition_parties == parties_);
  const std::size_t masks = subset_seats_.size();
  for (std::size_t r = 0; r < rows_; ++r) {
    rng::run_kernel<CountCoalitions>(parties_, &seats_[r * parties_], draws_[r],
                                     coalition_lines(houses_[r]), subset_seats_.data(),
                                     block_majority_.data(), block_two_thirds_.data());
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
