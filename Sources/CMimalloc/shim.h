#ifndef SITEGEN_CMIMALLOC_SHIM_H
#define SITEGEN_CMIMALLOC_SHIM_H
#include <mimalloc.h>
#endif
