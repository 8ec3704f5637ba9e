#pragma once
// CSV as RFC 4180 writes it, shared by every CSV writer.
#include <string>
#include <vector>

namespace seatsim::report {

// Appends one row: fields with a comma, quote or newline are quoted, with quotes doubled.
void append_csv_row(std::string& out, const std::vector<std::string>& fields);

// A number with 10 significant digits, enough for any probability or share we report.
std::string csv_number(double x);

}  // namespace seatsim::report
