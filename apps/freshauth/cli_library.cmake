# The session commands (login, token, curl, status, logout, exec) as a library that the freshauth
# binary and the unit tests link. Variants per sanitizer, like the library layers.
freshauth_add_library(cli
  SOURCES
    api_call.cc
    child_command.cc
    cli_paths.cc
    cli_session.cc
    command_context.cc
    command_errors.cc
    config_file.cc
    curl_command.cc
    environment.cc
    exec_command.cc
    exit_codes.cc
    login_command.cc
    login_oauth2.cc
    login_password.cc
    login_record.cc
    logout_command.cc
    password_prompt.cc
    profile.cc
    profile_name.cc
    profile_options.cc
    profile_settings.cc
    provider_guess.cc
    secret_store_factory.cc
    session_commands.cc
    session_provider.cc
    session_stores.cc
    state_dir.cc
    status_command.cc
    time_format.cc
    token_command.cc
  PUBLIC_DEPS core security http providers flows stores CLI11::CLI11 nlohmann_json::nlohmann_json)
foreach(suffix "" _tsan _asan)
  if(TARGET freshauth_cli${suffix})
    target_include_directories(freshauth_cli${suffix} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
endforeach()
