#!/usr/bin/env python3
"""Writes the Swift message types of Etcd3Messages from a protobuf FileDescriptorSet.

Usage: generate_swift.py DESCRIPTOR_SET OUTPUT_DIR

The descriptor set comes from `protoc --descriptor_set_out=... --include_imports`. This script
uses only the Python standard library: it carries its own small decoder for the protobuf wire
format and reads just the descriptor fields it needs. See README.md for the naming rules.
"""

import os
import sys

# --------------------------------------------------------------------------------------------
# A minimal protobuf wire decoder.


def read_varint(data, pos):
    result = 0
    shift = 0
    while True:
        if pos >= len(data):
            raise ValueError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def decode_fields(data):
    """Yields (field number, wire type, value): varints as ints, length-delimited as bytes."""
    pos = 0
    while pos < len(data):
        key, pos = read_varint(data, pos)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, pos = read_varint(data, pos)
        elif wire_type == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire_type == 2:
            length, pos = read_varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        elif wire_type == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise ValueError("unsupported wire type %d" % wire_type)
        if pos > len(data):
            raise ValueError("truncated field")
        yield number, wire_type, value


class Record:
    """A decoded message: scalars by name, repeated fields as lists."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


def decode(data, schema):
    """Decodes `data` by `schema`: {number: (name, kind, repeated)}; kind is 'string',
    'int', 'bool' or a nested schema dict."""
    values = {}
    for name, _kind, repeated in schema.values():
        values[name] = [] if repeated else None
    for number, _wire_type, value in decode_fields(data):
        if number not in schema:
            continue
        name, kind, repeated = schema[number]
        if kind == "string":
            value = value.decode("utf-8")
        elif kind == "int":
            pass
        elif kind == "packed_int":
            if isinstance(value, (bytes, bytearray)):
                pos = 0
                while pos < len(value):
                    item, pos = read_varint(value, pos)
                    values[name].append(item)
                continue
        elif kind == "bool":
            value = value != 0
        else:
            value = decode(value, kind)
        if repeated:
            values[name].append(value)
        else:
            values[name] = value
    return Record(**values)


# The parts of descriptor.proto this generator reads (field numbers from descriptor.proto).
ENUM_VALUE = {1: ("name", "string", False), 2: ("number", "int", False)}
ENUM = {1: ("name", "string", False), 2: ("value", ENUM_VALUE, True)}
ONEOF = {1: ("name", "string", False)}
FIELD = {
    1: ("name", "string", False),
    3: ("number", "int", False),
    4: ("label", "int", False),
    5: ("type", "int", False),
    6: ("type_name", "string", False),
    9: ("oneof_index", "int", False),
    17: ("proto3_optional", "bool", False),
}
MESSAGE = {
    1: ("name", "string", False),
    2: ("field", FIELD, True),
    4: ("enum_type", ENUM, True),
    8: ("oneof_decl", ONEOF, True),
}
MESSAGE[3] = ("nested_type", MESSAGE, True)
METHOD = {
    1: ("name", "string", False),
    2: ("input_type", "string", False),
    3: ("output_type", "string", False),
    5: ("client_streaming", "bool", False),
    6: ("server_streaming", "bool", False),
}
SERVICE = {1: ("name", "string", False), 2: ("method", METHOD, True)}
LOCATION = {
    1: ("path", "packed_int", True),
    3: ("leading_comments", "string", False),
    4: ("trailing_comments", "string", False),
}
SOURCE_CODE_INFO = {1: ("location", LOCATION, True)}
FILE = {
    1: ("name", "string", False),
    9: ("source_code_info", SOURCE_CODE_INFO, False),
    2: ("package", "string", False),
    4: ("message_type", MESSAGE, True),
    5: ("enum_type", ENUM, True),
    6: ("service", SERVICE, True),
    12: ("syntax", "string", False),
}
FILE_SET = {1: ("file", FILE, True)}

# FieldDescriptorProto.Type and .Label values.
T_DOUBLE, T_FLOAT, T_INT64, T_UINT64, T_INT32, T_FIXED64, T_FIXED32, T_BOOL = range(1, 9)
T_STRING, T_GROUP, T_MESSAGE, T_BYTES, T_UINT32, T_ENUM = range(9, 15)
T_SFIXED32, T_SFIXED64, T_SINT32, T_SINT64 = range(15, 19)
LABEL_REPEATED = 3

SWIFT_SCALAR = {
    T_DOUBLE: "Double", T_FLOAT: "Float", T_INT64: "Int64", T_UINT64: "UInt64",
    T_INT32: "Int32", T_FIXED64: "UInt64", T_FIXED32: "UInt32", T_BOOL: "Bool",
    T_STRING: "String", T_BYTES: "[UInt8]", T_UINT32: "UInt32", T_SFIXED32: "Int32",
    T_SFIXED64: "Int64", T_SINT32: "Int32", T_SINT64: "Int64",
}
SWIFT_DEFAULT = {
    T_DOUBLE: "0", T_FLOAT: "0", T_INT64: "0", T_UINT64: "0", T_INT32: "0", T_FIXED64: "0",
    T_FIXED32: "0", T_BOOL: "false", T_STRING: '""', T_BYTES: "[]", T_UINT32: "0",
    T_SFIXED32: "0", T_SFIXED64: "0", T_SINT32: "0", T_SINT64: "0",
}
# The Swift spelling of the C element type of a repeated scalar field.
C_SCALAR = {
    T_DOUBLE: "Double", T_FLOAT: "Float", T_INT64: "Int64", T_UINT64: "UInt64",
    T_INT32: "Int32", T_FIXED64: "UInt64", T_FIXED32: "UInt32", T_BOOL: "protobuf_c_boolean",
    T_UINT32: "UInt32", T_SFIXED32: "Int32", T_SFIXED64: "Int64", T_SINT32: "Int32",
    T_SINT64: "Int64",
}

# --------------------------------------------------------------------------------------------
# Names.

SWIFT_KEYWORDS = set("""
associatedtype class deinit enum extension fileprivate func import init inout internal let
open operator private precedencegroup protocol public rethrows static struct subscript
typealias var break case catch continue default defer do else fallthrough for guard if in
repeat return throw switch where while Any as await false is nil self Self super throws true
try package consume borrowing consuming
""".split())

# Nested type names that cannot be used as written (`X.Type` is the metatype).
SWIFT_RESERVED_TYPE_NAMES = {"Type": "TypeEnum", "Protocol": "ProtocolEnum", "Self": "SelfEnum"}

C_KEYWORDS = set("""
auto break case char const continue default do double else enum extern float for goto if
int long register return short signed sizeof static struct switch typedef union unsigned void
volatile while
""".split())


def escape(name):
    return "`%s`" % name if name in SWIFT_KEYWORDS else name


def lower_camel(name):
    """`range_end` -> `rangeEnd`, `peerURLs` -> `peerURLs`, `ID` -> `id`, `TTL` -> `ttl`."""
    parts = [p for p in name.split("_") if p]
    if not parts:
        return name
    first = parts[0]
    first = first.lower() if first.isupper() else first[0].lower() + first[1:]
    rest = [p[0].upper() + p[1:] for p in parts[1:]]
    return first + "".join(rest)


def upper_camel(name):
    parts = [p for p in name.split("_") if p]
    return "".join(p[0].upper() + p[1:] for p in parts)


def enum_case_name(name):
    """`NOT_EQUAL` -> `notEqual`, `PUT` -> `put`."""
    parts = [p for p in name.split("_") if p]
    return parts[0].lower() + "".join(p[0].upper() + p[1:].lower() for p in parts[1:])


def method_name(name):
    """`Range` -> `range`, `HashKV` -> `hashKV`, `LeaseGrant` -> `leaseGrant`."""
    upper = 0
    while upper < len(name) and name[upper].isupper():
        upper += 1
    if upper == 0:
        return name
    if upper == 1 or upper == len(name):
        return name[:upper].lower() + name[upper:]
    return name[:upper - 1].lower() + name[upper - 1:]


def swift_type_name(name):
    return SWIFT_RESERVED_TYPE_NAMES.get(name, name)


def namespace_name(package):
    return "".join(p[0].upper() + p[1:] for p in package.split("."))


def c_camel_to_lower(name):
    """protoc-c's CamelToLower: `HashKVRequest` -> `hash_kvrequest`."""
    out = []
    was_upper = True
    for i, ch in enumerate(name):
        if ch.isupper():
            if i > 0 and not was_upper:
                out.append("_")
            out.append(ch.lower())
            was_upper = True
        else:
            out.append(ch)
            was_upper = False
    return "".join(out)


def c_field_name(name):
    name = name.lower()
    return name + "_" if name in C_KEYWORDS else name


# --------------------------------------------------------------------------------------------
# The model.


class EnumInfo:
    def __init__(self, proto, package, path, source_path, comments):
        self.proto = proto
        self.source_path = source_path
        self.comments = comments
        self.full_name = "." + ".".join(([package] if package else []) + path)
        self.swift_name = namespace_name(package) + "." + ".".join(swift_type_name(p) for p in path)
        self.c_name = "__".join([namespace_name(p) for p in package.split(".")] + path)
        self.local_name = swift_type_name(path[-1])


class MessageInfo:
    def __init__(self, proto, package, path, source_path, comments):
        self.proto = proto
        self.source_path = source_path
        self.comments = comments
        self.package = package
        self.full_name = "." + ".".join(([package] if package else []) + path)
        self.swift_name = namespace_name(package) + "." + ".".join(swift_type_name(p) for p in path)
        self.c_name = "__".join([namespace_name(p) for p in package.split(".")] + path)
        self.c_prefix = "__".join(package.split(".") + [c_camel_to_lower(p) for p in path])
        self.local_name = swift_type_name(path[-1])
        self.nested_messages = []
        self.nested_enums = []


class Model:
    def __init__(self, file_set):
        self.files = file_set.file
        self.messages = {}
        self.enums = {}
        for f in self.files:
            if f.syntax != "proto3":
                raise SystemExit("%s: only proto3 is supported" % f.name)
            f.comments = {}
            if f.source_code_info is not None:
                for location in f.source_code_info.location:
                    text = location.leading_comments or location.trailing_comments
                    if text and text.strip():
                        f.comments[tuple(location.path)] = text
            f.top_messages = [
                self.add_message(m, f.package, [], (4, i), f.comments) for i, m in enumerate(f.message_type)
            ]
            f.top_enums = [self.add_enum(e, f.package, [], (5, i), f.comments) for i, e in enumerate(f.enum_type)]

    def add_enum(self, proto, package, path, source_path, comments):
        info = EnumInfo(proto, package, path + [proto.name], source_path, comments)
        self.enums[info.full_name] = info
        return info

    def add_message(self, proto, package, path, source_path, comments):
        if proto.nested_type:
            # protoc-c writes pack/unpack functions for top-level messages only (and maps are
            # nested entry messages); etcd's protos need neither.
            raise SystemExit("%s.%s: nested messages are not supported" % (package, proto.name))
        info = MessageInfo(proto, package, path + [proto.name], source_path, comments)
        self.messages[info.full_name] = info
        info.nested_enums = [
            self.add_enum(e, package, path + [proto.name], source_path + (4, i), comments)
            for i, e in enumerate(proto.enum_type)
        ]
        return info


class Field:
    """One field of a message, with everything the templates need."""

    def __init__(self, model, message, proto, index):
        self.proto = proto
        self.comment = message.comments.get(message.source_path + (2, index))
        self.number = proto.number
        self.type = proto.type
        if self.type == T_GROUP:
            raise SystemExit("%s.%s: groups are not supported" % (message.full_name, proto.name))
        if proto.proto3_optional:
            raise SystemExit("%s.%s: proto3 optional is not supported" % (message.full_name, proto.name))
        self.repeated = proto.label == LABEL_REPEATED
        self.swift_name = escape(lower_camel(proto.name))
        self.bare_name = lower_camel(proto.name)
        self.c_name = c_field_name(proto.name)
        self.oneof_index = proto.oneof_index
        self.message = model.messages.get(proto.type_name) if self.type == T_MESSAGE else None
        self.enum = model.enums.get(proto.type_name) if self.type == T_ENUM else None
        if self.type == T_MESSAGE and self.message is None:
            raise SystemExit("unknown message %s" % proto.type_name)
        if self.type == T_ENUM and self.enum is None:
            raise SystemExit("unknown enum %s" % proto.type_name)

    @property
    def element_swift_type(self):
        if self.message:
            return self.message.swift_name
        if self.enum:
            return self.enum.swift_name
        return SWIFT_SCALAR[self.type]

    @property
    def swift_type(self):
        if self.repeated:
            return "[%s]" % self.element_swift_type
        if self.message:
            return self.element_swift_type + "?"
        return self.element_swift_type

    def default(self, model):
        if self.repeated:
            return "[]"
        if self.message:
            return "nil"
        if self.enum:
            return "." + enum_cases(self.enum)[0][0]
        return SWIFT_DEFAULT[self.type]


def enum_cases(enum):
    """[(swift case name, number)] in declaration order; aliases keep their first name."""
    cases = []
    seen = set()
    for value in enum.proto.value:
        if value.number in seen:
            continue
        seen.add(value.number)
        cases.append((escape(enum_case_name(value.name)), value.number))
    if not cases or cases[0][1] != 0:
        raise SystemExit("%s: the first value of a proto3 enum must be 0" % enum.full_name)
    return cases


def fields_of(model, message):
    return [Field(model, message, f, i) for i, f in enumerate(message.proto.field)]


def oneofs_of(model, message):
    """[(oneof name, swift property, swift enum name, [Field])], excluding synthetic ones."""
    result = []
    fields = fields_of(model, message)
    for index, oneof in enumerate(message.proto.oneof_decl):
        members = [f for f in fields if f.oneof_index == index]
        result.append((oneof.name, escape(lower_camel(oneof.name)), swift_type_name(upper_camel(oneof.name)), members))
    return result


# --------------------------------------------------------------------------------------------
# Swift output.

HEADER = """\
// DO NOT EDIT; regenerate with Codegen/generate.sh
// Generated from Protos/%s.
"""


class Writer:
    def __init__(self):
        self.lines = []
        self.level = 0

    def __call__(self, line=""):
        self.lines.append(("    " * self.level + line) if line else "")

    def indent(self):
        self.level += 1

    def dedent(self):
        self.level -= 1

    def text(self):
        return "\n".join(self.lines) + "\n"


def write_doc(w, text):
    """Writes a proto comment as `///` lines."""
    if not text:
        return
    for line in text.rstrip().split("\n"):
        line = line[1:] if line.startswith(" ") else line
        w(("/// " + line.rstrip()) if line.strip() else "///")


def write_enum(w, enum):
    cases = enum_cases(enum)
    write_doc(w, enum.comments.get(enum.source_path))
    w("package enum %s: Sendable, Hashable {" % enum.local_name)
    w.indent()
    numbers_seen = set()
    value_docs = {}
    for index, value in enumerate(enum.proto.value):
        if value.number not in numbers_seen:
            numbers_seen.add(value.number)
            value_docs[value.number] = enum.comments.get(enum.source_path + (2, index))
    for name, number in cases:
        write_doc(w, value_docs.get(number))
        w("case %s  // = %d" % (name, number))
    w("/// A value this version of the protos does not know.")
    w("case unrecognized(Int32)")
    w()
    w("package init() {")
    w("    self = .%s" % cases[0][0])
    w("}")
    w()
    w("package init(rawValue: Int32) {")
    w("    switch rawValue {")
    for name, number in cases:
        w("    case %d: self = .%s" % (number, name))
    w("    default: self = .unrecognized(rawValue)")
    w("    }")
    w("}")
    w()
    w("package var rawValue: Int32 {")
    w("    switch self {")
    for name, number in cases:
        w("    case .%s: %d" % (name, number))
    w("    case .unrecognized(let value): value")
    w("    }")
    w("}")
    w.dedent()
    w("}")


def contains_by_value(model, outer, target, seen=None):
    """Whether `outer`'s Swift struct holds a `target` inline, directly or through fields
    that are stored inline (singular message fields and oneof cases; arrays are references)."""
    seen = set() if seen is None else seen
    if outer.full_name in seen:
        return False
    seen.add(outer.full_name)
    for field in fields_of(model, outer):
        if field.repeated or not field.message:
            continue
        if field.message.full_name == target.full_name or contains_by_value(model, field.message, target, seen):
            return True
    return False


def write_message_type(w, model, message):
    fields = fields_of(model, message)
    oneofs = oneofs_of(model, message)
    write_doc(w, message.comments.get(message.source_path))
    w("package struct %s: WireMessage {" % message.local_name)
    w.indent()
    first = True
    for field in fields:
        if field.oneof_index is not None:
            continue
        write_doc(w, field.comment)
        w("package var %s: %s = %s" % (field.swift_name, field.swift_type, field.default(model)))
        first = False
    for index, (_name, prop, enum_name, _members) in enumerate(oneofs):
        write_doc(w, message.comments.get(message.source_path + (8, index)))
        w("package var %s: %s? = nil" % (prop, enum_name))
        first = False
    if not first:
        w()
    w("package init() {}")
    members = [(f.swift_name, f.swift_type, f.default(model)) for f in fields if f.oneof_index is None]
    members += [(prop, enum_name + "?", "nil") for _n, prop, enum_name, _m in oneofs]
    if members:
        w()
        w("/// A message with the given fields; the others keep their proto3 defaults.")
        w("package init(")
        for i, (name, swift_type, default) in enumerate(members):
            w("    %s: %s = %s%s" % (name, swift_type, default, "," if i + 1 < len(members) else ""))
        w(") {")
        for name, _t, _d in members:
            w("    self.%s = %s" % (name, name))
        w("}")
    for _name, prop, enum_name, members in oneofs:
        w()
        w("package enum %s: Sendable, Hashable {" % enum_name)
        w.indent()
        for m in members:
            write_doc(w, m.comment)
            # A case is boxed only when its message holds this one by value (a struct cannot
            # contain itself); elsewhere the payload is stored inline, which saves an
            # allocation per value on the call path.
            indirect = "indirect " if m.message and contains_by_value(model, m.message, message) else ""
            w("%scase %s(%s)" % (indirect, m.swift_name, m.element_swift_type))
        w.dedent()
        w("}")
    for enum in message.nested_enums:
        w()
        write_enum(w, enum)
    for nested in message.nested_messages:
        w()
        write_message_type(w, model, nested)
    w.dedent()
    w("}")


def c_enum(field_enum, swift_value):
    return "%s(rawValue: .init(truncatingIfNeeded: %s.rawValue))" % (field_enum.c_name, swift_value)


def write_size(w, model, message):
    """`wireArenaSize`: exact arena bytes for the C structs of this message."""
    fields = fields_of(model, message)
    oneofs = oneofs_of(model, message)
    w("package var wireArenaSize: Int {")
    w.indent()
    plain = [f for f in fields if f.oneof_index is None]
    needs_var = any(f.repeated or f.type in (T_STRING, T_BYTES) or f.message for f in plain) or oneofs
    w("%s size = wireAligned(MemoryLayout<%s>.size)" % ("var" if needs_var else "let", message.c_name))
    for f in plain:
        name = "self." + f.swift_name
        if f.repeated:
            if f.message:
                w("size += wireAligned(MemoryLayout<UnsafeMutablePointer<%s>?>.stride * %s.count)" % (f.message.c_name, name))
                w("for index in %s.indices { size += %s[index].wireArenaSize }" % (name, name))
            elif f.type == T_STRING:
                w("size += wireAligned(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * %s.count)" % name)
                w("for index in %s.indices { size += wireStringSize(%s[index]) }" % (name, name))
            elif f.type == T_BYTES:
                w("size += wireAligned(MemoryLayout<ProtobufCBinaryData>.stride * %s.count)" % name)
                w("for index in %s.indices { size += wireAligned(%s[index].count) }" % (name, name))
            elif f.enum:
                w("size += wireAligned(MemoryLayout<%s>.stride * %s.count)" % (f.enum.c_name, name))
            else:
                w("size += wireAligned(MemoryLayout<%s>.stride * %s.count)" % (C_SCALAR[f.type], name))
        elif f.message:
            w("if let value = %s { size += value.wireArenaSize }" % name)
        elif f.type == T_STRING:
            w("if !%s.isEmpty { size += wireStringSize(%s) }" % (name, name))
        elif f.type == T_BYTES:
            w("size += wireAligned(%s.count)" % name)
    for _name, prop, _enum_name, members in oneofs:
        sized = [m for m in members if m.message or m.type in (T_STRING, T_BYTES)]
        if not sized:
            continue
        w("switch self.%s {" % prop)
        for m in sized:
            if m.message:
                w("case .%s(let value): size += value.wireArenaSize" % m.bare_name)
            elif m.type == T_STRING:
                w("case .%s(let value): size += wireStringSize(value)" % m.bare_name)
            else:
                w("case .%s(let value): size += wireAligned(value.count)" % m.bare_name)
        if len(sized) < len(members) + 1:
            w("default: break")
        w("}")
    w("return size")
    w.dedent()
    w("}")


def scalar_to_c(f, value):
    if f.type == T_BOOL:
        return "%s ? 1 : 0" % value
    if f.enum:
        return c_enum(f.enum, value)
    return value


def write_fill(w, model, message):
    """`wireFill(_:arena:)`: initializes and fills the C struct, allocating from the arena."""
    fields = fields_of(model, message)
    oneofs = oneofs_of(model, message)
    w("package func wireFill(_ c: UnsafeMutablePointer<%s>, arena: inout WireEncodeArena) {" % message.c_name)
    w.indent()
    w("%s__init(c)" % message.c_prefix)
    for f in fields:
        if f.oneof_index is not None:
            continue
        name = "self." + f.swift_name
        cf = "c.pointee.%s" % escape(f.c_name)
        if f.repeated:
            w("if !%s.isEmpty {" % name)
            w.indent()
            if f.message:
                w("let array = arena.allocateArray(UnsafeMutablePointer<%s>?.self, count: %s.count)" % (f.message.c_name, name))
                w("for index in %s.indices {" % name)
                w("    let item = arena.allocate(%s.self)" % f.message.c_name)
                w("    %s[index].wireFill(item, arena: &arena)" % name)
                w("    (array + index).initialize(to: item)")
                w("}")
            elif f.type == T_STRING:
                w("let array = arena.allocateArray(UnsafeMutablePointer<CChar>?.self, count: %s.count)" % name)
                w("for index in %s.indices {" % name)
                w("    (array + index).initialize(to: arena.cString(%s[index]))" % name)
                w("}")
            elif f.type == T_BYTES:
                w("let array = arena.allocateArray(ProtobufCBinaryData.self, count: %s.count)" % name)
                w("for index in %s.indices {" % name)
                w("    (array + index).initialize(to: arena.binaryData(%s[index]))" % name)
                w("}")
            elif f.enum:
                w("let array = arena.allocateArray(%s.self, count: %s.count)" % (f.enum.c_name, name))
                w("for index in %s.indices {" % name)
                w("    (array + index).initialize(to: %s)" % c_enum(f.enum, "%s[index]" % name))
                w("}")
            else:
                w("let array = arena.allocateArray(%s.self, count: %s.count)" % (C_SCALAR[f.type], name))
                w("for index in %s.indices {" % name)
                w("    (array + index).initialize(to: %s)" % scalar_to_c(f, "%s[index]" % name))
                w("}")
            w("c.pointee.%s = %s.count" % (escape("n_" + f.c_name), name))
            w("%s = array" % cf)
            w.dedent()
            w("}")
        elif f.message:
            w("if let value = %s {" % name)
            w("    let item = arena.allocate(%s.self)" % f.message.c_name)
            w("    value.wireFill(item, arena: &arena)")
            w("    %s = item" % cf)
            w("}")
        elif f.type == T_STRING:
            w("if !%s.isEmpty { %s = arena.cString(%s) }" % (name, cf, name))
        elif f.type == T_BYTES:
            w("%s = arena.binaryData(%s)" % (cf, name))
        else:
            w("%s = %s" % (cf, scalar_to_c(f, name)))
    for oneof_name, prop, _enum_name, members in oneofs:
        case_type = "%s__%sCase" % (message.c_name, upper_camel(oneof_name))
        w("switch self.%s {" % prop)
        w("case nil:")
        w("    break")
        for m in members:
            cf = "c.pointee.%s" % escape(m.c_name)
            w("case .%s(let value)?:" % m.bare_name)
            w.indent()
            w("c.pointee.%s_case = %s(rawValue: %d)" % (oneof_name.lower(), case_type, m.number))
            if m.message:
                w("let item = arena.allocate(%s.self)" % m.message.c_name)
                w("value.wireFill(item, arena: &arena)")
                w("%s = item" % cf)
            elif m.type == T_STRING:
                w("%s = arena.cString(value)" % cf)
            elif m.type == T_BYTES:
                w("%s = arena.binaryData(value)" % cf)
            else:
                w("%s = %s" % (cf, scalar_to_c(m, "value")))
            w.dedent()
        w("}")
    w.dedent()
    w("}")


def scalar_from_c(f, value):
    if f.type == T_BOOL:
        return "%s != 0" % value
    if f.enum:
        return "%s(rawValue: Int32(truncatingIfNeeded: %s.rawValue))" % (f.enum.swift_name, value)
    return value


def write_init_from_c(w, model, message):
    """`init(wireStruct:)`: converts an unpacked C struct, defensively."""
    fields = fields_of(model, message)
    oneofs = oneofs_of(model, message)
    w("package init(wireStruct c: UnsafePointer<%s>) throws(WireDecodingError) {" % message.c_name)
    w.indent()
    w("self.init()")
    for f in fields:
        if f.oneof_index is not None:
            continue
        name = "self." + f.swift_name
        cf = "c.pointee.%s" % escape(f.c_name)
        if f.repeated:
            w("if let array = try wireDecodeArray(%s, c.pointee.%s) {" % (cf, escape("n_" + f.c_name)))
            w.indent()
            w("let count = c.pointee.%s" % escape("n_" + f.c_name))
            w("%s.reserveCapacity(count)" % name)
            w("for index in 0..<count {")
            w.indent()
            if f.message:
                w("guard let item = array[index] else { throw .malformed }")
                w("%s.append(try %s(wireStruct: item))" % (name, f.message.swift_name))
            elif f.type == T_STRING:
                w("%s.append(wireDecodeString(array[index]))" % name)
            elif f.type == T_BYTES:
                w("%s.append(try wireDecodeBytes(array[index]))" % name)
            else:
                w("%s.append(%s)" % (name, scalar_from_c(f, "array[index]")))
            w.dedent()
            w("}")
            w.dedent()
            w("}")
        elif f.message:
            w("if let item = %s {" % cf)
            w("    %s = try %s(wireStruct: item)" % (name, f.message.swift_name))
            w("}")
        elif f.type == T_STRING:
            w("%s = wireDecodeString(%s)" % (name, cf))
        elif f.type == T_BYTES:
            w("%s = try wireDecodeBytes(%s)" % (name, cf))
        else:
            w("%s = %s" % (name, scalar_from_c(f, cf)))
    for oneof_name, prop, _enum_name, members in oneofs:
        w("switch c.pointee.%s_case.rawValue {" % oneof_name.lower())
        for m in members:
            cf = "c.pointee.%s" % escape(m.c_name)
            w("case %d:" % m.number)
            w.indent()
            if m.message:
                w("guard let item = %s else { throw .malformed }" % cf)
                w("self.%s = .%s(try %s(wireStruct: item))" % (prop, m.bare_name, m.message.swift_name))
            elif m.type == T_STRING:
                w("self.%s = .%s(wireDecodeString(%s))" % (prop, m.bare_name, cf))
            elif m.type == T_BYTES:
                w("self.%s = .%s(try wireDecodeBytes(%s))" % (prop, m.bare_name, cf))
            else:
                w("self.%s = .%s(%s)" % (prop, m.bare_name, scalar_from_c(m, cf)))
            w.dedent()
        w("default:")
        w("    self.%s = nil" % prop)
        w("}")
    w.dedent()
    w("}")


def write_message_wire(w, model, message):
    w("extension %s {" % message.swift_name)
    w.indent()
    w("package init(wireBytes: UnsafeRawBufferPointer) throws(WireDecodingError) {")
    w("    try self.init(")
    w("        wireBytes: wireBytes,")
    w("        allocationLimit: WireDecodingLimits.defaultAllocationLimit(inputCount: wireBytes.count)")
    w("    )")
    w("}")
    w()
    w("/// Decodes with an explicit cap on the bytes protobuf-c may allocate.")
    w("package init(wireBytes: UnsafeRawBufferPointer, allocationLimit: Int) throws(WireDecodingError) {")
    w("    self = try wireDecode(wireBytes, allocationLimit: allocationLimit, unpack: %s__unpack) {" % message.c_prefix)
    w("        (c) throws(WireDecodingError) in")
    w("        try Self(wireStruct: c)")
    w("    }")
    w("}")
    w()
    w("package func wireBytes(headroom: Int) -> [UInt8] {")
    w("    var arena = WireEncodeArena(capacity: wireArenaSize)")
    w("    let c = arena.allocate(%s.self)" % message.c_name)
    w("    wireFill(c, arena: &arena)")
    w("    let bytes = wirePack(wireMessagePointer(c), headroom: headroom)")
    w("    arena.release()")
    w("    return bytes")
    w("}")
    w()
    write_size(w, model, message)
    w()
    write_fill(w, model, message)
    w()
    write_init_from_c(w, model, message)
    w.dedent()
    w("}")
    for nested in message.nested_messages:
        w()
        write_message_wire(w, model, nested)


def write_services(w, model, f):
    ns = namespace_name(f.package)
    for service_index, service in enumerate(f.service):
        w()
        w("extension %s {" % ns)
        w.indent()
        w("/// The methods of the `%s.%s` gRPC service." % (f.package, service.name))
        if f.comments.get((6, service_index)):
            w("///")
            write_doc(w, f.comments.get((6, service_index)))
        w("package enum %s {" % service.name)
        w.indent()
        w("/// The gRPC service name.")
        w('package static let serviceName = "%s.%s"' % (f.package, service.name))
        for method_index, method in enumerate(service.method):
            req = model.messages[method.input_type].swift_name
            res = model.messages[method.output_type].swift_name
            w()
            kind = {(False, False): "unary", (True, False): "client-streaming",
                    (False, True): "server-streaming", (True, True): "bidirectional-streaming"}[
                (bool(method.client_streaming), bool(method.server_streaming))]
            write_doc(w, f.comments.get((6, service_index, 2, method_index)))
            w("/// `%s`, %s." % (method.name, kind))
            w("package static let %s = GRPCMethod<%s, %s>(" % (escape(method_name(method.name)), req, res))
            w('    path: "/%s.%s/%s",' % (f.package, service.name, method.name))
            w("    isClientStreaming: %s," % ("true" if method.client_streaming else "false"))
            w("    isServerStreaming: %s" % ("true" if method.server_streaming else "false"))
            w(")")
        w.dedent()
        w("}")
        w.dedent()
        w("}")


def generate(file_set_bytes, out_dir):
    model = Model(decode(file_set_bytes, FILE_SET))
    declared_namespaces = set()
    outputs = {}
    for f in model.files:
        base = os.path.splitext(os.path.basename(f.name))[0]
        stem = base[0].upper() + base[1:]
        ns = namespace_name(f.package)

        w = Writer()
        for line in (HEADER % f.name).splitlines():
            w(line)
        w()
        if ns not in declared_namespaces:
            declared_namespaces.add(ns)
            w("/// Messages of the `%s` protobuf package." % f.package)
            w("package enum %s {}" % ns)
            w()
        w("extension %s {" % ns)
        w.indent()
        items = [("enum", e) for e in f.top_enums] + [("message", m) for m in f.top_messages]
        for i, (kind, item) in enumerate(items):
            if i:
                w()
            if kind == "enum":
                write_enum(w, item)
            else:
                write_message_type(w, model, item)
        w.dedent()
        w("}")
        write_services(w, model, f)
        outputs["%s.pb.swift" % stem] = w.text()

        w = Writer()
        for line in (HEADER % f.name).splitlines():
            w(line)
        w("// Conversion between the Swift messages and the protobuf-c structs.")
        w()
        w("internal import CEtcd3ProtobufC")
        w("package import CEtcd3Protos")
        for message in f.top_messages:
            w()
            write_message_wire(w, model, message)
        outputs["%s+Wire.pb.swift" % stem] = w.text()

    os.makedirs(out_dir, exist_ok=True)
    for name in sorted(outputs):
        with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(outputs[name])


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], "rb") as handle:
        data = handle.read()
    generate(data, argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
