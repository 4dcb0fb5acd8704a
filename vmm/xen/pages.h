/*
 * Xen's pages in the guest's memory (part of xen/xen.h, which includes
 * it): the special pages and the PV console ring on one of them
 * (domain.c, console.c), the physical map, RAM the guest gave back and
 * the frames Xen places for it (physmap.c), and the grant table
 * (grant_table.c).
 */
#ifndef XHVM_XEN_PAGES_H
#define XHVM_XEN_PAGES_H

/* ---- Special pages and the PV console (domain.c, console.c) ------------ */

/*
 * Xen's special pages (the console and XenStore rings) sit where QEMU's
 * and Xen's toolstacks put them, in a reserved range below 4 GiB; above
 * RAM when RAM reaches that far.
 */
#define XEN_SPECIAL_GPA	    0xfeff8000ull
#define XEN_SPECIAL_PAGES   4
#define XEN_SPECIAL_CONSOLE 0 /* page index: the console ring */
#define XEN_SPECIAL_STORE   1 /* the XenStore ring */

struct xen_console;
/* The console service on ring `page`: binds its port. NULL on failure. */
struct xen_console *xen_console_create(struct xen_domain *d, void *page);
uint32_t xen_console_port(const struct xen_console *c);
void xen_console_destroy(struct xen_console *c);

/* ---- The physical map and grant tables (physmap.c, grant_table.c) ------- */

/* The memory map's name for a hole page backed for a Xen frame. */
extern const char XEN_FRAME_PAGE[];
/* Gives a RAM page back, as decrease_reservation: 0, or -1 if it cannot. */
int xen_physmap_remove(struct xen_domain *d, uint64_t gfn);
/* Takes a RAM page (back) into use: 0, or -1 if gfn is not the guest's. */
int xen_physmap_populate(struct xen_domain *d, uint64_t gfn);
/* A page of RAM the guest has, for Xen to use (FIFO event channels). */
void *xen_physmap_ram(struct xen_domain *d, uint64_t gfn);
/* Pages of RAM the guest has (current_reservation). */
uint64_t xen_physmap_pages(const struct xen_domain *d);
/* The highest page number anything is at (maximum_gpfn). */
uint64_t xen_physmap_max_gfn(const struct xen_domain *d);
/*
 * The host address of the page a Xen frame (shared_info, grant table)
 * will be at gfn: guest RAM, or a hole below 4 GiB backed now. NULL if
 * gfn is xhvm's, a device's, or out of reach. Under vm->lock.
 */
void *xen_physmap_frame(struct xen_domain *d, uint64_t gfn, const char *what);

/* Grant table frames a guest may have (GNTTABOP_query_size's max). */
#define XEN_GNTTAB_MAX_FRAMES 32
/*
 * XENMAPSPACE_grant_table: frame idx of the grant table at gfn. 0 or a
 * -XEN_E* error, Xen's. Under vm->lock.
 */
struct xen_grant_table {
	unsigned nr_frames;		     /* in use: at least 1 */
	uint64_t gfn[XEN_GNTTAB_MAX_FRAMES]; /* + 1; 0: not mapped */
};
int64_t xen_gnttab_map_frame(struct xen_domain *d, uint64_t idx, uint64_t gfn);
/* Frames in use; where frame idx is (~0: nowhere). Under vm->lock. */
unsigned xen_gnttab_frames(struct xen_domain *d);
uint64_t xen_gnttab_gfn(struct xen_domain *d, unsigned idx);
/* GNTTABOP_setup_table's: at least nr frames, 0; -1 past the maximum. */
int xen_gnttab_grow(struct xen_domain *d, unsigned nr);
void xen_gnttab_free(struct xen_domain *d);

#endif
