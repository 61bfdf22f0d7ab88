/* cmd_import_siae.c - placeholder until its issue lands. */
#include "cli/cli.h"

int orcs_cmd_import_siae(const orcs_args *a)
{
	return orcs_cli_not_yet(a);
}
