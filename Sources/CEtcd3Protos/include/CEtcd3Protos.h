// DO NOT EDIT; regenerate with Codegen/generate.sh
// Umbrella header for the protoc-c output of Protos/.
#ifndef CETCD3PROTOS_H
#define CETCD3PROTOS_H
#include "rpc.pb-c.h"
#include "kv.pb-c.h"
#include "auth.pb-c.h"
#include "v3lock.pb-c.h"
#include "v3election.pb-c.h"
#endif
