#pragma once
// Errors in what a user gave us (a scenario, a vote file, an option), each message already in the
// form FILE:LINE: key: problem (why). The CLI prints every message and exits with status 2.
#include <stdexcept>
#include <string>
#include <vector>

namespace seatsim {

class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<std::string> messages)
      : std::runtime_error(messages.empty() ? std::string("invalid input") : messages.front()),
        messages_(std::move(messages)) {}

  const std::vector<std::string>& messages() const { return messages_; }

 private:
  std::vector<std::string> messages_;
};

}  // namespace seatsim
