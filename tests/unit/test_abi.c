// SPDX-License-Identifier: GPL-2.0
/*
 * The device ABI's layout: what a script in another language or a 32-bit
 * caller relies on. A change here must bump FGPROF_ABI_VERSION.
 */
#include <stddef.h>
#include <sys/ioctl.h>

#include "fgprof.h"
#include "unit.h"

static void version_struct_has_no_hidden_padding(void)
{
	struct fgprof_version v;
	size_t members = sizeof(v.abi_version) + sizeof(v.state) +
			 sizeof(v.nr_cpus) + sizeof(v.open_count) +
			 sizeof(v.release) + sizeof(v.kernel);

	CHECK(sizeof(v) == members);
	CHECK(sizeof(v) == 112);
	CHECK(offsetof(struct fgprof_version, release) == 16);
	CHECK(offsetof(struct fgprof_version, kernel) == 48);
}

static void version_ioctl_encodes_magic_size_and_direction(void)
{
	CHECK(_IOC_TYPE(FGPROF_IOC_VERSION) == FGPROF_IOC_MAGIC);
	CHECK(_IOC_SIZE(FGPROF_IOC_VERSION) == sizeof(struct fgprof_version));
	CHECK(_IOC_DIR(FGPROF_IOC_VERSION) == _IOC_READ);
	CHECK(_IOC_NR(FGPROF_IOC_VERSION) == 0);
}

static void every_state_has_a_name(void)
{
	static const char *const names[FGPROF_STATE_NR] = FGPROF_STATE_NAMES;
	int i;

	for (i = 0; i < FGPROF_STATE_NR; i++)
		CHECK(names[i] && names[i][0]);
	CHECK_STR(names[FGPROF_STATE_IDLE], "idle");
	CHECK_STR(names[FGPROF_STATE_RUNNING], "running");
}

static void uprobe_struct_is_packed_and_its_ioctl_is_0x07(void)
{
	struct fgprof_uprobe u;

	CHECK(sizeof(u) == sizeof(u.fd) + sizeof(u.size_arg) +
	      sizeof(u.offset) + sizeof(u.flags) + sizeof(u.pad));
	CHECK(sizeof(u) == 24);
	CHECK(offsetof(struct fgprof_uprobe, offset) == 8);
	CHECK(offsetof(struct fgprof_uprobe, flags) == 16);
	CHECK(_IOC_TYPE(FGPROF_IOC_UPROBE) == FGPROF_IOC_MAGIC);
	CHECK(_IOC_NR(FGPROF_IOC_UPROBE) == 7);
	CHECK(_IOC_DIR(FGPROF_IOC_UPROBE) == _IOC_WRITE);
	CHECK(_IOC_SIZE(FGPROF_IOC_UPROBE) == sizeof(u));
	CHECK(FGPROF_CF_ALLOC == 1u << 13 && (FGPROF_CF_ALL & FGPROF_CF_ALLOC));
	CHECK(FGPROF_KIND_ALLOC == 2);
}

/* FGPROF_TABLE_MAPS records and the config fields that ask for them. */
static void map_record_and_maps_config_layout(void)
{
	CHECK(sizeof(struct fgprof_map_rec) == 72);
	CHECK(offsetof(struct fgprof_map_rec, len) == 4);
	CHECK(offsetof(struct fgprof_map_rec, start) == 8);
	CHECK(offsetof(struct fgprof_map_rec, inode) == 32);
	CHECK(offsetof(struct fgprof_map_rec, dev_major) == 40);
	CHECK(offsetof(struct fgprof_map_rec, size) == 48);
	CHECK(offsetof(struct fgprof_map_rec, mtime_sec) == 56);
	CHECK(offsetof(struct fgprof_map_rec, mtime_nsec) == 64);
	CHECK(offsetof(struct fgprof_map_rec, path) == 72);
	CHECK(FGPROF_TABLE_MAPS == 3);
	CHECK(FGPROF_CF_MAPS == 1u << 12 && (FGPROF_CF_ALL & FGPROF_CF_MAPS));
	CHECK(offsetof(struct fgprof_config, maps_kb) + 8 ==
	      sizeof(struct fgprof_config));
	CHECK(sizeof(struct fgprof_config) % 8 == 0);
	CHECK(sizeof(struct fgprof_stats) % 8 == 0);
}

/* Unwind tables (issue #10): rows, the two ioctls and their structs. */
static void cfi_structs_and_ioctls_0x08_0x09(void)
{
	CHECK(sizeof(struct fgprof_cfi_row) == 8);
	CHECK(offsetof(struct fgprof_cfi_row, cfa_off) == 4);
	CHECK(offsetof(struct fgprof_cfi_row, kind) == 6);
	CHECK(offsetof(struct fgprof_cfi_row, rbp_off) == 7);
	CHECK(sizeof(struct fgprof_cfi_load) == 24);
	CHECK(offsetof(struct fgprof_cfi_load, key) == 8);
	CHECK(offsetof(struct fgprof_cfi_load, id) == 20);
	CHECK(sizeof(struct fgprof_cfi_mapping) == 32);
	CHECK(offsetof(struct fgprof_cfi_mapping, id) == 24);
	CHECK(sizeof(struct fgprof_cfi_map) == 16);
	CHECK(offsetof(struct fgprof_cfi_map, nr) == 12);
	CHECK(_IOC_NR(FGPROF_IOC_CFI_LOAD) == 8);
	CHECK(_IOC_DIR(FGPROF_IOC_CFI_LOAD) == (_IOC_READ | _IOC_WRITE));
	CHECK(_IOC_SIZE(FGPROF_IOC_CFI_LOAD) == sizeof(struct fgprof_cfi_load));
	CHECK(_IOC_NR(FGPROF_IOC_CFI_MAP) == 9);
	CHECK(_IOC_DIR(FGPROF_IOC_CFI_MAP) == _IOC_WRITE);
	CHECK(_IOC_SIZE(FGPROF_IOC_CFI_MAP) == sizeof(struct fgprof_cfi_map));
	CHECK(FGPROF_CF_USER_CFI == 1u << 14 &&
	      (FGPROF_CF_ALL & FGPROF_CF_USER_CFI));
	CHECK(offsetof(struct fgprof_config, cfi_mb) + 4 ==
	      sizeof(struct fgprof_config));
}

int main(void)
{
	RUN(version_struct_has_no_hidden_padding);
	RUN(version_ioctl_encodes_magic_size_and_direction);
	RUN(every_state_has_a_name);
	RUN(uprobe_struct_is_packed_and_its_ioctl_is_0x07);
	RUN(map_record_and_maps_config_layout);
	RUN(cfi_structs_and_ioctls_0x08_0x09);
	return UNIT_EXIT();
}
