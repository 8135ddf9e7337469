#pragma once

#include <filesystem>
#include <memory>

#include "freshauth/core/error.h"
#include "freshauth/sqlite/database.h"

namespace freshauth::idp {

// The idp's SQLite file with its schema created (and older files migrated) on open. One
// connection shared by the threads of the server; statements run under its mutex().
Result<std::shared_ptr<sqlite::Database>> open_idp_database(const std::filesystem::path& path);

}  // namespace freshauth::idp
