#include "freshauth/server/html_escape.h"

#include <gtest/gtest.h>

namespace freshauth::server {
namespace {

TEST(HtmlEscapeTest, EscapesWhatCouldOpenATagOrLeaveAnAttribute) {
  EXPECT_EQ(html_escape(R"(<script>alert("x" & 'y')</script>)"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
  EXPECT_EQ(html_escape("plain text, ümlauts"), "plain text, ümlauts");
  EXPECT_EQ(html_escape(""), "");
}

}  // namespace
}  // namespace freshauth::server
