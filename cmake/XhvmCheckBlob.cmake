# cmake -DBLOB=<file.tmp> -DOUTPUT=<file.bin> -P XhvmCheckBlob.cmake
#
# A hypercall blob is copied to the guest a whole page at a time, so it must
# be a non-empty whole number of 4 KiB pages. Renames BLOB to OUTPUT if so;
# otherwise deletes it and fails the build.

set(page_size 4096)

if(NOT DEFINED BLOB OR NOT DEFINED OUTPUT)
	message(FATAL_ERROR "usage: cmake -DBLOB=... -DOUTPUT=... -P ${CMAKE_SCRIPT_MODE_FILE}")
endif()

file(SIZE "${BLOB}" size)
math(EXPR rest "${size} % ${page_size}")
if(size EQUAL 0 OR NOT rest EQUAL 0)
	file(REMOVE "${BLOB}" "${OUTPUT}")
	message(FATAL_ERROR "${OUTPUT}: ${size} bytes is not a whole number "
		"of ${page_size}-byte pages")
endif()
file(RENAME "${BLOB}" "${OUTPUT}")
