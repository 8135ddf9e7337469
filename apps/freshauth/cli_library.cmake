# The session commands (login, token, curl, status, logout, exec) as a library that the freshauth
# binary and the unit tests link. Variants per sanitizer, like the library layers.
freshauth_add_library(cli
  SOURCES
    api_call.cc
    child_command.cc
    command_context.cc
    command_errors.cc
    curl_command.cc
    exec_command.cc
    exit_codes.cc
    login_command.cc
    login_oauth2.cc
    login_password.cc
    logout_command.cc
    password_prompt.cc
    profile_options.cc
    provider_guess.cc
    session_commands.cc
    status_command.cc
    time_format.cc
    token_command.cc
  PUBLIC_DEPS core security http providers flows platform stores credentials CLI11::CLI11 nlohmann_json::nlohmann_json
  INTERNAL)
target_include_directories(freshauth_cli PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
