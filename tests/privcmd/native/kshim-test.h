/* SPDX-License-Identifier: GPL-2.0-only */
/* What the test sees of the fakes in kshim.c. */
#ifndef KSHIM_TEST_H
#define KSHIM_TEST_H

#include "kshim.h"

#define KSHIM_MAX_REG 32
extern struct resource kshim_reg[KSHIM_MAX_REG];
extern int kshim_nr_reg;
extern struct resource kshim_busy;
int kshim_claims(void);

#endif /* KSHIM_TEST_H */
