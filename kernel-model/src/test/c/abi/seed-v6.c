/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The seed layout as patch 04/20 has it: name[56], 80-byte entries, 819 sessions. */
#define LIVEUPDATE_SESSION_NAME_LENGTH 56
#include "seed_session.h"
