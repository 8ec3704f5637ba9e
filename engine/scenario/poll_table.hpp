#pragma once
// Polls from a CSV file, `[polls] file = "polls.csv"` (scenarios/README.md): a header row, then
// one row per poll. Columns: pollster, fieldwork_start, fieldwork_end (YYYY-MM-DD), sample_size,
// one per list-ballot option id (any of them; a missing column or an empty cell: the poll does not
// report that option), and optionally undecided and refused (empty: 0). A share is a number in
// [0, 1] or a percentage as printed, such as 48.6%. Throws InputError with every problem, each
// FILE:LINE: column: problem (why).
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/polls.hpp"

namespace seatsim::scenario {

// What the option columns are shares of. `decided`: of the respondents who named an option, as
// pollsters often publish them; each is then multiplied by 1 - undecided - refused, so that, as
// inline polls, it is a share of all respondents.
enum class PollBasis { all, decided };

constexpr std::string_view to_string(PollBasis basis) {
  return basis == PollBasis::all ? "all" : "decided";
}

struct PollTableFormat {
  std::span<const std::string> option_ids;  // the list-ballot options, in option order
  PollBasis basis = PollBasis::all;
  int election_day = 0;  // days since 1970-01-01: polls must end by then
};

std::vector<model::Poll> read_poll_table(std::string_view text, std::string_view source,
                                         const PollTableFormat& format);
std::vector<model::Poll> read_poll_table_file(const std::filesystem::path& path,
                                              const PollTableFormat& format);

}  // namespace seatsim::scenario
