#pragma once
// The CSV files users give (vote tables, poll tables): rows split as RFC 4180 quotes them, each
// with its line number, and their problems collected as FILE:LINE: column: problem (why).
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seatsim::scenario {

struct CsvRow {
  std::size_t line = 0;  // counted from 1
  std::vector<std::string> fields;
};

// The non-blank rows, each field trimmed; a field may be double-quoted, with "" standing for a
// quote inside it. A UTF-8 byte order mark (Excel's default) before the header is dropped.
std::vector<CsvRow> read_csv_rows(std::string_view text);

// Well-formed UTF-8 (RFC 3629, section 4): no overlong forms, surrogates or code points above
// U+10FFFF. Names are printed and written to JSON, which must be UTF-8.
bool is_utf8(std::string_view text);

// The whole text as a finite number, or nothing.
std::optional<double> parse_number(std::string_view text);

// A user's CSV file (a poll or district table, named by a scenario): refused unless it is a regular
// file, since a FIFO or a device such as /dev/stdin could block the read for ever, and a scenario's
// file is read again by every run and sweep point. `what` names it in that message.
std::string read_csv_file(const std::filesystem::path& path, std::string_view what);

class CsvErrors {
 public:
  explicit CsvErrors(std::string_view source) : source_(source) {}

  void error(std::size_t line, std::string_view column, std::string_view problem,
             std::string_view why);
  bool ok() const { return errors_.empty(); }
  // Throws InputError with every message, if there are any.
  void throw_if_errors();
  // The same with `other`'s messages after these: two files read together report all at once.
  void throw_if_errors(CsvErrors& other);

 private:
  std::string source_;
  std::vector<std::string> errors_;
};

// Whether `row` has as many fields as the header; reports it when not.
bool has_header_width(CsvErrors& errors, const CsvRow& row, const CsvRow& header);

// Where each of `names` is in the header row: its index, or -1 where absent. Reports each column
// not in `names` (with `allowed`, which says what the columns may be), a column given twice, and
// each of `required` that is missing.
std::vector<int> find_csv_columns(CsvErrors& errors, const CsvRow& header,
                                  const std::vector<std::string>& names,
                                  const std::vector<std::string>& required,
                                  std::string_view allowed);

// One row, read cell by cell, its problems reported at its line under the column's name.
class CsvRowReader {
 public:
  CsvRowReader(CsvErrors& errors, const CsvRow& row, const std::vector<std::string>& header)
      : errors_(errors), row_(row), header_(header) {}

  const std::string& cell(int column) const {
    return row_.fields[static_cast<std::size_t>(column)];
  }
  void error(int column, std::string_view problem, std::string_view why) {
    errors_.error(row_.line, header_[static_cast<std::size_t>(column)], problem, why);
  }
  // A share in [0, 1], written as a number (0.486) or a percentage (48.6%); empty: nothing.
  // `of_what` says what it is a share of, in the message when it is out of range.
  std::optional<double> share(int column, std::string_view of_what);
  // A number in [low, high]; empty: nothing.
  std::optional<double> number(int column, double low, double high, std::string_view why);

 private:
  CsvErrors& errors_;
  const CsvRow& row_;
  const std::vector<std::string>& header_;
};

}  // namespace seatsim::scenario
