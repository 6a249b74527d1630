# SPDX-License-Identifier: Apache-2.0
# The public surface is fenced: every header under sdk/include/provkit
# compiles on its own (C99, -Wpedantic -Werror), includes no internal header and
# not <jsmn.h>, and declares none of the machinery that lives in sdk/src:
# parsers, validation, outcome mutators, the exchange. Run with
#   cmake -DCC=... -DSRC=<repo> -DOUT=<dir> -P public_headers.cmake
file(GLOB headers ${SRC}/sdk/include/provkit/*.h)
file(GLOB internal RELATIVE ${SRC}/sdk/src ${SRC}/sdk/src/*.h)
set(forbidden
  provkit_outcome_clear provkit_outcome_message provkit_outcome_truncated
  provkit_outcome_verdict provkit_outcome_no_verdict provkit_outcome_not_answer
  provkit_outcome_untrusted provkit_validate provkit_check_encoding provkit_measure
  provkit_body_kind provkit_skip_bom provkit_parse_i64 provkit_parse_integral
  provkit_provider_begin provkit_provider_end provkit_provider_create provkit_client_exchange
  provkit_json_parse provkit_json_find provkit_xml_next provkit_xmlrpc_read_response
  provkit_http_response_feed provkit_http_write_request_head provkit_utf8_prefix
  provkit_answer_decode)
file(MAKE_DIRECTORY ${OUT})
set(failed "")
foreach(h ${headers})
  get_filename_component(name ${h} NAME)
  file(READ ${h} text)
  if(text MATCHES "#include[ \t]*<jsmn\\.h>")
    list(APPEND failed "${name} includes <jsmn.h>")
  endif()
  foreach(i ${internal})
    if(text MATCHES "#include[ \t]*\"${i}\"")
      list(APPEND failed "${name} includes the internal ${i}")
    endif()
  endforeach()
  foreach(f ${forbidden})
    if(text MATCHES "[^a-z_]${f}[ \t]*\\(")
      list(APPEND failed "${name} declares ${f}")
    endif()
  endforeach()
  file(WRITE ${OUT}/${name}.c "#include \"provkit/${name}\"\nint provkit_header_alone;\n")
  execute_process(COMMAND ${CC} -std=c99 -Wall -Wextra -Wpedantic -Werror -fsyntax-only
                          -I${SRC}/sdk/include ${OUT}/${name}.c
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    list(APPEND failed "${name} does not compile on its own: ${err}")
  endif()
endforeach()
list(LENGTH headers n)
if(failed)
  string(REPLACE ";" "\n  " msg "${failed}")
  message(FATAL_ERROR "public headers:\n  ${msg}")
endif()
message(STATUS "${n} public headers: each compiles alone, none declares internal machinery")
