/*
 * The few C library string functions a freestanding guest needs; gcc may
 * emit calls to memset, memcpy and memcmp for plain C too.
 */
#ifndef GUEST_STRING_H
#define GUEST_STRING_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif /* GUEST_STRING_H */
