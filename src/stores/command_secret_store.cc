#include "freshauth/stores/command_secret_store.h"

#include <string_view>

#include "freshauth/platform/file_errors.h"
#include "freshauth/platform/run_process.h"
#include "stores/secret_name.h"

namespace freshauth {
namespace {

constexpr std::string_view kSecretField = "secret=";
constexpr std::size_t kMaxHelperOutput = 64 * 1024;

// Helper output: "key=value" lines. Returns the secret= value, nullopt when there is none, or
// false in `well_formed` when a line is not of that shape.
std::optional<std::string> find_secret(std::string_view output, bool& well_formed) {
  well_formed = true;
  std::optional<std::string> secret;
  while (!output.empty()) {
    const auto end = output.find('\n');
    std::string_view line = output.substr(0, end);
    output.remove_prefix(end == std::string_view::npos ? output.size() : end + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) continue;
    const auto equals = line.find('=');
    if (equals == 0 || equals == std::string_view::npos) {
      well_formed = false;
      return std::nullopt;
    }
    if (line.starts_with(kSecretField)) secret = std::string{line.substr(kSecretField.size())};
  }
  return secret;
}

}  // namespace

CommandSecretStore::CommandSecretStore(std::vector<std::string> command,
                                       std::chrono::milliseconds timeout)
    : command_(std::move(command)), timeout_(timeout) {}

Result<std::string> CommandSecretStore::run(const char* operation, const std::string& name,
                                            std::string input) {
  if (command_.empty() || command_.front().empty()) {
    return Error{Errc::invalid_argument, "no credential helper command given", {}};
  }
  platform::ProcessSpec spec;
  spec.argv = command_;
  spec.argv.emplace_back(operation);
  spec.in = platform::Stdio::pipe;
  spec.out = platform::Stdio::pipe;
  spec.max_output = kMaxHelperOutput;  // stderr is passed through: it explains failures
  auto outcome = platform::run_process(spec, input, timeout_);
  if (!input.empty()) std::fill(input.begin(), input.end(), '\0');
  if (!outcome) {
    return platform::storage_error("cannot run credential helper " + spec.argv.front() + ": " +
                                   outcome.error().message());
  }
  const std::string what =
      "credential helper `" + command_line() + " " + operation + "` for secret \"" + name + "\"";
  if (outcome->timed_out) {
    return platform::storage_error(what + " did not finish within " +
                                   std::to_string(timeout_.count()) + " ms and was killed");
  }
  if (outcome->too_much_output) {
    return platform::storage_error(what + " printed more than " + std::to_string(kMaxHelperOutput) +
                                   " bytes");
  }
  if (outcome->exit->signal != 0) {
    return platform::storage_error(what + " was killed by signal " +
                                   std::to_string(outcome->exit->signal));
  }
  if (outcome->exit->code != 0) {
    return platform::storage_error(what + " failed with exit status " +
                                   std::to_string(outcome->exit->code) +
                                   " (its own messages are on stderr)");
  }
  return std::move(outcome->out);
}

Result<std::optional<std::string>> CommandSecretStore::get(const std::string& name) {
  if (auto valid = detail::check_secret_name(name); !valid) return valid.error();
  auto output = run("get", name, "key=" + name + "\n");
  if (!output) return output.error();
  bool well_formed = true;
  auto secret = find_secret(*output, well_formed);
  std::fill(output->begin(), output->end(), '\0');
  if (!well_formed) {
    return platform::storage_error("credential helper `" + command_line() + " get` for secret \"" +
                                   name +
                                   "\" printed something other than key=value lines (not shown); "
                                   "see docs/credential-helpers.md");
  }
  return secret;
}

Result<void> CommandSecretStore::put(const std::string& name, const std::string& secret) {
  if (auto valid = detail::check_secret_name(name); !valid) return valid;
  if (secret.find_first_of(std::string_view{"\n\r\0", 3}) != std::string::npos) {
    return Error{Errc::invalid_argument,
                 "a secret containing a line break or NUL cannot pass through a credential "
                 "helper",
                 {}};
  }
  auto output =
      run("store", name, "key=" + name + "\n" + std::string{kSecretField} + secret + "\n");
  if (!output) return output.error();
  return {};
}

Result<void> CommandSecretStore::erase(const std::string& name) {
  if (auto valid = detail::check_secret_name(name); !valid) return valid;
  auto output = run("erase", name, "key=" + name + "\n");
  if (!output) return output.error();
  return {};
}

std::string CommandSecretStore::command_line() const {
  std::string text;
  for (const auto& part : command_) text += (text.empty() ? "" : " ") + part;
  return text;
}

std::string CommandSecretStore::describe() const {
  return "credential helper `" + command_line() + "`";
}

}  // namespace freshauth
