/*
 * A spinlock for guests on several vCPUs. There is no scheduler to yield
 * to: waiters spin with cpu_relax() (PAUSE on x86).
 */
#ifndef GUEST_SPINLOCK_H
#define GUEST_SPINLOCK_H

#include "processor.h"

struct spinlock {
	int locked;
};

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_relax();
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif /* GUEST_SPINLOCK_H */
