/*
 * Error numbers, from Xen's public/errno.h. Hypercalls return them negated.
 * Named XEN_E* (as Xen's own enum does) so they never collide with the
 * host's <errno.h>: most match Linux's, but a guest sees Xen's.
 */
#ifndef XHVM_XEN_ERRNO_H
#define XHVM_XEN_ERRNO_H

#define XEN_EPERM	  1
#define XEN_ENOENT	  2
#define XEN_ESRCH	  3
#define XEN_EINTR	  4 /* Xen-internal: never reaches a guest */
#define XEN_EIO		  5
#define XEN_ENXIO	  6
#define XEN_E2BIG	  7
#define XEN_ENOEXEC	  8
#define XEN_EBADF	  9
#define XEN_ECHILD	  10
#define XEN_EAGAIN	  11
#define XEN_EWOULDBLOCK	  11 /* the same number as EAGAIN */
#define XEN_ENOMEM	  12
#define XEN_EACCES	  13
#define XEN_EFAULT	  14
#define XEN_EBUSY	  16
#define XEN_EEXIST	  17
#define XEN_EXDEV	  18
#define XEN_ENODEV	  19
#define XEN_ENOTDIR	  20
#define XEN_EISDIR	  21
#define XEN_EINVAL	  22
#define XEN_ENFILE	  23
#define XEN_EMFILE	  24
#define XEN_ENOSPC	  28
#define XEN_EROFS	  30
#define XEN_EMLINK	  31
#define XEN_EDOM	  33
#define XEN_ERANGE	  34
#define XEN_EDEADLK	  35
#define XEN_EDEADLOCK	  35 /* the same number as EDEADLK */
#define XEN_ENAMETOOLONG  36
#define XEN_ENOLCK	  37
#define XEN_ENOSYS	  38
#define XEN_ENOTEMPTY	  39
#define XEN_ENODATA	  61
#define XEN_ETIME	  62
#define XEN_EBADMSG	  74
#define XEN_EOVERFLOW	  75
#define XEN_EILSEQ	  84
#define XEN_ENOTSOCK	  88
#define XEN_EMSGSIZE	  90
#define XEN_EOPNOTSUPP	  95
#define XEN_EADDRINUSE	  98
#define XEN_EADDRNOTAVAIL 99
#define XEN_ENOBUFS	  105
#define XEN_EISCONN	  106
#define XEN_ENOTCONN	  107
#define XEN_ETIMEDOUT	  110
#define XEN_ECONNREFUSED  111

#endif /* XHVM_XEN_ERRNO_H */
