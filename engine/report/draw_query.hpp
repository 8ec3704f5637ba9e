#pragma once
// Conditional questions on saved draws: `seatsim query FILE --where EXPR --show WHAT`
// (docs/save-draws.md). The condition's grammar, with `and` binding tighter than `or`:
//
//   expr  := conj ("or" conj)*
//   conj  := neg ("and" neg)*
//   neg   := "not" neg | "(" expr ")" | test
//   test  := ID ".passed" | sum OP NUMBER
//   sum   := term ("+" term)*
//   term  := ID "." FIELD
//   FIELD := "seats" | "list_seats" | "district_seats" | "share"
//   OP    := ">=" | ">" | "<=" | "<" | "==" | "!="
//
// ID is an option id from the file's header; share is a fraction of the valid vote. A sum adds
// seats to seats or shares to shares (`amanat.seats + ak_zhol.seats >= 50`), never both. An option
// whose id is "not" is read as an id where a "." follows it. Parentheses and "not" nest at most
// kMaxNesting deep, and an expression has at most kMaxTests terms: the parser and the evaluator
// recurse, and a deeper expression would overflow the stack instead of failing clearly.
#include <string>
#include <string_view>
#include <vector>

#include "engine/report/draw_file.hpp"

namespace seatsim::report {

inline constexpr int kMaxNesting = 256;
inline constexpr int kMaxTests = 10'000;

class DrawCondition {
 public:
  // Throws InputError "--where EXPR: problem at column C" for a bad expression or unknown id.
  DrawCondition(std::string_view expression, const DrawFileHeader& header);
  bool operator()(const SavedDraw& draw) const { return evaluate(root_, draw); }

  enum class Field { passed, seats, list_seats, district_seats, share };
  enum class Op { ge, gt, le, lt, eq, ne };
  struct Term {
    int option = 0;
    Field field = Field::passed;
  };
  struct Node {
    enum class Kind { any, all, negate, test } kind = Kind::test;
    int left = -1, right = -1;  // for any / all (left, right) and negate (left)
    int first_term = 0;         // a test: terms_[first_term, first_term + terms), summed
    int terms = 1;
    Op op = Op::ge;
    double value = 0.0;
  };

 private:
  bool evaluate(int node, const SavedDraw& draw) const;
  std::vector<Node> nodes_;
  std::vector<Term> terms_;
  int root_ = 0;
};

enum class QueryShow { seats, passed, share };

// Reads every draw, and answers for those meeting the condition: how many, and per option the
// seat distribution, P(passed) or the mean share, each with its Monte Carlo standard error.
std::string answer_query(DrawFileReader& draws, const DrawCondition& condition,
                         std::string_view where, QueryShow show);

}  // namespace seatsim::report
