#include "credentials/state_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/temp_dir.h"

namespace freshauth::testing {
namespace {

// Folders must come out 0700 whatever the umask.
class UmaskGuard {
 public:
  explicit UmaskGuard(mode_t mask) : saved_(::umask(mask)) {}
  ~UmaskGuard() { ::umask(saved_); }

 private:
  mode_t saved_;
};

TEST(StateDirTest, CreatesTheRootAndTheProfileFolderPrivate) {
  TempDir dir;
  const UmaskGuard permissive{0};
  const auto root = dir / "state/freshauth";
  ASSERT_TRUE(prepare_state_dirs(root, root / "work", /*create=*/true).ok());
  EXPECT_EQ(mode_of(dir / "state"), 0700u);
  EXPECT_EQ(mode_of(root), 0700u);
  EXPECT_EQ(mode_of(root / "work"), 0700u);
}

TEST(StateDirTest, WithoutCreateNothingIsWritten) {
  TempDir dir;
  const auto root = dir / "state";
  ASSERT_TRUE(prepare_state_dirs(root, root / "work", /*create=*/false).ok());
  EXPECT_FALSE(std::filesystem::exists(root));
}

TEST(StateDirTest, RefusesAFolderOthersMayEnterAndSaysHowToFixIt) {
  TempDir dir;
  const auto root = dir / "state";
  std::filesystem::create_directory(root);
  ::chmod(root.c_str(), 0755);
  for (const bool create : {true, false}) {
    auto prepared = prepare_state_dirs(root, root / "p", create);
    ASSERT_FALSE(prepared.ok());
    EXPECT_EQ(prepared.error().code, Errc::storage);
    EXPECT_NE(prepared.error().message.find("chmod 700 " + root.string()), std::string::npos)
        << prepared.error().message;
  }
  ::chmod(root.c_str(), 0700);
  std::filesystem::create_directory(root / "p");
  ::chmod((root / "p").c_str(), 0750);
  EXPECT_FALSE(prepare_state_dirs(root, root / "p", false).ok());
}

TEST(StateDirTest, AFileWhereTheFolderShouldBeIsAnError) {
  TempDir dir;
  write_file(dir / "state", "not a folder");
  EXPECT_FALSE(prepare_state_dirs(dir / "state", dir / "state/p", true).ok());
}
}  // namespace
}  // namespace freshauth::testing
