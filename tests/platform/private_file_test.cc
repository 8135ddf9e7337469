#include "freshauth/platform/private_file.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <iterator>

#include "support/temp_dir.h"

namespace freshauth::platform {
namespace {

using testing::mode_of;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

std::size_t entries_in(const std::filesystem::path& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
}

TEST(PrivateFileTest, WritesAFileOnlyItsOwnerCanReadInAPrivateFolder) {
  TempDir dir;
  const auto path = dir / "nested/folder/secret";
  ASSERT_TRUE(write_file_atomically(path, "one").ok());
  EXPECT_EQ(read_file(path), "one");
  EXPECT_EQ(mode_of(path), 0600);
  EXPECT_EQ(mode_of(dir / "nested/folder"), 0700);
  ASSERT_TRUE(write_file_atomically(path, "two").ok());
  EXPECT_EQ(read_private_file(path)->value(), "two");
  EXPECT_EQ(entries_in(dir / "nested/folder"), 1U);  // no temp file left
}

TEST(PrivateFileTest, AFailedWriteKeepsThePreviousFileAndRemovesTheTemp) {
  TempDir dir;
  const auto path = dir / "secret";
  ASSERT_TRUE(write_file_atomically(path, "previous").ok());
  const FileWriter full_disk = [](int, const void*, std::size_t) -> ssize_t {
    errno = ENOSPC;
    return -1;
  };
  auto written = write_file_atomically(path, "next", full_disk);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code, Errc::storage);
  EXPECT_NE(written.error().message.find("free some space"), std::string::npos);
  EXPECT_EQ(written.error().message.find("next"), std::string::npos);  // never the contents
  EXPECT_EQ(read_file(path), "previous");
  EXPECT_EQ(entries_in(dir.path()), 1U);
}

TEST(PrivateFileTest, RefusesAFileOthersMayRead) {
  TempDir dir;
  const auto path = dir / "secret";
  write_file(path, "exposed", 0644);
  auto read = read_private_file(path);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.error().message.find("chmod 600"), std::string::npos) << read.error().message;
}

TEST(PrivateFileTest, AMissingFileReadsAsNothing) {
  TempDir dir;
  auto read = read_private_file(dir / "absent/secret");
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_FALSE(read->has_value());
}

TEST(PrivateFileTest, CreatesAnEmptyPrivateFileAndKeepsAnExistingOnesContents) {
  TempDir dir;
  const auto path = dir / "db/file";
  ASSERT_TRUE(create_private_file(path).ok());
  EXPECT_EQ(mode_of(path), 0600);
  EXPECT_EQ(read_file(path), "");
  write_file(path, "rows", 0644);
  ASSERT_TRUE(create_private_file(path).ok());
  EXPECT_EQ(mode_of(path), 0600);
  EXPECT_EQ(read_file(path), "rows");
}

TEST(PrivateFileTest, RemovingAnAbsentFileIsFine) {
  TempDir dir;
  const auto path = dir / "secret";
  EXPECT_TRUE(remove_file(path).ok());
  ASSERT_TRUE(write_file_atomically(path, "x").ok());
  EXPECT_TRUE(remove_file(path).ok());
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(PrivateFileTest, AFileWhereTheFolderShouldBeIsExplained) {
  TempDir dir;
  write_file(dir / "taken", "not a folder");
  auto made = ensure_private_directory(dir / "taken");
  ASSERT_FALSE(made.ok());
  EXPECT_NE(made.error().message.find("is not a folder"), std::string::npos);
}

}  // namespace
}  // namespace freshauth::platform
