// SPDX-License-Identifier: GPL-2.0
/*
 * fgprof.ko: module init/exit, parameters, the /dev/fgprof misc device and
 * its ioctls. This file validates and dispatches; the work is elsewhere.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

#include "compat.h"
#include "fgprof.h"
#include "session.h"
#include "textview.h"

static ushort mode = 0600;
module_param(mode, ushort, 0444);
MODULE_PARM_DESC(mode, "permission bits of /dev/fgprof (default 0600, root only)");

static int fgprof_open(struct inode *inode, struct file *file)
{
	int err = fg_textview_open(file);

	if (err)
		return err;
	fgprof_session_opened();
	return nonseekable_open(inode, file);
}

static int fgprof_release(struct inode *inode, struct file *file)
{
	fgprof_session_release(file);
	return fg_textview_release(file);
}

static long fgprof_ioc_version(void __user *uarg)
{
	struct fgprof_version v;

	/* Zero first: strscpy leaves the tail of each string undefined. */
	memset(&v, 0, sizeof(v));
	v.abi_version = FGPROF_ABI_VERSION;
	v.state = fgprof_session_state();
	v.nr_cpus = nr_cpu_ids;
	v.open_count = fgprof_session_open_count();
	strscpy(v.release, FGPROF_RELEASE, sizeof(v.release));
	strscpy(v.kernel, utsname()->release, sizeof(v.kernel));

	return copy_to_user(uarg, &v, sizeof(v)) ? -EFAULT : 0;
}

static long fgprof_ioc_configure(struct file *file, void __user *uarg)
{
	struct fgprof_config cfg;

	if (copy_from_user(&cfg, uarg, sizeof(cfg)))
		return -EFAULT;
	return fgprof_session_configure(file, &cfg);
}

static long fgprof_ioc_stats(void __user *uarg)
{
	struct fgprof_stats st;

	fgprof_session_stats(&st);	/* zeroes every byte first */
	return copy_to_user(uarg, &st, sizeof(st)) ? -EFAULT : 0;
}

static long fgprof_ioc_read(struct file *file, void __user *uarg)
{
	struct fgprof_read r;
	long err;

	if (copy_from_user(&r, uarg, sizeof(r)))
		return -EFAULT;
	err = fgprof_session_read(file, &r);
	if (err)
		return err;
	return copy_to_user(uarg, &r, sizeof(r)) ? -EFAULT : 0;
}

static long fgprof_ioc_uprobe(struct file *file, void __user *uarg)
{
	struct fgprof_uprobe up;

	if (copy_from_user(&up, uarg, sizeof(up)))
		return -EFAULT;
	return fgprof_session_uprobe(file, &up);
}

static long fgprof_ioc_cfi_load(struct file *file, void __user *uarg)
{
	struct fgprof_cfi_load ld;
	long err;

	if (copy_from_user(&ld, uarg, sizeof(ld)))
		return -EFAULT;
	err = fgprof_session_cfi_load(file, &ld);
	if (err)
		return err;
	return copy_to_user(uarg, &ld, sizeof(ld)) ? -EFAULT : 0;
}

static long fgprof_ioc_cfi_map(struct file *file, void __user *uarg)
{
	struct fgprof_cfi_map m;

	if (copy_from_user(&m, uarg, sizeof(m)))
		return -EFAULT;
	return fgprof_session_cfi_map(file, &m);
}

static long fgprof_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case FGPROF_IOC_VERSION:
		return fgprof_ioc_version(uarg);
	case FGPROF_IOC_CONFIGURE:
		return fgprof_ioc_configure(file, uarg);
	case FGPROF_IOC_START:
		return fgprof_session_start(file);
	case FGPROF_IOC_STOP:
		return fgprof_session_stop(file);
	case FGPROF_IOC_RESET:
		return fgprof_session_reset(file);
	case FGPROF_IOC_STATS:
		return fgprof_ioc_stats(uarg);
	case FGPROF_IOC_READ:
		return fgprof_ioc_read(file, uarg);
	case FGPROF_IOC_UPROBE:
		return fgprof_ioc_uprobe(file, uarg);
	case FGPROF_IOC_CFI_LOAD:
		return fgprof_ioc_cfi_load(file, uarg);
	case FGPROF_IOC_CFI_MAP:
		return fgprof_ioc_cfi_map(file, uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations fgprof_fops = {
	.owner = THIS_MODULE,
	.open = fgprof_open,
	.release = fgprof_release,
	.read = seq_read,
	.poll = fgprof_session_poll,
	.unlocked_ioctl = fgprof_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice fgprof_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = FGPROF_DEVICE_NAME,
	.fops = &fgprof_fops,
};

static int __init fgprof_init(void)
{
	int err;

	if (mode & ~0666) {
		pr_err("mode=%#o: only read/write bits are allowed\n", mode);
		return -EINVAL;
	}
	err = fgprof_session_init();
	if (err)
		return err;

	fgprof_misc.mode = mode;
	err = misc_register(&fgprof_misc);
	if (err) {
		fgprof_session_exit();
		return err;
	}
	pr_info("loaded, abi %u, /dev/%s mode %#o\n", FGPROF_ABI_VERSION,
		FGPROF_DEVICE_NAME, mode);
	return 0;
}

static void __exit fgprof_exit(void)
{
	/* No file can be open here: each open file pins the module. */
	misc_deregister(&fgprof_misc);
	fgprof_session_exit();
	pr_info("unloaded\n");
}

module_init(fgprof_init);
module_exit(fgprof_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("fgprof developers");
MODULE_DESCRIPTION("fgprof: in-kernel sampling profiler (on-CPU and off-CPU)");
MODULE_VERSION(FGPROF_RELEASE);
