// Placeholder until Codegen/generate.sh writes the protoc-c output.
