#pragma once
// Seat allocation for a national party-list tier. Pure and exact: it takes integer vote counts and
// returns seats the same way every time, with no floating point deciding anything, no randomness
// (a lot is an input) and no allocation, so the simulator can call it once per draw.
#include <cstdint>
#include <span>
#include <string_view>

#include "engine/rules/limits.hpp"

namespace seatsim::rules {

using Votes = std::int64_t;

// 128-bit integers (a GCC and Clang extension) hold products of vote counts exactly.
__extension__ typedef __int128 WideInt;
__extension__ typedef unsigned __int128 WideUint;

// Largest-remainder methods first, then divisor (highest-averages) methods. See quota.cpp and
// divisor.cpp for each method's definition and source.
enum class Method {
  hare,                   // quota votes / seats, largest remainders
  droop,                  // quota floor(votes / (seats + 1)) + 1, largest remainders
  imperiali,              // quota votes / (seats + 2), largest remainders
  dhondt,                 // divisors 1, 2, 3, ... (Jefferson)
  sainte_lague,           // divisors 1, 3, 5, ... (Webster)
  modified_sainte_lague,  // divisors 1.4, 3, 5, ... (Norway)
  huntington_hill,        // divisors sqrt(s (s + 1)): 0, 1.41, 2.45, ... (US House)
  adams,                  // divisors 0, 1, 2, ... (Adams)
};

inline constexpr Method kMethods[] = {Method::hare,
                                      Method::droop,
                                      Method::imperiali,
                                      Method::dhondt,
                                      Method::sainte_lague,
                                      Method::modified_sainte_lague,
                                      Method::huntington_hill,
                                      Method::adams};

constexpr bool is_largest_remainder(Method method) {
  return method == Method::hare || method == Method::droop || method == Method::imperiali;
}

// What a threshold share is a share of.
enum class ThresholdBase {
  party_votes,  // votes for the lists only (Kazakhstan CEC practice before 2023)
  valid,        // lists plus "against all" and other valid non-list votes (CEC practice 2023)
  ballots,  // every ballot cast, invalid ones included (the law's wording, "voters who took part")
};

// How the Droop quota votes / (seats + 1) becomes a whole number.
enum class DroopRounding {
  floor_plus_one,  // floor(votes / (seats + 1)) + 1 (Droop 1881; South Africa, Electoral Act 73 of
                   // 1998, Schedule 1A)
  nearest,         // rounded to the nearest whole number, halves up (Slovakia's republic quota, Act
                   // No. 180/2014 Coll. s.66(2)); a seat the whole parts give beyond the house is
                   // taken from the smallest remainder
};

// How a tie for the last seat is settled.
enum class TiePolicy {
  registration_order,  // the list registered earlier wins (Kazakhstan, law as amended 9 Feb 2009)
  by_lot,              // the larger lot key wins; the caller draws the keys from a seeded stream
  report,              // settled by registration order, and flagged so the caller can count it
};

// A share threshold held exactly, as parts per billion of the base: 5% is 50'000'000.
struct Threshold {
  std::int64_t parts_per_billion = 0;
  ThresholdBase base = ThresholdBase::valid;
};

inline constexpr std::int64_t kPartsPerBillion = 1'000'000'000;

// The nearest whole number of parts per billion to a share given as a decimal fraction; thresholds
// are written with far fewer than nine decimals, so 0.05 becomes exactly 50'000'000.
std::int64_t to_parts_per_billion(double share);

// A majority bonus: the admitted list with the most votes gets `seats` more when its share of the
// threshold base reaches `from`, one more for each whole `step` above it, at most `max_seats`.
// The bonus is given first and the rest of the tier shared by the method among the admitted lists
// (Greece from June 2023, Presidential Decree 26/2012 art. 99 as amended in 2020: 20 of the 300
// seats at 25% of the valid vote, one more per whole half point above it, 50 from 40%). Shares are
// parts per billion, compared exactly. seats = 0: no bonus.
struct Bonus {
  int seats = 0;
  std::int64_t from_ppb = 0;
  std::int64_t step_ppb = 0;  // 0: the bonus is `seats` at any share from `from`
  int max_seats = 0;          // at least `seats`
};

// Modified Sainte-Lague's first divisor, in parts per billion: 1.4 (Norway; Sweden before 2018).
inline constexpr std::int64_t kModifiedSainteLagueFirstDivisor = 1'400'000'000;

struct ListRule {
  int seats = 0;
  Method method = Method::hare;
  // Under modified-sainte-lague, the first divisor (then 3, 5, ...), in parts per billion, from 1
  // to 2 (so that highest_averages' jump start holds): Sweden's 1.2 since 2018 (Elections Act
  // 2005:837 ch.14 s.3) is 1'200'000'000.
  std::int64_t first_divisor_ppb = kModifiedSainteLagueFirstDivisor;
  DroopRounding droop = DroopRounding::floor_plus_one;  // under droop
  Bonus bonus{};
  Threshold threshold{};
  TiePolicy ties = TiePolicy::registration_order;
  // If fewer than this many lists pass the threshold, the lists with the most votes among the rest
  // are admitted until this many are (Kazakhstan, from 2009: 2). 0 disables the rule.
  int min_admitted = 0;
  // A list that wins at least this many district seats is admitted whatever its share: 1 in New
  // Zealand (Electoral Act 1993 s.191(4)), 3 in Germany (BWahlG s.6(3) before 2023). 0 disables it.
  int waiver_district_seats = 0;
};

// Whether a list is exempt from the threshold, as national-minority lists are in Germany (BWahlG
// s.6(3): the SSW) and Poland (Electoral Code art. 197(2)).
enum class Exemption : std::uint8_t { none, exempt };

struct ListBallot {
  std::span<const Votes> lists;             // one count per list, in registration order
  Votes other_valid = 0;                    // valid votes for no list, such as "against all"
  Votes invalid = 0;                        // spoilt and blank ballots
  std::span<const std::uint64_t> lots{};    // one key per list; read only under TiePolicy::by_lot
  std::span<const int> district_seats{};    // one per list, or empty; read by the waiver and mixed
  std::span<const Exemption> exemptions{};  // one per list, or empty when no list is exempt
  // One threshold per list, in parts per billion of the rule's base, or empty when every list has
  // the rule's: an alliance's higher threshold (Slovakia, Poland, Czechia).
  std::span<const std::int64_t> thresholds{};
};

// How a list stands after the threshold test.
enum class Admission : std::uint8_t {
  excluded,   // below the threshold, and not admitted as a runner-up
  passed,     // passed the threshold
  runner_up,  // below the threshold, admitted by the runner-up rule
  waived,     // below the threshold, admitted by its district seats
  exempt,     // exempt from the threshold (a minority list)
};

struct ListOutcome {
  bool tie_decided = false;  // a seat went one way on a tie the policy had to break
  bool unfilled = false;     // no list was admitted, so no seat could be allocated
  int bonus = 0;             // majority bonus seats given, included in the leader's seats
  int bonus_list = -1;       // the list given them (its index in the ballot), or -1
};

// The votes a threshold share is a share of, on the given base.
Votes threshold_base_votes(const ListBallot& ballot, ThresholdBase base);

// Allocates `rule.seats` among the lists. Writes each list's seats to `seats` and its admission to
// `admission`; both have one entry per list, in registration order.
ListOutcome allocate_list(const ListRule& rule, const ListBallot& ballot, std::span<int> seats,
                          std::span<Admission> admission);

std::string_view to_string(Method method);
std::string_view to_string(ThresholdBase base);
std::string_view to_string(TiePolicy policy);
std::string_view to_string(DroopRounding rounding);

}  // namespace seatsim::rules
