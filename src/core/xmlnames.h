/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * xmlnames.h - the CIB element and attribute names we read, spelled once.
 * Pacemaker renames its own constants between versions (XML_CIB_TAG_NODE in
 * 2.1, PCMK_XE_NODE in 3.0); the names in the XML itself are stable.
 */
#ifndef CLUSAPI_CORE_XMLNAMES_H
#define CLUSAPI_CORE_XMLNAMES_H

#define CL_XE_CIB "cib"
#define CL_XE_CONFIGURATION "configuration"
#define CL_XE_CRM_CONFIG "crm_config"
#define CL_XE_RSC_DEFAULTS "rsc_defaults"
#define CL_XE_OP_DEFAULTS "op_defaults"
#define CL_XE_NODES "nodes"
#define CL_XE_NODE "node"
#define CL_XE_RESOURCES "resources"
#define CL_XE_PRIMITIVE "primitive"
#define CL_XE_GROUP "group"
#define CL_XE_CLONE "clone"
#define CL_XE_MASTER "master"
#define CL_XE_BUNDLE "bundle"
#define CL_XE_NVPAIR "nvpair"
#define CL_XE_INSTANCE_ATTRIBUTES "instance_attributes"
#define CL_XE_STATUS "status"
#define CL_XE_NODE_STATE "node_state"
#define CL_XE_TRANSIENT_ATTRIBUTES "transient_attributes"
#define CL_XE_LRM "lrm"
#define CL_XE_LRM_RESOURCES "lrm_resources"
#define CL_XE_LRM_RESOURCE "lrm_resource"
#define CL_XE_LRM_RSC_OP "lrm_rsc_op"
#define CL_XE_DIFF "diff"
#define CL_XE_CHANGE "change"
#define CL_XE_VERSION "version"
#define CL_XE_CONSTRAINTS "constraints"
#define CL_XE_TEMPLATE "template"
#define CL_XE_RSC_LOCATION "rsc_location"
#define CL_XE_RESOURCE_REF "resource_ref"

#define CL_XA_ID "id"
#define CL_XA_UNAME "uname"
#define CL_XA_NAME "name"
#define CL_XA_VALUE "value"
#define CL_XA_OPERATION "operation"
#define CL_XA_PATH "path"
#define CL_XA_IN_CCM "in_ccm"
#define CL_XA_CRMD "crmd"
#define CL_XA_JOIN "join"
#define CL_XA_EXPECTED "expected"
#define CL_XA_INTERVAL "interval"
#define CL_XA_CALL_ID "call-id"
#define CL_XA_RC_CODE "rc-code"
#define CL_XA_OP_STATUS "op-status"
#define CL_XA_ADMIN_EPOCH "admin_epoch"
#define CL_XA_EPOCH "epoch"
#define CL_XA_NUM_UPDATES "num_updates"

#endif
