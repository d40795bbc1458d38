# Shaders in shaders/ are embedded in the library as C strings and validated
# with glslangValidator at build time, so a broken shader fails the build.
file(GLOB VT_SHADER_FILES CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/shaders/*.vert ${PROJECT_SOURCE_DIR}/shaders/*.frag
  ${PROJECT_SOURCE_DIR}/shaders/*.glsl)
set(VT_SHADER_C ${CMAKE_BINARY_DIR}/generated/shaders_embedded.c)
add_custom_command(OUTPUT ${VT_SHADER_C}
  COMMAND ${CMAKE_COMMAND} -DOUT=${VT_SHADER_C} -DSRC_DIR=${PROJECT_SOURCE_DIR}/shaders
          -P ${PROJECT_SOURCE_DIR}/cmake/embed_shaders.cmake
  DEPENDS ${VT_SHADER_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_shaders.cmake
  COMMENT "Embedding shaders")

find_program(GLSLANG_VALIDATOR glslangValidator)
set(VT_SHADER_STAMPS)
if(GLSLANG_VALIDATOR)
  foreach(src ${VT_SHADER_FILES})
    get_filename_component(name ${src} NAME)
    get_filename_component(ext ${src} EXT)
    if(ext STREQUAL ".glsl")
      continue() # included pieces are checked through the stages that include them
    endif()
    set(stamp ${CMAKE_BINARY_DIR}/generated/check/${name}.ok)
    add_custom_command(OUTPUT ${stamp}
      COMMAND ${CMAKE_COMMAND} -DSRC=${src} -DSRC_DIR=${PROJECT_SOURCE_DIR}/shaders
              -DVALIDATOR=${GLSLANG_VALIDATOR} -DSTAMP=${stamp}
              -P ${PROJECT_SOURCE_DIR}/cmake/check_shader.cmake
      DEPENDS ${VT_SHADER_FILES} ${PROJECT_SOURCE_DIR}/cmake/check_shader.cmake
      COMMENT "Validating shader ${name}")
    list(APPEND VT_SHADER_STAMPS ${stamp})
  endforeach()
else()
  message(WARNING "glslangValidator not found (Debian: glslang-tools): shaders are not validated")
endif()
add_custom_target(vt_shaders_check DEPENDS ${VT_SHADER_STAMPS})
