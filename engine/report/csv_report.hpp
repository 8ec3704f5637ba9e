#pragma once
// `seatsim run --csv DIR`: the result as CSV files for spreadsheets and other tools (documented in
// docs/csv.md), each with a header row:
//   run.csv      one row: scenario, election, date, seed, draws, partial
//   parties.csv  one row per ballot option: shares, threshold and seat probabilities, seat summary
//   seats.csv    seat histograms, long form: one row per option, tier and seat count drawn, then
//                per bloc (tier "bloc")
//   events.csv   one row per reported event (majority lines, largest party, ties)
//   coalitions.csv  one row per coalition of seat-winning options that ever reaches a majority:
//                P(majority) and P(two thirds) of the house
//   blocs.csv    one row per bloc (report.blocs): P(majority), P(two thirds), seat summary
//   districts.csv  one row per single-member district and contender: P(win), the favourite and
//                its margin
//   share_lines.csv  one row per list-ballot option and report.share_lines line: P(share >= line)
//   shares.csv   share histograms, long form: one row per list-ballot option and 0.1-point bin
//   drawn
#include <filesystem>
#include <string_view>

#include "engine/sim/runner.hpp"
#include "engine/sim/summary.hpp"

namespace seatsim::report {

// The files write_csv_dir writes.
inline constexpr std::string_view kCsvFiles[] = {
    "run.csv",   "parties.csv",   "seats.csv",          "events.csv",      "coalitions.csv",
    "blocs.csv", "districts.csv", "list_districts.csv", "share_lines.csv", "shares.csv"};

// Writes the files into a new folder beside `dir` (temporary_path) and replaces `dir` with it
// whole (replace_folder), so `dir` never mixes the files of two runs.
void write_csv_dir(const std::filesystem::path& dir, const sim::Scenario& scenario,
                   const sim::Summary& summary, const sim::RunOptions& options,
                   const sim::RunResult& result);

}  // namespace seatsim::report
