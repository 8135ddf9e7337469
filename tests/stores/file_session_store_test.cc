#include "freshauth/stores/file_session_store.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include "freshauth/platform/process.h"
#include "stores/sample_sessions.h"
#include "support/temp_dir.h"

namespace freshauth {
namespace {

using testing::mode_of;
using testing::read_file;
using testing::same_session;
using testing::sample_session;
using testing::TempDir;
using testing::write_file;

TEST(FileSessionStoreTest, MissingFileMeansNoSession) {
  TempDir dir;
  FileSessionStore store(dir / "none/session.json");
  auto loaded = store.load();
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  EXPECT_FALSE(loaded->has_value());
}

TEST(FileSessionStoreTest, RoundTripsEveryField) {
  TempDir dir;
  FileSessionStore store(dir / "session.json");
  for (int n : {1, 2}) {
    ASSERT_TRUE(store.save(sample_session(n)).ok());
    auto loaded = store.load();
    ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
    ASSERT_TRUE(loaded->has_value());
    EXPECT_TRUE(same_session(**loaded, sample_session(n)));
  }
}

TEST(FileSessionStoreTest, StoresVersionAndEpochMilliseconds) {
  TempDir dir;
  FileSessionStore store(dir / "session.json");
  ASSERT_TRUE(store.save(sample_session(1)).ok());
  const std::string text = read_file(dir / "session.json");
  EXPECT_NE(text.find("\"version\": 1"), std::string::npos) << text;
  EXPECT_NE(text.find("\"obtained_at_ms\": 1700000000124"), std::string::npos) << text;
}

TEST(FileSessionStoreTest, CreatesFileWithMode0600AndMissingFoldersWith0700) {
  TempDir dir;
  const auto path = dir / "a/b/session.json";
  FileSessionStore store(path);
  ASSERT_TRUE(store.save(sample_session()).ok());
  EXPECT_EQ(mode_of(path), 0600U);
  EXPECT_EQ(mode_of(dir / "a/b"), 0700U);
  EXPECT_EQ(mode_of(dir / "a") & 0077U, 0U);
}

TEST(FileSessionStoreTest, RefusesAFileOthersCanReadAndSaysHowToFixIt) {
  TempDir dir;
  const auto path = dir / "session.json";
  FileSessionStore store(path);
  ASSERT_TRUE(store.save(sample_session()).ok());
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  auto loaded = store.load();
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, Errc::storage);
  EXPECT_NE(loaded.error().message.find("chmod 600 " + path.string()), std::string::npos)
      << loaded.error().message;
  EXPECT_NE(loaded.error().message.find("0644"), std::string::npos);
}

TEST(FileSessionStoreTest, RefusesAFileSomeoneElseOwns) {
  TempDir dir;
  const auto path = dir / "session.json";
  FileSessionStore store(path);
  ASSERT_TRUE(store.save(sample_session()).ok());
  constexpr uid_t kNobody = 65534;
  if (::chown(path.c_str(), kNobody, kNobody) != 0) {
    GTEST_SKIP() << "giving a file away needs root (CAP_CHOWN)";
  }
  auto loaded = store.load();
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, Errc::storage);
  EXPECT_NE(loaded.error().message.find("belongs to uid 65534"), std::string::npos)
      << loaded.error().message;
  EXPECT_EQ(loaded.error().message.find(sample_session().refresh_token), std::string::npos);
}

TEST(FileSessionStoreTest, FolderInTheWayIsAClearError) {
  TempDir dir;
  write_file(dir / "file", "x");
  FileSessionStore store(dir / "file/session.json");
  auto saved = store.save(sample_session());
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().code, Errc::storage);
  EXPECT_NE(saved.error().message.find("not a folder"), std::string::npos) << saved.error().message;
}

class CorruptFileTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CorruptFileTest, IsAStorageErrorAndTheFileIsLeftAlone) {
  TempDir dir;
  const auto path = dir / "session.json";
  write_file(path, GetParam());
  FileSessionStore store(path);
  auto loaded = store.load();
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, Errc::storage);
  EXPECT_NE(loaded.error().message.find(path.string()), std::string::npos);
  EXPECT_NE(loaded.error().message.find("sign in again"), std::string::npos);
  EXPECT_EQ(loaded.error().message.find("refresh-secret"), std::string::npos);
  EXPECT_EQ(read_file(path), GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Files, CorruptFileTest,
    ::testing::Values(
        std::string{R"({"version":1,"refresh_token":"refresh-secret-1","access_tok)"},  // torn
        std::string{""}, std::string{"not json at all refresh-secret-1"}, std::string{"[1,2]"},
        std::string{R"({"refresh_token":"refresh-secret-1"})"},  // no version
        std::string{R"({"version":99,"refresh_token":"refresh-secret-1"})"},
        std::string{R"({"version":1,"generation":"2","partner_id":"p","obtained_at_ms":1,)"
                    R"("expires_at_ms":2,"access_token":"a","id_token":"i","refresh_token":)"
                    R"("refresh-secret-1"})"},  // wrong type
        std::string{R"({"version":1,"generation":2,"partner_id":"p","obtained_at_ms":1.5,)"
                    R"("expires_at_ms":2,"access_token":"a","id_token":"i"})"}));

TEST(FileSessionStoreTest, FailedWriteKeepsThePreviousSessionAndLeavesNoTempFile) {
  TempDir dir;
  const auto path = dir / "session.json";
  ASSERT_TRUE(FileSessionStore(path).save(sample_session(1)).ok());
  const std::string before = read_file(path);

  // The disk fills up after the first 10 bytes.
  FileSessionStore full_disk(path, [](int fd, const void* data, std::size_t size) -> ssize_t {
    if (::lseek(fd, 0, SEEK_CUR) >= 10) return errno = ENOSPC, -1;
    return ::write(fd, data, std::min<std::size_t>(size, 10));
  });
  auto saved = full_disk.save(sample_session(2));
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().code, Errc::storage);
  EXPECT_NE(saved.error().message.find("free some space"), std::string::npos)
      << saved.error().message;
  EXPECT_NE(saved.error().message.find(path.string()), std::string::npos);
  EXPECT_EQ(saved.error().message.find("refresh-secret"), std::string::npos);
  EXPECT_EQ(read_file(path), before);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

// Runs `body` in a child process; returns its exit status (0 = all expectations held).
// A fork, not a spawn: the child runs this test's own code.
template <class Body>
int in_child(Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  platform::Process child = platform::Process::adopt(pid);
  if (const auto status = child.wait(platform::deadline_in(std::chrono::seconds{60}))) {
    return status->shell_code();
  }
  ADD_FAILURE() << "the child still ran after a minute: killed";
  return child.kill().shell_code();
}

TEST(FileSessionStoreTest, RealFileSizeLimitFailsTheWriteAndKeepsThePreviousSession) {
  TempDir dir;
  const auto path = dir / "session.json";
  ASSERT_TRUE(FileSessionStore(path).save(sample_session(1)).ok());
  const std::string before = read_file(path);
  const int status = in_child([&] {
    std::signal(SIGXFSZ, SIG_IGN);  // the kernel then fails the write with EFBIG
    const rlimit limit{64, 64};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    auto saved = FileSessionStore(path).save(sample_session(2));
    if (saved.ok()) return 1;
    return saved.error().message.find("ulimit") == std::string::npos ? 2 : 0;
  });
  EXPECT_EQ(status, 0);
  EXPECT_EQ(read_file(path), before);
}

TEST(FileSessionStoreTest, ReadOnlyFolderFailsTheSaveAndKeepsThePreviousSession) {
  TempDir dir;
  const auto folder = dir / "ro";
  const auto path = folder / "session.json";
  ASSERT_TRUE(FileSessionStore(path).save(sample_session(1)).ok());
  const std::string before = read_file(path);
  // Root ignores folder permissions, so the save runs as an unprivileged user when we are root.
  constexpr uid_t kNobody = 65534;
  if (::geteuid() == 0) {
    ASSERT_EQ(::chown(dir.path().c_str(), kNobody, kNobody), 0);
    ASSERT_EQ(::chown(folder.c_str(), kNobody, kNobody), 0);
    ASSERT_EQ(::chown(path.c_str(), kNobody, kNobody), 0);
  }
  ASSERT_EQ(::chmod(folder.c_str(), 0500), 0);
  const int status = in_child([&] {
    if (::geteuid() == 0 && (::setgid(kNobody) != 0 || ::setuid(kNobody) != 0)) return 3;
    FileSessionStore store(path);
    auto saved = store.save(sample_session(2));
    if (saved.ok()) return 1;
    if (saved.error().message.find("writable") == std::string::npos) return 2;
    auto loaded = store.load();
    return loaded.ok() && *loaded && same_session(**loaded, sample_session(1)) ? 0 : 4;
  });
  ::chmod(folder.c_str(), 0700);  // let TempDir clean up
  EXPECT_EQ(status, 0);
  EXPECT_EQ(read_file(path), before);
}

TEST(FileSessionStoreTest, ClearRemovesTheFileAndIsIdempotent) {
  TempDir dir;
  FileSessionStore store(dir / "session.json");
  ASSERT_TRUE(store.save(sample_session()).ok());
  ASSERT_TRUE(store.clear().ok());
  ASSERT_TRUE(store.clear().ok());
  auto loaded = store.load();
  ASSERT_TRUE(loaded.ok());
  EXPECT_FALSE(loaded->has_value());
}

}  // namespace
}  // namespace freshauth
