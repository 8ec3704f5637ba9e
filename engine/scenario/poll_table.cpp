#include "engine/scenario/poll_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "engine/scenario/csv_rows.hpp"
#include "engine/scenario/sections.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::scenario {
namespace {

constexpr std::string_view kFixed[] = {"pollster",    "fieldwork_start", "fieldwork_end",
                                       "sample_size", "undecided",       "refused"};

std::optional<int> read_day(CsvRowReader& row, int column) {
  const std::string& text = row.cell(column);
  const auto day = model::iso_day(text);
  if (!day)
    row.error(column, fmt::format("\"{}\" is not a date", text), "a date such as 2023-01-28");
  return day;
}

// Where each column is: the fixed ones by name (-1 if absent), and per option id.
struct Columns {
  int pollster = -1, start = -1, end = -1, sample = -1, undecided = -1, refused = -1;
  std::vector<int> options;  // per option id, -1 if absent
};

Columns find_columns(CsvErrors& errors, const CsvRow& header, const PollTableFormat& format) {
  std::vector<std::string> names(std::begin(kFixed), std::end(kFixed));
  names.insert(names.end(), format.option_ids.begin(), format.option_ids.end());
  const auto found =
      find_csv_columns(errors, header, names, {names.begin(), names.begin() + 4},
                       fmt::format("the columns are {} and the list-ballot option ids {}",
                                   fmt::join(kFixed, ", "), fmt::join(format.option_ids, ", ")));
  Columns c{.pollster = found[0],
            .start = found[1],
            .end = found[2],
            .sample = found[3],
            .undecided = found[4],
            .refused = found[5],
            .options = {}};
  c.options.assign(found.begin() + std::size(kFixed), found.end());
  return c;
}

// The undecided and refused of one row, then its option shares (of all respondents, or of the
// decided ones), checked as an inline poll is (model_reader.cpp).
void read_shares(CsvRowReader& row, const Columns& c, const PollTableFormat& format,
                 model::Poll& poll) {
  const char* of_all = "a share of all respondents";
  const double undecided = c.undecided >= 0 ? row.share(c.undecided, of_all).value_or(0.0) : 0.0;
  const double refused = c.refused >= 0 ? row.share(c.refused, of_all).value_or(0.0) : 0.0;
  poll.undecided = undecided + refused;
  const bool decided = format.basis == PollBasis::decided;
  const std::string_view of_what = decided ? "a share of the decided respondents" : of_all;
  double reported = 0.0;
  int last = c.pollster;
  bool readable = true;  // every cell a share: the sums below are then worth checking
  for (const int column : c.options) {
    poll.shares.push_back(column >= 0 ? row.share(column, of_what) : std::nullopt);
    readable = readable && (poll.shares.back() || column < 0 || row.cell(column).empty());
    reported += poll.shares.back().value_or(0.0);
    last = std::max(last, column);
  }
  if (!readable) {
    return;
  } else if (poll.undecided >= 1.0) {
    row.error(c.undecided >= 0 ? c.undecided : c.refused, "no decided respondents",
              "undecided and refused must sum to less than 1");
  } else if (!(reported > 0.0)) {
    row.error(last, "no share above 0", "a poll must report at least one option");
  } else if (reported + (decided ? 0.0 : poll.undecided) > 1.0 + kShareSumTolerance) {
    row.error(last,
              fmt::format("the shares sum to {}", reported + (decided ? 0.0 : poll.undecided)),
              fmt::format("{}{}: at most 1 within {}", of_what,
                          decided ? "" : ", with undecided and refused", kShareSumTolerance));
  }
  if (decided) {
    for (auto& share : poll.shares) {
      if (share) *share *= 1.0 - poll.undecided;
    }
  }
}

model::Poll read_row(CsvErrors& errors, const CsvRow& csv_row, const CsvRow& header,
                     const Columns& c, const PollTableFormat& format) {
  CsvRowReader row(errors, csv_row, header.fields);
  model::Poll poll;
  poll.pollster = row.cell(c.pollster);
  if (poll.pollster.empty() || !is_utf8(poll.pollster)) {
    row.error(c.pollster, "empty or not UTF-8", "every row names its pollster, in UTF-8");
  }
  const auto start = read_day(row, c.start);
  const auto end = read_day(row, c.end);
  if (start && end && *start > *end) {
    row.error(c.end, "before fieldwork_start", "fieldwork ends on or after the day it starts");
  }
  if (end && *end > format.election_day) {
    row.error(c.end, "after the election", "a forecast uses polls taken before election.date");
  }
  poll.fieldwork_start = start.value_or(0);
  poll.fieldwork_end = end.value_or(0);
  const auto sample = parse_number(row.cell(c.sample));
  if (!sample || *sample < 1.0 || *sample > 1e9) {
    row.error(c.sample, fmt::format("\"{}\" is not a number in [1, 1e9]", row.cell(c.sample)),
              "the number of respondents");
  }
  poll.sample_size = sample.value_or(1.0);
  read_shares(row, c, format, poll);
  return poll;
}

}  // namespace

std::vector<model::Poll> read_poll_table(std::string_view text, std::string_view source,
                                         const PollTableFormat& format) {
  CsvErrors errors(source);
  const std::vector<CsvRow> rows = read_csv_rows(text);
  if (rows.size() < 2) {
    errors.error(rows.empty() ? 1 : rows.front().line, "(rows)", "no polls",
                 "a header row, then one row per poll");
    errors.throw_if_errors();
  }
  const Columns columns = find_columns(errors, rows.front(), format);
  errors.throw_if_errors();
  std::vector<model::Poll> polls;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    if (!has_header_width(errors, rows[k], rows.front())) continue;
    polls.push_back(read_row(errors, rows[k], rows.front(), columns, format));
  }
  errors.throw_if_errors();
  return polls;
}

std::vector<model::Poll> read_poll_table_file(const std::filesystem::path& path,
                                              const PollTableFormat& format) {
  return read_poll_table(read_csv_file(path, "a poll table"), path.string(), format);
}

}  // namespace seatsim::scenario
