// `seatsim query FILE --where EXPR --show WHAT`: conditional questions on draws saved by
// `seatsim run --save-draws FILE`, e.g. Amanat's seats given that Baytaq passes the threshold.
#include <cstdio>
#include <map>

#include "engine/cli/commands.hpp"
#include "engine/report/draw_query.hpp"

namespace seatsim::cli {
namespace {

const std::map<std::string, report::QueryShow> kShows = {{"seats", report::QueryShow::seats},
                                                         {"passed", report::QueryShow::passed},
                                                         {"share", report::QueryShow::share}};

}  // namespace

QueryCommand::QueryCommand(CLI::App& app)
    : Command(app.add_subcommand(
          "query", "Answer a conditional question from draws saved with run --save-draws")) {
  command_->add_option("draws", draws_path_, "A file written by seatsim run --save-draws")
      ->required();
  command_
      ->add_option("--where", where_,
                   "The condition, e.g. \"baytaq.passed and not amanat.seats >= 50\" "
                   "(docs/save-draws.md)")
      ->required();
  command_
      ->add_option("--show", show_,
                   "What to show per option given the condition: seats, passed or share")
      ->capture_default_str()
      ->check(CLI::IsMember({"seats", "passed", "share"}));
}

int QueryCommand::execute() const {
  report::DrawFileReader draws(draws_path_);
  const report::DrawCondition condition(where_, draws.header());
  std::fputs(report::answer_query(draws, condition, where_, kShows.at(show_)).c_str(), stdout);
  return 0;
}

}  // namespace seatsim::cli
