/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The seed series once 05/20 raised the name to 64: 88-byte entries, 744 sessions. */
#define LIVEUPDATE_SESSION_NAME_LENGTH 64
#include "seed_session.h"
