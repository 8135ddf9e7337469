#include "freshauth/server/fault_injection.h"

#include <gtest/gtest.h>

namespace freshauth::server {
namespace {

Router three_routes() {
  Router router;
  const auto ok = [](const ServerRequest&) { return json_response(200, {{"ok", true}}); };
  router.add("GET", "/a", ok);
  router.add("POST", "/a", ok);
  router.add("GET", "/b", ok);
  return router;
}

int status_of(const Router& router, const char* method, const char* path) {
  ServerRequest request;
  request.method = method;
  request.path = path;
  return router.dispatch(request).status;
}

TEST(FaultPlanApply, WrapsEveryMethodOfTheRulesPathAndNothingElse) {
  Router router = three_routes();
  FaultPlan plan{1};
  plan.add(*parse_fault_rule("/a error=503@1"));
  ASSERT_TRUE(plan.apply_to(router).ok());
  EXPECT_EQ(status_of(router, "GET", "/a"), 503);
  EXPECT_EQ(status_of(router, "POST", "/a"), 503);
  EXPECT_EQ(status_of(router, "GET", "/b"), 200);
  EXPECT_EQ(status_of(router, "GET", "/c"), 404);
}

TEST(FaultPlanApply, ARuleForAPathNoRouteServesIsRefused) {
  Router router = three_routes();
  FaultPlan plan{1};
  plan.add(*parse_fault_rule("/a error=503@1"));
  plan.add(*parse_fault_rule("/typo error=503@1"));
  const auto applied = plan.apply_to(router);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, Errc::invalid_argument);
  EXPECT_NE(applied.error().message.find("/typo"), std::string::npos) << applied.error().message;
  EXPECT_NE(applied.error().message.find("/a, /b"), std::string::npos) << applied.error().message;
  EXPECT_EQ(status_of(router, "GET", "/a"), 200) << "nothing is wrapped when a rule is refused";
}

TEST(FaultPlanApply, AnEmptyPlanChangesNothing) {
  Router router = three_routes();
  FaultPlan plan{1};
  ASSERT_TRUE(plan.apply_to(router).ok());
  EXPECT_EQ(status_of(router, "POST", "/a"), 200);
}

}  // namespace
}  // namespace freshauth::server
