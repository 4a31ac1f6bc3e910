// The I/O thread waits with epoll and wakes through an eventfd (IOThreadExecutor), both Linux
// system calls: say so at build time rather than with a wall of missing symbols.
#if !os(Linux)
    #error("Etcd3 runs on Linux only: its transport is built on epoll and eventfd.")
#endif
