#ifndef CETCD3_PROTOBUFC_SHIM_H
#define CETCD3_PROTOBUFC_SHIM_H
#include <protobuf-c/protobuf-c.h>
#endif
