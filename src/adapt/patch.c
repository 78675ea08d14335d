/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * patch.c - patchset application with Pacemaker's xml_apply_patchset.
 * May use Pacemaker's libcrmcommon; nothing else of the library.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <glib.h>
#include <crm/crm.h>
#include <crm/common/xml.h>
#include <crm/common/results.h>

#include "adapt/patch.h"

void
clusapi__xml_init(void)
{
    crm_xml_init();
}

xmlNode *
clusapi__xml_parse(const char *text)
{
    return text != NULL ? string2xml(text) : NULL;
}

xmlNode *
clusapi__xml_parse_file(const char *path)
{
    return filename2xml(path);
}

xmlNode *
clusapi__xml_copy(xmlNode *xml)
{
    return xml != NULL ? copy_xml(xml) : NULL;
}

void
clusapi__xml_free(xmlNode *xml)
{
    if (xml != NULL) {
        free_xml(xml);
    }
}

char *
clusapi__xml_dump(xmlNode *xml)
{
    char *s = dump_xml_unformatted(xml);
    char *copy = g_strdup(s);

    free(s);
    return copy;
}

int
clusapi__patch_apply(xmlNode *cib, xmlNode *patchset)
{
    int del[3] = { 0, 0, 0 };
    int add[3] = { 0, 0, 0 };
    int rc;

    if (cib == NULL || patchset == NULL
        || strcmp((const char *) patchset->name, "diff") != 0) {
        return -EPROTO;
    }
    if (xml_patch_versions(patchset, add, del) != 0) {
        return -EPROTO;
    }
    /* The digest makes xml_apply_patchset copy and hash the whole CIB for
     * every diff (patchset.c); versions already order the diffs, and a
     * wrong result is caught by the next version check, so we drop it. */
    xmlUnsetProp(patchset, (const xmlChar *) "digest");
    rc = xml_apply_patchset(cib, patchset, true);
    switch (rc) {
        case pcmk_ok:
            return 0;
        case -pcmk_err_old_data:
            return -EALREADY;
        default:
            return -ESTALE;
    }
}
