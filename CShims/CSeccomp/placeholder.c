#include "CSeccomp.h"
int cseccomp_placeholder(void) { return 0; }
