#include "CCap.h"
int ccap_placeholder(void) { return 0; }
