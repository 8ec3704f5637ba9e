#pragma once
// Runs the seatsim binary (SEATSIM_BINARY, set by seatsim_add_test) as a user would.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

struct Outcome {
  int status = -1;
  std::string output;  // stdout and stderr together
};

// `ENVIRONMENT seatsim ARGUMENTS`, through the shell (ENVIRONMENT as NAME=VALUE words); the exit
// status, or -1 if it did not exit normally.
inline Outcome run_seatsim(const std::string& arguments, const std::string& environment = "") {
  const std::string command =
      environment + " " + std::string(SEATSIM_BINARY) + " " + arguments + " 2>&1";
  Outcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[4096];
  while (const std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) {
    outcome.output.append(buffer, n);
  }
  const int status = pclose(pipe);
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}
