#include "engine/scenario/poll_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include "engine/scenario/csv_rows.hpp"
#include "engine/scenario/sections.hpp"
#include "engine/scenario/text_file.hpp"
#include "engine/sim/input_error.hpp"

namespace seatsim::scenario {
namespace {

constexpr std::string_view kFixed[] = {"pollster",    "fieldwork_start", "fieldwork_end",
                                       "sample_size", "undecided",       "refused"};

std::optional<double> parse_double(std::string_view text) {
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// One poll row, read column by column, its problems reported at its line.
class RowReader {
 public:
  RowReader(CsvErrors& errors, const CsvRow& row, const std::vector<std::string>& header)
      : errors_(errors), row_(row), header_(header) {}

  const std::string& cell(int column) const {
    return row_.fields[static_cast<std::size_t>(column)];
  }
  void error(int column, std::string_view problem, std::string_view why) {
    errors_.error(row_.line, header_[static_cast<std::size_t>(column)], problem, why);
  }

  // A share in [0, 1], written as a number (0.486) or a percentage (48.6%); empty: nothing.
  // "48.6%" is read as the decimal 48.6e-2, so it is the same double as 0.486.
  std::optional<double> share(int column, std::string_view of_what) {
    std::string text = cell(column);
    if (text.empty()) return std::nullopt;
    const bool percent = text.back() == '%';
    if (percent) text = text.substr(0, text.size() - 1) + "e-2";
    const auto value = parse_double(text);
    if (!value) {
      error(column, fmt::format("\"{}\" is not a share", cell(column)),
            "a number in [0, 1] such as 0.486, or a percentage such as 48.6%");
    } else if (*value < 0.0 || *value > 1.0) {
      error(column, fmt::format("{} is outside [0, 1]", cell(column)), of_what);
    } else {
      return value;
    }
    return std::nullopt;
  }

  std::optional<int> day(int column) {
    const std::string& text = cell(column);
    const auto day = model::iso_day(text);
    if (!day) error(column, fmt::format("\"{}\" is not a date", text), "a date such as 2023-01-28");
    return day;
  }

 private:
  CsvErrors& errors_;
  const CsvRow& row_;
  const std::vector<std::string>& header_;
};

// Where each column is: the fixed ones by name (-1 if absent), and per option id.
struct Columns {
  int pollster = -1, start = -1, end = -1, sample = -1, undecided = -1, refused = -1;
  std::vector<int> options;  // per option id, -1 if absent
};

Columns find_columns(CsvErrors& errors, const CsvRow& header, const PollTableFormat& format) {
  Columns c;
  c.options.assign(format.option_ids.size(), -1);
  int* fixed[] = {&c.pollster, &c.start, &c.end, &c.sample, &c.undecided, &c.refused};
  for (std::size_t k = 0; k < header.fields.size(); ++k) {
    const std::string& name = header.fields[k];
    const auto column = static_cast<int>(k);
    const auto is_fixed = std::find(std::begin(kFixed), std::end(kFixed), name);
    const auto option = std::find(format.option_ids.begin(), format.option_ids.end(), name);
    int* slot = is_fixed != std::end(kFixed) ? fixed[is_fixed - std::begin(kFixed)]
                : option != format.option_ids.end()
                    ? &c.options[static_cast<std::size_t>(option - format.option_ids.begin())]
                    : nullptr;
    if (!slot) {
      errors.error(header.line, name.empty() ? "(header)" : name, "unknown column",
                   fmt::format("the columns are {} and the list-ballot option ids {}",
                               fmt::join(kFixed, ", "), fmt::join(format.option_ids, ", ")));
    } else if (*slot >= 0) {
      errors.error(header.line, name, "a second column of this name", "each column once");
    } else {
      *slot = column;
    }
  }
  for (const auto& [slot, name] : {std::pair{c.pollster, "pollster"},
                                   {c.start, "fieldwork_start"},
                                   {c.end, "fieldwork_end"},
                                   {c.sample, "sample_size"}}) {
    if (slot < 0) {
      errors.error(header.line, name, "missing column",
                   fmt::format("the header row is \"{}\"", fmt::join(header.fields, ",")));
    }
  }
  return c;
}

// The undecided and refused of one row, then its option shares (of all respondents, or of the
// decided ones), checked as an inline poll is (model_reader.cpp).
void read_shares(RowReader& row, const Columns& c, const PollTableFormat& format,
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
  RowReader row(errors, csv_row, header.fields);
  model::Poll poll;
  poll.pollster = row.cell(c.pollster);
  if (poll.pollster.empty() || !is_utf8(poll.pollster)) {
    row.error(c.pollster, "empty or not UTF-8", "every row names its pollster, in UTF-8");
  }
  const auto start = row.day(c.start);
  const auto end = row.day(c.end);
  if (start && end && *start > *end) {
    row.error(c.end, "before fieldwork_start", "fieldwork ends on or after the day it starts");
  }
  if (end && *end > format.election_day) {
    row.error(c.end, "after the election", "a forecast uses polls taken before election.date");
  }
  poll.fieldwork_start = start.value_or(0);
  poll.fieldwork_end = end.value_or(0);
  const auto sample = parse_double(row.cell(c.sample));
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
    if (rows[k].fields.size() != rows.front().fields.size()) {
      errors.error(rows[k].line, "(row)", fmt::format("{} fields", rows[k].fields.size()),
                   fmt::format("the header has {}", rows.front().fields.size()));
      continue;
    }
    polls.push_back(read_row(errors, rows[k], rows.front(), columns, format));
  }
  errors.throw_if_errors();
  return polls;
}

std::vector<model::Poll> read_poll_table_file(const std::filesystem::path& path,
                                              const PollTableFormat& format) {
  // A FIFO or a device such as /dev/stdin could block the read for ever, and a scenario names its
  // poll file to be read again by every run and sweep point.
  std::error_code ignored;
  if (std::filesystem::exists(path, ignored) && !std::filesystem::is_regular_file(path, ignored)) {
    throw InputError(
        {fmt::format("{}: not a regular file (a poll table is a CSV file)", path.string())});
  }
  return read_poll_table(read_text_file(path), path.string(), format);
}

}  // namespace seatsim::scenario
