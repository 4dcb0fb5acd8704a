# Build xhvm's freestanding guests and hypercall blobs with the host's gcc and
# binutils.
#
# Everything here is add_custom_command, never add_executable: guests are not
# host programs, so the host project's CMAKE_C_FLAGS (sanitizers, coverage,
# -fPIE) must never reach them.
#
#   xhvm_add_blob(NAME <name> MODE 64|32 SOURCE <file.S>)
#       -> ${CMAKE_BINARY_DIR}/blobs/<name>.bin, target blob-<name> (ALL).
#          The build fails unless the binary is a whole number of 4 KiB pages.
#
#   xhvm_add_guest_library(MODE 64|32 ENTRY <entry.S> SOURCES <files...>)
#       -> the guest library for one mode, compiled once and shared by every
#          guest of that mode (target xhvm-guest-lib<mode>).
#
#   xhvm_add_guest(NAME <name> MODE 64|32 SOURCES <files...>
#                  [DEFINES <VAR=VAL...>] [BLOBS <blobname...>])
#       -> ${CMAKE_BINARY_DIR}/guest/<name>.elf, target guest-<name> (ALL).
#          BLOBS links each named blob in as read-only data between the
#          symbols blob_<name>_start and blob_<name>_end.

include_guard(GLOBAL)

set(XHVM_GUEST_CC "gcc" CACHE STRING
    "C compiler driver for xhvm guests and blobs (gcc-compatible, x86)")
set(XHVM_GUEST_AR "ar" CACHE STRING "Archiver for the xhvm guest library")
set(XHVM_GUEST_OBJCOPY "objcopy" CACHE STRING
    "objcopy that turns blob objects into raw binaries")

# The repository root, found from this file so that the functions work in any
# directory scope and in a project that embeds xhvm.
function(_xhvm_root out)
	get_filename_component(root "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/.."
		ABSOLUTE)
	set(${out} "${root}" PARENT_SCOPE)
endfunction()

function(_xhvm_check_mode who mode)
	if(NOT mode STREQUAL "64" AND NOT mode STREQUAL "32")
		message(FATAL_ERROR "${who}: MODE must be 64 or 32, got '${mode}'")
	endif()
endfunction()

# Flags for one mode, used for .c and .S alike.
function(_xhvm_compile_flags out mode)
	_xhvm_root(root)
	set(flags
		-m${mode}
		-ffreestanding -fno-pic -fno-pie -fno-stack-protector
		-fcf-protection=none -mno-red-zone -mgeneral-regs-only
		-fno-asynchronous-unwind-tables
		-O2 -g -Wall -Wextra -Werror -std=gnu11
		# Guests never need an executable stack; says so for .S files.
		-Wa,--noexecstack
		# The guest library, and its half for the one architecture.
		"-I${root}/include" "-I${root}/guest/lib"
		"-I${root}/guest/lib/x86")
	set(${out} "${flags}" PARENT_SCOPE)
endfunction()

# gcc -m32 makes the driver run `ld -m elf_i386`; -nostdlib means no 32-bit
# libc or libgcc is needed, so this works without multilib.
function(_xhvm_link_flags out mode)
	set(flags
		-m${mode} -nostdlib -static -no-pie
		-Wl,-z,max-page-size=4096 -Wl,-z,noexecstack
		-Wl,--build-id=none)
	set(${out} "${flags}" PARENT_SCOPE)
endfunction()

# _xhvm_compile(<out-var> MODE <m> SOURCE <file> OBJDIR <dir>
#               [DEFINES ...] [DEPENDS ...])
# Adds the command that compiles one source and returns the object path.
function(_xhvm_compile out)
	cmake_parse_arguments(PARSE_ARGV 1 arg "" "MODE;SOURCE;OBJDIR"
		"DEFINES;DEPENDS")
	get_filename_component(src "${arg_SOURCE}" ABSOLUTE
		BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
	get_filename_component(name "${src}" NAME)
	set(obj "${arg_OBJDIR}/${name}.o")
	_xhvm_compile_flags(flags ${arg_MODE})
	list(TRANSFORM arg_DEFINES PREPEND "-D")
	file(MAKE_DIRECTORY "${arg_OBJDIR}")
	file(RELATIVE_PATH shown "${CMAKE_BINARY_DIR}" "${obj}")
	add_custom_command(OUTPUT "${obj}"
		COMMAND ${XHVM_GUEST_CC} ${flags} ${arg_DEFINES}
			-MD -MF "${obj}.d" -c "${src}" -o "${obj}"
		MAIN_DEPENDENCY "${src}"
		DEPENDS ${arg_DEPENDS}
		DEPFILE "${obj}.d"
		COMMENT "Building ${arg_MODE}-bit guest object ${shown}"
		VERBATIM COMMAND_EXPAND_LISTS)
	set(${out} "${obj}" PARENT_SCOPE)
endfunction()

function(xhvm_add_blob)
	cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;MODE;SOURCE" "")
	if(NOT arg_NAME OR NOT arg_SOURCE)
		message(FATAL_ERROR "xhvm_add_blob: NAME and SOURCE are required")
	endif()
	_xhvm_check_mode("xhvm_add_blob(${arg_NAME})" "${arg_MODE}")
	if(TARGET blob-${arg_NAME})
		message(FATAL_ERROR "xhvm_add_blob: blob ${arg_NAME} exists")
	endif()

	_xhvm_compile(obj MODE ${arg_MODE} SOURCE "${arg_SOURCE}"
		OBJDIR "${CMAKE_CURRENT_BINARY_DIR}/obj/blob-${arg_NAME}")

	# Only .text goes into the page: gas may add .note sections of its own.
	# The check script moves the result into place only if its size is
	# right, so a bad blob never looks up to date.
	set(bin "${CMAKE_BINARY_DIR}/blobs/${arg_NAME}.bin")
	set(check "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/XhvmCheckBlob.cmake")
	file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/blobs")
	add_custom_command(OUTPUT "${bin}"
		COMMAND ${XHVM_GUEST_OBJCOPY} -O binary -j .text
			"${obj}" "${bin}.tmp"
		COMMAND ${CMAKE_COMMAND} "-DBLOB=${bin}.tmp" "-DOUTPUT=${bin}"
			-P "${check}"
		DEPENDS "${obj}" "${check}"
		COMMENT "Making hypercall blob blobs/${arg_NAME}.bin"
		VERBATIM)
	add_custom_target(blob-${arg_NAME} ALL DEPENDS "${bin}")
endfunction()

function(xhvm_add_guest_library)
	cmake_parse_arguments(PARSE_ARGV 0 arg "" "MODE;ENTRY" "SOURCES")
	_xhvm_check_mode("xhvm_add_guest_library" "${arg_MODE}")
	if(NOT arg_ENTRY OR NOT arg_SOURCES)
		message(FATAL_ERROR
			"xhvm_add_guest_library: ENTRY and SOURCES are required")
	endif()
	set(lib xhvm-guest-lib${arg_MODE})
	if(TARGET ${lib})
		message(FATAL_ERROR "xhvm_add_guest_library: ${lib} exists")
	endif()

	set(objdir "${CMAKE_CURRENT_BINARY_DIR}/obj${arg_MODE}")
	_xhvm_compile(entry MODE ${arg_MODE} SOURCE "${arg_ENTRY}"
		OBJDIR "${objdir}")
	set(objs "")
	foreach(src IN LISTS arg_SOURCES)
		_xhvm_compile(obj MODE ${arg_MODE} SOURCE "${src}"
			OBJDIR "${objdir}")
		list(APPEND objs "${obj}")
	endforeach()

	# An archive, so each guest links only the parts it uses. The entry
	# object stays outside it: nothing references _start.
	set(archive "${CMAKE_CURRENT_BINARY_DIR}/lib${lib}.a")
	add_custom_command(OUTPUT "${archive}"
		COMMAND ${CMAKE_COMMAND} -E rm -f "${archive}"
		COMMAND ${XHVM_GUEST_AR} rcs "${archive}" ${objs}
		DEPENDS ${objs}
		COMMENT "Archiving the ${arg_MODE}-bit guest library"
		VERBATIM)
	add_custom_target(${lib} DEPENDS "${entry}" "${archive}")
	set_property(GLOBAL PROPERTY XHVM_GUEST_LIB${arg_MODE}_ENTRY "${entry}")
	set_property(GLOBAL PROPERTY XHVM_GUEST_LIB${arg_MODE}_ARCHIVE
		"${archive}")
endfunction()

# Writes an assembler file that pulls each blob in with .incbin.
function(_xhvm_blob_source out guest)
	set(text "/* Generated by XhvmGuest.cmake for guest ${guest}. */\n")
	string(APPEND text "\t.section .rodata.xhvm_blobs, \"a\"\n")
	foreach(blob IN LISTS ARGN)
		string(MAKE_C_IDENTIFIER "${blob}" sym)
		string(APPEND text
			"\t.balign 4096\n"
			"\t.globl blob_${sym}_start, blob_${sym}_end\n"
			"blob_${sym}_start:\n"
			"\t.incbin \"${CMAKE_BINARY_DIR}/blobs/${blob}.bin\"\n"
			"blob_${sym}_end:\n")
	endforeach()
	file(CONFIGURE OUTPUT "${out}" CONTENT "${text}" @ONLY)
endfunction()

function(xhvm_add_guest)
	cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;MODE"
		"SOURCES;DEFINES;BLOBS")
	if(NOT arg_NAME OR NOT arg_SOURCES)
		message(FATAL_ERROR "xhvm_add_guest: NAME and SOURCES are required")
	endif()
	set(who "xhvm_add_guest(${arg_NAME})")
	_xhvm_check_mode("${who}" "${arg_MODE}")
	if(TARGET guest-${arg_NAME})
		message(FATAL_ERROR "${who}: guest ${arg_NAME} exists")
	endif()

	get_property(entry GLOBAL PROPERTY XHVM_GUEST_LIB${arg_MODE}_ENTRY)
	get_property(archive GLOBAL PROPERTY XHVM_GUEST_LIB${arg_MODE}_ARCHIVE)
	if(NOT entry)
		message(FATAL_ERROR "${who}: no ${arg_MODE}-bit guest library; "
			"call xhvm_add_guest_library(MODE ${arg_MODE} ...) first")
	endif()
	set(ldscript "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/guest${arg_MODE}.ld")
	if(NOT EXISTS "${ldscript}")
		message(FATAL_ERROR "${who}: no linker script ${ldscript}")
	endif()

	set(objdir "${CMAKE_CURRENT_BINARY_DIR}/obj/${arg_NAME}")
	set(objs "")
	foreach(src IN LISTS arg_SOURCES)
		_xhvm_compile(obj MODE ${arg_MODE} SOURCE "${src}"
			OBJDIR "${objdir}" DEFINES ${arg_DEFINES})
		list(APPEND objs "${obj}")
	endforeach()

	set(blob_files "")
	set(blob_targets "")
	foreach(blob IN LISTS arg_BLOBS)
		list(APPEND blob_files "${CMAKE_BINARY_DIR}/blobs/${blob}.bin")
		list(APPEND blob_targets blob-${blob})
	endforeach()
	if(arg_BLOBS)
		set(blob_src "${objdir}/blobs.S")
		_xhvm_blob_source("${blob_src}" ${arg_NAME} ${arg_BLOBS})
		# .incbin is invisible to -MD: depend on the blobs by hand.
		_xhvm_compile(obj MODE ${arg_MODE} SOURCE "${blob_src}"
			OBJDIR "${objdir}" DEPENDS ${blob_files})
		list(APPEND objs "${obj}")
	endif()

	set(elf "${CMAKE_BINARY_DIR}/guest/${arg_NAME}.elf")
	_xhvm_link_flags(ldflags ${arg_MODE})
	file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/guest")
	add_custom_command(OUTPUT "${elf}"
		COMMAND ${XHVM_GUEST_CC} ${ldflags} -T "${ldscript}"
			-o "${elf}" "${entry}" ${objs} "${archive}"
		DEPENDS "${entry}" ${objs} "${archive}" "${ldscript}"
		COMMENT "Linking ${arg_MODE}-bit guest guest/${arg_NAME}.elf"
		VERBATIM COMMAND_EXPAND_LISTS)
	add_custom_target(guest-${arg_NAME} ALL DEPENDS "${elf}")
	# Target-level order for the files made in other directories.
	add_dependencies(guest-${arg_NAME} xhvm-guest-lib${arg_MODE}
		${blob_targets})
endfunction()
