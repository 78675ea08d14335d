/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * names.h - the one table of CLUSTER_CHANGE bits and state values with their
 * printable names.  Depends on nothing but libc.
 */
#ifndef CLUSAPI_CORE_NAMES_H
#define CLUSAPI_CORE_NAMES_H

#include <stdint.h>

/* "RESOURCE_STATE" for CLUSTER_CHANGE_RESOURCE_STATE; NULL if not one bit. */
const char *clusapi__change_name(uint32_t change);
/* Inverse, case-insensitive, with or without the "CLUSTER_CHANGE_" prefix;
 * "ALL" gives CLUSTER_CHANGE_ALL.  0 if unknown. */
uint32_t clusapi__change_from_name(const char *name);

const char *clusapi__node_state_name(int state);
const char *clusapi__group_state_name(int state);
const char *clusapi__resource_state_name(int state);
const char *clusapi__network_state_name(int state);
const char *clusapi__netinterface_state_name(int state);

/* How crm_mon names an action's result, in Pacemaker `pcmk`'s words
 * (version as CL_PE_PCMK numbers it: major * 10000 + minor * 100 + patch):
 * the OCF exit code (2.1: "not running"; 3.0: "Not running") and the
 * execution status (2.1: "complete"; 3.0: "Done"). */
const char *clusapi__exit_status_name(unsigned pcmk, int rc);
const char *clusapi__exec_status_name(unsigned pcmk, int status);

#endif
