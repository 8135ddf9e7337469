#include "freshauth/http/auth_headers.h"

namespace freshauth {

AuthHeaders AuthHeaders::from(const SessionSnapshot& session) {
  return {"Bearer " + session.access_token(), session.partner_id(), session.generation()};
}

void AuthHeaders::apply_to(HttpHeaders& headers) const {
  headers.set(std::string{kAuthorizationHeader}, authorization);
  if (partner_id.empty()) {
    headers.remove(kPartnerIdHeader);
  } else {
    headers.set(std::string{kPartnerIdHeader}, partner_id);
  }
}

HttpHeaders AuthHeaders::as_headers() const {
  HttpHeaders headers;
  apply_to(headers);
  return headers;
}

}  // namespace freshauth
