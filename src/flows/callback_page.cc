#include "flows/callback_page.h"

#include "freshauth/server/html_escape.h"

namespace freshauth::detail {

server::ServerResponse callback_page(int status, const std::string& heading,
                                     const std::string& sentence) {
  server::ServerResponse response;
  response.status = status;
  response.body =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>freshauth: " +
      server::html_escape(heading) + "</title></head>\n<body><h1>" + server::html_escape(heading) +
      "</h1>\n<p>" + server::html_escape(sentence) + "</p></body></html>\n";
  response.set_header("Content-Type", "text/html; charset=utf-8");
  response.set_header("Cache-Control", "no-store");
  response.set_header("Referrer-Policy", "no-referrer");
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Content-Security-Policy", "default-src 'none'");
  return response;
}

}  // namespace freshauth::detail
