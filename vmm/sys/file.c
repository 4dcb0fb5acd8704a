/*
 * Files: a whole regular file read at once, within a size limit, and
 * writes that go on through short writes and signals.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys/sys.h"

int read_file(const char *path, size_t max_size, uint8_t **data, size_t *size,
	      struct xhvm_error *err)
{
	struct stat st;
	uint8_t *buf;
	size_t done = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(err, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0) {
		err_set(err, "%s: %s", path, strerror(errno));
		goto fail_close;
	}
	if (S_ISDIR(st.st_mode)) {
		err_set(err, "%s: is a directory", path);
		goto fail_close;
	}
	if (!S_ISREG(st.st_mode)) {
		err_set(err, "%s: not a regular file", path);
		goto fail_close;
	}
	if ((uint64_t)st.st_size > max_size) {
		err_set(err, "%s: %lld bytes, more than the %zu allowed", path,
			(long long)st.st_size, max_size);
		goto fail_close;
	}
	/* One spare byte so an empty file still gets a real buffer. */
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		err_set(err, "%s: out of memory", path);
		goto fail_close;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(err, "%s: %s", path, strerror(errno));
			goto fail_free;
		}
		if (n == 0) {
			err_set(err, "%s: file shrank while being read", path);
			goto fail_free;
		}
		done += (size_t)n;
	}
	close(fd);
	*data = buf;
	*size = done;
	return 0;

fail_free:
	free(buf);
fail_close:
	close(fd);
	return XHVM_EXIT_BAD_INPUT;
}

int write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}
