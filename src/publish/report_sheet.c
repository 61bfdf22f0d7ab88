/* placeholder, filled below */
#include "publish/report_internal.h"
int orcs_report_sheet(orcs_db *db, orcs_sheet_kind kind, const char *code, int year,
		      const char *period, orcs_audience aud, const char *path, orcs_error *err)
{ (void)db; (void)kind; (void)code; (void)year; (void)period; (void)aud; (void)path; return orcs_error_set(err, ORCS_EUSAGE, "pas encore"); }
int orcs_sheet_parse_territory(const char *spec, orcs_sheet_kind *kind, const char **code, orcs_error *err)
{ (void)spec; (void)kind; (void)code; return orcs_error_set(err, ORCS_EUSAGE, "pas encore"); }
int orcs_report_all(orcs_db *db, int year, orcs_audience aud, const char *dir, int *written, orcs_error *err)
{ (void)db; (void)year; (void)aud; (void)dir; (void)written; return orcs_error_set(err, ORCS_EUSAGE, "pas encore"); }
