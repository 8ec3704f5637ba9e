#include "engine/report/draw_query.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "engine/sim/input_error.hpp"
#include "engine/sim/summary.hpp"

namespace seatsim::report {
namespace {

using Node = DrawCondition::Node;

// A recursive-descent parser over the expression text; nodes go into one vector.
class Parser {
 public:
  Parser(std::string_view text, const DrawFileHeader& header, std::vector<Node>& nodes,
         std::vector<DrawCondition::Term>& terms)
      : text_(text), header_(header), nodes_(nodes), terms_(terms) {}

  int parse() {
    const int root = expression();
    skip_space();
    if (position_ != text_.size()) fail("expected \"and\", \"or\" or the end");
    return root;
  }

 private:
  int expression() {
    int left = conjunction();
    while (take_word("or"))
      left = add({.kind = Node::Kind::any, .left = left, .right = conjunction()});
    return left;
  }
  int conjunction() {
    int left = negation();
    while (take_word("and"))
      left = add({.kind = Node::Kind::all, .left = left, .right = negation()});
    return left;
  }
  int negation() {
    const std::size_t start = position_;
    if (take_word("not")) {
      // "not.passed" and the like: an option whose id is "not".
      if (take(".")) {
        position_ = start;
        return test();
      }
      const Nested nested(*this);
      return add({.kind = Node::Kind::negate, .left = negation()});
    }
    if (take("(")) {
      const Nested nested(*this);
      const int inner = expression();
      if (!take(")")) fail("expected \")\"");
      return inner;
    }
    return test();
  }
  // One level of parentheses or "not", counted against kMaxNesting while it is parsed.
  class Nested {
   public:
    explicit Nested(Parser& parser) : parser_(parser) {
      if (++parser_.depth_ > kMaxNesting) {
        parser_.fail(fmt::format("nested more than {} deep", kMaxNesting));
      }
    }
    ~Nested() { --parser_.depth_; }
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;

   private:
    Parser& parser_;
  };
  int test() {
    Node node{.first_term = static_cast<int>(terms_.size()), .terms = 0};
    do {
      terms_.push_back(term());
      ++node.terms;
    } while (take("+"));
    const auto is_share = [](const DrawCondition::Term& t) {
      return t.field == DrawCondition::Field::share;
    };
    const auto first = terms_.begin() + node.first_term;
    if (std::any_of(first, terms_.end(),
                    [](const auto& t) { return t.field == DrawCondition::Field::passed; })) {
      if (node.terms > 1) fail("\".passed\" is true or false: it cannot be added");
      return add(node);
    }
    if (std::any_of(first, terms_.end(), is_share) && !std::all_of(first, terms_.end(), is_share)) {
      fail("a sum adds seats to seats or shares to shares, not both");
    }
    constexpr std::pair<std::string_view, DrawCondition::Op> kOps[] = {
        {">=", DrawCondition::Op::ge}, {"<=", DrawCondition::Op::le}, {"==", DrawCondition::Op::eq},
        {"!=", DrawCondition::Op::ne}, {">", DrawCondition::Op::gt},  {"<", DrawCondition::Op::lt}};
    const auto op = std::find_if(std::begin(kOps), std::end(kOps),
                                 [&](const auto& o) { return take(o.first); });
    if (op == std::end(kOps)) fail("expected a comparison (>=, >, <=, <, ==, !=) or \"+\"");
    node.op = op->second;
    skip_space();
    const char* begin = text_.data() + position_;
    const auto [end, ec] = std::from_chars(begin, text_.data() + text_.size(), node.value);
    if (ec != std::errc() || !std::isfinite(node.value)) fail("expected a number");
    position_ += static_cast<std::size_t>(end - begin);
    return add(node);
  }
  // ID "." FIELD
  DrawCondition::Term term() {
    const std::size_t start = position_;
    const std::string id = identifier();
    if (id.empty()) fail("expected an option id, \"not\" or \"(\"");
    const auto it = std::find(header_.ids.begin(), header_.ids.end(), id);
    if (it == header_.ids.end()) {
      position_ = start;
      std::string ids;
      for (const auto& known : header_.ids) ids += (ids.empty() ? "" : ", ") + known;
      fail(fmt::format("\"{}\" is not an option in this file (options: {})", id, ids));
    }
    if (++tests_ > kMaxTests) fail(fmt::format("more than {} terms", kMaxTests));
    if (!take(".")) fail("expected \".\" and a field after the option id");
    const std::string field = identifier();
    constexpr std::pair<std::string_view, DrawCondition::Field> kFields[] = {
        {"passed", DrawCondition::Field::passed},
        {"seats", DrawCondition::Field::seats},
        {"list_seats", DrawCondition::Field::list_seats},
        {"district_seats", DrawCondition::Field::district_seats},
        {"share", DrawCondition::Field::share}};
    const auto known = std::find_if(std::begin(kFields), std::end(kFields),
                                    [&](const auto& f) { return f.first == field; });
    if (known == std::end(kFields)) {
      fail(fmt::format("\"{}\" is not a field (passed, seats, list_seats, district_seats, share)",
                       field));
    }
    return {.option = static_cast<int>(it - header_.ids.begin()), .field = known->second};
  }

  int add(const Node& node) {
    nodes_.push_back(node);
    return static_cast<int>(nodes_.size()) - 1;
  }
  void skip_space() {
    while (position_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[position_])))
      ++position_;
  }
  bool take(std::string_view token) {
    skip_space();
    if (text_.substr(position_).starts_with(token)) {
      position_ += token.size();
      return true;
    }
    return false;
  }
  // A keyword, not the start of a longer identifier ("order" is not "or").
  bool take_word(std::string_view word) {
    skip_space();
    const std::size_t start = position_;
    if (identifier() == word) return true;
    position_ = start;
    return false;
  }
  std::string identifier() {
    skip_space();
    const std::size_t start = position_;
    while (position_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[position_])) || text_[position_] == '_'))
      ++position_;
    return std::string(text_.substr(start, position_ - start));
  }
  // The expression is quoted up to kQuoted characters: one of 100'000 would drown the message.
  [[noreturn]] void fail(std::string_view problem) const {
    constexpr std::size_t kQuoted = 80;
    const std::string quoted = text_.size() <= kQuoted
                                   ? std::string(text_)
                                   : std::string(text_.substr(0, kQuoted)) + "...";
    throw InputError(
        {fmt::format("--where \"{}\": {} at column {}", quoted, problem, position_ + 1)});
  }

  std::string_view text_;
  const DrawFileHeader& header_;
  std::vector<Node>& nodes_;
  std::vector<DrawCondition::Term>& terms_;
  std::size_t position_ = 0;
  int depth_ = 0;
  int tests_ = 0;
};

bool compare(double x, DrawCondition::Op op, double value) {
  switch (op) {
    case DrawCondition::Op::ge: return x >= value;
    case DrawCondition::Op::gt: return x > value;
    case DrawCondition::Op::le: return x <= value;
    case DrawCondition::Op::lt: return x < value;
    case DrawCondition::Op::eq: return x == value;
    case DrawCondition::Op::ne: return x != value;
  }
  return false;
}

double term_value(const DrawCondition::Term& term, const SavedDraw& draw) {
  using Field = DrawCondition::Field;
  const auto k = static_cast<std::size_t>(term.option);
  switch (term.field) {
    case Field::passed: break;
    case Field::seats: return draw.list_seats[k] + draw.district_seats[k];
    case Field::list_seats: return draw.list_seats[k];
    case Field::district_seats: return draw.district_seats[k];
    case Field::share: return draw.share[k];
  }
  return 0.0;
}

std::string percent(const sim::Probability& p) {
  return fmt::format("{:7.3f}% ±{:.3f}", 100.0 * p.p, 100.0 * p.se);
}

}  // namespace

DrawCondition::DrawCondition(std::string_view expression, const DrawFileHeader& header) {
  root_ = Parser(expression, header, nodes_, terms_).parse();
}

bool DrawCondition::evaluate(int index, const SavedDraw& draw) const {
  const Node& node = nodes_[static_cast<std::size_t>(index)];
  switch (node.kind) {
    case Node::Kind::any: return evaluate(node.left, draw) || evaluate(node.right, draw);
    case Node::Kind::all: return evaluate(node.left, draw) && evaluate(node.right, draw);
    case Node::Kind::negate: return !evaluate(node.left, draw);
    case Node::Kind::test: break;
  }
  const auto* term = &terms_[static_cast<std::size_t>(node.first_term)];
  if (term->field == Field::passed) return (draw.passed >> term->option) & 1U;
  // Seats are integers, so their sum is exact; shares add in double, in the written order.
  double sum = 0.0;
  for (int i = 0; i < node.terms; ++i) sum += term_value(term[i], draw);
  return compare(sum, node.op, node.value);
}

std::string answer_query(DrawFileReader& draws, const DrawCondition& condition,
                         std::string_view where, QueryShow show) {
  const DrawFileHeader& header = draws.header();
  const std::size_t options = header.ids.size();
  const int house = header.list_seats + header.district_seats;
  // Integer counts of the matching draws: seat histograms and passes; shares summed in double.
  std::vector<std::uint64_t> histogram(options * static_cast<std::size_t>(house + 1));
  std::vector<std::uint64_t> passed(options);
  std::vector<double> share_sum(options), share_squares(options);
  std::uint64_t matched = 0;
  const std::uint64_t total = draws.for_each([&](const SavedDraw& draw) {
    if (!condition(draw)) return;
    ++matched;
    for (std::size_t k = 0; k < options; ++k) {
      const int seats = std::min(draw.list_seats[k] + draw.district_seats[k], house);
      ++histogram[k * static_cast<std::size_t>(house + 1) + static_cast<std::size_t>(seats)];
      passed[k] += (draw.passed >> k) & 1U;
      share_sum[k] += draw.share[k];
      share_squares[k] += draw.share[k] * draw.share[k];
    }
  });

  std::string out = fmt::format("{} of {} saved draws (seed {}) meet {}: P = {}\n", matched, total,
                                header.seed, where, percent(sim::probability(matched, total)));
  if (matched == 0) return out + "nothing to show: no draw meets the condition\n";
  out += "given that, per option (± Monte Carlo standard error):\n";
  const auto n = static_cast<double>(matched);
  for (std::size_t k = 0; k < options; ++k) {
    const auto kind = header.kinds[k];
    if (show == QueryShow::seats && model::wins_seats(kind)) {
      const auto d = sim::seat_distribution(&histogram[k * static_cast<std::size_t>(house + 1)],
                                            house, matched);
      out += fmt::format(
          "  {:<22} seats {:7.2f} ±{:.2f}   90% [{}, {}]   median {}   P(any seat) {}\n",
          header.ids[k], d.mean, d.mean_se, d.p5, d.p95, d.p50,
          percent(sim::probability(matched - d.histogram[0], matched)));
    } else if (show == QueryShow::passed && kind == model::OptionKind::party) {
      out += fmt::format("  {:<22} P(passed) {}\n", header.ids[k],
                         percent(sim::probability(passed[k], matched)));
    } else if (show == QueryShow::share && model::on_list_ballot(kind)) {
      const double mean = share_sum[k] / n;
      const double variance = std::max(0.0, share_squares[k] / n - mean * mean);
      out += fmt::format("  {:<22} share {:7.3f}% ±{:.3f}\n", header.ids[k], 100.0 * mean,
                         100.0 * std::sqrt(variance / n));
    }
  }
  return out;
}

}  // namespace seatsim::report
