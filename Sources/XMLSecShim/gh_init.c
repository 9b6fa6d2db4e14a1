#include <libxml/parser.h>
#include "gh_xml.h"
int gh_init(void) { xmlInitParser(); return 0; }
