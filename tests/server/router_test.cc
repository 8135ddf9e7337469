#include "freshauth/server/router.h"

#include <gtest/gtest.h>

#include "freshauth/server/fault_injection.h"

namespace freshauth::server {
namespace {

ServerRequest request_for(std::string method, std::string path) {
  ServerRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

AsyncHandler answering(int status) {
  return [status](ServerRequest, Responder respond) { respond(json_response(status, {})); };
}

Router routes() {
  Router router;
  router.add("GET", "/sync", [](const ServerRequest&) { return json_response(200, {}); });
  router.add_async("POST", "/async", answering(201));
  router.add_prefix(std::string{kAnyMethod}, "/api/", answering(202));
  router.add_prefix("GET", "/api/v2/", answering(203));
  return router;
}

TEST(Router, DispatchAsyncAnswersEveryKindOfRouteOnce) {
  const Router router = routes();
  const auto status = [&](std::string method, std::string path) {
    int answers = 0;
    int answered = 0;
    router.dispatch_async(request_for(std::move(method), std::move(path)),
                          [&](ServerResponse response) {
                            ++answers;
                            answered = response.status;
                          });
    EXPECT_EQ(answers, 1);
    return answered;
  };
  EXPECT_EQ(status("GET", "/sync"), 200);
  EXPECT_EQ(status("POST", "/async"), 201);
  EXPECT_EQ(status("GET", "/async"), 405);
  EXPECT_EQ(status("PATCH", "/api/x"), 202);
  EXPECT_EQ(status("GET", "/api/v2/x"), 203);
  EXPECT_EQ(status("POST", "/api/v2/x"), 202);
  EXPECT_EQ(status("GET", "/api"), 404);
}

TEST(Router, DispatchReturnsWhatAnAsyncHandlerAnsweredAtOnceAnd500Otherwise) {
  Router router = routes();
  Responder kept;
  router.add_async("GET", "/later", [&](ServerRequest, Responder respond) { kept = respond; });
  EXPECT_EQ(router.dispatch(request_for("POST", "/async")).status, 201);
  EXPECT_EQ(router.dispatch(request_for("GET", "/later")).status, 500);
  kept(json_response(200, {}));  // too late, and harmless
}

TEST(Router, PatternsAreBoundedMetricLabels) {
  const Router router = routes();
  EXPECT_EQ(router.pattern_for("/sync"), "/sync");
  EXPECT_EQ(router.pattern_for("/api/v2/users/42"), "/api/v2/*");
  EXPECT_EQ(router.pattern_for("/api/anything"), "/api/*");
  EXPECT_EQ(router.pattern_for("/nothing"), std::nullopt);
  EXPECT_EQ(router.paths(), (std::vector<std::string>{"/async", "/sync"}));
  EXPECT_EQ(router.sync_paths(), (std::vector<std::string>{"/sync"}));
}

TEST(Router, WrapEachWrapsSynchronousRoutesOnly) {
  Router router = routes();
  int wrapped = 0;
  router.wrap_each([&](const std::string&, Handler handler) {
    ++wrapped;
    return handler;
  });
  EXPECT_EQ(wrapped, 1);
}

TEST(Router, AFaultRuleForAnAsynchronousRouteIsRefusedRatherThanNeverFiring) {
  Router router = routes();
  FaultPlan plan{1};
  plan.add(*parse_fault_rule("/async error=503@1"));
  const auto applied = plan.apply_to(router);
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code, Errc::invalid_argument);
}

}  // namespace
}  // namespace freshauth::server
