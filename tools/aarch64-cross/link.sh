#!/bin/sh
# The linker for a linux-arm64 Native AOT bootstrap built on an x86-64 machine with Debian's cross toolchain
# (apt-get install gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu; its libc6-dev-arm64-cross is the sysroot).
# ILCompiler passes clang's --target=aarch64-linux-gnu to whatever links, and gcc rejects the option; the cross gcc
# already targets aarch64, so it is dropped and everything else is passed through. The CDK app uses it for
# -c arch=arm64 (see README.md, Deploying).
for argument; do
  shift
  case "$argument" in
    --target=*) ;;
    *) set -- "$@" "$argument" ;;
  esac
done
exec aarch64-linux-gnu-gcc "$@"
