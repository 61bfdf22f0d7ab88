/* cmd_report.c - `orcs report annual|sheet|all`: the PDF publications. */
#include "cli/cli.h"

int orcs_cmd_report_annual(const orcs_args *a) { return orcs_cli_not_yet(a); }
int orcs_cmd_report_sheet(const orcs_args *a) { return orcs_cli_not_yet(a); }
int orcs_cmd_report_all(const orcs_args *a) { return orcs_cli_not_yet(a); }
