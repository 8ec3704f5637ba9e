#pragma once
// The CSV files users give (vote tables, poll tables): rows split as RFC 4180 quotes them, each
// with its line number, and their problems collected as FILE:LINE: column: problem (why).
#include <cstddef>
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

class CsvErrors {
 public:
  explicit CsvErrors(std::string_view source) : source_(source) {}

  void error(std::size_t line, std::string_view column, std::string_view problem,
             std::string_view why);
  bool ok() const { return errors_.empty(); }
  // Throws InputError with every message, if there are any.
  void throw_if_errors();

 private:
  std::string source_;
  std::vector<std::string> errors_;
};

}  // namespace seatsim::scenario
