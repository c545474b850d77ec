// SPDX-License-Identifier: GPL-2.0
/*
 * A deliberately broken module for the harness's own test: it loads with a
 * WARN_ON, and the harness must report the run as failed.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init warn_init(void)
{
	WARN_ON(1);
	return 0;
}

static void __exit warn_exit(void)
{
}

module_init(warn_init);
module_exit(warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("fgprof harness self-test: warns on load");
