// SPDX-License-Identifier: GPL-2.0
/*
 * One profiling session: its state and the file descriptions that hold the
 * device open. Sampling, tables and the configuration owner arrive with the
 * sampling core; the state machine is here so that every caller already
 * reads the state the same way.
 */
#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/mutex.h>

#include "fgprof.h"
#include "session.h"

static DEFINE_MUTEX(session_lock);
static u32 session_state = FGPROF_STATE_IDLE;
static atomic_t open_count = ATOMIC_INIT(0);

static const char *const state_names[FGPROF_STATE_NR] = FGPROF_STATE_NAMES;

u32 fgprof_session_state(void)
{
	return READ_ONCE(session_state);
}

const char *fgprof_state_name(u32 state)
{
	return state < FGPROF_STATE_NR ? state_names[state] : "invalid";
}

void fgprof_session_opened(void)
{
	atomic_inc(&open_count);
}

void fgprof_session_closed(void)
{
	atomic_dec(&open_count);
}

u32 fgprof_session_open_count(void)
{
	return atomic_read(&open_count);
}

int fgprof_session_init(void)
{
	mutex_lock(&session_lock);
	WRITE_ONCE(session_state, FGPROF_STATE_IDLE);
	mutex_unlock(&session_lock);
	return 0;
}

void fgprof_session_exit(void)
{
	mutex_lock(&session_lock);
	WRITE_ONCE(session_state, FGPROF_STATE_IDLE);
	mutex_unlock(&session_lock);
}
