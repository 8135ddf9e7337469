#pragma once

#include <string>

#include "freshauth/http/http_headers.h"

namespace freshauth {

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;

  bool is_success() const { return status >= 200 && status < 300; }
};

}  // namespace freshauth
