#include "freshauth/server/fault_injection.h"

#include <algorithm>
#include <charconv>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "server/call_script.h"

namespace freshauth::server {
namespace {

Error bad_rule(std::string_view why) {
  return {Errc::invalid_argument, "fault rule: " + std::string{why}, {}};
}

bool parse_rate(std::string_view text, double& rate) {
  try {
    std::size_t used = 0;
    rate = std::stod(std::string{text}, &used);
    return used == text.size() && rate >= 0 && rate <= 1;
  } catch (const std::exception&) {
    return false;
  }
}

bool parse_int(std::string_view text, long& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc{} && end == text.data() + text.size() && value >= 0;
}

}  // namespace

bool FaultSpec::any() const {
  return latency.count() > 0 || error_rate > 0 || drop_rate > 0 || malformed_rate > 0;
}

std::string FaultSpec::describe() const {
  std::ostringstream out;
  out << "latency=" << latency.count() << "ms error=" << error_status << "@" << error_rate;
  if (retry_after) out << " retry_after=" << retry_after->count() << "s";
  out << " drop=" << drop_rate << " malformed=" << malformed_rate;
  return out.str();
}

Result<FaultRule> parse_fault_rule(std::string_view text) {
  std::istringstream words{std::string{text}};
  FaultRule rule;
  if (!(words >> rule.path) || rule.path.empty() || rule.path[0] != '/') {
    return bad_rule("must start with a path");
  }
  std::string word;
  while (words >> word) {
    const auto equals = word.find('=');
    if (equals == std::string::npos) return bad_rule("expected key=value");
    const std::string_view key = std::string_view{word}.substr(0, equals);
    const std::string_view value = std::string_view{word}.substr(equals + 1);
    long number = 0;
    if (key == "latency") {
      if (!parse_int(value, number)) return bad_rule("latency is milliseconds");
      rule.spec.latency = std::chrono::milliseconds{number};
    } else if (key == "error") {
      const auto at = value.find('@');
      if (at == std::string_view::npos || !parse_int(value.substr(0, at), number) || number < 400 ||
          number > 599 || !parse_rate(value.substr(at + 1), rule.spec.error_rate)) {
        return bad_rule("error is STATUS@RATE, e.g. 503@0.1");
      }
      rule.spec.error_status = static_cast<int>(number);
    } else if (key == "retry_after") {
      if (!parse_int(value, number)) return bad_rule("retry_after is seconds");
      rule.spec.retry_after = std::chrono::seconds{number};
    } else if (key == "drop") {
      if (!parse_rate(value, rule.spec.drop_rate)) return bad_rule("drop is a rate in 0..1");
    } else if (key == "malformed") {
      if (!parse_rate(value, rule.spec.malformed_rate)) return bad_rule("malformed is a rate");
    } else {
      return bad_rule("unknown key " + std::string{key});
    }
  }
  return rule;
}

FaultPlan::FaultPlan(std::uint64_t seed) : dice_(std::make_shared<Dice>()) {
  dice_->random.seed(seed);
}

void FaultPlan::add(const FaultRule& rule) { rules_[rule.path] = rule.spec; }

double FaultPlan::Dice::draw() {
  const std::lock_guard lock{mutex};
  return std::uniform_real_distribution<double>{0.0, 1.0}(random);
}

Handler FaultPlan::wrap(const std::string& path, Handler handler) {
  Handler faulty = with_rule(path, handler);
  if (!script_) return faulty;
  return [script = script_, path, handler = std::move(handler),
          faulty = std::move(faulty)](const ServerRequest& request) {
    const auto reply = script->take(path, request);
    return reply ? scripted_answer(*reply, request, handler) : faulty(request);
  };
}

Handler FaultPlan::with_rule(const std::string& path, Handler handler) const {
  const auto it = rules_.find(path);
  if (it == rules_.end() || !it->second.any()) return handler;
  return [dice = dice_, spec = it->second,
          handler = std::move(handler)](const ServerRequest& request) {
    if (spec.latency.count() > 0) std::this_thread::sleep_for(spec.latency);
    if (spec.drop_rate > 0 && dice->draw() < spec.drop_rate) {
      ServerResponse dropped;
      dropped.drop_connection = true;
      return dropped;
    }
    if (spec.error_rate > 0 && dice->draw() < spec.error_rate) {
      ServerResponse error = json_error(spec.error_status, "InjectedFault", "fault injection");
      if (spec.retry_after)
        error.set_header("Retry-After", std::to_string(spec.retry_after->count()));
      return error;
    }
    if (spec.malformed_rate > 0 && dice->draw() < spec.malformed_rate) {
      ServerResponse malformed = json_response(200, nlohmann::json::object());
      malformed.body = R"({"AccessToken": "trunc)";
      return malformed;
    }
    return handler(request);
  };
}

Result<void> FaultPlan::apply_to(Router& router) {
  // Only synchronous routes can be wrapped: a rule or a script for another path would never fire.
  const auto wrappable = router.sync_paths();
  for (const auto& [path, spec] : rules_) {
    if (std::find(wrappable.begin(), wrappable.end(), path) != wrappable.end()) continue;
    std::string served;
    for (const auto& known : wrappable) served += (served.empty() ? "" : ", ") + known;
    return bad_rule("no synchronous route serves " + path + "; the routes are " + served);
  }
  if (script_) script_->set_served(wrappable);
  router.wrap_each(
      [this](const std::string& path, Handler handler) { return wrap(path, std::move(handler)); });
  return {};
}

void FaultPlan::enable_scripting() {
  if (!script_) script_ = std::make_shared<CallScript>();
}

CallScript& FaultPlan::scripted() const {
  if (!script_) throw std::invalid_argument("fault plan: scripting is not enabled");
  return *script_;
}

void FaultPlan::script(const std::string& path, ScriptedReply reply) {
  scripted().add(path, std::move(reply), false);
}

void FaultPlan::script_always(const std::string& path, ScriptedReply reply) {
  scripted().add(path, std::move(reply), true);
}

int FaultPlan::calls(const std::string& path) const { return scripted().calls(path); }

std::vector<RecordedCall> FaultPlan::recorded(const std::string& path) const {
  return scripted().recorded(path);
}

bool FaultPlan::wait_for_calls(const std::string& path, int count,
                               std::chrono::milliseconds deadline) const {
  return scripted().wait_for_calls(path, count, deadline);
}

void FaultPlan::open_gates() {
  if (script_) script_->open_gates();
}

}  // namespace freshauth::server
