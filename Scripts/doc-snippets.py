#!/usr/bin/env python3
"""Copies every ```swift block of the documentation into Sources/Examples/DocSnippets, the
Etcd3DocSnippets target, so that `swift build` compiles them (Docs/Codegen.md, "Documentation
snippets"). Nothing links or runs that target.

Documents: the articles of Sources/Etcd3/Etcd3.docc and Sources/Etcd3TestSupport/
Etcd3TestSupport.docc, Docs/*.md and README.md. Each document with a compiled block becomes one
Swift file; each block becomes, in order:

- a function `<Document>_<n>` (n counts the document's ```swift blocks from 1) whose body is the
  block: statements, and declarations that may stand in a function (local types and functions);
- or, when the block holds only declarations (types, extensions, `@main`, `@Test` functions;
  `import` lines aside), a struct `<Document>_<n>` around them, as `@Test` functions and
  extensions cannot be local.

The shared context, what every block may use without declaring it:
- the imports Etcd3, Logging and ServiceLifecycle, the module of the block's DocC catalog, and
  every module that a block of the same document imports (`import` lines move to the top);
- the parameters `client: Etcd3Client` and `logger: Logger`; the function is `async throws`.

Anything else a block assumes is declared next to it, in an HTML comment on the lines right
before the fence (GitHub and DocC do not render it):

    <!-- snippet: given tenant: EtcdNamespace, serve: @Sendable () async throws -> Void -->
        more parameters for the block's function, as written in a Swift parameter list
    <!-- snippet: not compiled (why) -->
        not compiled at all: for the few blocks that are not code of a package target (a
        manifest fragment); the reason in parentheses is required

The build treats warnings as errors (Scripts/test.sh). Documentation names results to show their
type (`let n = try await client.count(prefix: "/a/")`), so after a function's body every name
the block binds at its top level is read once (`_ = (n, …)`); a value left unused deeper in
the block is a warning, to be fixed in the markdown.

A block the same as an earlier one (with the same `given`) is compiled once; the later copy is
named in a comment. The code keeps the markdown's lines: `#sourceLocation` makes the compiler
report errors at the line of the .md file (except in documents whose file name another compiled
document has, see `generate`).

Usage: doc-snippets.py [--check]
  without --check: writes Sources/Examples/DocSnippets (and removes files no document produces);
  --check: writes nothing, and fails with a diff when the committed files differ.
"""

import difflib
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = "Sources/Examples/DocSnippets"
SHARED_IMPORTS = ["Etcd3", "Logging", "ServiceLifecycle"]
SHARED_PARAMETERS = "client: Etcd3Client, logger: Logger"

# (glob, prefix of the generated names, module the catalog documents)
DOCUMENTS = [
    ("Sources/Etcd3/Etcd3.docc/*.md", "Etcd3DocC", "Etcd3"),
    ("Sources/Etcd3TestSupport/Etcd3TestSupport.docc/*.md", "TestSupportDocC", "Etcd3TestSupport"),
    ("Docs/*.md", "Docs", None),
    ("README.md", "README", None),
]

DIRECTIVE = re.compile(r"^<!-- snippet: (.*) -->$")
FENCE_OPEN = re.compile(r"^```swift\s*$")
FENCE_CLOSE = re.compile(r"^```\s*$")
IMPORT = re.compile(r"^import\s+(\w+)\s*$")
# The first word of a line at column 0 that starts a declaration (attributes and modifiers too).
DECLARATION = re.compile(
    r"^(@\w+|struct|enum|class|actor|protocol|extension|func|typealias|"
    r"public|package|internal|private|fileprivate|final|static|nonisolated)\b"
)

# A binding at column 0 of a block that becomes a function: `let name`, `var name`, `let (a, b)`.
BINDING = re.compile(r"^(?:let|var)\s+(?:(\w+)|\(\s*([\w\s,]+?)\s*\))\s*[:=]")


class SnippetError(Exception):
    pass


class Block:
    def __init__(self, document, index, line, code, given, exempt):
        self.document = document  # path relative to ROOT
        self.index = index  # 1-based among the document's ```swift blocks
        self.line = line  # 1-based line of the first code line
        self.code = code  # list of lines
        self.given = given  # extra parameters, or ""
        self.exempt = exempt  # reason, or None


def read_blocks(document):
    with open(os.path.join(ROOT, document), encoding="utf-8") as file:
        lines = file.read().split("\n")
    blocks = []
    i = 0
    while i < len(lines):
        if re.match(r"^\s+```swift", lines[i]):
            raise SnippetError(f"{document}:{i + 1}: an indented ```swift block is not compiled: start its fence at column 0")
        if not FENCE_OPEN.match(lines[i]):
            i += 1
            continue
        given, exempt = [], None
        j = i - 1
        while j >= 0 and DIRECTIVE.match(lines[j]):
            directive = DIRECTIVE.match(lines[j]).group(1).strip()
            if directive.startswith("given "):
                given.insert(0, directive[len("given ") :].strip())
            elif re.fullmatch(r"not compiled \(.+\)", directive):
                exempt = directive[len("not compiled (") : -1]
            else:
                raise SnippetError(f"{document}:{j + 1}: unknown snippet directive: {directive}")
            j -= 1
        k = i + 1
        while k < len(lines) and not FENCE_CLOSE.match(lines[k]):
            k += 1
        if k == len(lines):
            raise SnippetError(f"{document}:{i + 1}: ```swift block without its closing fence")
        blocks.append(Block(document, len(blocks) + 1, i + 2, lines[i + 1 : k], ", ".join(given), exempt))
        i = k + 1
    # A directive must stand right before a fence: one anywhere else (outside code blocks) is a
    # mistake.
    inside = False
    for number, line in enumerate(lines):
        if line.startswith("```"):
            inside = not inside
        elif DIRECTIVE.match(line) and not inside:
            following = number + 1
            while following < len(lines) and DIRECTIVE.match(lines[following]):
                following += 1
            if following == len(lines) or not FENCE_OPEN.match(lines[following]):
                raise SnippetError(f"{document}:{number + 1}: snippet directive not right before a ```swift fence")
    return blocks


def swift_name(prefix, document):
    stem = os.path.splitext(os.path.basename(document))[0]
    if prefix == "README":
        return "README"
    return prefix + "_" + re.sub(r"[^A-Za-z0-9]", "", stem)


def is_declarations(code):
    """True when every line at column 0 that is code starts a declaration (or closes one)."""
    found = False
    for line in code:
        if not line or line[0] in " \t" or line.startswith("//") or IMPORT.match(line):
            continue
        if line.startswith("}"):
            continue
        if not DECLARATION.match(line):
            return False
        found = True
    return found


def bound_names(code):
    """The names a block binds at its top level (`let x =`, `let (a, b) =`), in order."""
    names = []
    for line in code:
        match = BINDING.match(line)
        if match:
            for name in re.split(r"\s*,\s*", match.group(1) or match.group(2)):
                if name != "_" and name not in names:
                    names.append(name)
    return names


def render(document, name, module, blocks, compiled_elsewhere, locate):
    imports = list(SHARED_IMPORTS)
    if module and module not in imports:
        imports.append(module)
    for block in blocks:
        for line in block.code:
            match = IMPORT.match(line)
            if match and match.group(1) not in imports:
                imports.append(match.group(1))
    out = [
        f"// Generated by Scripts/doc-snippets.sh from {document}: do not edit. Change the",
        "// markdown and run `bash Scripts/doc-snippets.sh`; Scripts/test.sh checks that nothing changes.",
        "// swift-format-ignore-file",
    ]
    out += [f"import {module_name}" for module_name in sorted(imports)]
    for block in blocks:
        symbol = f"{name}_{block.index}"
        out.append("")
        if block.exempt is not None:
            out.append(f"// {symbol}: not compiled ({block.exempt}).")
            continue
        if block in compiled_elsewhere:
            original = compiled_elsewhere[block]
            out.append(f"// {symbol}: the same as {original.document} block {original.index}, compiled there.")
            continue
        # Import lines stay as blank lines, so that every line keeps its number.
        code = ["" if IMPORT.match(line) else line for line in block.code]
        read = []
        if is_declarations(code):
            if block.given:
                raise SnippetError(f"{document}:{block.line - 1}: `given` on a block of declarations")
            out.append(f"struct {symbol} {{")
        else:
            parameters = SHARED_PARAMETERS + (", " + block.given if block.given else "")
            out.append(f"func {symbol}({parameters}) async throws {{")
            read = bound_names(code)
        out.append(f"// {document}:{block.line}")
        if locate:
            out.append(f'#sourceLocation(file: "{document}", line: {block.line})')
        out += code
        if locate:
            out.append("#sourceLocation()")
        if read:
            out.append(f"_ = {read[0]}" if len(read) == 1 else f"_ = ({', '.join(read)})")
        out.append("}")
    out.append("")
    return "\n".join(out)


def generate():
    """The files of OUTPUT, by name, and how many blocks were compiled, the same as another, exempt."""
    files = {}
    counts = {"compiled": 0, "same": 0, "exempt": 0}
    seen = {}  # (code, given) -> first block with it
    documents = []
    for pattern, prefix, module in DOCUMENTS:
        for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
            document = os.path.relpath(path, ROOT)
            blocks = read_blocks(document)
            counts["exempt"] += sum(block.exempt is not None for block in blocks)
            if any(block.exempt is None for block in blocks):
                documents.append((document, prefix, module, blocks))
    # `#sourceLocation` sets `#fileID` to module/file name: two documents of one name (Operations.md
    # in Docs and in the catalog) would clash, a warning, so those keep the generated file's lines.
    basenames = [os.path.basename(document) for document, _, _, _ in documents]
    for document, prefix, module, blocks in documents:
        compiled_elsewhere = {}
        for block in blocks:
            key = ("\n".join(block.code), block.given)
            if block.exempt is not None:
                continue
            if key in seen:
                compiled_elsewhere[block] = seen[key]
                counts["same"] += 1
            else:
                seen[key] = block
                counts["compiled"] += 1
        name = swift_name(prefix, document)
        locate = basenames.count(os.path.basename(document)) == 1
        files[name + ".swift"] = render(document, name, module, blocks, compiled_elsewhere, locate)
    return files, counts


def main(arguments):
    check = arguments == ["--check"]
    if arguments and not check:
        print(__doc__.strip().split("Usage: ")[1], file=sys.stderr)
        return 2
    try:
        files, counts = generate()
    except SnippetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    directory = os.path.join(ROOT, OUTPUT)
    existing = sorted(name for name in os.listdir(directory) if name.endswith(".swift")) if os.path.isdir(directory) else []
    if check:
        status = 0
        for name in sorted(files):
            path = os.path.join(directory, name)
            current = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            if current != files[name]:
                status = 1
                sys.stdout.writelines(
                    difflib.unified_diff(
                        current.splitlines(keepends=True),
                        files[name].splitlines(keepends=True),
                        f"{OUTPUT}/{name}",
                        f"{OUTPUT}/{name} (from the markdown)",
                    )
                )
        for name in existing:
            if name not in files:
                print(f"stale generated file: {OUTPUT}/{name}")
                status = 1
        if status:
            print("Documentation snippets are out of date: run `bash Scripts/doc-snippets.sh` and commit the result.", file=sys.stderr)
        else:
            print("Documentation snippets are up to date.")
        return status
    os.makedirs(directory, exist_ok=True)
    for name in existing:
        if name not in files:
            os.remove(os.path.join(directory, name))
    for name, text in files.items():
        with open(os.path.join(directory, name), "w", encoding="utf-8") as file:
            file.write(text)
    print(f"{OUTPUT}: {len(files)} files; {counts['compiled']} blocks compiled, {counts['same']} the same as another, {counts['exempt']} not compiled.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
